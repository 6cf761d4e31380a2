// Benchmark contamination: does a sample contain a benchmark test item? Two methods, as the
// field uses them:
//   13-gram  any 13-word n-gram shared with a benchmark item (lm-eval-harness's decontamination);
//   50-char  any of three 50-character substrings of the item, both texts normalized to lowercase
//            letters and digits only (the GPT-4 technical report's check).
// The index holds 53-bit n-gram keys and the normalized substrings; a match says which item,
// how, and where the overlapping text is in the sample and in the item (for marking it).
import { mix32, ngramHash, ngramHash2, wordHashes } from './textTokens';

export const CONTAMINATION_NGRAM = 13;
export const SUBSTRING_CHARS = 50;
const SUBSTRINGS_PER_ITEM = 3;
const LOW_BITS = 2 ** 21;
const POS_SPAN = 2 ** 16;

export interface BenchmarkItem {
  /** The benchmark's name, e.g. "GSM8K test". */
  readonly benchmark: string;
  /** Position of the item in its benchmark file (0-based). */
  readonly position: number;
  /** The item's text as shown (e.g. the question). */
  readonly text: string;
  /** The item's reference answer, when the benchmark has one. */
  readonly answer?: string;
}

export type ContaminationMethod = '13-gram' | '50-char';

/** [start, end) character offsets. */
export type TextSpan = readonly [number, number];

export interface ContaminationMatch {
  /** Index of the item in the index's item list. */
  readonly item: number;
  readonly method: ContaminationMethod;
  /** Matched 13-grams, or matched substrings (of three). */
  readonly overlaps: number;
  /** Overlapping text in the sample text, merged, in order. */
  readonly sampleSpans: readonly TextSpan[];
  /** Overlapping text in the item text, merged, in order. */
  readonly itemSpans: readonly TextSpan[];
}

/** Lowercase letters and digits only, as char codes, with each kept character's offset in the original. */
export interface NormalizedChars {
  codes: Uint16Array;
  offsets: Int32Array;
  length: number;
}

function isKept(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 0xc0 && c < 0x2000 && c !== 0xd7 && c !== 0xf7);
}

/** Normalizes `text` into `into` (grown when too small) and returns it. */
export function normalizeChars(text: string, into: NormalizedChars = { codes: new Uint16Array(0), offsets: new Int32Array(0), length: 0 }): NormalizedChars {
  if (into.codes.length < text.length) {
    into.codes = new Uint16Array(text.length * 2);
    into.offsets = new Int32Array(text.length * 2);
  }
  const lower = text.toLowerCase();
  let n = 0;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if (isKept(c)) {
      into.codes[n] = c;
      into.offsets[n++] = i;
    }
  }
  into.length = n;
  return into;
}

/** The normalized text as a string (items and exact comparisons; samples stay in char codes). */
export function normalizeForSubstrings(text: string): string {
  return charsToString(normalizeChars(text));
}

function charsToString(n: NormalizedChars): string {
  let out = '';
  for (let i = 0; i < n.length; i += 8192) out += String.fromCharCode(...n.codes.subarray(i, Math.min(n.length, i + 8192)));
  return out;
}

const BASE = 0x01000193;

function powBase(n: number): number {
  let p = 1;
  for (let i = 0; i < n; i++) p = Math.imul(p, BASE);
  return p;
}

function windowHash(codes: ArrayLike<number>, at: number, len: number): number {
  let h = 0;
  for (let i = 0; i < len; i++) h = (Math.imul(h, BASE) + codes[at + i]) | 0;
  return h;
}

function codesEqual(codes: Uint16Array, at: number, s: string): boolean {
  for (let i = 0; i < s.length; i++) if (codes[at + i] !== s.charCodeAt(i)) return false;
  return true;
}

/** Reused buffers of one matcher (one per thread). */
export interface MatchBuffers {
  readonly words: { hashes: Int32Array; spans: Int32Array; digits?: boolean };
  readonly chars: NormalizedChars;
}

export function matchBuffers(): MatchBuffers {
  return { words: { hashes: new Int32Array(1024), spans: new Int32Array(2048) }, chars: { codes: new Uint16Array(0), offsets: new Int32Array(0), length: 0 } };
}

const NGRAM_TOP = powBase(CONTAMINATION_NGRAM - 1);

/**
 * A rolling polynomial hash of each 13-word window (O(1) a position), mixed: only a prefilter,
 * so most positions of a sample never compute the full 53-bit key.
 */
function forEachRollingHash(words: Int32Array, n: number, each: (h: number, at: number) => void): void {
  if (n < CONTAMINATION_NGRAM) return;
  let h = 0;
  for (let k = 0; k < CONTAMINATION_NGRAM; k++) h = (Math.imul(h, BASE) + words[k]) | 0;
  for (let at = 0; ; at++) {
    each(mix32(h), at);
    if (at + CONTAMINATION_NGRAM >= n) return;
    h = (Math.imul(h - Math.imul(words[at], NGRAM_TOP), BASE) + words[at + CONTAMINATION_NGRAM]) | 0;
  }
}

