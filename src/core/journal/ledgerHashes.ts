// The ledger's sample hashes, one slot each in first-seen order, for a million samples without a
// million strings: a content hash is 16 lowercase hex characters (lineIndex's HASH_BYTES), kept as
// two u32 words (hi, lo) per slot and found through an open-addressing table of slots (~16 bytes a
// sample; a Map of 16-char strings plus the string list costs ~80). Any other lowercase hex string
// the ledger accepts (older or hand-written journals) is an "odd" hash, kept as text on the side:
// rare, and never equal to a 16-character one, so the two kinds cannot collide.

/** Words of the last hash parseHash accepted (module state: no object per lookup). */
let parsedHi = 0;
let parsedLo = 0;

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

/** Whether `hash` is 16 lowercase hex characters; if so its words are in parsedHi/parsedLo. */
function parseHash(hash: string): boolean {
  if (hash.length !== 16) return false;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 8; i++) {
    const a = hexValue(hash.charCodeAt(i));
    const b = hexValue(hash.charCodeAt(i + 8));
    if (a < 0 || b < 0) return false;
    hi = (hi << 4) | a;
    lo = (lo << 4) | b;
  }
  parsedHi = hi >>> 0;
  parsedLo = lo >>> 0;
  return true;
}

export function isWordHash(hash: string): boolean {
  return parseHash(hash);
}

