// A Parquet export whose row groups are encoded on the Parquet export worker (out/parquetExportWorker.js),
// forced onto it on a small set: the same shards byte for byte as the export encoded on its own
// thread, every sample's manifest entry naming the same shard row, the rows read back with hyparquet;
// and a worker that dies, a full disk under the worker's bytes or a cancel mid-export each failing the
// export cleanly, nothing left beside the destination.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { ExportError, NODE_EXPORT_FS, type ExportFs } from '../../src/core/export/exportFolder';
import { ExportAbortError } from '../../src/core/export/exportPlan';
import type { ExportFormatId } from '../../src/core/export/exportFormats';
import { parquetColumnsOf } from '../../src/core/export/parquetFormats';
import { COLUMNS_METADATA_KEY, columnsFromMetadata, recordOfRow } from '../../src/core/formats/parquetColumns';
import { OUT } from '../../testkit/workbench/paths';
import { DEMO_STORE } from './fixtureFiles';
import { diskFullAtOpen, entriesOf, ExportTestStores, shardWritesWatched } from './exportTestStores';

const PARQUET_WORKER = path.join(OUT, 'parquetExportWorker.js');
/** Both workers, from the first sample on. */
const ON_WORKERS = { parquetWorkerScript: PARQUET_WORKER, hashWorkerScript: path.join(OUT, 'hashWorker.js'), workersFrom: 0 };
const FILES = ['alpaca_seed_tasks_first80.jsonl', 'gsm8k_test_first120.jsonl'];
type Row = { [key: string]: unknown };

const t = new ExportTestStores();

/** JSON with object keys sorted: `original` rows come back in column order, not the line's. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x));
}

/**
 * A worker script that runs the real worker and, on the `nth` message it gets, does `then` (exits,
 * throws) before the real worker sees it; `log` gets a line per message (before the real worker's
 * answer, which may end the thread).
 */
function wrappedWorker(dir: string, options: { log?: string; nth?: number; then?: string }): string {
  const script = path.join(dir, `worker-${Math.random().toString(36).slice(2)}.js`);
  fs.writeFileSync(script, [
    'let n = 0;',
    'require("node:worker_threads").parentPort.on("message", (m) => {',
    options.log ? `  require("node:fs").appendFileSync(${JSON.stringify(options.log)}, ("json" in m ? "group" : "finish") + "\\n");` : '',
    options.nth ? `  if (++n === ${options.nth}) { ${options.then} }` : '',
    '});',
    `require(${JSON.stringify(PARQUET_WORKER)});`,
  ].join('\n'));
  return script;
}

