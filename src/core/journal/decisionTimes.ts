// Who decided each sample's current verdict, and when. The ledger state keeps only the verdict (a
// byte a sample), so export reads the journal once more, replaying just what it needs: per sample,
// the verdict step that stands, with undo and redo restoring the step before (kept per entry, as
// the ledger does). One streaming pass that pauses every few thousand samples (a bulk step names a
// million on one line); the result is typed arrays.
import { asJournalEvent, isSliceDecisionRecord, type JournalEvent } from './journalEvents';
import { scanJournalLinesAsync } from './journalScan';

export interface JournalPosition {
  /** Bytes of the journal covered (complete lines). */
  readonly offset: number;
  readonly lines: number;
  /** Highest event seq covered (0: none). */
  readonly lastSeq: number;
}

export interface DecisionTimes {
  /** Per sample index: ms since the epoch of the verdict event that stands, NaN when none. */
  readonly at: Float64Array;
  /** Per sample index: its reviewer's position in `reviewers` (meaningful where `at` is a number). */
  readonly reviewerOf: Uint16Array;
  readonly reviewers: readonly string[];
  readonly position: JournalPosition;
}

/** A growable typed array. */
class Column<T extends Float64Array | Int32Array | Uint16Array> {
  length = 0;
  constructor(public items: T) {}

  push(v: number): void {
    if (this.length === this.items.length) {
      const grown = new (this.items.constructor as new (n: number) => T)(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.length++] = v;
  }
}

export interface DecisionTimesOptions {
  /**
   * Awaited after every PAUSE_EVERY samples named or lines read, with the journal's bytes read so
   * far and its size: where the caller reports progress, yields to the event loop and stops on
   * cancel (by throwing).
   */
  readonly pause?: (done: number, total: number) => Promise<void>;
}

/** Samples or lines between pauses: a few milliseconds of work. */
const PAUSE_EVERY = 4096;

/**
 * Reads `journalPath` for the samples of a store of `size`; `indicesOf` maps a sample id as the
 * journal names it (the store's identity, see sampleIdentity.ts) to the store's index of that
 * sample (none when it left the store).
 */
export async function readDecisionTimes(
  journalPath: string,
  size: number,
  indicesOf: (hash: string) => readonly number[],
  options: DecisionTimesOptions = {},
): Promise<DecisionTimes> {
  // Per sample: the step (+1; 0 none) whose verdict stands. Per step: seq, time, reviewer and its
  // entries' range; per entry: the sample index and the step it replaced there.
  const standing = new Int32Array(size);
  const stepSeq = new Column(new Float64Array(256));
  const stepAt = new Column(new Float64Array(256));
  const stepReviewer = new Column(new Uint16Array(256));
  const stepFirst = new Column(new Int32Array(257));
  stepFirst.push(0);
  const entryIndex = new Column(new Int32Array(1024));
  const entryPrev = new Column(new Int32Array(1024));
  const reviewers: string[] = [];
  let applied = 0;
  let lastSeq = 0;
  const apply = (step: number) => {
    for (let e = stepFirst.items[step]; e < stepFirst.items[step + 1]; e++) standing[entryIndex.items[e]] = step + 1;
  };
  let work = 0;
  let read = { offset: 0, size: 0 };
  /** Counts one unit of work; every PAUSE_EVERY-th, the caller's pause. */
  const worked = (): true | Promise<true> => {
    const { pause } = options;
    if (pause === undefined || ++work % PAUSE_EVERY !== 0) return true;
    return pause(read.offset, read.size).then(() => true);
  };
  const entry = (h: string) => {
    for (const i of indicesOf(h)) {
      entryIndex.push(i);
      entryPrev.push(standing[i]);
    }
  };
  /** Applies an undo or redo, or starts a step (its entries follow, then endStep). */
  const onEvent = (e: Pick<JournalEvent, 'seq' | 'at' | 'reviewer'> & EventShape): void => {
    if (e.seq > lastSeq) lastSeq = e.seq;
    if (e.type === 'undo') {
      if (applied > 0 && stepSeq.items[applied - 1] === e.undoes) {
        applied--;
        for (let k = stepFirst.items[applied + 1] - 1; k >= stepFirst.items[applied]; k--) standing[entryIndex.items[k]] = entryPrev.items[k];
      }
      return;
    }
    if (e.type === 'redo') {
      if (applied < stepSeq.length && stepSeq.items[applied] === e.redoes) apply(applied++);
      return;
    }
    // A new step discards the undone ones.
    stepSeq.length = stepAt.length = stepReviewer.length = applied;
    stepFirst.length = applied + 1;
    entryIndex.length = entryPrev.length = stepFirst.items[applied];
    let r = reviewers.indexOf(e.reviewer);
    if (r < 0) r = reviewers.push(e.reviewer) - 1;
    stepSeq.push(e.seq);
    stepAt.push(Date.parse(e.at));
    stepReviewer.push(r);
  };
  const endStep = () => {
    stepFirst.push(entryIndex.length);
    apply(applied++);
  };
  /** A verdict step's entries, pausing as it goes: only a step naming thousands of samples gets here. */
  const entriesPausing = async (hashes: Iterable<string>): Promise<boolean> => {
    for (const h of hashes) {
      entry(h);
      const paused = worked();
      if (paused !== true) await paused;
    }
    endStep();
    return true;
  };
  const scan = await scanJournalLinesAsync(journalPath, 0, 0, (buf, start, end, progress) => {
    read = progress;
    // A bulk verdict line in the ledger's own layout is walked in place: parsing a million-sample
    // line would make a million strings at once (tens of MB) for nothing.
    const bulk = end - start > BULK_LINE_BYTES ? bulkVerdict(buf, start, end) : undefined;
    if (bulk) {
      onEvent(bulk);
      return entriesPausing(bulk.hashes());
    }
    let e: JournalEvent | undefined;
    try {
      e = asJournalEvent(JSON.parse(buf.toString('utf8', start, end)));
    } catch {
      return false;
    }
    if (!e) return false;
    onEvent(e);
    if (e.type === 'undo' || e.type === 'redo') return worked();
    const named = e.type === 'verdict' ? ('samples' in e ? e.samples : [e.sample]) : [];
    if (named.length > PAUSE_EVERY) return entriesPausing(named);
    named.forEach(entry);
    endStep();
    return worked();
  });
  const at = new Float64Array(size).fill(NaN);
  const reviewerOf = new Uint16Array(size);
  for (let i = 0; i < size; i++) {
    const step = standing[i] - 1;
    if (step < 0) continue;
    at[i] = stepAt.items[step];
    reviewerOf[i] = stepReviewer.items[step];
  }
  return { at, reviewerOf, reviewers, position: { offset: scan.validLength, lines: scan.lines, lastSeq } };
}

type EventShape =
  | { readonly type: 'undo'; readonly undoes: number }
  | { readonly type: 'redo'; readonly redoes: number }
  | { readonly type: Exclude<JournalEvent['type'], 'undo' | 'redo'> };

/** Lines longer than this are tried as bulk verdicts first. */
const BULK_LINE_BYTES = 64 << 10;

// The head of a verdict line as DecisionLedger writes it (JSON.stringify of {v, seq, at, reviewer,
// type, samples, verdict[, sliceDecision]}); a slice decision's record after the verdict is parsed
// and checked on its own (it is small beside the samples it decides).
const BULK_HEAD = /^\{"v":2,"seq":(\d+),"at":"([^"\\]*)","reviewer":("(?:[^"\\]|\\.)*"),"type":"verdict","samples":\[/;
const BULK_TAIL = /^\],"verdict":"(?:pending|accepted|rejected|skipped)"(?:\}$|,"sliceDecision":)/;
const SLICE_DECISION_KEY = ',"sliceDecision":';
const QUOTE = 0x22;
const COMMA = 0x2c;
const CLOSE = 0x5d;

function isHexByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66);
}

/** `,"sliceDecision":{…}}` from p to end holds a well-formed record (and nothing after it). */
function sliceDecisionTail(buf: Buffer, p: number, end: number): boolean {
  try {
    return isSliceDecisionRecord(JSON.parse(`{${buf.toString('utf8', p + 1, end)}`).sliceDecision);
  } catch {
    return false;
  }
}

/**
 * A verdict line in exactly the ledger's layout, with its sample hashes read from the bytes;
 * undefined for anything else (the caller then parses the line). The whole line is checked before
 * anything is visited, so a line that is not one is never half applied.
 */
export function bulkVerdict(buf: Buffer, start: number, end: number):
  | ({ readonly type: 'verdict'; readonly seq: number; readonly at: string; readonly reviewer: string; readonly hashes: () => Generator<string> })
  | undefined {
  const head = BULK_HEAD.exec(buf.toString('utf8', start, Math.min(end, start + 4096)));
  if (!head) return undefined;
  let reviewer: string;
  try {
    reviewer = JSON.parse(head[3]) as string;
  } catch {
    return undefined;
  }
  const first = start + Buffer.byteLength(head[0]);
  // Check: "hex","hex",…,"hex" then the tail.
  let p = first;
  let count = 0;
  for (;;) {
    if (buf[p] !== QUOTE) return undefined;
    let q = p + 1;
    while (q < end && isHexByte(buf[q])) q++;
    if (q === p + 1 || q >= end || buf[q] !== QUOTE) return undefined;
    count++;
    p = q + 1;
    if (buf[p] === COMMA) p++;
    else if (buf[p] === CLOSE) break;
    else return undefined;
  }
  const tail = BULK_TAIL.exec(buf.toString('latin1', p, Math.min(end, p + 64)));
  if (!tail || (!tail[0].endsWith('}') && !sliceDecisionTail(buf, p + tail[0].length - SLICE_DECISION_KEY.length, end))) return undefined;
  const seq = Number(head[1]);
  if (!Number.isSafeInteger(seq) || count === 0) return undefined;
  return {
    type: 'verdict', seq, at: head[2], reviewer,
    *hashes() {
      let at = first;
      while (buf[at] === QUOTE) {
        const close = buf.indexOf(QUOTE, at + 1);
        yield buf.toString('latin1', at + 1, close);
        at = close + 2; // past the quote and the comma (or the closing bracket)
      }
    },
  };
}