function ngramKey(words: Int32Array, at: number): number {
  return (ngramHash(words, at, CONTAMINATION_NGRAM) >>> 0) * LOW_BITS + (ngramHash2(words, at, CONTAMINATION_NGRAM) & (LOW_BITS - 1));
}

function mergeSpans(spans: TextSpan[]): TextSpan[] {
  spans.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [s, e] of spans) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

interface Substring {
  readonly item: number;
  /** Offset in the item's normalized text. */
  readonly at: number;
  readonly chars: string;
}

/** The serialized index: n-gram keys and their (item, word position) values; substrings are rebuilt from the items. */
export interface BenchmarkIndexData {
  readonly version: 1;
  /** Base64 of a Float64Array of 53-bit 13-gram keys. */
  readonly ngramKeys: string;
  /** Base64 of a Uint32Array: item × 65536 + word position of each key's first occurrence. */
  readonly ngramValues: string;
}

export class BenchmarkIndex {
  readonly #ngrams: Map<number, number>;
  /**
   * One bit per low 24 bits of an n-gram's first hash, and per low 20 bits of a substring's
   * window hash: almost every sample position misses both, and is dismissed without a Map lookup.
   */
  readonly #ngramFilter = new Uint8Array(1 << 21);
  readonly #substringFilter = new Uint8Array(1 << 17);
  /** Window length → window hash → substrings with that hash. */
  readonly #substrings = new Map<number, Map<number, Substring[]>>();
  /** Normalized item text → item (exact matches give a sample its reference answer). */
  readonly #exact = new Map<string, number>();
  /** The lengths of those texts: most texts asked about have none of them, and are not made into strings. */
  readonly #exactLengths = new Set<number>();
  readonly #scratch: NormalizedChars = { codes: new Uint16Array(0), offsets: new Int32Array(0), length: 0 };

