// Every sample's verdict as one byte (its position in VERDICTS, 0 = pending) and the counts per
// verdict, kept in step with the ledger: the list, the filters and the header read these, never
// the ledger, so a verdict lookup costs no hashing.
import { VERDICTS, type Verdict, type VerdictCounts } from '../formats/sampleModel';
import type { SampleHashTable } from './sampleHashTable';

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
  join(decided: Iterable<readonly [string, Verdict]>, identities: SampleHashTable): number {
    this.#codes = new Uint8Array(this.size);
    for (const v of VERDICTS) this.#counts[v] = 0;
    this.#counts.pending = this.size;
    let disappeared = 0;
    for (const [hash, verdict] of decided) {
      const indices = identities.indicesOf(hash);
      if (!indices.length) disappeared++;
      for (const i of indices) this.set(i, verdict);
    }
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
