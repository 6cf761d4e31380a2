// The random sample an audit decides: drawn without replacement from a slice (a list of store
// indices), stratified across strata (e.g. source files) when the slice spans several, and a pure
// function of (seed, slice, strata, size), so a draw recorded as its seed and size replays exactly.
//
// The draw is the first `size` terms of one seeded sequence, which is what makes extending it (the
// reviewer asks for more samples) keep the earlier draw as its prefix:
// - which stratum the t-th sample comes from is Webster's (Sainte-Laguë's) apportionment grown one
//   seat at a time: the next sample goes to the stratum with the largest N_h / (a_h + ½) (N_h its
//   size, a_h its samples so far; ties to the lower stratum). A divisor method never takes a sample
//   back as the total grows, where largest-remainder allocation can (the Alabama paradox), so the
//   counts at every size are proportional, rounded to nearest with a common divisor. There is no
//   floor of one sample per stratum: it would over-sample small strata, and a small audit of a
//   slice over a thousand files could not hold one each; a stratum gets its first sample once its
//   share of the draw reaches about a half, and the estimate says how much of the slice its
//   sampled strata cover (auditEstimate.ts);
// - which sample within the stratum is the next step of a Fisher–Yates shuffle of the stratum,
//   kept sparse (only the swapped positions, in a Map), so a draw of m costs O(m) after the
//   grouping by stratum, not a shuffle or a copy of the whole slice.
import { seededRandom } from './seededRandom';

/** A slice grouped by stratum, ready to draw from many times (a benchmark's repetitions). */
export interface StratifiedSlice {
  /** The slice's store indices, stratum by stratum (the slice itself when it has one stratum). */
  readonly grouped: Uint32Array;
  /** Stratum h holds grouped[offsets[h]] … grouped[offsets[h + 1] − 1]. */
  readonly offsets: Uint32Array;
}

export interface AuditDraw {
  readonly seed: number;
  /** The drawn store indices, in draw order. */
  readonly indices: Uint32Array;
  /** The stratum of each drawn sample. */
  readonly strata: Uint32Array;
  /** N_h: the size of each stratum in the slice (what a stratified estimate weighs by). */
  readonly strataSizes: readonly number[];
}

/**
 * Groups `slice` by `strata` (strata[i] is the stratum of slice[i], numbered from 0; omitted: one
 * stratum). Within a stratum the slice's order is kept, so the grouping is a function of the inputs.
 */
export function stratifySlice(slice: Uint32Array, strata?: Uint32Array): StratifiedSlice {
  if (!strata) return { grouped: slice, offsets: Uint32Array.of(0, slice.length) };
  if (strata.length !== slice.length) throw new RangeError(`strata has ${strata.length} entries for a slice of ${slice.length}`);
  let count = 0;
  for (let i = 0; i < strata.length; i++) if (strata[i] >= count) count = strata[i] + 1;
  const offsets = new Uint32Array(count + 1);
  for (let i = 0; i < strata.length; i++) offsets[strata[i] + 1]++;
  for (let h = 0; h < count; h++) offsets[h + 1] += offsets[h];
  const next = offsets.slice(0, count);
  const grouped = new Uint32Array(slice.length);
  for (let i = 0; i < slice.length; i++) grouped[next[strata[i]]++] = slice[i];
  return { grouped, offsets };
}

/** The first `size` samples of the seeded sequence over `slice` (all of it when size ≥ its length). */
export function drawAudit(slice: StratifiedSlice, seed: number, size: number): AuditDraw {
  const { grouped, offsets } = slice;
  const strataCount = offsets.length - 1;
  const sizes = Array.from({ length: strataCount }, (_, h) => offsets[h + 1] - offsets[h]);
  const m = Math.max(0, Math.min(Math.floor(size), grouped.length));
  const indices = new Uint32Array(m);
  const strataOut = new Uint32Array(m);
  const taken = new Uint32Array(strataCount);
  const heap = new StratumHeap(sizes, taken);
  const random = seededRandom(seed);
  const swapped = new Map<number, number>();
  const at = (pos: number): number => swapped.get(pos) ?? grouped[pos];
  for (let t = 0; t < m; t++) {
    const h = heap.top();
    const start = offsets[h] + taken[h];
    const pick = start + random.below(sizes[h] - taken[h]);
    indices[t] = at(pick);
    strataOut[t] = h;
    // Fisher–Yates: the picked position now holds what was at `start`, which is never read again.
    if (pick !== start) swapped.set(pick, at(start));
    taken[h]++;
    heap.afterTake();
  }
  return { seed, indices, strata: strataOut, strataSizes: sizes };
}

/**
 * The draw grown to `size` (the reviewer asks for more): the same sequence read further, so the
 * earlier draw is its prefix. Throws when it is not — the slice or its strata changed since.
 */
export function extendDraw(slice: StratifiedSlice, earlier: AuditDraw, size: number): AuditDraw {
  const grown = drawAudit(slice, earlier.seed, Math.max(size, earlier.indices.length));
  for (let i = 0; i < earlier.indices.length; i++) {
    if (grown.indices[i] !== earlier.indices[i] || grown.strata[i] !== earlier.strata[i]) {
      throw new Error(`the slice changed since the draw (sample ${i + 1} of it is no longer drawn): start a new audit`);
    }
  }
  return grown;
}

/**
 * Strata with samples left, the one owed the next sample on top: largest N_h / (a_h + ½), compared
 * as N_1 · (2a_2 + 1) vs N_2 · (2a_1 + 1) (exact in doubles for any slice this side of 2^26).
 */
class StratumHeap {
  readonly #items: number[] = [];

  constructor(readonly sizes: readonly number[], readonly taken: Uint32Array) {
    for (let h = 0; h < sizes.length; h++) if (sizes[h] > 0) this.#items.push(h);
    for (let i = (this.#items.length >> 1) - 1; i >= 0; i--) this.#down(i);
  }

  top(): number {
    return this.#items[0];
  }

  /** The top stratum just gave a sample: its priority fell (or it is empty). */
  afterTake(): void {
    const h = this.#items[0];
    if (this.taken[h] === this.sizes[h]) {
      const last = this.#items.pop()!;
      if (this.#items.length === 0) return;
      this.#items[0] = last;
    }
    this.#down(0);
  }

  #before(x: number, y: number): boolean {
    const px = this.sizes[x] * (2 * this.taken[y] + 1);
    const py = this.sizes[y] * (2 * this.taken[x] + 1);
    return px > py || (px === py && x < y);
  }

  #down(i: number): void {
    const items = this.#items;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < items.length && this.#before(items[l], items[best])) best = l;
      if (r < items.length && this.#before(items[r], items[best])) best = r;
      if (best === i) return;
      [items[i], items[best]] = [items[best], items[i]];
      i = best;
    }
  }
}
