// Worker thread entry (bundled as out/indexWorker.js): indexes one byte range of a file and
// posts progress and the result back. Runs off the extension host's main thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerMessage } from '../workers/runWorker';
import { buildLineIndexOverlapped, type LineIndex } from './lineIndex';

export interface IndexWorkerInput {
  readonly path: string;
  readonly start: number;
  readonly end: number;
}

export type IndexWorkerMessage = WorkerMessage<LineIndex, { readonly bytesDone: number }>;

const input = workerData as IndexWorkerInput;
void (async () => {
  const index = await buildLineIndexOverlapped(input.path, {
    start: input.start, end: input.end,
    onProgress: (p) => parentPort?.postMessage({ type: 'progress', bytesDone: p.bytesDone } satisfies IndexWorkerMessage),
  });
  const transfer = [index.starts.buffer, index.lengths.buffer, index.lineNumbers.buffer, index.hashBytes.buffer] as ArrayBuffer[];
  parentPort?.postMessage({ type: 'done', result: index } satisfies IndexWorkerMessage, transfer);
})().catch((e: Error) => {
  parentPort?.postMessage({ type: 'error', message: e.message } satisfies IndexWorkerMessage);
});