suite('parquet export on a worker', () => {
  teardown(async function () {
    this.timeout(30_000);
    await t.cleanup();
  });

  test('forced onto the worker: the same shards (bytes, SHA-256, rows), every sample at the same shard row, rows read back as exported', async function () {
    this.timeout(60_000);
    const store = await t.acceptedStore(DEMO_STORE, FILES);
    for (const format of ['openai-chat', 'original'] as const satisfies readonly ExportFormatId[]) {
      // Tiny groups and shards: many groups wait for the one before, many shards close on the worker.
      const options = { format, split: { ratio: 0.2, seed: 7 }, parquet: { rowGroupRows: 3, maxShardBytes: 4_000 } };
      const log = path.join(t.tempDir('pq-worker-log'), 'messages.txt');
      const here = await t.exportStore(store, options);
      const there = await t.exportStore(store, { ...options, ...ON_WORKERS, parquetWorkerScript: wrappedWorker(path.dirname(log), { log }) });
      const groups = Math.ceil(here.manifest.counts.bySplit.toJSON().train / 3) + Math.ceil(here.manifest.counts.bySplit.toJSON().validation / 3);
      assert.deepEqual(fs.readFileSync(log, 'utf8').split('\n').filter(Boolean), [...Array(groups).fill('group'), 'finish'], `${format}: every group was encoded on the worker`);

      assert.ok(here.manifest.files.length > 6, `${format}: ${here.manifest.files.length} shards`);
      assert.deepEqual(there.manifest.files, here.manifest.files, `${format}: the same shards, rows, bytes and SHA-256`);
      for (const f of here.manifest.files) assert.deepEqual(fs.readFileSync(path.join(there.destination, f.path)), fs.readFileSync(path.join(here.destination, f.path)), f.path);
      const entries = entriesOf(there.destination);
      assert.deepEqual(entries, entriesOf(here.destination), `${format}: every entry the same (shard, row, content hash)`);
      assert.deepEqual(there.manifest.samples, here.manifest.samples, `${format}: the samples manifest's hash`);

      // Each exported sample's shard row, read with hyparquet, is the record the JSONL export wrote.
      const jsonl = await t.exportStore(store, { format, split: options.split });
      const lines = new Map(['train', 'validation'].map((s) => [s, fs.readFileSync(path.join(jsonl.destination, `${s}.jsonl`), 'utf8').split('\n').filter(Boolean)]));
      const jsonlEntries = entriesOf(jsonl.destination);
      const shards = new Map<string, Row[]>();
      for (const f of there.manifest.files) {
        const file = await asyncBufferFromFile(path.join(there.destination, f.path));
        const kv = new Map((await parquetMetadataAsync(file)).key_value_metadata?.map((m) => [m.key, m.value]));
        const columns = columnsFromMetadata(kv.get(COLUMNS_METADATA_KEY));
        assert.ok(columns, `${f.path}: its columns in its metadata`);
        if (format !== 'original') assert.deepEqual(columns, parquetColumnsOf(format));
        const rows = (await parquetReadObjects({ file, compressors })) as Row[];
        assert.equal(rows.length, f.lines, f.path);
        shards.set(f.path, rows.map((r) => recordOfRow(r, columns)));
      }
      let compared = 0;
      entries.forEach((e, k) => {
        const j = jsonlEntries[k];
        assert.equal(e.id, j.id);
        // `original` over records of other fields than the first refuses them, saying so.
        if (e.status !== 'exported') return assert.ok(j.status !== 'exported' || /^Parquet cannot hold it: /.test(e.reason ?? ''), `sample ${k + 1}`);
        assert.equal(e.contentHash, j.contentHash, `sample ${k + 1}: the JSONL line's hash`);
        const split = (j.file as string).replace('.jsonl', '');
        assert.ok((e.file as string).startsWith(`data/${split}-`), `sample ${k + 1}: ${e.file} holds ${split}`);
        const row = shards.get(e.file as string)?.[(e.fileLine as number) - 1];
        assert.equal(canonical(row), canonical(JSON.parse(lines.get(split)?.[(j.fileLine as number) - 1] ?? 'null')), `sample ${k + 1} at ${e.file}:${e.fileLine}`);
        compared++;
      });
      assert.equal(compared, here.manifest.counts.exported);
    }
  });

  for (const [what, then, message] of [
    ['exits', 'process.exit(3);', /^encoding the Parquet shards failed: the Parquet export worker exited \(code 3\) without a result \(nothing was left behind; export again\)$/],
    ['throws', 'throw new Error("encoder crashed");', /^encoding the Parquet shards failed: encoder crashed \(nothing was left behind; export again\)$/],
  ] as const) {
    test(`a worker that ${what} mid-export fails the export with a clear message; no temporary folder is left`, async function () {
      this.timeout(30_000);
      const store = await t.acceptedStore(DEMO_STORE, FILES);
      const parent = t.tempDir('pq-worker-dies');
      // The 8th group: the first shard (closed by the 4th group at the latest) is on disk by then.
      const script = wrappedWorker(t.tempDir('pq-worker-script'), { nth: 8, then });
      let shardBytes = 0;
      const fsOps = shardWritesWatched((bytes) => (shardBytes += bytes.length));
      await assert.rejects(
        t.exportStore(store, { format: 'openai-chat', parquet: { rowGroupRows: 10, maxShardBytes: 8_000 }, destination: path.join(parent, 'set'), fs: fsOps, ...ON_WORKERS, parquetWorkerScript: script }),
        (e: Error) => e instanceof ExportError && e.code === 'write-failed' && message.test(e.message),
      );
      assert.ok(shardBytes > 0, 'shards were being written when the worker died');
      assert.deepEqual(fs.readdirSync(parent), [], 'nothing beside the destination');
    });
  }

  test('a full disk under the worker\'s bytes: disk-full, nothing left', async function () {
    this.timeout(30_000);
    const store = await t.acceptedStore(DEMO_STORE, FILES);
    const parent = t.tempDir('pq-worker-full');
    await assert.rejects(
      t.exportStore(store, { format: 'openai-chat', parquet: { rowGroupRows: 5, maxShardBytes: 8_000 }, destination: path.join(parent, 'set'), fs: diskFullAtOpen('train-00002.parquet'), ...ON_WORKERS }),
      (e: Error) => e instanceof ExportError && e.code === 'disk-full',
    );
    assert.deepEqual(fs.readdirSync(parent), []);
  });

  test('cancelled while the worker encodes: AbortError, nothing left', async function () {
    this.timeout(30_000);
    const store = await t.acceptedStore(DEMO_STORE, FILES);
    const parent = t.tempDir('pq-worker-cancel');
    const abort = new AbortController();
    const fsOps: ExportFs = {
      ...NODE_EXPORT_FS,
      openSync: (p, flags) => {
        if (p.endsWith('train-00001.parquet')) abort.abort(new Error('user cancelled'));
        return NODE_EXPORT_FS.openSync(p, flags);
      },
    };
    await assert.rejects(
      t.exportStore(store, { format: 'openai-chat', parquet: { rowGroupRows: 5, maxShardBytes: 8_000 }, destination: path.join(parent, 'set'), signal: abort.signal, fs: fsOps, ...ON_WORKERS }),
      (e: Error) => e instanceof ExportAbortError,
    );
    assert.ok(abort.signal.aborted, 'cancelled mid-export');
    assert.deepEqual(fs.readdirSync(parent), []);
  });
});
