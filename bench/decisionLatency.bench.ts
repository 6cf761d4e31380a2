// Durable decision latency: what a reviewer waits for between a key press and the row updating.
// Builds a 10k-sample store in a temp folder, then times store.decide() (journal write + fdatasync)
// one at a time, and a burst of 1,000 concurrent decisions (each its own synced write on a local disk).
// Prints one JSON line; the floor is a bare `write` + `fdatasync` of the same journal lines, one at
// a time, in the same folder (the store's folder lies under $SAMPLE_CURATOR_BENCH_DIR; tmpfs refused).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CurationStore } from '../src/core/store/curationStore';
import { ascending, percentile } from './benchStats';
import { bareWriteFdatasync, benchDataDir, lastLines, machine, ratio, refuseTmpfs } from './benchFloor';

const SAMPLES = 10_000;


async function main(): Promise<void> {
  fs.mkdirSync(benchDataDir(), { recursive: true });
  const filesystem = refuseTmpfs(benchDataDir());
  const machineAtStart = machine();
  const dir = fs.mkdtempSync(path.join(benchDataDir(), 'bench-decisions-'));
  const lines = Array.from({ length: SAMPLES }, (_, i) =>
    JSON.stringify({ messages: [{ role: 'user', content: `Question ${i}: what is ${i} + ${i}?` }, { role: 'assistant', content: `${2 * i}` }] }));
  fs.writeFileSync(path.join(dir, 'samples.jsonl'), `${lines.join('\n')}\n`);
  const t0 = performance.now();
  const store = await CurationStore.open(dir, { reviewer: 'bench' });
  const openMs = performance.now() - t0;

  const latencies: number[] = [];
  for (let i = 0; i < 5_000; i++) {
    const start = performance.now();
    await store.decide(i, i % 3 === 0 ? 'rejected' : 'accepted');
    latencies.push(performance.now() - start);
  }
  latencies.sort((a, b) => a - b);

  const burstStart = performance.now();
  await Promise.all(Array.from({ length: 1_000 }, (_, k) => store.decide(5_000 + k, 'accepted')));
  const burstMs = performance.now() - burstStart;
  await store.close();
  const journalDir = path.join(dir, '.curator', 'journal');
  const journal = path.join(journalDir, fs.readdirSync(journalDir).find((f) => f.endsWith('.jsonl')) ?? '');
  const bare = ascending(bareWriteFdatasync(journalDir, lastLines(journal, 6_000).slice(0, 5_000)));
  fs.rmSync(dir, { recursive: true, force: true });
  const p99 = percentile(latencies, 99);

  console.log(JSON.stringify({
    bench: 'decision_latency',
    samples: SAMPLES,
    store_open_ms: +openMs.toFixed(1),
    decision_durable_p50_ms: +percentile(latencies, 50).toFixed(3),
    decision_durable_p99_ms: +p99.toFixed(3),
    decision_durable_floor_p50_ms: +percentile(bare, 50).toFixed(3),
    decision_durable_floor_p99_ms: +percentile(bare, 99).toFixed(3),
    decision_durable_p99_ratio: ratio(p99, percentile(bare, 99)),
    filesystem: filesystem.type,
    decision_durable_max_ms: +latencies[latencies.length - 1].toFixed(3),
    burst_1000_concurrent_ms: +burstMs.toFixed(1),
    machine: { ...machineAtStart, load_avg_1m_at_end: +os.loadavg()[0].toFixed(2) },
  }));
}

void main();
