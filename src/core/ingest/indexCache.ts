// The line index of a source file, saved beside the store so reopening skips the index pass.
// Keyed by the file's identity (fileIdentity.ts: size, mtime, inode and its bytes): a file
// changed on disk gets a new key, so a stale index is never used (and the store reports it).
import { readFileSync } from 'node:fs';
import { writeFileDurably, writeFileDurablyAsync } from '../journal/durableWrite';
import { HASH_BYTES, type LineIndex } from './lineIndex';

const MAGIC = 'SCIDX001';
const HEADER = 64;

function encodeIndex(key: string, index: LineIndex): Buffer {
  const n = index.starts.length;
  const buf = Buffer.alloc(HEADER + n * (8 + 4 + 4 + HASH_BYTES));
  buf.write(MAGIC, 0, 'latin1');
  buf.writeUInt32LE(n, 8);
  buf.writeDoubleLE(index.fileSize, 16);
  buf.writeDoubleLE(index.newlines, 24);
  if (key.length !== 32) throw new Error(`index key must be 32 characters, got ${key.length}`);
  buf.write(key, 32, 'latin1');
  let at = HEADER;
  for (const arr of [index.starts, index.lengths, index.lineNumbers, index.hashBytes]) {
    const bytes = new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
    buf.set(bytes, at);
    at += bytes.length;
  }
  return buf;
}

export function saveIndex(path: string, key: string, index: LineIndex): void {
  writeFileDurably(path, encodeIndex(key, index));
}

/**
 * The same without blocking: a store's open hands the index to the reviewer at once and the save
 * (24 MB and an fsync for a million samples, ~90 ms) finishes behind it; the store's close waits for it.
 */
export function saveIndexAsync(path: string, key: string, index: LineIndex): Promise<void> {
  try {
    return writeFileDurablyAsync(path, encodeIndex(key, index));
  } catch (e) {
    return Promise.reject(e);
  }
}

/** The saved index if it exists and was made for `key`; undefined otherwise (never throws on a bad file). */
export function loadIndex(path: string, key: string): LineIndex | undefined {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch {
    return undefined;
  }
  if (raw.length < HEADER || raw.toString('latin1', 0, 8) !== MAGIC) return undefined;
  if (key.length !== 32 || raw.toString('latin1', 32, 64) !== key) return undefined;
  const n = raw.readUInt32LE(8);
  if (raw.length !== HEADER + n * (8 + 4 + 4 + HASH_BYTES)) return undefined;
  // Copy into a fresh, aligned buffer so typed-array views are allowed.
  const body = new Uint8Array(raw.length - HEADER);
  body.set(raw.subarray(HEADER));
  let at = 0;
  const take = <T>(make: (b: ArrayBuffer, o: number, l: number) => T, bytesEach: number): T => {
    const v = make(body.buffer, at, n);
    at += n * bytesEach;
    return v;
  };
  return {
    starts: take((b, o, l) => new Float64Array(b, o, l), 8),
    lengths: take((b, o, l) => new Uint32Array(b, o, l), 4),
    lineNumbers: take((b, o, l) => new Uint32Array(b, o, l), 4),
    hashBytes: take((b, o, l) => new Uint8Array(b, o, l * HASH_BYTES), HASH_BYTES),
    fileSize: raw.readDoubleLE(16),
    newlines: raw.readDoubleLE(24),
  };
}
