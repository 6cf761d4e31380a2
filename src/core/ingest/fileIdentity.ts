// The one identity of a file's content, for everything cached from a file: the saved line index
// (indexCache.ts), the converted copy (preparedSource.ts) and, through the store's source keys,
// the checks' results (checksCache.ts). A cache entry is reused only while the identity is equal.
//
// What it covers: size, mtime, device and inode (an in-place edit moves the mtime; a save that
// replaces the file gets a new inode), and the bytes: the whole file when it is small enough to
// hash in a few milliseconds, otherwise its first and last 64 KiB. A same-size edit in the middle
// of a large file is caught by the mtime; one that also restores the mtime is caught only when the
// file is fully hashed, and by the per-record hash check on every read (see sourceChanged.ts).
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

/** Files up to this size are hashed whole (a few ms; every open and re-index hashes every source). */
export const FULL_HASH_LIMIT = 1 << 20;
const EDGE = 64 * 1024;
/** Starts every key, so keys made by the older scheme (size + head/tail only, all hex) are told apart. */
const KEY_PREFIX = 'i2';

/** What a cheap stat says of the file; compared on every decision (see store/freshIds.ts). */
export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
  readonly dev: number;
  readonly ino: number;
}

export interface FileIdentity extends FileStamp {
  /** 32 characters: KEY_PREFIX + 30 hex digits of a SHA-256 over the stamp and the bytes. */
  readonly key: string;
}

function stampOf(s: Stats): FileStamp {
  return { size: s.size, mtimeMs: s.mtimeMs, dev: s.dev, ino: s.ino };
}

/** The file's identity now (two 64 KiB reads for a large file, one whole read for a small one). */
export function fileIdentity(path: string): FileIdentity {
  const fd = openSync(path, 'r');
  try {
    const stamp = stampOf(fstatSync(fd));
    const h = createHash('sha256').update(`${stamp.size}\0${stamp.mtimeMs}\0${stamp.dev}\0${stamp.ino}\0`);
    const read = (position: number, length: number) => {
      const buf = Buffer.allocUnsafe(Math.min(length, 1 << 20));
      for (let done = 0; done < length;) {
        const n = readSync(fd, buf, 0, Math.min(buf.length, length - done), position + done);
        if (n === 0) break;
        h.update(buf.subarray(0, n));
        done += n;
      }
    };
    if (stamp.size <= FULL_HASH_LIMIT) read(0, stamp.size);
    else {
      read(0, EDGE);
      read(stamp.size - EDGE, EDGE);
    }
    return { ...stamp, key: KEY_PREFIX + h.digest('hex').slice(0, 30) };
  } finally {
    closeSync(fd);
  }
}

/** True when the file at `path` still has this stamp (one stat; false when it is gone). */
export function stampUnchanged(path: string, stamp: FileStamp): boolean {
  let now: Stats;
  try {
    now = statSync(path);
  } catch {
    return false;
  }
  return now.size === stamp.size && now.mtimeMs === stamp.mtimeMs && now.ino === stamp.ino && now.dev === stamp.dev;
}

/** True for keys this module makes (older stores hold keys of an earlier scheme). */
export function isFileIdentityKey(key: string): boolean {
  return key.startsWith(KEY_PREFIX) && key.length === 32;
}
