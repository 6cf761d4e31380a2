// Who decided each sample's current verdict, and when. The ledger state keeps only the verdict (a
// byte a sample), so export reads the journal once more: a first pass replays the undo/redo history
// by seq alone to learn which steps stand, a second takes each standing verdict event's time and
// reviewer for the samples it names. Both passes stream the journal; the result is typed arrays.
import { scanJournal } from './journalScan';

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

class SeqList {
  items = new Float64Array(1024);
  length = 0;

  push(seq: number): void {
    if (this.length === this.items.length) {
      const grown = new Float64Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.length++] = seq;
  }

  /** Whether `seq` is among the first `n` items (which are increasing). */
  hasInFirst(seq: number, n: number): boolean {
    let lo = 0;
    let hi = n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.items[mid];
      if (v === seq) return true;
      if (v < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}

/**
 * Reads `journalPath` for the samples of a store of `size`; `indicesOf` maps a content hash to the
 * store's indices of that sample (none when it left the store).
 */
export function readDecisionTimes(journalPath: string, size: number, indicesOf: (hash: string) => readonly number[]): DecisionTimes {
  const steps = new SeqList();
  let applied = 0;
  let lastSeq = 0;
  const first = scanJournal(journalPath, 0, 0, (e) => {
    if (e.seq > lastSeq) lastSeq = e.seq;
    if (e.type === 'undo') {
      if (applied > 0 && steps.items[applied - 1] === e.undoes) applied--;
    } else if (e.type === 'redo') {
      if (applied < steps.length && steps.items[applied] === e.redoes) applied++;
    } else {
      steps.length = applied; // a new step discards the undone ones
      steps.push(e.seq);
      applied++;
    }
    return true;
  });
  const at = new Float64Array(size).fill(NaN);
  const reviewerOf = new Uint16Array(size);
  const reviewers: string[] = [];
  scanJournal(journalPath, 0, 0, (e) => {
    if (e.type !== 'verdict' || e.seq > lastSeq || !steps.hasInFirst(e.seq, applied)) return true;
    const time = Date.parse(e.at);
    let r = reviewers.indexOf(e.reviewer);
    if (r < 0) r = reviewers.push(e.reviewer) - 1;
    const hashes = 'samples' in e ? e.samples : [e.sample];
    for (const h of hashes) {
      for (const i of indicesOf(h)) {
        at[i] = time;
        reviewerOf[i] = r;
      }
    }
    return true;
  });
  return { at, reviewerOf, reviewers, position: { offset: first.validLength, lines: first.lines, lastSeq } };
}
