// `npm run bench:parquet`: a store on 1,000,000 generated chat rows in one zstd Parquet file
// (messages list<struct<role, content>> + source + model, row groups of --group rows; written
// once by testkit/parquet/chatParquet.ts in a child process, so its memory is not this one's).
// One JSON line; each figure beside its floor measured in this run on the same file, after the
// same page-cache drop (needs root; `page_cache_dropped` says whether it happened):
//   first sample   the first row shown while the file converts (peekFirstParquetSample), ≤ 50 ms;
//                  also on the test VS Code's Node 24 when it is installed (native zstd); and on
//                  a Hub-like file beside it: 100,000 rows in one row group with no page index,
//                  as pyarrow writes by default (parquetFirstRow.ts)
//   cold open      CurationStore.open on the folder with nothing cached (convert on the Parquet
//                  workers, as many as the plan gives for its row groups, + index on the index
//                  workers, as the extension does) vs
//                  reading the file once: hyparquet decoding every row group and dropping the rows
//                  (what any reader of every row must do; `cat` of its bytes is printed beside),
//                  ≤ 2×
//   random row     store.sample(i) at 10,000 random rows after the open, p99 ≤ 5 ms
//   RSS            the peak resident memory of the process that opens the store and reads the
//                  random rows (a child of this one, which starts with nothing but the code), ≤ 300 MB
// Then bench:parquet-export's line (1M rows exported to Parquet vs a plain hyparquet-writer
// rewrite of the same rows, ≤ 1.5×), run as its own process, under `export`.
//   --samples N   rows (default 1,000,000)   --group N   rows per row group (default 10,000)
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parquetMetadataAsync } from 'hyparquet';
import { openParquetFile } from '../src/core/ingest/parquetFileReads';
import { buildLineIndexInWorkers } from '../src/core/ingest/parallelIndex';
import { readParquetRows } from '../src/core/ingest/parquetLines';
import { parquetWorkerPlan } from '../src/core/ingest/parquetOnWorkers';
import { CURATOR_DIR, CurationStore } from '../src/core/store/curationStore';
import { peekFirstParquetSample } from '../src/core/store/storeSamples';
import { writeChatParquet } from '../testkit/parquet/chatParquet';
import { codeServerNode } from '../testkit/workbench/paths';
import { benchDataDir, catToDevNull, dropPageCache, machine, numberArg, ratio, refuseTmpfs } from './benchFloor';
import { ascending, percentile } from './benchStats';

const SAMPLES = numberArg('--samples', 1_000_000);
const GROUP = numberArg('--group', 10_000);
const WORKER = path.resolve(__dirname, '..', 'indexWorker.js');
/** As the extension opens a store: Parquet converted on its worker (with that worker's heap cap). */
const PARQUET_WORKER = path.resolve(__dirname, '..', 'parquetWorker.js');
const EXPORT_BENCH = path.join(__dirname, 'parquetExportBench.js');
/** The Hub-like file: one row group of this many rows, no page index. */
const HUB_LIKE_ROWS = 100_000;

/** The first sample of the folder in a fresh process on `node` after a page-cache drop. */
function peekIn(node: string, dir: string): { ms: number; node: string } {
  dropPageCache();
  const peek = JSON.parse(execFileSync(node, [__filename, '--peek', dir], { encoding: 'utf8' })) as { ms: number; ok: boolean; node: string };
  if (!peek.ok) throw new Error(`no first sample in ${dir} on ${node}`);
  return peek;
}

/** Rows of every row group decoded and dropped: the floor of reading the file once. */
async function decodeEveryRow(file: string): Promise<{ ms: number; rows: number }> {
  const t = performance.now();
  // The same reads and decompressors as the conversion (parquetFileReads.ts, parquetLines.ts).
  const buffer = await openParquetFile(file);
  const metadata = await parquetMetadataAsync(buffer);
  let start = 0;
  let rows = 0;
  for (const group of metadata.row_groups) {
    const n = Number(group.num_rows);
    rows += (await readParquetRows(buffer, metadata, start, start + n)).length;
    start += n;
  }
  await buffer.close();
  return { ms: performance.now() - t, rows };
}

interface OpenFigures {
  readonly coldOpenMs: number;
  readonly randomRowP50Ms: number;
  readonly randomRowP99Ms: number;
  readonly rssAtStartMb: number;
  readonly peakRssMb: number;
}

/** In the child: the cold open of `dir`, then 10,000 random rows read; the figures as JSON on stdout. */
async function openAndRead(dir: string): Promise<OpenFigures> {
  const indexer = (p: string, onProgress: Parameters<typeof buildLineIndexInWorkers>[1]['onProgress'], signal?: AbortSignal) =>
    buildLineIndexInWorkers(p, { workerScript: WORKER, workers: 2, onProgress, signal });
  const rssAtStart = process.memoryUsage().rss;
  const t = performance.now();
  const store = await CurationStore.open(dir, { reviewer: 'bench', indexer, parquetWorker: PARQUET_WORKER });
  const coldOpenMs = performance.now() - t;
  if (store.size !== SAMPLES) throw new Error(`expected ${SAMPLES} samples, the store has ${store.size}: ${JSON.stringify(store.problems)}`);
  const reads: number[] = [];
  let seed = 7;
  for (let k = 0; k < 10_000; k++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const i = seed % SAMPLES;
    const s = performance.now();
    if (!store.sample(i).normalized) throw new Error(`row ${i + 1} did not read as a sample`);
    reads.push(performance.now() - s);
  }
  await store.close();
  const sorted = ascending(reads);
  return {
    coldOpenMs, randomRowP50Ms: +percentile(sorted, 50).toFixed(3), randomRowP99Ms: +percentile(sorted, 99).toFixed(3),
    rssAtStartMb: Math.round(rssAtStart / 1e6), peakRssMb: Math.round((process.resourceUsage().maxRSS * 1024) / 1e6),
  };
}

