// A lowdb Adapter that makes each write durable: temp file, fsync, rename, fsync of the folder.
// lowdb's own JSONFile (steno) renames without any fsync, so a crash can lose the last write.
import { closeSync, constants, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { NO_FOLLOW, READ_NO_FOLLOW } from './storePaths';

/** Create/truncate without following a symlink planted at the temp name (the rename then replaces a link, never its target). */
const TEMP_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | NO_FOLLOW;

/** The temp file a durable write goes through (a crash can leave one behind). */
function durableTempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

/** Replaces a file atomically and durably; on failure (a full disk) the temp file is removed, not left to fill it. */
export function writeFileDurably(path: string, data: string | Uint8Array): void {
  const tmp = durableTempPath(path);
  const fd = openSync(tmp, TEMP_FLAGS, 0o644);
  try {
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** writeFileDurably without blocking the event loop (for large files written off the hot path). */
export async function writeFileDurablyAsync(path: string, data: Uint8Array): Promise<void> {
  const tmp = durableTempPath(path);
  const file = await open(tmp, TEMP_FLAGS, 0o644);
  try {
    await file.writeFile(data);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(tmp, path);
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

export class FsyncedJsonFile<T> implements Adapter<T> {
  /** `readOnly`: write() keeps nothing (the caller's document lives on in memory only). */
  constructor(readonly path: string, readonly readOnly = false) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      const fd = openSync(this.path, READ_NO_FOLLOW);
      try {
        text = readFileSync(fd, 'utf8');
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      throw new Error(`${this.path}: not valid JSON (${(e as Error).message}); the file was left as it is`);
    }
  }

  async write(data: T): Promise<void> {
    if (this.readOnly) return;
    writeFileDurably(this.path, `${JSON.stringify(data, null, 2)}\n`);
  }
}