/** The 16-character hex text of a hash's words. */
export function formatHash(hi: number, lo: number): string {
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

function mix(hi: number, lo: number): number {
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  return h;
}

export class LedgerHashes {
  #hi = new Uint32Array(16);
  #lo = new Uint32Array(16);
  #count = 0;
  /** Open addressing: slot + 1 of the word hash that probes here, 0 empty. At most half full. */
  #table = new Int32Array(32);
  readonly #oddSlotOf = new Map<string, number>();
  readonly #oddHashOf = new Map<number, string>();

  get size(): number {
    return this.#count;
  }

  /** The slot of `hash`, or -1. */
  slotOf(hash: string): number {
    if (!parseHash(hash)) return this.#oddSlotOf.get(hash) ?? -1;
    return this.#find(parsedHi, parsedLo);
  }

  /** The slot of `hash`, giving it the next one if it has none. */
  add(hash: string): number {
    if (!parseHash(hash)) {
      let slot = this.#oddSlotOf.get(hash);
      if (slot === undefined) {
        slot = this.#push(0, 0);
        this.#oddSlotOf.set(hash, slot);
        this.#oddHashOf.set(slot, hash);
        this.#keepHalfEmpty();
      }
      return slot;
    }
    return this.addWords(parsedHi, parsedLo);
  }

  /** The slot of the 16-hex-digit hash with these words (see words()), giving it the next one if it has none. */
  addWords(hi: number, lo: number): number {
    const found = this.#find(hi >>> 0, lo >>> 0);
    if (found >= 0) return found;
    const slot = this.#push(hi >>> 0, lo >>> 0);
    this.#insert(slot);
    this.#keepHalfEmpty();
    return slot;
  }

  /**
   * addWords, trying `guess` first: readers of several journals over one source meet the samples in
   * the order the first journal gave them slots, so the slot after the last one found is usually
   * the one, read from the word arrays in order instead of through a table entry anywhere in memory.
   */
  addWordsNear(hi: number, lo: number, guess: number): number {
    if (
      guess >= 0 && guess < this.#count && this.#hi[guess] === hi >>> 0 && this.#lo[guess] === lo >>> 0 &&
      (this.#oddHashOf.size === 0 || !this.#oddHashOf.has(guess)) // an odd slot's words are 0, 0
    ) return guess;
    return this.addWords(hi, lo);
  }

  /**
   * Room for `count` slots' words at once (a bound the caller knows, such as a journal's line
   * count): typed arrays are committed as they are written, so a generous bound costs nothing,
   * where doubling leaves each earlier copy to the collector.
   */
  reserve(count: number): void {
    if (count <= this.#hi.length) return;
    const hi = new Uint32Array(count);
    const lo = new Uint32Array(count);
    hi.set(this.#hi.subarray(0, this.#count));
    lo.set(this.#lo.subarray(0, this.#count));
    this.#hi = hi;
    this.#lo = lo;
  }

  hashAt(slot: number): string {
    if (slot < 0 || slot >= this.#count) throw new RangeError(`no hash slot ${slot}`);
    return this.#oddHashOf.get(slot) ?? formatHash(this.#hi[slot], this.#lo[slot]);
  }

  /**
   * The live (hi, lo) word arrays (valid up to size; 0 for odd hashes) and the odd hashes' text by
   * slot: for a join over every decided sample without making 16 hex characters a slot, which cost
   * more than the join itself. Views, not copies: read them at once, never write or keep them.
   */
  wordViews(): { hi: Uint32Array; lo: Uint32Array; odd: ReadonlyMap<number, string> } {
    return { hi: this.#hi, lo: this.#lo, odd: this.#oddHashOf };
  }

  /** (hi, lo) per slot, 0 for odd hashes: a copy, 2 * size long (the snapshot's binary block). */
  words(): Uint32Array {
    const out = new Uint32Array(2 * this.#count);
    for (let s = 0; s < this.#count; s++) {
      out[2 * s] = this.#hi[s];
      out[2 * s + 1] = this.#lo[s];
    }
    return out;
  }

  /** The odd hashes with their slots, by slot. */
  oddHashes(): [slot: number, hash: string][] {
    return [...this.#oddHashOf].sort((a, b) => a[0] - b[0]);
  }

  /**
   * Rebuilds from words() and oddHashes() (read from a snapshot: throws RangeError on a repeated
   * hash, an odd hash that is not odd, or one outside the slots).
   */
  static fromWords(words: Uint32Array, odd: readonly (readonly [slot: number, hash: string])[]): LedgerHashes {
    if (words.length % 2) throw new RangeError('hash words of odd length');
    const h = new LedgerHashes();
    const n = words.length / 2;
    h.#hi = new Uint32Array(Math.max(16, n));
    h.#lo = new Uint32Array(Math.max(16, n));
    h.#count = n;
    for (const [slot, hash] of odd) {
      if (!Number.isInteger(slot) || slot < 0 || slot >= n || typeof hash !== 'string') throw new RangeError('odd hash of no slot');
      if (parseHash(hash) || !/^[0-9a-f]+$/.test(hash)) throw new RangeError(`not an odd sample hash: ${hash}`);
      if (h.#oddSlotOf.has(hash) || h.#oddHashOf.has(slot)) throw new RangeError('repeated sample hash');
      h.#oddSlotOf.set(hash, slot);
      h.#oddHashOf.set(slot, hash);
    }
    let cap = 32;
    while (cap < 2 * n) cap *= 2;
    h.#table = new Int32Array(cap);
    for (let s = 0; s < n; s++) {
      h.#hi[s] = words[2 * s];
      h.#lo[s] = words[2 * s + 1];
      if (h.#oddHashOf.has(s)) continue;
      if (h.#find(h.#hi[s], h.#lo[s]) >= 0) throw new RangeError('repeated sample hash');
      h.#insert(s);
    }
    return h;
  }

  #find(hi: number, lo: number): number {
    const mask = this.#table.length - 1;
    for (let p = mix(hi, lo) & mask; ; p = (p + 1) & mask) {
      const slot = this.#table[p] - 1;
      if (slot < 0) return -1;
      if (this.#hi[slot] === hi && this.#lo[slot] === lo) return slot;
    }
  }

  #insert(slot: number): void {
    const mask = this.#table.length - 1;
    let p = mix(this.#hi[slot], this.#lo[slot]) & mask;
    while (this.#table[p] !== 0) p = (p + 1) & mask;
    this.#table[p] = slot + 1;
  }

  #push(hi: number, lo: number): number {
    const slot = this.#count;
    if (slot === this.#hi.length) {
      const bigger = (a: Uint32Array) => {
        const b = new Uint32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.#hi = bigger(this.#hi);
      this.#lo = bigger(this.#lo);
    }
    this.#hi[slot] = hi;
    this.#lo[slot] = lo;
    this.#count = slot + 1;
    return slot;
  }

  /** Doubles the table when more than half the slots would fill it (odd slots count too: simpler, harmless). */
  #keepHalfEmpty(): void {
    if (2 * this.#count <= this.#table.length) return;
    this.#table = new Int32Array(this.#table.length * 2);
    const odd = this.#oddHashOf.size > 0;
    for (let s = 0; s < this.#count; s++) if (!odd || !this.#oddHashOf.has(s)) this.#insert(s);
  }
}
