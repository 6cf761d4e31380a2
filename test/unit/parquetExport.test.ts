// Export as Parquet shards, read back with hyparquet (+ hyparquet-compressors), the reader the
// extension uses: the same rows as the JSONL export of the same selection, in every format and on
// every fixture; manifest hashes of the shard files; the card's configs naming the shards that
// exist; shard and row-group boundaries; refusals of what a schema cannot hold; cancel and a full
// disk leaving nothing.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { CurationStore } from '../../src/core/store/curationStore';
import { ExportError } from '../../src/core/export/exportFolder';
import { ExportAbortError } from '../../src/core/export/exportPlan';
import { EXPORT_FORMAT_IDS, type ExportFormatId } from '../../src/core/export/exportFormats';
import type { ExportManifest } from '../../src/core/export/exportManifest';
import {
  COLUMNS_METADATA_KEY, columnsFromMetadata, columnsOfFirstRecord, field, INT, listOf, recordMisfit, recordOfRow, STRING, struct, type ColumnField,
} from '../../src/core/formats/parquetColumns';
import { parquetColumnsOf } from '../../src/core/export/parquetFormats';
import { parquetCompressors } from '../../src/core/export/parquetCodecs';
import { writeChatParquet } from '../../testkit/parquet/chatParquet';
import { DEMO_STORE, FORMAT_FIXTURES } from './fixtureFiles';
import { diskFullAtOpen, entriesOf, ExportTestStores, shardWritesWatched } from './exportTestStores';

const FORMAT_FILES = fs.readdirSync(FORMAT_FIXTURES).filter((n) => /\.(jsonl|json|gz)$/.test(n));
type Row = { [key: string]: unknown };

const t = new ExportTestStores();
const tempDir = (prefix: string) => t.tempDir(prefix);
const acceptedStore = (from: string, files: readonly string[], extra?: Record<string, string>) => t.acceptedStore(from, files, extra);
const exportStore = (store: CurationStore, options: Parameters<ExportTestStores['exportStore']>[1]) => t.exportStore(store, options);

async function readShard(file: string): Promise<Row[]> {
  return (await parquetReadObjects({ file: await asyncBufferFromFile(file), compressors })) as Row[];
}

/**
 * Every row of an export's shards, as records, in manifest order (split, then shard), each shard
 * read with the columns its own metadata names; those are the format's (or `original`'s first record's).
 */
async function recordsOf(destination: string, manifest: ExportManifest, format: ExportFormatId, firstRecord: Row | undefined): Promise<Row[]> {
  const out: Row[] = [];
  for (const f of manifest.files) {
    const file = await asyncBufferFromFile(path.join(destination, f.path));
    const kv = new Map((await parquetMetadataAsync(file)).key_value_metadata?.map((e) => [e.key, e.value]));
    assert.equal(kv.get('sample_curator.format'), format);
    const columns = columnsFromMetadata(kv.get(COLUMNS_METADATA_KEY));
    assert.ok(columns, `${f.path}: its columns in its metadata`);
    assert.deepEqual(columns, parquetColumnsOf(format) ?? columnsOfFirstRecord(firstRecord ?? {}));
    for (const row of await readShard(path.join(destination, f.path))) out.push(recordOfRow(row, columns));
  }
  return out;
}

