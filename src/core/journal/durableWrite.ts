// The one place that writes a file durably. Every file the store keeps (the project document, the
// snapshot, the saved line index and checks) replaces its old version through a temp file: write,
// fsync, rename, fsync of the folder — a crash leaves the old file or the new one, never a torn
// one, and an acknowledged write survives power loss. Export writes its files the same way but
// renames a whole folder at the end (exportFolder.ts), so it uses the pieces: writeFully and
// syncDirectory. The journal itself is appended to, not replaced (durableAppendFile.ts).
import { closeSync, constants, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { NO_FOLLOW } from './storePaths';

/** Create/truncate without following a symlink planted at the temp name (the rename then replaces a link, never its target). */
const TEMP_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | NO_FOLLOW;

/** The temp file a durable write goes through (a crash can leave one behind: `.<name>.<pid>.tmp`). */
function durableTempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

/** Writes all of `bytes` at the fd's position (a write may take fewer bytes than given). `write`: for tests that fill the disk. */
export function writeFully(fd: number, bytes: Uint8Array, write: (fd: number, data: Uint8Array) => number = (f, d) => writeSync(f, d)): void {
  let off = 0;
  while (off < bytes.length) off += write(fd, bytes.subarray(off));
}

/**
 * Makes a rename or a new entry in `dir` durable by fsyncing the folder. `bestEffort`: where a
 * folder cannot be opened for fsync (Windows) the rename itself has happened; go on.
 */
export function syncDirectory(dir: string, options: { readonly bestEffort?: boolean } = {}): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if (!options.bestEffort) throw e;
  }
}

/** Replaces a file atomically and durably; on failure (a full disk) the temp file is removed, not left to fill it. */
export function writeFileDurably(path: string, data: string | Uint8Array): void {
  const tmp = durableTempPath(path);
  const fd = openSync(tmp, TEMP_FLAGS, 0o644);
  try {
    try {
      writeFully(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  syncDirectory(dirname(path));
}

/**
 * writeFileDurably without blocking the event loop (for large files written off the hot path).
 * Writes of one path in this process go one at a time (they share a temp file name): a store
 * opened again before its last cache save finished waits for it.
 */
export function writeFileDurablyAsync(path: string, data: Uint8Array): Promise<void> {
  const write = (writesInFlight.get(path) ?? Promise.resolve()).then(() => writeNow(path, data));
  const settled = write.catch(() => undefined);
  writesInFlight.set(path, settled);
  void settled.then(() => {
    if (writesInFlight.get(path) === settled) writesInFlight.delete(path);
  });
  return write;
}

const writesInFlight = new Map<string, Promise<void>>();

async function writeNow(path: string, data: Uint8Array): Promise<void> {
  const tmp = durableTempPath(path);
  const file = await open(tmp, TEMP_FLAGS, 0o644);
  try {
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