  private constructor(readonly items: readonly BenchmarkItem[], ngrams: Map<number, number>) {
    this.#ngrams = ngrams;
    const words = { hashes: new Int32Array(256) };
    for (const b of items) {
      const n = wordHashes(b.text, words);
      forEachRollingHash(words.hashes, n, (h) => {
        this.#ngramFilter[(h & 0xffffff) >>> 3] |= 1 << (h & 7);
      });
    }
    for (const [item, b] of items.entries()) {
      const chars = normalizeForSubstrings(b.text);
      if (!chars) continue;
      if (!this.#exact.has(chars)) this.#exact.set(chars, item);
      this.#exactLengths.add(chars.length);
      const len = Math.min(SUBSTRING_CHARS, chars.length);
      const starts = chars.length <= SUBSTRING_CHARS ? [0] : [0, Math.floor((chars.length - len) / 2), chars.length - len];
      for (const at of starts.slice(0, SUBSTRINGS_PER_ITEM)) {
        const byHash = this.#substrings.get(len) ?? new Map<number, Substring[]>();
        this.#substrings.set(len, byHash);
        const h = windowHash(Uint16Array.from(chars, (c) => c.charCodeAt(0)), at, len);
        this.#substringFilter[(h & 0xfffff) >>> 3] |= 1 << (h & 7);
        const list = byHash.get(h) ?? [];
        list.push({ item, at, chars: chars.slice(at, at + len) });
        byHash.set(h, list);
      }
    }
  }

  static build(items: readonly BenchmarkItem[]): BenchmarkIndex {
    const ngrams = new Map<number, number>();
    const buf = { hashes: new Int32Array(256) };
    for (const [item, b] of items.entries()) {
      const n = wordHashes(b.text, buf);
      for (let p = 0; p + CONTAMINATION_NGRAM <= n && p < POS_SPAN; p++) {
        const key = ngramKey(buf.hashes, p);
        if (!ngrams.has(key)) ngrams.set(key, item * POS_SPAN + p);
      }
    }
    return new BenchmarkIndex(items, ngrams);
  }

  static fromData(items: readonly BenchmarkItem[], data: BenchmarkIndexData): BenchmarkIndex {
    if (data.version !== 1) throw new Error(`unknown benchmark fingerprint version ${String(data.version)}`);
    const keys = new Float64Array(new Uint8Array(Buffer.from(data.ngramKeys, 'base64')).buffer);
    const values = new Uint32Array(new Uint8Array(Buffer.from(data.ngramValues, 'base64')).buffer);
    if (keys.length !== values.length) throw new Error('benchmark fingerprints: keys and values differ in length');
    const ngrams = new Map<number, number>();
    for (let i = 0; i < keys.length; i++) {
      if (Math.floor(values[i] / POS_SPAN) >= items.length) throw new Error('benchmark fingerprints name an item that is not in the file');
      ngrams.set(keys[i], values[i]);
    }
    return new BenchmarkIndex(items, ngrams);
  }

  toData(): BenchmarkIndexData {
    const keys = Float64Array.from(this.#ngrams.keys());
    const values = Uint32Array.from(this.#ngrams.values());
    return {
      version: 1,
      ngramKeys: Buffer.from(keys.buffer).toString('base64'),
      ngramValues: Buffer.from(values.buffer).toString('base64'),
    };
  }

  get ngramCount(): number {
    return this.#ngrams.size;
  }

  /** The item whose whole normalized text is exactly the given text's, if any. */
  exactItem(text: string): number | undefined {
    const chars = normalizeChars(text, this.#scratch);
    return this.#exactLengths.has(chars.length) ? this.#exact.get(charsToString(chars)) : undefined;
  }

  /**
   * The benchmark item the text overlaps most (13-gram matches first, then substrings), or
   * undefined when it shares nothing with any item. `tokenized`: the text's word count when
   * `buffers.words` already holds its word hashes and spans (the checks tokenize once).
   */
  match(text: string, buffers: MatchBuffers = matchBuffers(), tokenized?: number): ContaminationMatch | undefined {
    const words = buffers.words;
    const n = tokenized ?? wordHashes(text, words);
    const grams = new Map<number, { count: number; sample: TextSpan[]; item: number[] }>();
    const filter = this.#ngramFilter;
    forEachRollingHash(words.hashes, n, (h, p) => {
      if ((filter[(h & 0xffffff) >>> 3] & (1 << (h & 7))) === 0) return;
      const v = this.#ngrams.get(ngramKey(words.hashes, p));
      if (v === undefined) return;
      const item = Math.floor(v / POS_SPAN);
      const g = grams.get(item) ?? { count: 0, sample: [], item: [] };
      g.count++;
      g.sample.push([words.spans[2 * p], words.spans[2 * (p + CONTAMINATION_NGRAM - 1) + 1]]);
      g.item.push(v % POS_SPAN);
      grams.set(item, g);
    });
    let best: [number, { count: number; sample: TextSpan[]; item: number[] }] | undefined;
    for (const e of grams) if (!best || e[1].count > best[1].count) best = e;
    if (best) {
      const [item, g] = best;
      return { item, method: '13-gram', overlaps: g.count, sampleSpans: mergeSpans(g.sample), itemSpans: mergeSpans(this.#itemWordSpans(item, g.item)) };
    }
    return this.#matchSubstrings(text, buffers.chars);
  }

  #itemWordSpans(item: number, positions: readonly number[]): TextSpan[] {
    const words = { hashes: new Int32Array(256), spans: new Int32Array(512) };
    wordHashes(this.items[item].text, words);
    return positions.map((p) => [words.spans[2 * p], words.spans[2 * (p + CONTAMINATION_NGRAM - 1) + 1]] as TextSpan);
  }

  #matchSubstrings(text: string, into: NormalizedChars): ContaminationMatch | undefined {
    if (this.#substrings.size === 0) return undefined;
    const { codes, offsets, length } = normalizeChars(text, into);
    const found = new Map<number, { subs: Set<number>; sample: TextSpan[]; item: TextSpan[] }>();
    for (const [len, byHash] of this.#substrings) {
      if (length < len) continue;
      const drop = powBase(len - 1);
      let h = windowHash(codes, 0, len);
      for (let at = 0; ; at++) {
        const list = (this.#substringFilter[(h & 0xfffff) >>> 3] & (1 << (h & 7))) !== 0 ? byHash.get(h) : undefined;
        if (list) {
          for (const s of list) {
            if (!codesEqual(codes, at, s.chars)) continue;
            const f = found.get(s.item) ?? { subs: new Set<number>(), sample: [], item: [] };
            f.subs.add(s.at);
            f.sample.push([offsets[at], offsets[at + len - 1] + 1]);
            const itemNorm = normalizeChars(this.items[s.item].text);
            f.item.push([itemNorm.offsets[s.at], itemNorm.offsets[s.at + len - 1] + 1]);
            found.set(s.item, f);
          }
        }
        if (at + len >= length) break;
        h = (Math.imul(h - Math.imul(codes[at], drop), BASE) + codes[at + len]) | 0;
      }
    }
    let best: [number, { subs: Set<number>; sample: TextSpan[]; item: TextSpan[] }] | undefined;
    for (const e of found) if (!best || e[1].subs.size > best[1].subs.size) best = e;
    if (!best) return undefined;
    const [item, f] = best;
    return { item, method: '50-char', overlaps: f.subs.size, sampleSpans: mergeSpans(f.sample), itemSpans: mergeSpans(f.item) };
  }
}
