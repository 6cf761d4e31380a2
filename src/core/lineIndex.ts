// One streaming pass over a JSONL file: where each non-blank line starts, how long it is, and a
// content hash of its bytes. Samples are then read by offset; the file is never held in memory.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface LineIndex {
  /** Byte offset of each non-blank line. Float64 because files can exceed 4 GiB. */
  readonly starts: Float64Array;
  /** Byte length of each line, without the line break. */
  readonly lengths: Uint32Array;
  /** 1-based line number of each entry in the file. */
  readonly lineNumbers: Uint32Array;
  /** Content hash (hex, 16 chars of SHA-256) of each line's bytes: the sample's identity. */
  readonly hashes: readonly string[];
  readonly fileSize: number;
}

const CHUNK = 1 << 20;

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

function isBlank(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = buf[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

/** Indexes a file synchronously in 1 MiB chunks (measured fastest: indexOf over readSync chunks). */
export function buildLineIndex(path: string): LineIndex {
  const fd = openSync(path, 'r');
  try {
    const fileSize = fstatSync(fd).size;
    const starts: number[] = [];
    const lengths: number[] = [];
    const lineNumbers: number[] = [];
    const hashes: string[] = [];
    let carry = Buffer.alloc(0);
    let carryStart = 0;
    let line = 0;
    let pos = 0;
    const chunk = Buffer.allocUnsafe(CHUNK);
    const emit = (buf: Buffer, from: number, to: number, absStart: number) => {
      line++;
      let end = to;
      if (end > from && buf[end - 1] === 0x0d) end--;
      if (isBlank(buf, from, end)) return;
      starts.push(absStart);
      lengths.push(end - from);
      lineNumbers.push(line);
      hashes.push(contentHash(buf.subarray(from, end)));
    };
    for (;;) {
      const n = readSync(fd, chunk, 0, CHUNK, pos);
      if (n === 0) break;
      const buf = carry.length ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      const base = carry.length ? carryStart : pos;
      let from = 0;
      for (let nl = buf.indexOf(0x0a, from); nl !== -1; nl = buf.indexOf(0x0a, from)) {
        emit(buf, from, nl, base + from);
        from = nl + 1;
      }
      carry = Buffer.from(buf.subarray(from));
      carryStart = base + from;
      pos += n;
    }
    if (carry.length) emit(carry, 0, carry.length, carryStart);
    return {
      starts: Float64Array.from(starts), lengths: Uint32Array.from(lengths),
      lineNumbers: Uint32Array.from(lineNumbers), hashes, fileSize,
    };
  } finally {
    closeSync(fd);
  }
}

/** Reads one indexed line's bytes. */
export function readLineBytes(fd: number, start: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, start + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}
