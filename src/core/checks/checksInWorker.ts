// Starts the checks worker (one thread: the checks share the machine with the reviewer's
// decisions and the extension host) and resolves with its results.
import { Worker } from 'node:worker_threads';
import type { ChecksResult } from './checkRunner';
import type { ChecksWorkerInput, ChecksWorkerMessage } from './checksWorker';

export function runChecksInWorker(
  script: string,
  input: ChecksWorkerInput,
  options: { readonly onProgress?: (done: number, total: number) => void; readonly signal?: AbortSignal } = {},
): Promise<ChecksResult> {
  return new Promise((resolve, reject) => {
    // The old generation is capped so parsed records' garbage is collected early instead of
    // growing the heap (typed arrays live outside it); 256 MB leaves room for many details.
    const w = new Worker(script, { workerData: input, resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 16 } });
    const abort = () => {
      void w.terminate();
      reject(options.signal?.reason ?? new Error('checks cancelled'));
    };
    options.signal?.addEventListener('abort', abort, { once: true });
    const finish = () => options.signal?.removeEventListener('abort', abort);
    w.on('message', (m: ChecksWorkerMessage) => {
      if (m.type === 'progress') options.onProgress?.(m.done, m.total);
      else {
        finish();
        if (m.type === 'done') resolve(m.result);
        else reject(new Error(`checks: ${m.message}`));
        void w.terminate();
      }
    });
    w.once('error', (e) => {
      finish();
      reject(e);
    });
    w.once('exit', (code) => {
      finish();
      if (code !== 0 && !options.signal?.aborted) reject(new Error(`checks worker exited with code ${code}`));
    });
  });
}
