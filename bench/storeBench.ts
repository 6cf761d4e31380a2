// `npm run bench:store`: the store on 1,000,000 chat samples (≈1.5 GB, generated once, seeded, in
// $SAMPLE_CURATOR_BENCH_DIR or the temp folder). Prints one JSON line of figures.
//   --samples N   another size (default 1,000,000)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CURATOR_DIR, CurationStore } from '../src/core/store/curationStore';
import { peekFirstSample } from '../src/core/store/storeSamples';
import { DecisionLedger } from '../src/core/journal/decisionLedger';
import { journalFileName } from '../src/core/journal/journalFileNames';
import { buildLineIndexInWorkers } from '../src/core/ingest/parallelIndex';
import { writeBenchJournal } from './benchJournal';
import { generateChatSet } from './generateChatSet';
import { ascending, percentile } from './benchStats';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SAMPLES = arg('--samples', 1_000_000);
const WORKER = path.resolve(__dirname, '..', 'indexWorker.js');


/** Drops the page cache so "cold" means cold; needs root, reported when it could not. */
function dropCaches(): boolean {
  spawnSync('sync');
  try {
    fs.writeFileSync('/proc/sys/vm/drop_caches', '3');
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const base = process.env.SAMPLE_CURATOR_BENCH_DIR ?? path.join(os.tmpdir(), 'sample-curator-bench');
  const storeDir = path.join(base, `store-${SAMPLES}`);
  fs.mkdirSync(storeDir, { recursive: true });
  const gen = generateChatSet(path.join(storeDir, 'chat.jsonl'), SAMPLES);
  fs.rmSync(path.join(storeDir, CURATOR_DIR), { recursive: true, force: true });
  const indexer = (p: string, onProgress: Parameters<typeof buildLineIndexInWorkers>[1]['onProgress'], signal?: AbortSignal) =>
    buildLineIndexInWorkers(p, { workerScript: WORKER, workers: 2, onProgress, signal });

  const cold = dropCaches();
  let t = performance.now();
  const first = peekFirstSample(storeDir);
  const firstSampleMs = performance.now() - t;
  if (!first?.normalized) throw new Error('no first sample');

  t = performance.now();
  let store = await CurationStore.open(storeDir, { reviewer: 'bench', indexer });
  const coldOpenMs = performance.now() - t;
  if (store.size !== SAMPLES) throw new Error(`expected ${SAMPLES} samples, store has ${store.size}`);

  const reads: number[] = [];
  for (let k = 0; k < 10_000; k++) {
    const i = Math.floor(Math.random() * SAMPLES);
    const s = performance.now();
    store.sample(i);
    reads.push(performance.now() - s);
  }

  const decisions: number[] = [];
  for (let k = 0; k < 10_000; k++) {
    const s = performance.now();
    await store.decide(k * 97 % SAMPLES, k % 3 ? 'accepted' : 'rejected');
    decisions.push(performance.now() - s);
  }
  await store.close();

  t = performance.now();
  store = await CurationStore.open(storeDir, { reviewer: 'bench', indexer });
  const reopenMs = performance.now() - t;
  const rssStore = process.memoryUsage().rss;
  await store.close();

  // A day's journal of 1M events replayed in full (no snapshot): the worst case of a reopen.
  const replayDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-replay-'));
  fs.mkdirSync(path.join(replayDir, 'journal'));
  writeBenchJournal(path.join(replayDir, 'journal', journalFileName('replay')), 1_000_000);
  t = performance.now();
  const { ledger, report } = await DecisionLedger.open(replayDir, 'replay');
  const replayMs = performance.now() - t;
  if (report.replayedEvents !== 1_000_000 || report.fromSnapshot) throw new Error('replay did not read the whole journal');
  const rssAfterReplay = process.memoryUsage().rss;
  await ledger.close();
  fs.rmSync(replayDir, { recursive: true, force: true });

  const [sortedReads, sortedDecisions] = [ascending(reads), ascending(decisions)];
  console.log(JSON.stringify({
    bench: 'store',
    samples: SAMPLES,
    file_mb: Math.round(gen.bytes / 1e6),
    page_cache_dropped: cold,
    first_sample_ms: +firstSampleMs.toFixed(2),
    cold_open_ms: Math.round(coldOpenMs),
    reopen_ms: Math.round(reopenMs),
    read_p99_ms: +percentile(sortedReads, 99).toFixed(3),
    decision_durable_p50_ms: +percentile(sortedDecisions, 50).toFixed(3),
    decision_durable_p99_ms: +percentile(sortedDecisions, 99).toFixed(3),
    replay_1m_ms: Math.round(replayMs),
    rss_mb: Math.round(rssStore / 1e6),
    rss_after_replay_mb: Math.round(rssAfterReplay / 1e6),
    node: process.version,
    cpus: os.cpus().length,
  }));
}

main().catch((e: Error) => {
  console.error(e.stack);
  process.exit(1);
});
