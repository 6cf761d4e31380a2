// The checks of one store: loaded from `.curator/checks/` when nothing they depend on changed,
// otherwise run in the checks worker and saved there.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchmarkSpec } from '../checks/benchmarkFingerprints';
import type { ChecksResult } from '../checks/checkRunner';
import { checksKey, loadChecks, saveChecks } from '../checks/checksCache';
import { runChecksInWorker } from '../checks/checksInWorker';
import { CURATOR_DIR, type CurationStore } from './curationStore';
import { ensureStoreDir } from '../journal/storePaths';

export interface StoreChecksOptions {
  /** The bundled checks worker (out/checksWorker.js). */
  readonly workerScript: string;
  readonly threshold: number;
  readonly shippedBenchmark?: string;
  readonly benchmarks: readonly BenchmarkSpec[];
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

export async function storeChecks(store: CurationStore, options: StoreChecksOptions): Promise<{ readonly result: ChecksResult; readonly cached: boolean }> {
  const sources = store.checkSources();
  const benchmarkStamps = [options.shippedBenchmark, ...options.benchmarks.map((b) => b.path)].map((p) => {
    try {
      return p ? `${p}:${statSync(p).size}:${statSync(p).mtimeMs}` : '';
    } catch {
      return `${p}:missing`;
    }
  });
  const key = checksKey({
    sources: sources.map((s) => ({ key: s.key, defaults: s.defaults })), threshold: options.threshold,
    benchmarks: { stamps: benchmarkStamps, specs: options.benchmarks },
  });
  const dir = join(store.folder, CURATOR_DIR, 'checks');
  const path = join(dir, 'results.bin');
  const saved = loadChecks(path, key);
  if (saved && saved.count === store.size) return { result: saved, cached: true };
  const result = await runChecksInWorker(options.workerScript, {
    sources: sources.map(({ key: _key, ...s }) => s), threshold: options.threshold,
    ...(options.shippedBenchmark ? { shippedBenchmark: options.shippedBenchmark } : {}), benchmarks: options.benchmarks,
  }, options);
  // A read-only store (an untrusted workspace) keeps its results in memory: nothing is written there.
  if (!store.readOnly || store.readOnly.reason === 'locked') {
    ensureStoreDir(store.folder, CURATOR_DIR, 'checks');
    saveChecks(path, key, result);
  }
  return { result, cached: false };
}
