// The SHA-256 of an export file as it is written, on this thread or on a worker (hashWorker.ts,
// through runWorker). The worker gets each chunk's memory (transferred): the caller must not touch
// a chunk it gave away.
import { createHash } from 'node:crypto';
import { runWorker } from '../workers/runWorker';
import type { HashProgress, HashWorkerInput } from './hashWorker';

export interface FileHash {
  /** The next bytes of the file; `owned`: the caller gives the chunk and its memory away (it may be transferred). */
  update(chunk: Buffer, owned: boolean): void;
  /** The hex digest of everything given; call once. */
  digest(): Promise<string>;
  /** Stops without a digest (a failed export). */
  abandon(): void;
  /** Whether more than the allowed bytes wait to be hashed (then await drained() before writing more). */
  readonly backedUp: boolean;
  drained(): Promise<void>;
  /** A buffer of `size` bytes for the next chunk: memory a worker gave back when there is some. */
  buffer(size: number): Buffer;
}

/** Bytes given to a worker and not hashed yet, at most: the export waits past this (a worker short of CPU would otherwise queue the whole file in memory). */
const MAX_BACKLOG_BYTES = 16 << 20;

export function fileHashOnThisThread(): FileHash {
  const hash = createHash('sha256');
  // The last chunk given away is hashed and free: two buffers take turns.
  let spare: ArrayBuffer | undefined;
  return {
    update(chunk, owned) {
      hash.update(chunk);
      if (owned) spare = chunk.buffer as ArrayBuffer;
    },
    digest: () => Promise.resolve(hash.digest('hex')),
    abandon: () => undefined,
    backedUp: false,
    drained: () => Promise.resolve(),
    buffer(size) {
      const b = spare;
      spare = undefined;
      return b?.byteLength === size ? Buffer.from(b) : Buffer.allocUnsafe(size);
    },
  };
}

/** On a worker started from `script` (out/hashWorker.js); a worker that fails rejects the digest, and the next update throws. */
export function fileHashOnWorker(script: string, label: string): FileHash {
  const stop = new AbortController();
  let send!: (message: HashWorkerInput, transfer?: readonly ArrayBuffer[]) => void;
  let failure: Error | undefined;
  let backlog = 0;
  let wake: (() => void) | undefined;
  const free: ArrayBuffer[] = [];
  const done = runWorker<string, HashProgress>(script, {
    name: 'export file hash', label, signal: stop.signal, feed: (s) => (send = s),
    onProgress: (p) => {
      backlog -= p.bytes;
      if (free.length < 32) free.push(p.back.buffer as ArrayBuffer);
      if (wake && backlog <= MAX_BACKLOG_BYTES) {
        wake();
        wake = undefined;
      }
    },
  });
  done.catch((e: Error) => {
    failure = e;
    wake?.();
  });
  return {
    buffer(size) {
      const i = free.findIndex((b) => b.byteLength === size);
      return i === -1 ? Buffer.allocUnsafe(size) : Buffer.from(free.splice(i, 1)[0]);
    },
    get backedUp() {
      return backlog > MAX_BACKLOG_BYTES;
    },
    drained() {
      if (failure) return Promise.reject(failure);
      if (backlog <= MAX_BACKLOG_BYTES) return Promise.resolve();
      return new Promise<void>((resolve) => (wake = resolve)).then(() => {
        if (failure) throw failure;
      });
    },
    update(chunk, owned) {
      if (failure) throw failure;
      // The view is transferred with its memory (offset and length kept); a chunk not given away,
      // or one in Node's shared pool of small buffers, is copied first.
      const bytes = owned && chunk.buffer.byteLength > Buffer.poolSize ? chunk : Uint8Array.prototype.slice.call(chunk);
      backlog += bytes.length;
      send({ chunk: bytes }, [bytes.buffer as ArrayBuffer]);
    },
    digest() {
      send({ end: true });
      return done;
    },
    abandon() {
      stop.abort(new Error('export abandoned'));
    },
  };
}
