// `npm run bench:store`: the store on 1,000,000 chat samples (≈1.5 GB, generated once, seeded, in
// $SAMPLE_CURATOR_BENCH_DIR or the temp folder). Prints one JSON line of figures, each timed one
// beside its floor measured in this run on the same files:
//   cold open   vs `cat chat.jsonl > /dev/null`, each after the same page-cache drop (needs root;
//               `page_cache_dropped: false` says both were warm)
//   reopen      vs reading and decoding the files a reopen loads: the saved line index and the
//               ledger snapshot (`loadIndex`, `decodeSnapshot`), nothing else; both in a fresh
//               process (reopenProbe.ts), as a reviewer's reopen is, medians of 5 alternated runs
//               (the warm in-process reopen and floor are printed beside them)
//   durable decision  vs a bare `write` + `fdatasync` of the same journal lines, one at a time, to a
//               file in the same folder (refused on tmpfs, where fdatasync is a no-op)
//   --samples N   another size (default 1,000,000)
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
import {
  bareWriteFdatasync, benchDataDir, catToDevNull, dropPageCache, lastLines, machine, numberArg, ratio, refuseTmpfs,
} from './benchFloor';
import { filesEnding, loadSavedState } from './savedState';
import { execFileSync } from 'node:child_process';

const SAMPLES = numberArg('--samples', 1_000_000);
const DECISIONS = 10_000;
const WORKER = path.resolve(__dirname, '..', 'indexWorker.js');
const PROBE = path.join(__dirname, 'reopenProbe.js');
const REOPENS = 5;

async function main(): Promise<void> {
  const storeDir = path.join(benchDataDir(), `store-${SAMPLES}`);
  fs.mkdirSync(storeDir, { recursive: true });
  const filesystem = refuseTmpfs(storeDir);
  const machineAtStart = machine(storeDir);
  const gen = generateChatSet(path.join(storeDir, 'chat.jsonl'), SAMPLES);
  fs.rmSync(path.join(storeDir, CURATOR_DIR), { recursive: true, force: true });
  const indexer = (p: string, onProgress: Parameters<typeof buildLineIndexInWorkers>[1]['onProgress'], signal?: AbortSignal) =>
    buildLineIndexInWorkers(p, { workerScript: WORKER, workers: 2, onProgress, signal });

  // The floor first, then the same drop again before the store's cold open.
  const cold = dropPageCache();
  const coldReadMs = catToDevNull(gen.path);
  dropPageCache();
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

  // The open saves its new line index and identity table behind it (36 MB and their fsyncs at 1M);
  // a reviewer's first verdict comes seconds after the first sample shows, so the decisions are
  // timed once those writes are done, not racing them for the disk's journal.
  await store.whenIndexesSaved();
  const decisions: number[] = [];
  for (let k = 0; k < DECISIONS; k++) {
    const s = performance.now();
    await store.decide(k * 97 % SAMPLES, k % 3 ? 'accepted' : 'rejected');
    decisions.push(performance.now() - s);
  }
  await store.close();
  // The same journal lines the decisions appended, each written and synced bare.
  const journals = filesEnding(path.join(storeDir, CURATOR_DIR, 'journal'), '.jsonl');
  if (journals.length !== 1) throw new Error(`expected one journal, found ${journals.length}`);
  const bareSyncs = ascending(bareWriteFdatasync(path.dirname(journals[0]), lastLines(journals[0], DECISIONS)));

  // The reopen as a reviewer meets it, in a fresh process, beside its floor in a fresh process too
  // (alternated, medians of REOPENS each): both run their code for the first time.
  const probe = (mode: 'reopen' | 'floor') => (JSON.parse(execFileSync(process.execPath, [PROBE, mode, storeDir], { encoding: 'utf8' })) as { ms: number }).ms;
  const reopens: number[] = [];
  const floors: number[] = [];
  for (let k = 0; k < REOPENS; k++) {
    reopens.push(probe('reopen'));
    floors.push(probe('floor'));
  }
  const reopenMs = percentile(ascending(reopens), 50);
  const savedMs = percentile(ascending(floors), 50);
  // And in this process, warm, for the memory figure.
  t = performance.now();
  store = await CurationStore.open(storeDir, { reviewer: 'bench', indexer });
  const reopenWarmMs = performance.now() - t;
  const rssStore = process.memoryUsage().rss;
  await store.close();
  const saved = loadSavedState(storeDir);

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
  const [decisionP50, decisionP99] = [percentile(sortedDecisions, 50), percentile(sortedDecisions, 99)];
  const [bareP50, bareP99] = [percentile(bareSyncs, 50), percentile(bareSyncs, 99)];
  console.log(JSON.stringify({
    bench: 'store',
    samples: SAMPLES,
    file_mb: Math.round(gen.bytes / 1e6),
    page_cache_dropped: cold,
    ...(cold ? {} : { page_cache_note: 'could not drop the page cache (not root): cold open and its floor were both read warm' }),
    cold_open_ms: Math.round(coldOpenMs),
    cold_open_floor_ms: Math.round(coldReadMs),
    cold_open_ratio: ratio(coldOpenMs, coldReadMs),
    reopen_ms: +reopenMs.toFixed(1),
    reopen_floor_ms: +savedMs.toFixed(1),
    reopen_ratio: ratio(reopenMs, savedMs),
    reopen_runs: REOPENS,
    reopen_floor_mb: +(saved.bytes / 1e6).toFixed(1),
    reopen_warm_ms: +reopenWarmMs.toFixed(1),
    reopen_warm_floor_ms: +saved.ms.toFixed(1),
    decision_durable_p50_ms: +decisionP50.toFixed(3),
    decision_durable_p99_ms: +decisionP99.toFixed(3),
    decision_durable_floor_p50_ms: +bareP50.toFixed(3),
    decision_durable_floor_p99_ms: +bareP99.toFixed(3),
    decision_durable_p99_ratio: ratio(decisionP99, bareP99),
    filesystem: filesystem.type,
    first_sample_ms: +firstSampleMs.toFixed(2),
    read_p99_ms: +percentile(sortedReads, 99).toFixed(3),
    replay_1m_ms: Math.round(replayMs),
    rss_mb: Math.round(rssStore / 1e6),
    rss_after_replay_mb: Math.round(rssAfterReplay / 1e6),
    machine: { ...machineAtStart, load_avg_1m_at_end: +os.loadavg()[0].toFixed(2) },
  }));
}

main().catch((e: Error) => {
  console.error(e.stack);
  process.exit(1);
});
