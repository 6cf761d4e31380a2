// Worker thread entry (bundled as out/validateWorker.js): validates one source off the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerMessage } from '../workers/runWorker';
import { validateSource, type ValidationInput, type ValidationResult } from './sourceValidation';

export type ValidateWorkerMessage = WorkerMessage<ValidationResult, never>;

try {
  const result = validateSource(workerData as ValidationInput);
  parentPort?.postMessage({ type: 'done', result } satisfies ValidateWorkerMessage);
} catch (e) {
  parentPort?.postMessage({ type: 'error', message: (e as Error).message } satisfies ValidateWorkerMessage);
}
