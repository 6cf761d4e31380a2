// Starts the checks worker (one thread: the checks share the machine with the reviewer's
// decisions and the extension host) and resolves with its results.
import { runWorker } from '../workers/runWorker';
import type { ChecksResult } from './checkRunner';
import type { ChecksWorkerInput } from './checksWorker';

export function runChecksInWorker(
  script: string,
  input: ChecksWorkerInput,
  options: { readonly onProgress?: (done: number, total: number) => void; readonly signal?: AbortSignal } = {},
): Promise<ChecksResult> {
  return runWorker<ChecksResult, { readonly done: number; readonly total: number }>(script, {
    name: 'checks',
    label: 'checks',
    workerData: input,
    // The old generation is capped so parsed records' garbage is collected early instead of
    // growing the heap (typed arrays live outside it); 256 MB leaves room for many details.
    resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 16 },
    onProgress: (m) => options.onProgress?.(m.done, m.total),
    signal: options.signal,
  });
}
