// Every sample's verdict as one byte (its position in VERDICTS, 0 = pending) and the counts per
// verdict, kept in step with the ledger: the list, the filters and the header read these, never
// the ledger, so a verdict lookup costs no hashing.
import { VERDICTS, type Verdict, type VerdictCounts } from '../formats/sampleModel';
import type { SampleHashTable } from './sampleHashTable';
import type { DecidedViews } from '../journal/ledgerState';

export class VerdictCodes {
  #codes: Uint8Array;
  readonly #counts: Record<Verdict, number> = { pending: 0, accepted: 0, rejected: 0, skipped: 0 };

  constructor(readonly size: number) {
    this.#codes = new Uint8Array(size);
    this.#counts.pending = size;
  }

  /**
   * Starts again from all pending and applies the ledger's verdicts by identity; only decided
   * samples are visited (sparse). Returns how many decided samples are in no source file.
   */
  join(ledger: { decidedViews(): DecidedViews }, identities: SampleHashTable): number {
    const { count, hi, lo, odd, codes, verdictOfCode } = ledger.decidedViews();
    const mine = Uint8Array.from(verdictOfCode, (v) => VERDICTS.indexOf(v));
    const out = new Uint8Array(this.size);
    const tally = new Float64Array(VERDICTS.length);
    let disappeared = 0;
    // A plain loop over the ledger's arrays by the hash's words: making 16 hex characters per
    // decided sample and parsing them back was most of a reopen (14 of 23 ms at 100k samples with
    // 10k decisions), and a callback per sample was slow before the JIT warmed up (17 ms).
    for (let s = 0; s < count; s++) {
      const code = codes[s];
      if (!code) continue;
      const text = odd.size ? odd.get(s) : undefined;
      let i = text === undefined ? identities.firstIndexOfWords(hi[s], lo[s]) : (identities.indicesOf(text)[0] ?? -1);
      if (i === -1) disappeared++;
      for (; i !== -1; i = identities.nextIndex(i)) {
        out[i] = mine[code];
        tally[mine[code]]++;
      }
    }
    this.#codes = out;
    for (let c = 1; c < VERDICTS.length; c++) this.#counts[VERDICTS[c]] = tally[c];
    this.#counts.pending = this.size - tally.reduce((a, b) => a + b, 0);
    return disappeared;
  }

  /** The codes as they are now (join replaces them, so a caller can compare before and after). */
  get codes(): Uint8Array {
    return this.#codes;
  }

  at(index: number): Verdict {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new RangeError(`no sample at index ${index}`);
    return VERDICTS[this.#codes[index]];
  }

  set(index: number, verdict: Verdict): void {
    this.#counts[VERDICTS[this.#codes[index]]]--;
    this.#codes[index] = VERDICTS.indexOf(verdict);
    this.#counts[verdict]++;
  }

  counts(): VerdictCounts {
    return { ...this.#counts, total: this.size };
  }
}
