// Word tokens of sample text for the checks, hashed as they are read (no substrings made): the
// near-duplicate shingles and the contamination n-grams both start here. A word is a run of
// letters and digits; ASCII letters are lowercased, so "Hello," and "hello" are the same word.
// Hashing is exact 32-bit integer arithmetic (Math.imul), so results are the same everywhere.

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** Murmur3's 32-bit finalizer: spreads every input bit over the output. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c < 0x2000);
}

/** Where wordHashes writes: the hashes, the spans when wanted, and whether the text held a digit. */
export interface WordBuffer {
  hashes: Int32Array;
  spans?: Int32Array;
  /** Set by each call: the text held an ASCII digit (the verifier's gate reads it for free). */
  digits?: boolean;
}

/**
 * The text's words as 32-bit hashes, with each word's start and end offset when `spans` is given
 * (pairs: start, end). Reuses `out` when it is large enough; returns the count.
 */
export function wordHashes(text: string, out: WordBuffer): number {
  let n = 0;
  let digits = false;
  let h = FNV_OFFSET;
  let start = -1;
  const len = text.length;
  for (let i = 0; i <= len; i++) {
    let c = i < len ? text.charCodeAt(i) : 32;
    if (isWordChar(c)) {
      if (c >= 65 && c <= 90) c |= 0x20;
      else if (c < 58) digits = true;
      if (start < 0) {
        start = i;
        h = FNV_OFFSET;
      }
      h = Math.imul(h ^ c, FNV_PRIME);
    } else if (start >= 0) {
      if (n === out.hashes.length) grow(out);
      out.hashes[n] = mix32(h);
      if (out.spans) {
        out.spans[2 * n] = start;
        out.spans[2 * n + 1] = i;
      }
      n++;
      start = -1;
    }
  }
  out.digits = digits;
  return n;
}

function grow(out: WordBuffer): void {
  const hashes = new Int32Array(out.hashes.length * 2 || 256);
  hashes.set(out.hashes);
  out.hashes = hashes;
  if (out.spans) {
    const spans = new Int32Array(hashes.length * 2);
    spans.set(out.spans);
    out.spans = spans;
  }
}

/** Hash of the n words starting at `at` (order matters). */
export function ngramHash(words: Int32Array, at: number, n: number): number {
  let h = 0x9747b28c | 0;
  for (let k = 0; k < n; k++) h = Math.imul(h ^ words[at + k], 0x5bd1e995) ^ (h >>> 15);
  return mix32(h ^ n);
}

/** A second, independent n-gram hash (used with ngramHash to make 53-bit keys). */
export function ngramHash2(words: Int32Array, at: number, n: number): number {
  let h = 0x1b873593 | 0;
  for (let k = 0; k < n; k++) h = Math.imul(h + words[at + k], 0xcc9e2d51) ^ (h >>> 13);
  return mix32(h + n);
}
