// Worker thread entry (bundled as out/checksWorker.js): runs the checks over a store's samples
// off the extension host's main thread and posts progress and the results back.
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { loadBenchmarkIndex, type BenchmarkSpec } from './benchmarkFingerprints';
import type { WorkerMessage } from '../workers/runWorker';
import { runChecks, type CheckSource, type ChecksResult } from './checkRunner';

export interface ChecksWorkerInput {
  readonly sources: readonly CheckSource[];
  readonly threshold: number;
  /** The shipped GSM8K file (media/benchmarks/gsm8k-test.json), or undefined to skip it. */
  readonly shippedBenchmark?: string;
  readonly benchmarks: readonly BenchmarkSpec[];
  /**
   * Niceness of this thread (Linux sets it per thread, so only the checks yield): the reviewer's
   * decisions on the main thread come first. Default 5; 0 to leave it.
   */
  readonly nice?: number;
}

export type ChecksWorkerMessage = WorkerMessage<ChecksResult, { readonly done: number; readonly total: number }>;

const input = workerData as ChecksWorkerInput;
try {
  setPriority(input.nice ?? 5);
} catch {
  // not permitted here (or not Linux-like): run at normal priority
}
try {
  const index = input.shippedBenchmark || input.benchmarks.length ? loadBenchmarkIndex(input.shippedBenchmark, input.benchmarks) : undefined;
  const result = runChecks(input.sources, index, {
    threshold: input.threshold,
    onProgress: (done, total) => parentPort?.postMessage({ type: 'progress', done, total } satisfies ChecksWorkerMessage),
  });
  const transfer = [result.dupCluster, result.contaminated, result.verifier, result.model, result.template, result.origin, result.depth].map((a) => a.buffer as ArrayBuffer);
  parentPort?.postMessage({ type: 'done', result } satisfies ChecksWorkerMessage, transfer);
} catch (e) {
  parentPort?.postMessage({ type: 'error', message: (e as Error).message } satisfies ChecksWorkerMessage);
}
