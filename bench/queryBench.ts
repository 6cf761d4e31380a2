// `npm run bench:query`: filter, search and sort over the 1,000,000-sample bench store (the one
// `bench:store` generates, reused when present). Prints one JSON line of figures. The text search's
// floor is one streaming read of the same file in this process (warm, as the search reads it); the
// filters and sorts over the in-memory state have no file to read, so no floor.
//   --samples N   another size (default 1,000,000)

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CurationStore } from '../src/core/store/curationStore';
import { buildLineIndexInWorkers } from '../src/core/ingest/parallelIndex';
import { runQuery, type QueryableStore, type SampleQuery } from '../src/core/query/sampleQuery';
import { generateChatSet } from './generateChatSet';
import { benchDataDir, machine, numberArg, ratio, readOnce } from './benchFloor';

const SAMPLES = numberArg('--samples', 1_000_000);
const WORKER = path.resolve(__dirname, '..', 'indexWorker.js');

/** Runs a query; its time, its matches and the longest the event loop waited between chunks. */
async function timed(store: QueryableStore, query: SampleQuery): Promise<{ ms: number; matches: number; maxChunkMs: number }> {
  let last = performance.now();
  let maxChunkMs = 0;
  const t = last;
  const result = await runQuery(store, query, {
    onProgress: () => {
      const now = performance.now();
      maxChunkMs = Math.max(maxChunkMs, now - last);
      last = now;
    },
  });
  return { ms: Math.round(performance.now() - t), matches: result.length, maxChunkMs: +maxChunkMs.toFixed(1) };
}

async function main(): Promise<void> {
  const machineAtStart = machine();
  const base = benchDataDir();
  const storeDir = path.join(base, `store-${SAMPLES}`);
  fs.mkdirSync(storeDir, { recursive: true });
  generateChatSet(path.join(storeDir, 'chat.jsonl'), SAMPLES);
  const indexer = (p: string, onProgress: Parameters<typeof buildLineIndexInWorkers>[1]['onProgress'], signal?: AbortSignal) =>
    buildLineIndexInWorkers(p, { workerScript: WORKER, workers: 2, onProgress, signal });
  const store = await CurationStore.open(storeDir, { reviewer: 'bench-query', indexer });
  try {
    if (store.size !== SAMPLES) throw new Error(`expected ${SAMPLES} samples, store has ${store.size}`);
    // Every 7th sample accepted, as one bulk step (the journal is this reviewer's own).
    if (store.counts().accepted === 0) await store.decideMany(Array.from({ length: Math.ceil(SAMPLES / 7) }, (_, k) => k * 7), 'accepted');
    const q: QueryableStore = store;

    const verdict = await timed(q, { verdicts: ['accepted'] });
    const firstText = await timed(q, { text: 'Energy system' });
    const text = await timed(q, { text: 'Energy system' });
    const readMs = readOnce(path.join(storeDir, 'chat.jsonl'));
    const regex = await timed(q, { text: '/water \\w+ energy/i' });
    const model = await timed(q, { models: ['teacher-c-405b'] });
    const sort = await timed(q, { sort: 'length' });
    const sortSource = await timed(q, { sort: 'source', descending: true });

    console.log(JSON.stringify({
      bench: 'query',
      samples: SAMPLES,
      filter_verdict_1m_ms: verdict.ms,
      filter_verdict_matches: verdict.matches,
      search_text_1m_ms: text.ms,
      search_text_floor_ms: +readMs.toFixed(1),
      search_text_ratio: ratio(text.ms, readMs),
      search_text_first_run_ms: firstText.ms,
      search_text_matches: text.matches,
      search_text_max_chunk_ms: text.maxChunkMs,
      search_regex_1m_ms: regex.ms,
      search_regex_matches: regex.matches,
      filter_model_1m_ms: model.ms,
      filter_model_matches: model.matches,
      sort_length_1m_ms: sort.ms,
      sort_source_1m_ms: sortSource.ms,
      rss_mb: Math.round(process.memoryUsage().rss / 1e6),
      machine: { ...machineAtStart, load_avg_1m_at_end: +os.loadavg()[0].toFixed(2) },
    }));
  } finally {
    await store.close();
  }
}

main().catch((e: Error) => {
  console.error(e.stack);
  process.exit(1);
});
