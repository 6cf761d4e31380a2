// Parquet sources (issue 16): a .parquet file in a store folder opens like JSONL — each row a
// sample, its original the row as JSON, named by its row — in every codec; bad files are named
// by file and row group, and the rest opens.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { prepareSource } from '../../src/core/ingest/preparedSource';
import { CurationStore } from '../../src/core/store/curationStore';
import { peekFirstParquetSample } from '../../src/core/store/storeSamples';
import { MESSAGES_AND_SOURCE } from '../../testkit/parquet/chatParquet';
import { parquetSchema } from '../../src/core/formats/parquetColumns';
import { TEST_CODECS, writeTestParquet } from '../../testkit/parquet/parquetWriting';
import { makeTempDir, removeDir } from './fixtureFiles';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** A list<struct<role, content>> column beside a string column: the shape of a chat set on the Hub. */
const CHAT_SCHEMA = parquetSchema(MESSAGES_AND_SOURCE);

const chat = (i: number) => [
  { role: 'user', content: `What is ${i} + ${i}? Ответ коротко.` },
  { role: 'assistant', content: `${i + i}` },
];

async function writeChat(file: string, rows: number, codec: (typeof TEST_CODECS)[number] = 'SNAPPY', rowGroupSize = 4): Promise<void> {
  await writeTestParquet(file, [
    { name: 'messages', data: Array.from({ length: rows }, (_, i) => chat(i)) },
    { name: 'source', data: Array.from({ length: rows }, (_, i) => `gen-${i % 3}`) },
  ], { codec, rowGroupSize, schema: CHAT_SCHEMA });
}

