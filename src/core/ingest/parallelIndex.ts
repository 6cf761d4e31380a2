// Indexes a file with worker threads, one byte range each (split at line starts), and joins the
// parts. On this 2-core machine hashing dominates the index pass, so two workers halve it, and
// the calling thread (the extension host) never blocks.
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { runWorker } from '../workers/runWorker';
import type { IndexWorkerInput } from './indexWorker';
import { joinLineIndexes, type IndexProgress, type LineIndex } from './lineIndex';

/** Start offsets of `parts` ranges, each at the start of a line. */
export function splitAtLines(path: string, parts: number): number[] {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const starts = [0];
    const buf = Buffer.allocUnsafe(64 * 1024);
    for (let k = 1; k < parts; k++) {
      let pos = Math.max(Math.floor((size * k) / parts), starts[starts.length - 1]);
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, pos);
        if (n === 0) return starts;
        const nl = buf.subarray(0, n).indexOf(0x0a);
        if (nl !== -1) {
          const at = pos + nl + 1;
          if (at < size && at > starts[starts.length - 1]) starts.push(at);
          break;
        }
        pos += n;
      }
    }
    return starts;
  } finally {
    closeSync(fd);
  }
}

export interface ParallelIndexOptions {
  readonly workerScript: string;
  readonly workers?: number;
  readonly onProgress?: (p: IndexProgress) => void;
  readonly signal?: AbortSignal;
}

export async function buildLineIndexInWorkers(path: string, options: ParallelIndexOptions): Promise<LineIndex> {
  const size = statSync(path).size;
  const starts = splitAtLines(path, Math.max(1, options.workers ?? 2));
  const done = new Array<number>(starts.length).fill(0);
  // One failing part stops the others; so does the caller's signal.
  const stop = new AbortController();
  const forward = () => stop.abort(options.signal?.reason ?? new Error('indexing cancelled'));
  if (options.signal?.aborted) forward();
  options.signal?.addEventListener('abort', forward, { once: true });
  try {
    const parts = await Promise.all(starts.map((start, k) => runWorker<LineIndex, { readonly bytesDone: number }>(options.workerScript, {
      name: 'index',
      label: path,
      workerData: { path, start, end: starts[k + 1] ?? size } satisfies IndexWorkerInput,
      signal: stop.signal,
      onProgress: (m) => {
        done[k] = m.bytesDone;
        options.onProgress?.({ bytesDone: done.reduce((a, b) => a + b, 0), bytesTotal: size, lines: 0 });
      },
    })));
    const joined = joinLineIndexes(parts);
    return { ...joined, fileSize: size };
  } finally {
    options.signal?.removeEventListener('abort', forward);
    stop.abort(new Error('indexing stopped'));
  }
}
