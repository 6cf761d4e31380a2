// `npm run bench:export`: exports 1,000,000 accepted chat samples (the store benchmark's data file,
// hard-linked into a store of its own so the other benchmarks' journals stay untouched) as OpenAI
// chat JSONL with a 10% split, then removes the export. Prints one JSON line of figures, the
// export's time beside its floor: a plain streaming rewrite of the same file in the same process
// (read in 8 MiB chunks, JSON.parse and JSON.stringify each line, write, sha256 of what is
// written), into the same output folder.
//   --samples N   another size (default 1,000,000)
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openAcceptedStore, processFigures, timedExport } from './exportBenchRun';
import { benchDataDir, machine, numberArg, peakRssMb, ratio } from './benchFloor';

const SAMPLES = numberArg('--samples', 1_000_000);

/** The floor: `source` rewritten line by line through JSON.parse / JSON.stringify, hashed; ms. */
function plainRewrite(source: string, destination: string): { ms: number; lines: number } {
  const t = performance.now();
  const input = fs.openSync(source, 'r');
  const output = fs.openSync(destination, 'w');
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(8 << 20);
  let rest = '';
  let lines = 0;
  try {
    for (let n = fs.readSync(input, buf); ; n = fs.readSync(input, buf)) {
      const parts = (rest + buf.toString('utf8', 0, n)).split('\n');
      rest = n > 0 ? (parts.pop() ?? '') : '';
      const out: string[] = [];
      for (const line of parts) if (line) out.push(JSON.stringify(JSON.parse(line)));
      lines += out.length;
      if (out.length) {
        const bytes = Buffer.from(`${out.join('\n')}\n`);
        hash.update(bytes);
        fs.writeSync(output, bytes);
      }
      if (n === 0) break;
    }
    hash.digest('hex');
  } finally {
    fs.closeSync(input);
    fs.closeSync(output);
  }
  return { ms: performance.now() - t, lines };
}

async function main(): Promise<void> {
  const machineAtStart = machine();
  const base = benchDataDir();
  const { store, data } = await openAcceptedStore(SAMPLES, 'export');
  const rssBeforeMb = Math.round(process.memoryUsage().rss / 1e6);

  const outParent = fs.mkdtempSync(path.join(base, 'export-out-'));
  try {
    const timed = await timedExport(store, {
      format: 'openai-chat', destination: path.join(outParent, 'set'), split: { ratio: 0.1, seed: 1 },
    });
    const { result, totalS, planS, cpuS } = timed;
    const c = result.manifest.counts;
    const peakRss = peakRssMb(); // before the floor's own buffers
    const floor = plainRewrite(data, path.join(outParent, 'plain-rewrite.jsonl'));
    if (floor.lines !== SAMPLES) throw new Error(`the plain rewrite read ${floor.lines} lines, expected ${SAMPLES}`);
    console.log(JSON.stringify({
      bench: 'export',
      samples: SAMPLES,
      exported: c.exported,
      refused: c.refused,
      export_1m_s: +totalS.toFixed(2),
      export_floor_s: +(floor.ms / 1000).toFixed(2),
      export_ratio: ratio(totalS * 1000, floor.ms),
      plan_s: +planS.toFixed(2),
      write_s: +(totalS - planS).toFixed(2),
      // CPU time of this process (user + system): steadier than wall time on a shared machine.
      cpu_s: +cpuS.toFixed(2),
      out_mb: Math.round([...result.manifest.files, result.manifest.samples].reduce((n, f) => n + f.bytes, 0) / 1e6),
      ...processFigures(timed, rssBeforeMb, peakRss),
      machine: { ...machineAtStart, load_avg_1m_at_end: +os.loadavg()[0].toFixed(2) },
    }));
  } finally {
    await store.close();
    fs.rmSync(outParent, { recursive: true, force: true });
  }
}

main().catch((e: Error) => {
  console.error(e.stack);
  process.exit(1);
});
