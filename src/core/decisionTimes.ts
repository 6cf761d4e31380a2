// Who decided each sample's current verdict, and when. The ledger state keeps only the verdict (a
// byte a sample), so export reads the journal once more, replaying just what it needs: per sample,
// the verdict step that stands, with undo and redo restoring the step before (kept per entry, as
// the ledger does). One streaming pass; the result is typed arrays.
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

/**
 * Reads `journalPath` for the samples of a store of `size`; `indicesOf` maps a content hash to the
 * store's indices of that sample (none when it left the store).
 */
export function readDecisionTimes(journalPath: string, size: number, indicesOf: (hash: string) => readonly number[]): DecisionTimes {
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
  const scan = scanJournal(journalPath, 0, 0, (e) => {
    if (e.seq > lastSeq) lastSeq = e.seq;
    if (e.type === 'undo') {
      if (applied > 0 && stepSeq.items[applied - 1] === e.undoes) {
        applied--;
        for (let k = stepFirst.items[applied + 1] - 1; k >= stepFirst.items[applied]; k--) standing[entryIndex.items[k]] = entryPrev.items[k];
      }
      return true;
    }
    if (e.type === 'redo') {
      if (applied < stepSeq.length && stepSeq.items[applied] === e.redoes) apply(applied++);
      return true;
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
    if (e.type === 'verdict') {
      for (const h of 'samples' in e ? e.samples : [e.sample]) {
        for (const i of indicesOf(h)) {
          entryIndex.push(i);
          entryPrev.push(standing[i]);
        }
      }
    }
    stepFirst.push(entryIndex.length);
    apply(applied++);
    return true;
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
