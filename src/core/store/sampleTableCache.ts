// The identity table of a store (content hash → sample index, sampleHashTable.ts) saved beside the
// line indexes, so a reopen reads it (~5 ms for a million samples) instead of building it again
// (~70–100 ms, most of a reopen). Only a table without repeated records is saved: then the
// identities are the content hashes themselves and the table is all there is to keep. Keyed by
// every source's name, identity key and count: a changed, added or removed source is a miss. Like
// the indexes it is a cache: a missing, stale or damaged file means the table is built again, and
// a restored table is spot-checked against the hashes before it is used.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurablyAsync } from '../journal/durableWrite';
import { HASH_BYTES } from '../ingest/lineIndex';
import { SampleHashTable, type SampleHashTableParts } from './sampleHashTable';

const MAGIC = 'SCTBL001';
const HEADER = 64;
/** Samples looked up in a restored table before it is trusted. */
const SPOT_CHECKS = 64;

/** Where the table is kept: `.curator/index/identities.table`. */
export function sampleTablePath(curatorDir: string): string {
  return join(curatorDir, 'index', 'identities.table');
}

/** The key of a store's sources, in order: each one's name, identity key and record count. */
export function sampleTableKey(sources: readonly { readonly relPath: string; readonly key: string; readonly count: number }[]): string {
  const h = createHash('sha256');
  for (const s of sources) h.update(`${s.relPath}\0${s.key}\0${s.count}\n`);
  return h.digest('hex').slice(0, 32);
}

/** The saved table for these hashes if it was saved under `key`, fits them and answers the spot checks; else undefined. */
export function loadSampleTable(path: string, key: string, hashes: Uint8Array): SampleHashTable | undefined {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch {
    return undefined;
  }
  const n = hashes.length / HASH_BYTES;
  if (raw.length < HEADER || raw.toString('latin1', 0, 8) !== MAGIC || raw.toString('latin1', 32, 64) !== key) return undefined;
  const [count, cap, repeats] = [raw.readUInt32LE(8), raw.readUInt32LE(12), raw.readUInt32LE(16)];
  if (count !== n || repeats !== 0 || raw.length !== HEADER + 4 * (cap + n)) return undefined;
  // Int32Array views need 4-byte alignment: copied into fresh memory (one copy of 12 MB a million).
  const ints = new Int32Array(cap + n);
  new Uint8Array(ints.buffer).set(raw.subarray(HEADER));
  // Every entry a sample or none, and at most n slots taken: a probe always meets an empty slot
  // (a damaged table must never send a lookup round the table for ever).
  let taken = 0;
  for (let k = 0; k < ints.length; k++) {
    const v = ints[k];
    if (v < -1 || v >= n) return undefined;
    if (k < cap && v !== -1) taken++;
  }
  if (taken > n || cap < 2 * n) return undefined;
  let table: SampleHashTable;
  try {
    table = new SampleHashTable(hashes, { slots: ints.subarray(0, cap), next: ints.subarray(cap), repeats: 0 });
  } catch {
    return undefined;
  }
  const view = new DataView(hashes.buffer, hashes.byteOffset, hashes.byteLength);
  for (let k = 0; k < Math.min(SPOT_CHECKS, n); k++) {
    const i = Math.floor((k * (n - 1)) / Math.max(1, SPOT_CHECKS - 1));
    if (table.firstIndexOfWords(view.getUint32(i * HASH_BYTES), view.getUint32(i * HASH_BYTES + 4)) !== i) return undefined;
  }
  return table;
}

/** Saves a table without repeats (others are not kept); resolves once durable. */
export function saveSampleTable(path: string, key: string, parts: SampleHashTableParts): Promise<void> {
  if (parts.repeats !== 0) return Promise.resolve();
  const buf = Buffer.alloc(HEADER + 4 * (parts.slots.length + parts.next.length));
  buf.write(MAGIC, 0, 'latin1');
  buf.writeUInt32LE(parts.next.length, 8);
  buf.writeUInt32LE(parts.slots.length, 12);
  buf.writeUInt32LE(parts.repeats, 16);
  buf.write(key, 32, 'latin1');
  buf.set(new Uint8Array(parts.slots.buffer, parts.slots.byteOffset, parts.slots.byteLength), HEADER);
  buf.set(new Uint8Array(parts.next.buffer, parts.next.byteOffset, parts.next.byteLength), HEADER + parts.slots.byteLength);
  return writeFileDurablyAsync(path, buf);
}
