// MinHash over word 5-gram shingles, in typed arrays: 128 min-wise hashes of each shingle hash,
// each a bijection of the 32-bit space (xor with b, multiply by an odd a, compared as signed
// integers), computed exactly with Math.imul. The share of equal positions in two signatures
// estimates the Jaccard similarity of the two shingle sets; `shingleSet` gives the exact sets.
import { mix32, ngramHash, ngramHash2 } from './textTokens';

export const SHINGLE_WORDS = 5;
export const MINHASH_SIZE = 128;

export class MinHasher {
  readonly #a: Int32Array;
  readonly #b: Int32Array;
  /** The current text's shingle hashes (reused). */
  #shingles = new Int32Array(1024);

  constructor(readonly size = MINHASH_SIZE, seed = 0x5eed) {
    this.#a = new Int32Array(size);
    this.#b = new Int32Array(size);
    let s = seed | 0;
    for (let j = 0; j < size; j++) {
      s = mix32(s + 0x6d2b79f5);
      this.#a[j] = s | 1;
      s = mix32(s + 0x6d2b79f5);
      this.#b[j] = s;
    }
  }

  /**
   * The signature of the text whose word hashes are `words[0..count)` into `out` (length `size`).
   * A text of fewer than 5 words is one shingle; a text without words gets the all-max signature.
   */
  signature(words: Int32Array, count: number, out: Int32Array): Int32Array {
    const shingles = count >= SHINGLE_WORDS ? count - SHINGLE_WORDS + 1 : count > 0 ? 1 : 0;
    if (this.#shingles.length < shingles) this.#shingles = new Int32Array(shingles * 2);
    const xs = this.#shingles;
    for (let i = 0; i < shingles; i++) xs[i] = ngramHash(words, i, Math.min(SHINGLE_WORDS, count));
    // One hash function at a time over all shingles: a, b and the running minimum stay in registers.
    for (let j = 0; j < this.size; j++) {
      const a = this.#a[j];
      const b = this.#b[j];
      let min = 0x7fffffff;
      for (let i = 0; i < shingles; i++) {
        const v = Math.imul(xs[i] ^ b, a);
        if (v < min) min = v;
      }
      out[j] = min;
    }
    return out;
  }
}

/** Estimated Jaccard similarity: the share of positions where the two signatures agree. */
export function estimatedJaccard(a: Int32Array, b: Int32Array): number {
  let same = 0;
  for (let j = 0; j < a.length; j++) if (a[j] === b[j]) same++;
  return same / a.length;
}

const LOW_BITS = 2 ** 21;

/**
 * The text's distinct 5-gram shingles as sorted 53-bit keys (two independent 32-bit hashes of
 * the five words, so distinct shingles collide with probability about 2^-53).
 */
export function shingleSet(words: Int32Array, count: number): Float64Array {
  const n = Math.min(SHINGLE_WORDS, count);
  const shingles = count >= SHINGLE_WORDS ? count - SHINGLE_WORDS + 1 : count > 0 ? 1 : 0;
  const keys = new Float64Array(shingles);
  for (let i = 0; i < shingles; i++) keys[i] = (ngramHash(words, i, n) >>> 0) * LOW_BITS + (ngramHash2(words, i, n) & (LOW_BITS - 1));
  keys.sort();
  let u = 0;
  for (let i = 0; i < keys.length; i++) if (i === 0 || keys[i] !== keys[u - 1]) keys[u++] = keys[i];
  return keys.subarray(0, u);
}

/** Exact Jaccard similarity of two sorted, distinct key sets (1 for two empty sets). */
export function jaccard(a: Float64Array, b: Float64Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let both = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      both++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return both / (a.length + b.length - both);
}
