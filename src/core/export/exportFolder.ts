// The export folder on disk: the destination checked before anything is written, a hidden
// temporary folder beside it (same file system, so the final rename is atomic), files written
// through one buffer each, hashed (SHA-256) and fsynced as they go, and the folder's entry synced
// after the rename (the durable-write pieces of journal/durableWrite.ts, with the folder as the
// temp). File operations go through ExportFs so tests can make the disk fill up.
import * as fs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { WrittenFile } from './exportManifest';
import type { SplitName } from './exportSplit';
import { contentHash } from '../ingest/lineIndex';
import { writeFully } from '../journal/durableWrite';
import { fileHashOnThisThread, type FileHash } from './fileHash';

export type ExportErrorCode = 'exists' | 'no-parent' | 'not-writable' | 'disk-full' | 'write-failed' | 'not-supported';

/** A destination or write problem, with a message that names the path and what to do. */
export class ExportError extends Error {
  override readonly name = 'ExportError';
  constructor(message: string, readonly code: ExportErrorCode, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The file operations export uses; tests inject failures (a full disk) through them. */
export interface ExportFs {
  mkdirSync(path: string): void;
  openSync(path: string, flags: string): number;
  writeSync(fd: number, data: Uint8Array): number;
  fsyncSync(fd: number): void;
  /** An fsync on libuv's pool, if this file system has one: the periodic syncs of a long export then never hold the thread that converts samples. */
  fsync?(fd: number, done: (e: Error | null) => void): void;
  /** Bytes written between the periodic syncs (default 64 MiB; tests make it small). */
  readonly syncEveryBytes?: number;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  rmSync(path: string): void;
}

/** The real file system, for ExportOptions.fs (tests wrap it to inject failures). */
export const NODE_EXPORT_FS: ExportFs = {
  mkdirSync: (p) => fs.mkdirSync(p),
  openSync: (p, flags) => fs.openSync(p, flags),
  writeSync: (fd, data) => fs.writeSync(fd, data),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  fsync: (fd, done) => fs.fsync(fd, done),
  closeSync: (fd) => fs.closeSync(fd),
  renameSync: (a, b) => fs.renameSync(a, b),
  rmSync: (p) => fs.rmSync(p, { recursive: true, force: true }),
};

const FLUSH_BYTES = 1 << 20;
const SYNC_BYTES = 64 << 20;

/** Refuses a destination that exists or whose parent is not a folder, before anything is written. */
export function checkDestination(destination: string): void {
  if (fs.existsSync(destination)) {
    throw new ExportError(`${destination} already exists; export creates a new folder and never writes into or over one — choose another name`, 'exists');
  }
  const parent = dirname(destination);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(parent);
  } catch {
    throw new ExportError(`${parent} does not exist; create it or choose another destination`, 'no-parent');
  }
  if (!stat.isDirectory()) throw new ExportError(`${parent} is not a folder; choose another destination`, 'no-parent');
}

/** An OS error while writing, as an ExportError that says what happened and what to do. */
export function writeError(e: unknown, where: string): ExportError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new ExportError(`the disk is full while writing ${where}; free some space and export again (nothing was left behind)`, 'disk-full', { cause: e });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new ExportError(`${where} is not writable (${code}); choose a destination you can write to`, 'not-writable', { cause: e });
  }
  return new ExportError(`writing ${where} failed: ${(e as Error).message}`, 'write-failed', { cause: e });
}

/** A file written through buffered writes, hashed (SHA-256) and counted as it goes. */
export class HashedFile {
  readonly #fd: number;
  /** Lines are encoded straight into this buffer (no intermediate strings or copies), written when full, then given to the hash. */
  #buffer: Buffer = Buffer.allocUnsafe(FLUSH_BYTES);
  #used = 0;
  #synced = 0;
  #syncing: Promise<void> | undefined;
  #syncError: Error | undefined;
  lines = 0;
  bytes = 0;

  /** `hash`: the file's SHA-256 as it is written (fileHash.ts: on a worker, in an export). */
  constructor(private readonly fsOps: ExportFs, readonly path: string, readonly name: string, private readonly hash: FileHash = fileHashOnThisThread()) {
    try {
      this.#fd = fsOps.openSync(path, 'wx');
    } catch (e) {
      hash.abandon();
      throw e;
    }
  }

