// `npm run bench:all`: every benchmark, one after the other, on one generated set (the seeded chat
// set of `--samples` samples in $SAMPLE_CURATOR_BENCH_DIR, made by the first benchmark and reused
// by the others), each in its own process. Writes bench/results.json: each benchmark's JSON line,
// the scale, and the machine (CPU, cores, RAM, Node, filesystem, load average at start and end,
// date). `npm run bench:table` then fills the README's table from it.
//   --samples N    the chat set's size (default 1,000,000)
//   --keys K       key presses per variant of the ui benchmark (default 1,000; it times seven
//                  variants, panel and floor, so about 7 × K keys at ~50 ms each)
//   --skip a,b     leave some benchmarks out (e.g. --skip ui when code-server is not installed)
// A benchmark that fails is recorded as {error} and the run goes on; the exit code is then 1.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { benchDataDir, filesystemOf, machine, numberArg } from './benchFloor';

const SAMPLES = numberArg('--samples', 1_000_000);
const KEYS = numberArg('--keys', 1_000);
const skipAt = process.argv.indexOf('--skip');
const SKIP = new Set(skipAt > 0 ? process.argv[skipAt + 1].split(',') : []);
const LSP_LINES = 100_000; // an editor document, not the store: VS Code syncs files up to 50 MB to servers
const LEDGER_EVENTS = 1_000_000;

/** The benchmarks in the order they run: the store first (it generates the set and indexes it cold). */
const BENCHMARKS: readonly { name: string; script: string; args: string[]; node?: string[] }[] = [
  { name: 'store', script: 'storeBench.js', args: ['--samples', String(SAMPLES)], node: ['--max-old-space-size=512'] },
  { name: 'query', script: 'queryBench.js', args: ['--samples', String(SAMPLES)], node: ['--max-old-space-size=512'] },
  { name: 'export', script: 'exportBench.js', args: ['--samples', String(SAMPLES)], node: ['--max-old-space-size=512', '--expose-gc'] },
  { name: 'checks', script: 'checksBench.js', args: ['--samples', String(SAMPLES)], node: ['--expose-gc'] },
  { name: 'ledger', script: 'ledgerReplay.bench.js', args: ['--events', String(LEDGER_EVENTS)] },
  { name: 'decisions', script: 'decisionLatency.bench.js', args: [] },
  { name: 'lsp', script: 'lspBench.js', args: ['--lines', String(LSP_LINES)] },
  { name: 'contamination', script: 'contaminationBench.js', args: [] },
  { name: 'verifier', script: 'verifierBench.js', args: [] },
  { name: 'agreement', script: 'agreementBench.js', args: ['--samples', String(SAMPLES)] },
  { name: 'audit', script: 'auditBench.js', args: [] },
  // Runs bench:parquet-export itself and carries its line under `export`.
  { name: 'parquet', script: 'parquetBench.js', args: ['--samples', String(SAMPLES)] },
  { name: 'ui', script: 'uiBench.js', args: ['--samples', String(SAMPLES), '--keys', String(KEYS)] },
];

/** The project folder: the nearest above this bundle whose package.json is this project's. */
function projectRoot(): string {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    try {
      if ((JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'sample-curator') return dir;
    } catch {
      // no package.json here: go up
    }
  }
  throw new Error(`no sample-curator package.json above ${__dirname}`);
}

/** The last line of `stdout` that parses as a JSON object: the benchmark's one line. */
function jsonLine(stdout: string): Record<string, unknown> | undefined {
  for (const line of stdout.trim().split('\n').reverse()) {
    try {
      const v = JSON.parse(line) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // a log line
    }
  }
  return undefined;
}

function main(): void {
  const root = projectRoot();
  const dataDir = benchDataDir();
  fs.mkdirSync(dataDir, { recursive: true });
  const startedAt = new Date();
  const atStart = machine(dataDir);
  const loadStart = os.loadavg();
  const results: Record<string, unknown> = {};
  let failed = 0;
  for (const b of BENCHMARKS) {
    if (SKIP.has(b.name)) {
      results[b.name] = { skipped: true };
      continue;
    }
    console.log(`[bench:all] ${b.name} …`);
    const t = Date.now();
    const p = spawnSync(process.execPath, [...(b.node ?? []), path.join(__dirname, b.script), ...b.args], {
      cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20,
      env: { ...process.env, SAMPLE_CURATOR_BENCH_DIR: dataDir },
    });
    const line = p.status === 0 ? jsonLine(p.stdout) : undefined;
    if (line) {
      results[b.name] = line;
      console.log(JSON.stringify(line));
    } else {
      failed++;
      results[b.name] = { error: `exited ${p.status ?? p.signal} without a JSON line`, output_tail: p.stdout.slice(-2000) };
      console.error(`[bench:all] ${b.name} failed (exit ${p.status ?? p.signal})`);
    }
    console.log(`[bench:all] ${b.name} took ${((Date.now() - t) / 1000).toFixed(0)} s`);
  }
  const loadEnd = os.loadavg();
  const out = {
    scale: { samples: SAMPLES, lsp_lines: LSP_LINES, ledger_events: LEDGER_EVENTS, ui_keys: SKIP.has('ui') ? null : KEYS, skipped: [...SKIP] },
    machine: {
      ...atStart,
      filesystem: filesystemOf(dataDir).type,
      load_avg_start: loadStart.map((l) => +l.toFixed(2)),
      load_avg_end: loadEnd.map((l) => +l.toFixed(2)),
      date: startedAt.toISOString(),
      duration_s: Math.round((Date.now() - startedAt.getTime()) / 1000),
    },
    results,
  };
  delete (out.machine as Record<string, unknown>).load_avg_1m;
  const file = path.join(root, 'bench', 'results.json');
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`[bench:all] wrote ${path.relative(root, file)}${failed ? `; ${failed} benchmark(s) failed` : ''}`);
  process.exit(failed ? 1 : 0);
}

main();
