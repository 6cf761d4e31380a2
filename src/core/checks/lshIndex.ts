// Locality-sensitive hashing over MinHash signatures: the 128 values split into 16 bands of 8
// rows; two samples whose signatures agree on a whole band become candidates (a pair at Jaccard s
// does so with probability 1 - (1 - s^8)^16: 0.9996 at 0.8, 0.13 at 0.5). Only the 16 band keys
// of each sample are kept (64 bytes a sample), never the signatures. Candidates are then confirmed
// by exact Jaccard on the shingle sets (the caller reads them again), and confirmed pairs are
// joined into clusters with a union-find.
import { mix32 } from './textTokens';

export const LSH_BANDS = 16;
export const LSH_ROWS = 8;

/** The band keys of a signature (`bands` × `rows` values) into `out` at `at`. */
export function bandKeys(signature: Int32Array, out: Uint32Array, at: number, bands = LSH_BANDS, rows = LSH_ROWS): void {
  for (let band = 0; band < bands; band++) {
    let h = mix32(band + 0x27d4eb2f);
    for (let r = 0; r < rows; r++) h = mix32(Math.imul(h ^ signature[band * rows + r], 0x9e3779b1));
    out[at + band] = h >>> 0;
  }
}

/** Samples sharing a band key beyond this are compared with the first ones only (a degenerate bucket, e.g. empty texts). */
const MAX_BUCKET_PAIRS_FROM = 64;

/**
 * The distinct candidate pairs [i, j] (i < j) among `count` samples whose band keys are
 * `keys[i * bands .. (i + 1) * bands)`. One band at a time, indices are sorted by key (packed
 * key and index in a Float64Array, sorted natively) so equal keys lie side by side.
 */
export function candidatePairs(keys: Uint32Array, count: number, bands = LSH_BANDS): Array<[number, number]> {
  const indexBits = Math.max(1, Math.ceil(Math.log2(count + 1)));
  if (indexBits > 40) throw new RangeError(`too many samples for LSH: ${count}`);
  const keyBits = Math.min(32, 53 - indexBits);
  const keyDrop = 2 ** (32 - keyBits);
  const indexSpan = 2 ** indexBits;
  const packed = new Float64Array(count);
  const seen = new Set<number>();
  const pairs: Array<[number, number]> = [];
  for (let band = 0; band < bands; band++) {
    for (let i = 0; i < count; i++) packed[i] = Math.floor(keys[i * bands + band] / keyDrop) * indexSpan + i;
    packed.sort();
    let runStart = 0;
    for (let k = 1; k <= count; k++) {
      const same = k < count && Math.floor(packed[k] / indexSpan) === Math.floor(packed[runStart] / indexSpan);
      if (same) continue;
      const run = k - runStart;
      if (run > 1) {
        const from = Math.min(run, MAX_BUCKET_PAIRS_FROM);
        for (let x = 0; x < from; x++) {
          for (let y = x + 1; y < run; y++) {
            const i = packed[runStart + x] % indexSpan;
            const j = packed[runStart + y] % indexSpan;
            const [lo, hi] = i < j ? [i, j] : [j, i];
            const id = lo * indexSpan + hi;
            if (!seen.has(id)) {
              seen.add(id);
              pairs.push([lo, hi]);
            }
          }
        }
      }
      runStart = k;
    }
  }
  return pairs;
}

/** Union-find over sample indices, with path halving and union by size. */
export class UnionFind {
  readonly #parent: Int32Array;
  readonly #size: Int32Array;

  constructor(count: number) {
    this.#parent = new Int32Array(count);
    this.#size = new Int32Array(count).fill(1);
    for (let i = 0; i < count; i++) this.#parent[i] = i;
  }

  find(i: number): number {
    const p = this.#parent;
    while (p[i] !== i) {
      p[i] = p[p[i]];
      i = p[i];
    }
    return i;
  }

  union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if (this.#size[ra] < this.#size[rb]) [ra, rb] = [rb, ra];
    this.#parent[rb] = ra;
    this.#size[ra] += this.#size[rb];
  }
}

/**
 * Cluster ids from confirmed pairs: each sample in a cluster gets the smallest index of its
 * cluster; a sample in no pair gets -1.
 */
export function clusterIds(count: number, pairs: Iterable<readonly [number, number]>): Int32Array {
  const uf = new UnionFind(count);
  const touched: number[] = [];
  for (const [a, b] of pairs) {
    uf.union(a, b);
    touched.push(a, b);
  }
  const smallest = new Map<number, number>();
  for (const i of touched) {
    const r = uf.find(i);
    const s = smallest.get(r);
    if (s === undefined || i < s) smallest.set(r, i);
  }
  const ids = new Int32Array(count).fill(-1);
  for (const i of touched) ids[i] = smallest.get(uf.find(i)) as number;
  return ids;
}