/** JSON with object keys sorted: `original` rows come back in column order, not the line's. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x));
}

suite('parquet export', () => {
  teardown(async function () {
    this.timeout(30_000);
    await t.cleanup();
  });

  test('every fixture in every format: the shards hold the JSONL export\'s rows, and the same content hashes', async function () {
    this.timeout(120_000);
    let rowsCompared = 0;
    for (const file of FORMAT_FILES) {
      const store = await acceptedStore(FORMAT_FIXTURES, [file]);
      for (const format of EXPORT_FORMAT_IDS) {
        const jsonl = await exportStore(store, { format });
        const pq = await exportStore(store, { format, parquet: {} });
        const jsonEntries = entriesOf(jsonl.destination);
        const pqEntries = entriesOf(pq.destination);
        assert.equal(pqEntries.length, jsonEntries.length);
        const lines = fs.readFileSync(path.join(jsonl.destination, 'train.jsonl'), 'utf8').split('\n').filter(Boolean);
        // The rows Parquet took: the JSONL lines of the samples it did not refuse, in order.
        const expected: Row[] = [];
        pqEntries.forEach((e, k) => {
          const j = jsonEntries[k];
          assert.equal(e.id, j.id);
          if (e.status === 'exported') {
            assert.equal(j.status, 'exported', `${file} → ${format}: Parquet exports only what JSONL does`);
            assert.equal(e.contentHash, j.contentHash, `${file} → ${format}: the same content hash`);
            expected.push(JSON.parse(lines[(j.fileLine as number) - 1]) as Row);
          } else if (j.status === 'exported') {
            assert.match(e.reason ?? '', /^Parquet cannot hold it: /, `${file} → ${format}: a Parquet refusal says so`);
          }
        });
        // Only `original` over records of different fields may refuse more than JSONL.
        if (format !== 'original') assert.equal(pq.manifest.counts.exported, jsonl.manifest.counts.exported, `${file} → ${format}`);
        const back = await recordsOf(pq.destination, pq.manifest, format, expected[0]);
        assert.equal(back.length, expected.length, `${file} → ${format}: one row per exported sample`);
        back.forEach((r, k) => assert.equal(canonical(r), canonical(expected[k]), `${file} → ${format}: row ${k + 1}`));
        rowsCompared += back.length;
      }
    }
    assert.ok(rowsCompared > 200, `${rowsCompared} rows compared`);
  });

  test('round trip: Parquet in → export original as Parquet → open again: the same samples under the same content hashes', async function () {
    this.timeout(60_000);
    const dir = tempDir('pq-in');
    await writeChatParquet(path.join(dir, 'chat.parquet'), 120, { codec: 'ZSTD', rowGroupSize: 50 });
    const store = await acceptedStore(dir, ['chat.parquet']);
    assert.equal(store.size, 120);
    const { destination, manifest } = await exportStore(store, { format: 'original', parquet: { rowGroupRows: 40 } });
    assert.equal(manifest.counts.exported, 120);
    const again = await acceptedStore(path.join(destination, 'data'), ['train-00000.parquet']);
    assert.deepEqual(again.problems, []);
    assert.equal(again.size, 120);
    for (let i = 0; i < 120; i++) {
      assert.equal(again.contentHashAt(i), store.contentHashAt(i), `row ${i + 1}: the same bytes, so the same identity`);
      assert.deepEqual(again.sample(i).normalized, store.sample(i).normalized);
    }
    // A format's shards open again too: readable samples with the same conversation.
    const chat = await exportStore(store, { format: 'openai-chat', parquet: {} });
    const reopened = await acceptedStore(path.join(chat.destination, 'data'), ['train-00000.parquet']);
    assert.deepEqual(reopened.problems, []);
    const turns = (i: number, s: typeof store) => (s.sample(i).normalized as unknown as { turns: { role: string; content: string }[] }).turns.map(({ role, content }) => ({ role, content }));
    for (let i = 0; i < 120; i++) assert.deepEqual(turns(i, reopened), turns(i, store), `row ${i + 1}`);
    // Read with the columns the shard names, each row is the exported record exactly: the content
    // hash the manifest gives it (a null the columns call absence is left out, as in the JSONL).
    const entries = entriesOf(chat.destination).filter((e) => e.status === 'exported');
    assert.equal(entries.length, 120);
    for (let i = 0; i < 120; i++) assert.equal(reopened.contentHashAt(i), entries[i].contentHash, `row ${i + 1}`);
  });

  test('the columns are explicit and typed: messages list<struct<role, content, …>> as UTF-8, tools as JSON', async () => {
    const store = await acceptedStore(FORMAT_FIXTURES, ['openai_chat_tools.jsonl']);
    const { destination, manifest } = await exportStore(store, { format: 'openai-chat', parquet: {} });
    const meta = await parquetMetadataAsync(await asyncBufferFromFile(path.join(destination, manifest.files[0].path)));
    const names = meta.schema.map((s) => `${s.name}:${s.type ?? ''}:${s.converted_type ?? ''}:${s.repetition_type ?? ''}`);
    assert.deepEqual(names.slice(0, 6), ['root:::', 'messages::LIST:REQUIRED', 'list:::REPEATED', 'element:::REQUIRED', 'role:BYTE_ARRAY:UTF8:REQUIRED', 'content:BYTE_ARRAY:UTF8:OPTIONAL']);
    assert.ok(names.includes('arguments:BYTE_ARRAY:UTF8:REQUIRED'), 'OpenAI arguments are JSON text, a string column');
    assert.ok(names.includes('weight:INT32::OPTIONAL'));
    assert.ok(names.includes('element:BYTE_ARRAY:JSON:OPTIONAL'), 'tool schemas: a list of JSON values');
    const rows = await readShard(path.join(destination, manifest.files[0].path));
    const first = rows[0] as { messages: { role: string; content: string | null; tool_calls: unknown }[]; tools: unknown[] };
    assert.equal(first.messages[2].content, null, 'a call-only turn keeps its null content');
    assert.equal((first.tools[0] as { function: { name: string } }).function.name, 'get_weather', 'a tool schema reads back as the object');
  });

  test('manifest: the SHA-256 of every shard; the card\'s configs name exactly the shards in data/, per split', async () => {
    const store = await acceptedStore(DEMO_STORE, ['alpaca_seed_tasks_first80.jsonl', 'gsm8k_test_first120.jsonl']);
    const { destination, manifest } = await exportStore(store, {
      format: 'trl-messages', split: { ratio: 0.2, seed: 7 }, parquet: { rowGroupRows: 16, maxShardBytes: 12_000 }, hashWorkerScript: path.resolve(__dirname, '..', '..', 'hashWorker.js'),
    });
    const onDisk = JSON.parse(fs.readFileSync(path.join(destination, 'manifest.json'), 'utf8')) as ExportManifest;
    assert.deepEqual(onDisk, JSON.parse(JSON.stringify(manifest)));
    const shards = fs.readdirSync(path.join(destination, 'data')).sort();
    assert.deepEqual(manifest.files.map((f) => f.path).sort(), shards.map((n) => `data/${n}`), 'the manifest lists every shard');
    assert.ok(shards.filter((n) => n.startsWith('train-')).length > 1 && shards.some((n) => n.startsWith('validation-')), shards.join(' '));
    assert.ok(!fs.existsSync(path.join(destination, 'train.jsonl')), 'no JSONL beside the shards');
    let rows = 0;
    for (const f of manifest.files) {
      const bytes = fs.readFileSync(path.join(destination, f.path));
      assert.equal(f.sha256, createHash('sha256').update(bytes).digest('hex'), f.path);
      assert.equal(f.bytes, bytes.length);
      const meta = await parquetMetadataAsync(await asyncBufferFromFile(path.join(destination, f.path)));
      assert.equal(Number(meta.num_rows), f.lines, `${f.path}: its rows`);
      rows += f.lines;
    }
    assert.equal(rows, manifest.counts.exported);
    assert.deepEqual(manifest.parquet, { codec: 'SNAPPY', rowGroupRows: 16, maxShardBytes: 12_000 });
    const card = fs.readFileSync(path.join(destination, 'README.md'), 'utf8');
    const yaml = card.split('\n---\n')[0];
    const named = new Map<string, string[]>();
    let split = '';
    for (const line of yaml.split('\n')) {
      const s = /^ {2}- split: (\w+)$/.exec(line);
      if (s) named.set((split = s[1]), []);
      const p = /^ {4}(?:- |path: )"(.+)"$/.exec(line);
      if (p) named.get(split)?.push(p[1]);
    }
    assert.deepEqual([...named.keys()], ['train', 'validation']);
    for (const [name, paths] of named) {
      assert.deepEqual(paths, manifest.files.filter((f) => f.split === name).map((f) => f.path), name);
      for (const p of paths) assert.ok(fs.existsSync(path.join(destination, p)), p);
    }
    assert.ok(card.includes('ds = load_dataset("parquet", data_files={"train": ["data/train-00000.parquet", '), card);
    assert.ok(card.includes('as Parquet shards (snappy'));
  });

  test('the export folder opens as a Hugging Face dataset folder: its card\'s configs lead the store to every shard', async () => {
    const store = await acceptedStore(DEMO_STORE, ['gsm8k_test_first120.jsonl']);
    const { destination, manifest } = await exportStore(store, { format: 'openai-chat', split: { ratio: 0.2, seed: 1 }, parquet: { rowGroupRows: 10, maxShardBytes: 10_000 } });
    assert.ok(manifest.files.length > 2);
    const again = await t.openStore(destination);
    const rows = new Map<string, number>();
    for (let i = 0; i < again.size; i++) rows.set(again.sourceAt(i), (rows.get(again.sourceAt(i)) ?? 0) + 1);
    for (const f of manifest.files) assert.equal(rows.get(f.path), f.lines, f.path);
    // The per-sample manifest beside manifest.json lists samples; it is not a source of them.
    assert.deepEqual([...rows.keys()].sort(), manifest.files.map((f) => f.path).sort());
    assert.deepEqual(again.problems, []);
  });

  test('shard and row-group boundaries: groups of at most N rows, a shard closed one group past the size, every entry names its row', async () => {
    const store = await acceptedStore(DEMO_STORE, ['gsm8k_test_first120.jsonl']);
    const jsonl = await exportStore(store, { format: 'openai-chat' });
    const { destination, manifest } = await exportStore(store, { format: 'openai-chat', parquet: { rowGroupRows: 7, maxShardBytes: 10_000 } });
    const lines = fs.readFileSync(path.join(jsonl.destination, 'train.jsonl'), 'utf8').split('\n').filter(Boolean);
    assert.ok(manifest.files.length >= 3, `${manifest.files.length} shards`);
    const columns = parquetColumnsOf('openai-chat') as readonly ColumnField[];
    const byFile = new Map<string, Row[]>();
    for (const [k, f] of manifest.files.entries()) {
      assert.equal(f.path, `data/train-${String(k).padStart(5, '0')}.parquet`);
      assert.equal(f.split, undefined, 'no split asked: the manifest says none, like train.jsonl');
      const meta = await parquetMetadataAsync(await asyncBufferFromFile(path.join(destination, f.path)));
      assert.ok(meta.row_groups.every((g) => g.num_rows <= 7n && g.num_rows > 0n), f.path);
      if (k < manifest.files.length - 1) {
        // Closed after the group following the one that took it past the size (a group's size is
        // known once it is encoded, while the next is gathered): the last group begins past the
        // size, the one before it below it.
        const starts = meta.row_groups.map((g) => Math.min(...g.columns.map((c) => Number(c.meta_data?.dictionary_page_offset ?? c.meta_data?.data_page_offset))));
        assert.ok(starts.length >= 2 && starts[starts.length - 1] >= 10_000 && starts[starts.length - 2] < 10_000, `${f.path}: groups start at ${starts.join(' ')}`);
        assert.ok(meta.row_groups.every((g) => g.num_rows === 7n), 'full groups until the shard closes');
      }
      byFile.set(f.path, (await readShard(path.join(destination, f.path))).map((r) => recordOfRow(r, columns)));
    }
    const entries = entriesOf(destination).filter((e) => e.status === 'exported');
    assert.equal(entries.length, lines.length);
    entries.forEach((e, k) => assert.deepEqual(byFile.get(e.file as string)?.[(e.fileLine as number) - 1], JSON.parse(lines[k]), `sample ${k + 1} at ${e.file}:${e.fileLine}`));
  });

  test('a record a schema cannot hold exactly is refused and counted, never written lossy', async () => {
    const lone = JSON.stringify({ messages: [{ role: 'user', content: 'broken \ud800 surrogate' }, { role: 'assistant', content: 'ok' }] });
    const good = JSON.stringify({ messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello', weight: 1 }] });
    const half = JSON.stringify({ messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello', weight: 0.5 }] });
    const store = await acceptedStore(DEMO_STORE, [], { 'odd.jsonl': `${good}\n${lone}\n${half}\n` });
    const jsonl = await exportStore(store, { format: 'openai-chat' });
    assert.equal(jsonl.manifest.counts.exported, 3, 'JSONL holds all three');
    const { manifest, destination } = await exportStore(store, { format: 'openai-chat', parquet: {} });
    assert.equal(manifest.counts.exported, 1);
    assert.equal(manifest.counts.refused, 2);
    assert.deepEqual(Object.keys(manifest.counts.refusedByReason.toJSON()).sort(), [
      'Parquet cannot hold it: messages[0].content holds a lone UTF-16 surrogate, which UTF-8 text cannot hold',
      'Parquet cannot hold it: messages[1].weight is the number 0.5 where the Parquet column holds 32-bit integers',
    ]);
    assert.deepEqual(entriesOf(destination).map((e) => e.status), ['exported', 'refused', 'refused']);
    const rows = await readShard(path.join(destination, manifest.files[0].path));
    assert.equal(rows.length, 1);
  });

  test('original: the first record fixes the columns; a record with other fields is refused, naming them', async () => {
    const a = JSON.stringify({ instruction: 'Add 2 and 2.', input: '', output: '4', meta: { n: 1 } });
    const b = JSON.stringify({ instruction: 'Add 3 and 3.', input: '', output: '6', meta: null });
    const c = JSON.stringify({ instruction: 'Add 4 and 4.', input: '', output: '8', source: 'x' });
    const store = await acceptedStore(DEMO_STORE, [], { 'mixed.jsonl': `${a}\n${b}\n${c}\n` });
    const { manifest, destination } = await exportStore(store, { format: 'original', parquet: {} });
    assert.equal(manifest.counts.exported, 2);
    assert.match(entriesOf(destination)[2].reason ?? '', /^Parquet cannot hold it: meta is missing/);
    const rows = (await readShard(path.join(destination, manifest.files[0].path))).map((r) => recordOfRow(r, columnsOfFirstRecord(JSON.parse(a) as Row)));
    assert.deepEqual(rows, [JSON.parse(a), JSON.parse(b)], 'a JSON null stays null; an object reads back as the object');
  });

  test('columnsFromMetadata: the columns back from their JSON; anything else (a file\'s own text under the key) is none', () => {
    for (const format of EXPORT_FORMAT_IDS) {
      const columns = parquetColumnsOf(format);
      if (columns) assert.deepEqual(columnsFromMetadata(JSON.stringify(columns)), columns, format);
    }
    for (const bad of [undefined, '', 'not json', '{}', '[{"name":"a","type":{"kind":"float"},"presence":"required"}]', '[{"name":"a","type":{"kind":"string"},"presence":"maybe"}]']) {
      assert.equal(columnsFromMetadata(bad), undefined, String(bad));
    }
  });

  test('recordMisfit: an unknown field, a null where only absence is told apart, and the reverse', () => {
    const fields = [field('a', STRING), field('b', listOf(struct(field('x', INT, 'optional'))), 'optional'), field('c', STRING, 'nullable')];
    assert.equal(recordMisfit({ a: 's', c: null }, fields), undefined);
    assert.equal(recordMisfit({ a: 's', b: [{ x: 3 }, {}], c: 't' }, fields), undefined);
    assert.equal(recordMisfit({ a: 's', c: null, d: 1 }, fields), 'd has no Parquet column (columns: a, b, c)');
    assert.equal(recordMisfit({ a: 's', b: null, c: null }, fields), 'b is null, and Parquet cannot tell a null field from a missing one here');
    assert.equal(recordMisfit({ a: 's' }, fields), 'c is missing, and Parquet cannot tell a missing field from a null one here');
    assert.equal(recordMisfit({ a: 's', b: [{ x: 2 ** 31 }], c: null }, fields), 'b[0].x is the number 2147483648 where the Parquet column holds 32-bit integers');
    assert.equal(recordMisfit({ a: 's', b: [{ x: 1, y: 2 }], c: null }, fields), 'b[0].y has no Parquet column (columns: x)');
  });

  test('gzip shards read back; zstd where this Node cannot write it is refused before anything is written', async () => {
    const store = await acceptedStore(DEMO_STORE, ['gsm8k_test_first120.jsonl']);
    const { destination, manifest } = await exportStore(store, { format: 'sharegpt', parquet: { codec: 'GZIP' } });
    const meta = await parquetMetadataAsync(await asyncBufferFromFile(path.join(destination, manifest.files[0].path)));
    assert.ok(meta.row_groups.every((g) => g.columns.every((c) => c.meta_data?.codec === 'GZIP')));
    assert.equal((await readShard(path.join(destination, manifest.files[0].path))).length, 120);
    const parent = tempDir('pq-zstd');
    if (typeof parquetCompressors('ZSTD') === 'string') {
      await assert.rejects(exportStore(store, { format: 'sharegpt', parquet: { codec: 'ZSTD' }, destination: path.join(parent, 'set') }),
        (e: Error) => e instanceof ExportError && e.code === 'not-supported' && /zstd needs Node 22\.15/.test(e.message));
      assert.deepEqual(fs.readdirSync(parent), []);
    } else {
      const z = await exportStore(store, { format: 'sharegpt', parquet: { codec: 'ZSTD' }, destination: path.join(parent, 'set') });
      assert.equal((await readShard(path.join(z.destination, z.manifest.files[0].path))).length, 120);
    }
  });

  test('cancelled mid-export (after the first row group reached a shard): AbortError, nothing left', async () => {
    const store = await acceptedStore(DEMO_STORE, ['gsm8k_test_first120.jsonl', 'alpaca_seed_tasks_first80.jsonl']);
    const parent = tempDir('pq-cancel');
    const abort = new AbortController();
    let shardWrites = 0;
    const fsOps = shardWritesWatched(() => {
      if (++shardWrites === 1) abort.abort(new Error('user cancelled'));
    });
    await assert.rejects(
      exportStore(store, { format: 'openai-chat', parquet: { rowGroupRows: 5, maxShardBytes: 4_000 }, destination: path.join(parent, 'set'), signal: abort.signal, fs: fsOps }),
      (e: Error) => e instanceof ExportAbortError,
    );
    assert.ok(shardWrites >= 1, 'the shard was being written when the export was cancelled');
    assert.deepEqual(fs.readdirSync(parent), []);
  });

  test('a full disk while a later shard is written: a clear error, nothing left', async () => {
    const store = await acceptedStore(DEMO_STORE, ['gsm8k_test_first120.jsonl']);
    const parent = tempDir('pq-full');
    await assert.rejects(
      exportStore(store, { format: 'openai-chat', parquet: { rowGroupRows: 5, maxShardBytes: 8_000 }, destination: path.join(parent, 'set'), fs: diskFullAtOpen('train-00002.parquet') }),
      (e: Error) => e instanceof ExportError && e.code === 'disk-full',
    );
    assert.deepEqual(fs.readdirSync(parent), []);
  });
});