async function main(): Promise<void> {
  if (process.argv[2] === '--generate') {
    await writeChatParquet(process.argv[3], SAMPLES, { codec: 'ZSTD', rowGroupSize: GROUP });
    return;
  }
  if (process.argv[2] === '--generate-hub-like') {
    await writeChatParquet(process.argv[3], HUB_LIKE_ROWS, { codec: 'ZSTD', rowGroupSize: HUB_LIKE_ROWS, pageIndex: false });
    return;
  }
  if (process.argv[2] === '--peek') {
    const t = performance.now();
    const sample = await peekFirstParquetSample(process.argv[3]);
    console.log(JSON.stringify({ ms: performance.now() - t, ok: !!sample?.normalized, node: process.version }));
    return;
  }
  if (process.argv[2] === '--open') {
    console.log(JSON.stringify(await openAndRead(process.argv[3])));
    return;
  }
  const dir = path.join(benchDataDir(), `parquet-${SAMPLES}-${GROUP}`);
  fs.mkdirSync(dir, { recursive: true });
  const filesystem = refuseTmpfs(dir);
  const machineAtStart = machine(dir);
  const file = path.join(dir, 'chat.parquet');
  const done = path.join(dir, 'chat.parquet.done');
  if (!fs.existsSync(done)) {
    const t = performance.now();
    execFileSync(process.execPath, [__filename, '--generate', file, '--samples', String(SAMPLES), '--group', String(GROUP)], { stdio: 'inherit' });
    fs.writeFileSync(done, `${Math.round(performance.now() - t)}\n`);
  }
  fs.rmSync(path.join(dir, CURATOR_DIR), { recursive: true, force: true });

  const cold = dropPageCache();
  const t = performance.now();
  const first = await peekFirstParquetSample(dir);
  const firstSampleMs = performance.now() - t;
  if (!first?.normalized) throw new Error('no first sample');

  // The same first sample on the test VS Code's Node (24, with zlib's native zstd, as recent VS Code
  // has): on this Node zstd is decoded in JavaScript (hyparquet-compressors' fzstd).
  const node24 = fs.existsSync(codeServerNode()) && codeServerNode() !== process.execPath ? codeServerNode() : undefined;
  const nativeZstd = node24 ? peekIn(node24, dir) : undefined;

  const hubDir = path.join(benchDataDir(), `parquet-hub-like-${HUB_LIKE_ROWS}`);
  fs.mkdirSync(hubDir, { recursive: true });
  if (!fs.existsSync(path.join(hubDir, 'chat.parquet.done'))) {
    execFileSync(process.execPath, [__filename, '--generate-hub-like', path.join(hubDir, 'chat.parquet')], { stdio: 'inherit' });
    fs.writeFileSync(path.join(hubDir, 'chat.parquet.done'), '');
  }
  const hubLike = { thisNode: peekIn(process.execPath, hubDir), node24: node24 ? peekIn(node24, hubDir) : undefined };

  dropPageCache();
  const catMs = catToDevNull(file);
  dropPageCache();
  const floor = await decodeEveryRow(file);
  if (floor.rows !== SAMPLES) throw new Error(`the file has ${floor.rows} rows, not ${SAMPLES}`);

  dropPageCache();
  const opened = JSON.parse(execFileSync(process.execPath, [__filename, '--open', dir, '--samples', String(SAMPLES)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as OpenFigures;
  const meta = await openParquetFile(file);
  const plan = parquetWorkerPlan(await parquetMetadataAsync(meta), 2);
  await meta.close();
  const exportLine = fs.existsSync(EXPORT_BENCH)
    ? JSON.parse(execFileSync(process.execPath, ['--max-old-space-size=512', '--expose-gc', EXPORT_BENCH, '--samples', String(SAMPLES)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').at(-1)!)
    : { skipped: 'bench/parquetExportBench.ts not built' };

  console.log(JSON.stringify({
    bench: 'parquet',
    samples: SAMPLES,
    rows_per_group: GROUP,
    codec: 'ZSTD',
    file_mb: Math.round(fs.statSync(file).size / 1e6),
    page_cache_dropped: cold,
    first_sample_ms: +firstSampleMs.toFixed(1),
    first_sample_within_50ms: firstSampleMs <= 50,
    node: process.version,
    ...(nativeZstd ? { first_sample_native_zstd_ms: +nativeZstd.ms.toFixed(1), first_sample_native_zstd_node: nativeZstd.node } : {}),
    first_sample_hub_like_ms: +hubLike.thisNode.ms.toFixed(1),
    ...(hubLike.node24 ? { first_sample_hub_like_native_zstd_ms: +hubLike.node24.ms.toFixed(1) } : {}),
    first_sample_hub_like_is: `${HUB_LIKE_ROWS.toLocaleString('en')} rows in one zstd row group, no page index (as pyarrow writes)`,
    cold_open_ms: Math.round(opened.coldOpenMs),
    cold_open_floor_ms: Math.round(floor.ms),
    cold_open_ratio: ratio(opened.coldOpenMs, floor.ms),
    cold_open_floor_is: 'hyparquet decoding every row group once, rows dropped',
    cold_open_converter_workers: plan.workers,
    cat_ms: Math.round(catMs),
    random_row_p50_ms: opened.randomRowP50Ms,
    random_row_p99_ms: opened.randomRowP99Ms,
    rss_at_start_mb: opened.rssAtStartMb,
    peak_rss_mb: opened.peakRssMb,
    export: exportLine,
    filesystem: filesystem.type,
    machine: { ...machineAtStart, load_avg_1m_at_end: +os.loadavg()[0].toFixed(2) },
  }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
