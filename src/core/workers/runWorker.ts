// The one way the core starts a worker thread (index, validation, checks, team, an export's file
// hash). The promise settles
// exactly once, on whichever comes first: the worker's result, its error message, an uncaught
// throw, an abort, or its exit without any of these (a crash, process.exit, a script that never
// posts) — a caller waiting on it is never left hanging.
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * What a worker posts back, the contract of every worker entry (indexWorker.ts, validateWorker.ts,
 * checksWorker.ts): any number of progress messages, then one result or one error.
 */
export type WorkerMessage<R, P extends object = object> =
  | ({ readonly type: 'progress' } & P)
  | { readonly type: 'done'; readonly result: R }
  | { readonly type: 'error'; readonly message: string };

export interface RunWorkerOptions<P extends object> {
  /** Which worker, for messages: "the checks worker exited (code 1) without a result". */
  readonly name: string;
  /** What the errors are about (a file name); prefixed to them as `label: …`. */
  readonly label?: string;
  readonly workerData?: unknown;
  readonly resourceLimits?: ResourceLimits;
  readonly onProgress?: (message: P) => void;
  /** Terminates the worker and rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /**
   * For a worker fed as it runs (hashWorker.ts): called at once with a function that posts to it
   * (`transfer`: memory handed over, not copied). Posts after it settled are dropped.
   */
  readonly feed?: (send: (message: unknown, transfer?: readonly ArrayBuffer[]) => void) => void;
}

export function runWorker<R, P extends object = object>(script: string, options: RunWorkerOptions<P>): Promise<R> {
  const { signal } = options;
  const prefix = options.label === undefined ? '' : `${options.label}: `;
  if (signal?.aborted) return Promise.reject(cancelled(signal, options.name));
  return new Promise<R>((resolve, reject) => {
    const worker = new Worker(script, {
      workerData: options.workerData,
      ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
    });
    let settled = false;
    const settle = (fail: Error | undefined, result?: R) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      void worker.terminate();
      if (fail) reject(fail);
      else resolve(result as R);
    };
    const abort = () => settle(cancelled(signal, options.name));
    options.feed?.((message, transfer) => {
      if (!settled) worker.postMessage(message, transfer as ArrayBuffer[] | undefined);
    });
    signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', (m: WorkerMessage<R, P>) => {
      if (m.type === 'progress') options.onProgress?.(m);
      else if (m.type === 'done') settle(undefined, m.result);
      else settle(new Error(`${prefix}${m.message}`));
    });
    worker.once('error', (e) => settle(e));
    worker.once('exit', (code) => settle(new Error(`${prefix}the ${options.name} worker exited (code ${code}) without a result`)));
  });
}

function cancelled(signal: AbortSignal | undefined, name: string): Error {
  return (signal?.reason as Error | undefined) ?? new Error(`${name} cancelled`);
}
