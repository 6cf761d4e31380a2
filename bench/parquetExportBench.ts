// `npm run bench:parquet-export`: exports 1,000,000 accepted chat samples (the store benchmark's
// data file, in a store of this bench's own) as OpenAI chat in Parquet shards (snappy, the
// defaults' row groups and shard size), then removes the export. Prints one JSON line: the export's
// time beside its floor, a plain hyparquet-writer rewrite of the same rows in the same process (the
// file read in 8 MiB chunks, each line JSON.parse'd to the row export writes, row groups of the
// same size, same schema and codec, streamed to one file, SHA-256 of what is written, one fsync),
// into the same output folder; and the resident memory of both.
//   --samples N   another size (default 1,000,000)
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ParquetWriter } from 'hyparquet-writer';
import { ParquetByteSink } from '../src/core/export/parquetByteSink';
import { parquetSchema, type ColumnField } from '../src/core/formats/parquetColumns';
import { parquetColumnsOf } from '../src/core/export/parquetFormats';
import { DEFAULT_ROW_GROUP_ROWS } from '../src/core/export/parquetShards';
import { writeFully } from '../src/core/journal/durableWrite';
import { openAcceptedStore, processFigures, timedExport } from './exportBenchRun';
import { benchDataDir, machine, numberArg, peakRssMb, ratio } from './benchFloor';

const SAMPLES = numberArg('--samples', 1_000_000);
const TARGET_RATIO = 1.5;

/** The floor: `source`'s rows rewritten as Parquet by hyparquet-writer alone; ms, rows and the largest RSS seen. */
function plainParquetRewrite(source: string, destination: string): { ms: number; cpuS: number; rows: number; bytes: number; maxRssMb: number } {
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  const input = fs.openSync(source, 'r');
  const output = fs.openSync(destination, 'w');
  const hash = createHash('sha256');
  const sink = new ParquetByteSink((bytes) => {
    writeFully(output, bytes);
    hash.update(bytes);
  });
  const writer = new ParquetWriter({ writer: sink, schema: parquetSchema(parquetColumnsOf('openai-chat') as readonly ColumnField[]), codec: 'SNAPPY' });
  const buf = Buffer.allocUnsafe(8 << 20);
  let messages: unknown[] = [];
  let rest = '';
  let rows = 0;
  let maxRss = 0;
  const writeGroup = () => {
    void writer.write({ columnData: [{ name: 'messages', data: messages }, { name: 'tools', data: new Array(messages.length) }], rowGroupSize: messages.length });
    sink.drain();
    rows += messages.length;
    messages = [];
    maxRss = Math.max(maxRss, process.memoryUsage().rss);
  };
  try {
    for (let n = fs.readSync(input, buf); ; n = fs.readSync(input, buf)) {
      const parts = (rest + buf.toString('utf8', 0, n)).split('\n');
      rest = n > 0 ? (parts.pop() ?? '') : '';
      for (const line of parts) {
        if (!line) continue;
        messages.push((JSON.parse(line) as { messages: unknown }).messages);
        if (messages.length === DEFAULT_ROW_GROUP_ROWS) writeGroup();
      }
      if (n === 0) break;
    }
    if (messages.length) writeGroup();
    void writer.finish();
    hash.digest('hex');
    fs.fsyncSync(output);
  } finally {
    fs.closeSync(input);
    fs.closeSync(output);
  }
  const cpu = process.cpuUsage(cpu0);
  return { ms: performance.now() - t, cpuS: (cpu.user + cpu.system) / 1e6, rows, bytes: sink.offset, maxRssMb: Math.round(maxRss / 1e6) };
}

async function main(): Promise<void> {
  const machineAtStart = machine();
  const { store, data } = await openAcceptedStore(SAMPLES, 'parquet-export');
  const rssBeforeMb = Math.round(process.memoryUsage().rss / 1e6);
  const outParent = fs.mkdtempSync(path.join(benchDataDir(), 'parquet-export-out-'));
  try {
    const timed = await timedExport(store, {
      format: 'openai-chat', destination: path.join(outParent, 'set'), parquet: {},
    });
    const { result, totalS, planS, cpuS } = timed;
    const m = result.manifest;
    const rows = m.files.reduce((n, f) => n + f.lines, 0);
    if (rows !== m.counts.exported) throw new Error(`the shards hold ${rows} rows, the manifest counts ${m.counts.exported} exported`);
    const peakRss = peakRssMb(); // before the floor's own buffers
    const floor = plainParquetRewrite(data, path.join(outParent, 'plain-rewrite.parquet'));
    if (floor.rows !== SAMPLES) throw new Error(`the plain rewrite wrote ${floor.rows} rows, expected ${SAMPLES}`);
    console.log(JSON.stringify({
      bench: 'parquet-export',
      samples: SAMPLES,
      exported: m.counts.exported,
      refused: m.counts.refused,
      codec: m.parquet?.codec,
      row_group_rows: m.parquet?.rowGroupRows,
      shards: m.files.length,
      export_s: +totalS.toFixed(2),
      export_floor_s: +(floor.ms / 1000).toFixed(2),
      export_ratio: ratio(totalS * 1000, floor.ms),
      target_ratio: TARGET_RATIO,
      plan_s: +planS.toFixed(2),
      write_s: +(totalS - planS).toFixed(2),
      // CPU time of this process (user + system): steadier than wall time on a shared machine.
      cpu_s: +cpuS.toFixed(2),
      floor_cpu_s: +floor.cpuS.toFixed(2),
      cpu_ratio: ratio(cpuS, floor.cpuS),
      shards_mb: Math.round(m.files.reduce((n, f) => n + f.bytes, 0) / 1e6),
      floor_file_mb: Math.round(floor.bytes / 1e6),
      samples_manifest_mb: Math.round(m.samples.bytes / 1e6),
      ...processFigures(timed, rssBeforeMb, peakRss),
      floor_rss_mb: floor.maxRssMb,
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
