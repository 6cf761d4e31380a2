// Content hash → sample indices, for a million samples without a million-entry Map of strings
// (a Map of 1M 16-char keys costs ~100 MB; this costs ~16 bytes a sample). Open addressing on
// the hash's first 32 bits; identical samples are chained through `next`.
import { HASH_BYTES } from '../ingest/lineIndex';

export interface SampleHashTableParts {
  readonly slots: Int32Array;
  readonly next: Int32Array;
  readonly repeats: number;
}

/** Slots for `n` samples: the power of two at least twice n (16 at least). */
function capacityFor(n: number): number {
  let cap = 16;
  while (cap < n * 2) cap *= 2;
  return cap;
}

export class SampleHashTable {
  readonly #hashes: Uint8Array;
  readonly #slots: Int32Array;
  readonly #next: Int32Array;
  readonly #mask: number;
  readonly #view: DataView;
  #repeats = 0;

  /** `hashes` holds HASH_BYTES per sample, in sample order; `saved`: this table's parts as `parts` gave them (sampleTableCache.ts). */
  constructor(hashes: Uint8Array, saved?: SampleHashTableParts) {
    const n = hashes.length / HASH_BYTES;
    const cap = capacityFor(n);
    this.#hashes = hashes;
    this.#view = new DataView(hashes.buffer, hashes.byteOffset, hashes.byteLength);
    this.#mask = cap - 1;
    if (saved) {
      if (saved.slots.length !== cap || saved.next.length !== n) throw new Error(`a saved table of ${saved.slots.length} slots for ${saved.next.length} samples does not fit ${n} samples`);
      this.#slots = saved.slots;
      this.#next = saved.next;
      this.#repeats = saved.repeats;
      return;
    }
    this.#slots = new Int32Array(cap).fill(-1);
    this.#next = new Int32Array(n).fill(-1);
    for (let i = n - 1; i >= 0; i--) this.#insert(i);
  }

  /** What restores this table without building it again (a million samples: ~70–100 ms to build, ~5 ms to read). */
  get parts(): SampleHashTableParts {
    return { slots: this.#slots, next: this.#next, repeats: this.#repeats };
  }

  /** Indices of the samples with this hash (hex, as in journals), in order; empty if none. */
  indicesOf(hex: string): number[] {
    if (hex.length !== HASH_BYTES * 2) return [];
    const key = Buffer.from(hex, 'hex');
    if (key.length !== HASH_BYTES) return [];
    const out: number[] = [];
    for (let s = key.readUInt32LE(0) & this.#mask; ; s = (s + 1) & this.#mask) {
      const i = this.#slots[s];
      if (i === -1) return out;
      if (this.#equals(i, key)) {
        for (let j = i; j !== -1; j = this.#next[j]) out.push(j);
        return out;
      }
    }
  }

  /**
   * The first index whose hash has the ledger's words (hi = its first 8 hex digits, lo = the last
   * 8, i.e. bytes 0–3 and 4–7 big-endian), or -1; later ones through nextIndex. No text, no buffer.
   */
  firstIndexOfWords(hi: number, lo: number): number {
    const view = this.#view;
    hi >>>= 0;
    lo >>>= 0;
    // The table probes by bytes 0–3 read little-endian: hi with its bytes swapped.
    const probe = ((hi & 0xff) << 24) | ((hi & 0xff00) << 8) | ((hi >>> 8) & 0xff00) | (hi >>> 24);
    for (let s = probe & this.#mask; ; s = (s + 1) & this.#mask) {
      const i = this.#slots[s];
      if (i === -1) return -1;
      if (view.getUint32(i * HASH_BYTES) === hi && view.getUint32(i * HASH_BYTES + 4) === lo) return i;
    }
  }

  /** The next index with the same hash as `index` (ascending), or -1. */
  nextIndex(index: number): number {
    return this.#next[index];
  }

  /** Whether any hash is held by more than one sample (laterCopies yields nothing when not). */
  get hasRepeats(): boolean {
    return this.#repeats > 0;
  }

  /**
   * Every later copy of a repeated hash: [index, copy] with copy = 2, 3, … in ascending index order
   * per hash (hashes in no particular order). Nothing when no hash repeats.
   */
  *laterCopies(): Generator<[index: number, copy: number]> {
    if (!this.#repeats) return;
    for (const head of this.#slots) {
      if (head === -1) continue;
      let copy = 1;
      for (let j = this.#next[head]; j !== -1; j = this.#next[j]) yield [j, ++copy];
    }
  }

  #insert(i: number): void {
    for (let s = this.#view.getUint32(i * HASH_BYTES, true) & this.#mask; ; s = (s + 1) & this.#mask) {
      const j = this.#slots[s];
      if (j === -1) {
        this.#slots[s] = i;
        return;
      }
      if (this.#sameAs(i, j)) {
        // Inserted from the end, so prepending keeps each chain in ascending order.
        this.#next[i] = j;
        this.#slots[s] = i;
        this.#repeats++;
        return;
      }
    }
  }

  #sameAs(a: number, b: number): boolean {
    for (let k = 0; k < HASH_BYTES; k++) if (this.#hashes[a * HASH_BYTES + k] !== this.#hashes[b * HASH_BYTES + k]) return false;
    return true;
  }

  #equals(i: number, key: Uint8Array): boolean {
    for (let k = 0; k < HASH_BYTES; k++) if (this.#hashes[i * HASH_BYTES + k] !== key[k]) return false;
    return true;
  }
}
