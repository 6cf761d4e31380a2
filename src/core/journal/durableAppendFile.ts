// An append-only file whose append() resolves only once the bytes are on disk. The file is opened
// O_DSYNC, so each write returns only once its data (and the size that reaches it) is durable —
// what write + fdatasync give, in one system call and one trip to libuv's thread pool instead of
// two (the second trip was most of a decision's latency beyond the bare sync). On a local disk the
// write is made on the caller's thread: a synced write of one journal line costs less than the
// trip to libuv's pool and back (measured here: 0.14 ms p50 inline; the pool adds 0.05 ms at p50,
// 0.3 ms at p99). A write slower than INLINE_WRITE_MS says the disk is slow (a network or USB
// filesystem): the next writes go to the pool, so the extension host is never held long, and
// appends that arrive while a pool write runs are coalesced into the next single write (measured:
// one combined synced write costs about what one small one does). Inline, a burst of appends is a
// write each (1,000 at once: ~0.17 s instead of ~0.03 s); bulk actions are one event, and a
// reviewer's keys come one at a time.
//
// The file is opened without following a symlink (a cloned repository may plant one), and it
// knows its identity (device + inode) and its own length, so the owner can tell when the path was
// replaced (git checkout, a delete) or written by someone else underneath it.
import { constants, ftruncateSync, lstatSync, writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { NO_FOLLOW } from './storePaths';

/** O_DSYNC where the platform has it (not Windows: there each write is followed by a datasync). */
const DSYNC: number | undefined = constants.O_DSYNC;

/** An inline write slower than this sends the next POOL_WRITES_AFTER_SLOW writes to the thread pool. */
const INLINE_WRITE_MS = 2;
const POOL_WRITES_AFTER_SLOW = 200;

interface Pending {
  readonly text: string;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

/** Why the file at the path is no longer the file this object appends to. */
export type FileDrift = 'deleted' | 'replaced' | 'resized';

export class DurableAppendFile {
  #queue: Pending[] = [];
  #draining = false;
  #size: number;
  /** Bytes of the batch being written now (the file may hold any part of them before the sync). */
  #inFlight = 0;
  /** Writes still to go through the thread pool since an inline write was slow (0: inline). */
  #poolWrites = 0;

  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
    size: number,
    readonly dev: number,
    readonly ino: number,
  ) {
    this.#size = size;
  }

  /**
   * Opens (creating) the file for appending. `validLength` cuts off a torn tail first: only a
   * caller holding the journal's lock may pass it (another writer's unfinished line is not torn).
   */
  static async open(path: string, validLength?: number): Promise<DurableAppendFile> {
    const handle = await open(path, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | (DSYNC ?? 0) | NO_FOLLOW, 0o644);
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new Error(`${path}: not a regular file`);
      let size = stat.size;
      if (validLength !== undefined && validLength < size) {
        await handle.truncate(validLength);
        await handle.datasync();
        size = validLength;
      }
      return new DurableAppendFile(handle, path, size, stat.dev, stat.ino);
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  get size(): number {
    return this.#size;
  }

  /**
   * Whether the path still names this file at the length this object wrote: undefined if so,
   * else what changed. Synchronous and cheap (one lstat, one fstat) — called around every append.
   */
  drift(): FileDrift | undefined {
    let onPath;
    try {
      onPath = lstatSync(this.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'deleted';
      throw e;
    }
    if (onPath.ino !== this.ino || onPath.dev !== this.dev) return 'replaced';
    return onPath.size < this.#size || onPath.size > this.#size + this.#inFlight ? 'resized' : undefined;
  }

  /** Every byte of this file (the open one, even if the path now names another). */
  async readAll(): Promise<Buffer> {
    const { size } = await this.handle.stat();
    const buf = Buffer.alloc(size);
    let got = 0;
    while (got < size) {
      const { bytesRead } = await this.handle.read(buf, got, size - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return buf.subarray(0, got);
  }

  /** Appends text; resolves when it is durable, rejects (and leaves the file as before) on failure. */
  append(text: string): Promise<void> {
    if (DSYNC !== undefined && !this.#draining && this.#poolWrites === 0) {
      try {
        this.#writeInline(text);
        return Promise.resolve();
      } catch (e) {
        return Promise.reject(e);
      }
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ text, resolve, reject });
      if (!this.#draining) void this.#drain();
    });
  }

  /** Resolves once every append called so far has been written and synced (or has failed). */
  async settle(): Promise<void> {
    while (this.#draining) await new Promise((r) => setImmediate(r));
  }

  async close(): Promise<void> {
    await this.settle();
    await this.handle.close();
  }

  /** One synced write on this thread (O_DSYNC: durable when it returns); on failure the file is cut back. */
  #writeInline(text: string): void {
    const data = Buffer.from(text, 'utf8');
    const fd = this.handle.fd;
    const started = performance.now();
    this.#inFlight = data.length;
    try {
      for (let written = 0; written < data.length; ) written += writeSync(fd, data, written, data.length - written);
      this.#size += data.length;
    } catch (e) {
      try {
        ftruncateSync(fd, this.#size);
      } catch {
        // the write's own error is the one to report
      }
      throw e;
    } finally {
      this.#inFlight = 0;
    }
    if (performance.now() - started > INLINE_WRITE_MS) this.#poolWrites = POOL_WRITES_AFTER_SLOW;
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0);
      if (this.#poolWrites > 0) this.#poolWrites--;
      const data = Buffer.from(batch.map((p) => p.text).join(''), 'utf8');
      this.#inFlight = data.length;
      try {
        let written = 0;
        while (written < data.length) {
          // O_DSYNC: durable when write returns.
          const { bytesWritten } = await this.handle.write(data, written, data.length - written);
          written += bytesWritten;
        }
        if (DSYNC === undefined) await this.handle.datasync();
        this.#size += data.length;
        this.#inFlight = 0;
        for (const p of batch) p.resolve();
      } catch (e) {
        // Cut back to the last durable length so a half-written batch never precedes later lines.
        await this.handle.truncate(this.#size).catch(() => undefined);
        this.#inFlight = 0;
        for (const p of batch) p.reject(e);
      }
    }
    this.#draining = false;
  }
}