suite('parquet sources', () => {
  let dir: string;
  let store: CurationStore | undefined;
  setup(() => {
    dir = makeTempDir('parquet-source');
  });
  teardown(async () => {
    await store?.close();
    store = undefined;
    removeDir(dir);
  });

  for (const codec of TEST_CODECS) {
    test(`${codec}: each row a chat sample, its original the row as JSON, named by its row`, async () => {
      await writeChat(path.join(dir, 'chat.parquet'), 10, codec);
      store = await CurationStore.open(dir, { reviewer: 'ana' });
      assert.deepEqual(store.problems, []);
      assert.equal(store.size, 10);
      for (const i of [0, 3, 4, 9]) {
        const s = store.sample(i);
        assert.equal(s.row.source, 'chat.parquet');
        assert.equal(s.row.line, i + 1, 'the "line" of a Parquet sample is its row');
        assert.equal(s.raw, JSON.stringify({ messages: chat(i), source: `gen-${i % 3}` }));
        assert.equal(s.normalized?.kind, 'chat');
      }
      // Opening the source shows the row as JSON text (the converted lines), not the binary file.
      const at = store.sourceLocation(4);
      assert.equal(fs.readFileSync(at.path, 'utf8').split('\n')[at.line - 1], store.sample(4).raw);
    });
  }

  test('the first row early, before the file is converted: the same sample, the same identity as once indexed', async () => {
    await writeChat(path.join(dir, 'a.parquet'), 10, 'ZSTD');
    fs.writeFileSync(path.join(dir, 'b.jsonl'), `${JSON.stringify({ instruction: 'Say hi', output: 'hi' })}\n`);
    const early = await peekFirstParquetSample(dir);
    assert.ok(early);
    assert.equal(early.raw, JSON.stringify({ messages: chat(0), source: 'gen-0' }));
    assert.ok(!fs.existsSync(path.join(dir, '.curator')), 'nothing converted or indexed yet');
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    assert.equal(store.sample(0).row.id, early.row.id);
    assert.equal(await peekFirstParquetSample(path.join(dir, '.curator')), undefined, 'a folder without Parquet first: nothing');
  });

  test('converted on a worker thread (as the extension does): the same rows, progress by row group', async () => {
    await writeChat(path.join(dir, 'chat.parquet'), 12, 'ZSTD');
    const progress: number[] = [];
    store = await CurationStore.open(dir, {
      reviewer: 'ana', parquetWorker: path.join(ROOT, 'out', 'parquetWorker.js'),
      onProgress: (p) => {
        if (p.lines) progress.push(p.lines);
      },
    });
    assert.equal(store.size, 12);
    assert.equal(store.sample(11).raw, JSON.stringify({ messages: chat(11), source: 'gen-2' }));
    assert.deepEqual(progress.slice(0, 3), [4, 8, 12], 'rows converted, after each row group of 4');
  });

  test('a worker that cannot start is an error naming the file, not a hang', async () => {
    await writeChat(path.join(dir, 'chat.parquet'), 4);
    store = await CurationStore.open(dir, { reviewer: 'ana', parquetWorker: path.join(dir, 'no-such-worker.js') });
    assert.equal(store.size, 0);
    assert.match(store.problems.map((p) => p.message).join('\n'), /^chat\.parquet: /m);
  });

  test('decisions follow the row: a verdict survives a reopen of the same file', async () => {
    await writeChat(path.join(dir, 'chat.parquet'), 10);
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    await store.decide(7, 'rejected');
    const id = store.sample(7).row.id;
    await store.close();
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    assert.equal(store.sample(7).row.id, id);
    assert.equal(store.verdictAt(7), 'rejected');
  });

  test('a truncated file (no footer) is named and holds no samples; the folder\'s other files open', async () => {
    const file = path.join(dir, 'cut.parquet');
    await writeChat(file, 20);
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, bytes.length - 40));
    fs.writeFileSync(path.join(dir, 'other.jsonl'), `${JSON.stringify({ instruction: 'Say hi', output: 'hi' })}\n`);
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    assert.equal(store.size, 1);
    assert.equal(store.sample(0).row.source, 'other.jsonl');
    const problem = store.problems.find((p) => p.source === 'cut.parquet');
    assert.ok(problem, JSON.stringify(store.problems));
    assert.match(problem.message, /^cut\.parquet: not a readable Parquet file \(.+\): its footer/);
  });

  for (const where of ['this thread', 'the worker'] as const) {
  test(`a row group that cannot be decoded is named with its rows; the other row groups open (${where})`, async () => {
    const file = path.join(dir, 'damaged.parquet');
    await writeChat(file, 12, 'GZIP');
    // Row group 2 (rows 5–8): its first column chunk's compressed bytes overwritten.
    const { asyncBufferFromFile, parquetMetadataAsync } = await import('hyparquet');
    const meta = await parquetMetadataAsync(await asyncBufferFromFile(file));
    const chunk = meta.row_groups[1].columns[0].meta_data!;
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(24, 0x5a), 0, 24, Number(chunk.data_page_offset) + Number(chunk.total_compressed_size) - 30);
    fs.closeSync(fd);
    store = await CurationStore.open(dir, { reviewer: 'ana', ...(where === 'the worker' ? { parquetWorker: path.join(ROOT, 'out', 'parquetWorker.js') } : {}) });
    assert.equal(store.size, 8);
    assert.deepEqual([0, 4, 7].map((i) => store!.sample(i).row.line), [1, 9, 12], 'rows keep their numbers past the gap');
    assert.match(store.problems.map((p) => p.message).join('\n'), /^damaged\.parquet:5: row group 2 of 3 \(rows 5–8\) cannot be decoded \(.+\); its rows are left out, the other row groups are read$/m);
  });
  }

  test('an unsupported codec is named', async () => {
    const file = path.join(dir, 'lzo.parquet');
    const { parquetWriteFile } = await import('hyparquet-writer');
    parquetWriteFile({ filename: file, columnData: [{ name: 'text', data: ['a', 'b'], type: 'STRING' }], codec: 'LZO', compressors: { LZO: (b: Uint8Array) => b } });
    const prepared = await prepareSource(file, path.join(dir, 'cache'));
    assert.match(prepared.notes.map((n) => n.message).join('\n'), /^lzo\.parquet:1: row group 1 of 1 \(rows 1–2\) cannot be decoded \(.*LZO.*\)/);
  });

  test('INT64 past 2^53 keeps its digits; timestamps are ISO text; bytes that are not UTF-8 are base64, with a note naming the column', async () => {
    const file = path.join(dir, 'types.parquet');
    const { parquetWriteFile } = await import('hyparquet-writer');
    parquetWriteFile({
      filename: file,
      columnData: [
        { name: 'id', data: [9007199254740993n, -5n], type: 'INT64' },
        { name: 'at', data: [new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), new Date(0)], type: 'TIMESTAMP' },
        { name: 'blob', data: [Uint8Array.of(0, 255, 1), Uint8Array.of()], type: 'BYTE_ARRAY' },
        { name: 'text', data: ['x', 'y'], type: 'STRING' },
      ],
    });
    fs.writeFileSync(path.join(dir, 'note.txt'), 'not a sample file');
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    assert.equal(store.sample(0).raw, '{"id":9007199254740993,"at":"2024-01-02T03:04:05.000Z","blob":"AP8B","text":"x"}');
    assert.equal(store.sample(1).raw, '{"id":-5,"at":"1970-01-01T00:00:00.000Z","blob":"","text":"y"}');
    assert.match(store.problems.map((p) => p.message).join('\n'), /types\.parquet: column blob: binary that is not UTF-8 text, written as base64/);
  });

  test('a sample text that spells the BigInt marker is kept as text', async () => {
    const file = path.join(dir, 'forged.parquet');
    const { parquetWriteFile } = await import('hyparquet-writer');
    parquetWriteFile({ filename: file, columnData: [{ name: 'n', data: [1n], type: 'INT64' }, { name: 'text', data: ['\u0000:12'], type: 'STRING' }] });
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    // Without the nonce, the marker would be "\u0000:" and this text would come out as the number 12.
    assert.equal(store.sample(0).raw, '{"n":1,"text":"\\u0000:12"}');
  });
});
