// A deterministic train/validation split, stratified by source file. Each sample's place comes from
// a seeded hash of its content hash (not its identity, which differs between identical records), so
// the same seed gives the same split whatever order the samples are visited in, and copies of one
// sample share a hash, so they land on the same side (no train/validation leakage) unless they sit
// exactly at a source's cut.
// Per source, exactly round(ratio * n) samples go to validation: the ones with the smallest hashes.

export interface SplitOptions {
  /** Share of each source that goes to validation, 0 < ratio < 1. */
  readonly ratio: number;
  /** Any integer; the same seed gives the same split. */
  readonly seed: number;
}

export type SplitName = 'train' | 'validation';

/** 32-bit integer mix (murmur3's finalizer). */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The seeded hash of a content hash (16 hex digits: already uniform, so mixing it with the seed is enough). */
export function splitHash(contentHash: string, seed: number): number {
  const hi = parseInt(contentHash.slice(0, 8), 16) >>> 0;
  const lo = parseInt(contentHash.slice(8, 16), 16) >>> 0;
  return mix32(mix32(hi ^ mix32(seed | 0)) ^ lo);
}

export function checkSplitOptions(options: SplitOptions): void {
  if (!(options.ratio > 0 && options.ratio < 1)) throw new RangeError(`the validation ratio must be between 0 and 1 (got ${options.ratio})`);
  if (!Number.isInteger(options.seed)) throw new RangeError(`the seed must be an integer (got ${options.seed})`);
}

/** Samples between pauses while planning. */
const PAUSE_EVERY = 8192;

/**
 * Plans the split of samples given as parallel arrays (content hashes, source numbers); assign(k) then says
 * where the k-th goes. Memory: 8 bytes a sample; time: one sort per source.
 */
export class StratifiedSplit {
  readonly #sources: Uint32Array;
  readonly #hashes: Uint32Array;
  /** Per source: hashes below it go to validation; equal to it, the first `atCut` of them. */
  readonly #cut: Map<number, { readonly value: number; atCut: number }>;

  private constructor(sources: Uint32Array, hashes: Uint32Array, cut: Map<number, { readonly value: number; atCut: number }>) {
    this.#sources = sources;
    this.#hashes = hashes;
    this.#cut = cut;
  }

  /**
   * `pause` (awaited every few thousand samples, with how many were planned) is where a caller
   * reports progress, yields to the event loop and stops on cancel: a million samples take ~0.5 s.
   */
  static async plan(
    contentHashes: (k: number) => string,
    sources: Uint32Array,
    options: SplitOptions,
    pause: (done: number, total: number) => Promise<void> = () => Promise.resolve(),
  ): Promise<StratifiedSplit> {
    checkSplitOptions(options);
    const n = sources.length;
    const hashes = new Uint32Array(n);
    const counts = new Map<number, number>();
    for (let k = 0; k < n; k++) {
      hashes[k] = splitHash(contentHashes(k), options.seed);
      counts.set(sources[k], (counts.get(sources[k]) ?? 0) + 1);
      if (k % PAUSE_EVERY === PAUSE_EVERY - 1) await pause(k + 1, n);
    }
    // The hashes grouped by source (a counting sort), each group then sorted in place.
    const first = new Map<number, number>();
    let at = 0;
    for (const [source, count] of counts) {
      first.set(source, at);
      at += count;
    }
    const fill = new Map(first);
    const grouped = new Uint32Array(n);
    for (let k = 0; k < n; k++) {
      const m = fill.get(sources[k]) as number;
      grouped[m] = hashes[k];
      fill.set(sources[k], m + 1);
    }
    await pause(n, n);
    const cut = new Map<number, { readonly value: number; atCut: number }>();
    for (const [source, count] of counts) {
      const want = Math.round(options.ratio * count);
      if (want === 0) continue;
      const start = first.get(source) as number;
      const sorted = grouped.subarray(start, start + count).sort();
      const value = sorted[want - 1];
      let below = 0;
      while (below < want && sorted[below] < value) below++;
      cut.set(source, { value, atCut: want - below });
      await pause(n, n);
    }
    return new StratifiedSplit(sources, hashes, cut);
  }

  /** Where the k-th sample goes. Call in increasing k, once each (ties at the cut go to the earliest). */
  assign(k: number): SplitName {
    const cut = this.#cut.get(this.#sources[k]);
    if (!cut) return 'train';
    const h = this.#hashes[k];
    if (h < cut.value) return 'validation';
    if (h === cut.value && cut.atCut > 0) {
      cut.atCut--;
      return 'validation';
    }
    return 'train';
  }
}
