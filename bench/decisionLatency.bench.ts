// Durable decision latency: what a reviewer waits for between a key press and the row updating.
// Builds a 10k-sample store in a temp folder, then times store.decide() (journal write + fdatasync)
// one at a time, and a burst of 1,000 concurrent decisions (coalesced writes).
// Prints one JSON line.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CurationStore } from '../src/core/store/curationStore';
import { percentile } from './benchStats';

const SAMPLES = 10_000;


async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-decisions-'));
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
  fs.rmSync(dir, { recursive: true, force: true });

  console.log(JSON.stringify({
    bench: 'decision_latency',
    samples: SAMPLES,
    store_open_ms: +openMs.toFixed(1),
    decision_durable_p50_ms: +percentile(latencies, 50).toFixed(3),
    decision_durable_p99_ms: +percentile(latencies, 99).toFixed(3),
    decision_durable_max_ms: +latencies[latencies.length - 1].toFixed(3),
    burst_1000_concurrent_ms: +burstMs.toFixed(1),
    node: process.version,
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model,
  }));
}

void main();