  /** Appends the line and a newline; returns the first 16 hex digits of the SHA-256 of the line's bytes ('' unless `hashLine`). */
  writeLine(text: string, hashLine = false): string {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: a line that may not fit goes after a flush, or alone.
    if (this.#used + text.length * 3 + 1 > this.#buffer.length) this.flush();
    this.lines++;
    if (text.length * 3 + 1 > this.#buffer.length) {
      const bytes = Buffer.from(`${text}\n`, 'utf8');
      const hash = hashLine ? contentHash(bytes.subarray(0, bytes.length - 1)) : '';
      this.#write(bytes);
      return hash;
    }
    const start = this.#used;
    this.#used += this.#buffer.write(text, start, 'utf8');
    const hash = hashLine ? contentHash(this.#buffer.subarray(start, this.#used)) : '';
    this.#buffer[this.#used++] = 0x0a;
    return hash;
  }

  /** Appends `bytes` (copied: the caller keeps them), e.g. a Parquet writer's buffer. */
  writeBytes(bytes: Uint8Array): void {
    for (let at = 0; at < bytes.length;) {
      if (this.#used === this.#buffer.length) this.flush();
      const n = Math.min(bytes.length - at, this.#buffer.length - this.#used);
      this.#buffer.set(bytes.subarray(at, at + n), this.#used);
      this.#used += n;
      at += n;
    }
  }

  flush(): void {
    if (this.#used === 0) return;
    const full = this.#buffer.subarray(0, this.#used);
    // The hash takes the buffer (a worker's, transferred): the next lines go into a new one.
    this.#buffer = this.hash.buffer(FLUSH_BYTES);
    this.#used = 0;
    this.#write(full);
  }

  #write(bytes: Buffer): void {
    if (this.#syncError) throw this.#syncError;
    writeFully(this.#fd, bytes, this.fsOps.writeSync);
    this.bytes += bytes.length;
    // After the write: the hash may take the memory away. `bytes` is always this file's own (a flushed buffer, or a long line's).
    this.hash.update(bytes, true);
    // Syncing as it goes spreads the cost: one fsync of gigabytes at the end would stall progress
    // for seconds. On the pool where there is one (writes go on meanwhile), one at a time.
    if (this.bytes - this.#synced >= (this.fsOps.syncEveryBytes ?? SYNC_BYTES) && !this.#syncing) {
      this.#synced = this.bytes;
      const fsync = this.fsOps.fsync;
      if (!fsync) {
        this.fsOps.fsyncSync(this.#fd);
        return;
      }
      this.#syncing = new Promise((resolve) => fsync(this.#fd, (e) => {
        if (e) this.#syncError = e;
        this.#syncing = undefined;
        resolve();
      }));
    }
  }

  /** Whether the hash lags (a worker short of CPU): await drained() before writing more. */
  get backedUp(): boolean {
    return this.hash.backedUp;
  }

  drained(): Promise<void> {
    return this.hash.drained();
  }

  /** Flushes, fsyncs and closes; returns the file's description. */
  async finish(split?: SplitName): Promise<WrittenFile> {
    this.flush();
    await this.#syncing;
    if (this.#syncError) throw this.#syncError;
    this.fsOps.fsyncSync(this.#fd);
    this.fsOps.closeSync(this.#fd);
    return { path: this.name, ...(split ? { split } : {}), sha256: await this.hash.digest(), lines: this.lines, bytes: this.bytes };
  }

  abandon(): void {
    this.hash.abandon();
    // Not under a sync still running on the pool: the descriptor's number could be reused meanwhile.
    const close = () => {
      try {
        this.fsOps.closeSync(this.#fd);
      } catch {
        // already closed, or the descriptor is gone with the failure being reported
      }
    };
    if (this.#syncing) void this.#syncing.then(close);
    else close();
  }
}

/** The hidden temporary folders of exports to `destination` start with this; the process id and a random part follow. */
export function tempPrefix(destination: string): string {
  return `.${basename(destination)}.export-`;
}

/** Whether process `pid` is running (EPERM: it is, under another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the temporary folders that exports to the same destination left when their process died. */
export function removeCrashedTemps(fsOps: ExportFs, destination: string): void {
  const prefix = tempPrefix(destination);
  for (const name of fs.readdirSync(dirname(destination))) {
    const m = name.startsWith(prefix) ? /^(\d+)-[0-9a-f]{8}$/.exec(name.slice(prefix.length)) : null;
    if (m && !isRunning(Number(m[1]))) fsOps.rmSync(join(dirname(destination), name));
  }
}

/** A whole small file, written and fsynced. */
export function writeWhole(fsOps: ExportFs, path: string, text: string): void {
  const fd = fsOps.openSync(path, 'wx');
  try {
    writeFully(fd, Buffer.from(text, 'utf8'), fsOps.writeSync);
    fsOps.fsyncSync(fd);
  } finally {
    fsOps.closeSync(fd);
  }
}
