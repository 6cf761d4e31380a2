// What the export benchmarks share: the store they export from (the store benchmark's generated
// data file, hard-linked into a store of the bench's own so the other benchmarks' journals stay
// untouched, with a copy of its saved line index, every sample accepted), and the timed export of
// every accepted sample with its progress gaps and resident memory watched.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CURATOR_DIR, CurationStore } from '../src/core/store/curationStore';
import { writeExport, type ExportOptions, type ExportResult } from '../src/core/export/curatedExport';
import { planExport, type ExportProgress } from '../src/core/export/exportPlan';
import { generateChatSet } from './generateChatSet';
import { benchDataDir, collectGarbage } from './benchFloor';

/** Opens (generating and accepting on a first run) `<name>-store-<samples>`; `data` is its chat.jsonl. */
export async function openAcceptedStore(samples: number, name: string): Promise<{ store: CurationStore; data: string }> {
  const base = benchDataDir();
  const dataDir = path.join(base, `store-${samples}`);
  fs.mkdirSync(dataDir, { recursive: true });
  generateChatSet(path.join(dataDir, 'chat.jsonl'), samples);
  const storeDir = path.join(base, `${name}-store-${samples}`);
  fs.mkdirSync(path.join(storeDir, CURATOR_DIR, 'index'), { recursive: true });
  const data = path.join(storeDir, 'chat.jsonl');
  if (!fs.existsSync(data) || fs.statSync(data).ino !== fs.statSync(path.join(dataDir, 'chat.jsonl')).ino) {
    fs.rmSync(data, { force: true });
    fs.linkSync(path.join(dataDir, 'chat.jsonl'), data);
  }
  const savedIndex = path.join(dataDir, CURATOR_DIR, 'index', 'chat.jsonl.idx');
  const ownIndex = path.join(storeDir, CURATOR_DIR, 'index', 'chat.jsonl.idx');
  if (fs.existsSync(savedIndex) && !fs.existsSync(ownIndex)) fs.copyFileSync(savedIndex, ownIndex);

  const store = await CurationStore.open(storeDir, { reviewer: `bench-${name}` });
  if (store.size !== samples) throw new Error(`expected ${samples} samples, store has ${store.size}`);
  if (store.counts().accepted !== samples) await store.decideMany(Array.from({ length: samples }, (_, i) => i), 'accepted');
  // The setup's garbage (a first run accepts every sample in one step: a line of a million hashes)
  // is not the export's: collect it first when the bench runs with --expose-gc (the export benches'
  // scripts do); a reviewer's decisions were made long before they export.
  collectGarbage();
  return { store, data };
}

export interface TimedExport {
  readonly result: ExportResult;
  readonly totalS: number;
  readonly planS: number;
  /** CPU time of this process (user + system, every thread), in seconds. */
  readonly cpuS: number;
  readonly maxRssMb: number;
  readonly maxGapMs: number;
  readonly gapPhase: string;
  readonly rssByPhase: Record<string, number>;
}

/** Plans and writes the export of every accepted sample, timed, RSS and progress gaps watched at each progress report. */
export async function timedExport(store: CurationStore, options: Omit<ExportOptions, 'onProgress' | 'licenceIssues' | 'tool'>): Promise<TimedExport> {
  let lastProgress = performance.now();
  let maxGapMs = 0;
  let maxRss = 0;
  let gapPhase = '';
  const rssByPhase: Record<string, number> = {};
  const onProgress = (p: ExportProgress) => {
    const now = performance.now();
    if (now - lastProgress > maxGapMs) [maxGapMs, gapPhase] = [now - lastProgress, p.phase];
    lastProgress = now;
    const rss = process.memoryUsage().rss;
    maxRss = Math.max(maxRss, rss);
    rssByPhase[p.phase] = Math.max(rssByPhase[p.phase] ?? 0, Math.round(rss / 1e6));
  };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  lastProgress = t0;
  const plan = await planExport(store, { query: { verdicts: ['accepted'] }, onProgress });
  const planS = (performance.now() - t0) / 1000;
  const result = await writeExport(store, plan, {
    ...options, licenceIssues: 'include', tool: { name: 'Sample Curator', version: 'bench' }, onProgress,
    hashWorkerScript: path.resolve(__dirname, '..', 'hashWorker.js'),
    parquetWorkerScript: path.resolve(__dirname, '..', 'parquetExportWorker.js'),
  });
  const totalS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  maxRss = Math.max(maxRss, process.memoryUsage().rss);
  return { result, totalS, planS, cpuS: (cpu.user + cpu.system) / 1e6, maxRssMb: Math.round(maxRss / 1e6), maxGapMs, gapPhase, rssByPhase };
}

/** What both export benches print about the process: its memory (store included: rss_before_export_mb is the opened store with its decisions' ledger) and its longest pause between progress reports. */
export function processFigures(t: TimedExport, rssBeforeMb: number, peakRssMb: number): Record<string, unknown> {
  return {
    rss_mb: t.maxRssMb, rss_before_export_mb: rssBeforeMb, peak_rss_process_mb: peakRssMb,
    max_progress_gap_ms: Math.round(t.maxGapMs), max_gap_before_phase: t.gapPhase, rss_mb_by_phase: t.rssByPhase,
  };
}
