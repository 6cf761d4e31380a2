// Worker thread entry (bundled as out/hashWorker.js): the SHA-256 of one export file, from the
// chunks the export has just written, handed over (transferred, not copied) in file order. It takes
// the file hash (~1.1 s a million samples) off the thread that converts samples.
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import type { WorkerMessage } from '../workers/runWorker';

/** From the worker after each chunk: its length. */
export interface HashProgress {
  readonly bytes: number;
  /** The chunk, transferred back. */
  readonly back: Uint8Array;
}

/** To the worker: a chunk of the file (in order), or the end. */
export type HashWorkerInput = { readonly chunk: Uint8Array } | { readonly end: true };

const hash = createHash('sha256');
parentPort?.on('message', (m: HashWorkerInput) => {
  if ('chunk' in m) {
    hash.update(m.chunk);
    // How far it got (the export holds back while too much waits here), and the chunk's memory
    // handed back for the export's next buffer: garbage here would wait for this thread's GC.
    parentPort?.postMessage({ type: 'progress', bytes: m.chunk.length, back: m.chunk } satisfies WorkerMessage<string, HashProgress>, [m.chunk.buffer as ArrayBuffer]);
    return;
  }
  parentPort?.postMessage({ type: 'done', result: hash.digest('hex') } satisfies WorkerMessage<string>);
});
