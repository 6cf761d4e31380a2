// The test files' writer (testkit/parquet/parquetWriting.ts) against the reader the extension uses:
// every codec written is read back by hyparquet + hyparquet-compressors, row for row. A codec the
// writer got wrong would make every Parquet test downstream meaningless. And the generated chat
// set (writeChatParquet) the Parquet benchmarks read: row groups as asked, rows drawn again from the seed.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { TEST_CODECS, writeTestParquet } from '../../testkit/parquet/parquetWriting';
import { chatParquetRow, writeChatParquet } from '../../testkit/parquet/chatParquet';
import { rng } from '../../testkit/synthetic/seededRandom';
import { makeTempDir, removeDir } from './fixtureFiles';

suite('parquet test files', () => {
  let dir: string;
  setup(() => {
    dir = makeTempDir('parquet-writing');
  });
  teardown(() => removeDir(dir));

  for (const codec of TEST_CODECS) {
    test(`${codec}: written in that codec and read back the same`, async () => {
      const file = path.join(dir, `${codec}.parquet`);
      const text = Array.from({ length: 300 }, (_, i) => `row ${i}: ${'ab'.repeat(i % 17)} Привет`);
      await writeTestParquet(file, [
        { name: 'text', data: text, type: 'STRING' },
        { name: 'n', data: Array.from({ length: 300 }, (_, i) => i), type: 'INT32' },
      ], { codec, rowGroupSize: 100 });
      const buffer = await asyncBufferFromFile(file);
      const meta = await parquetMetadataAsync(buffer);
      assert.equal(meta.row_groups.length, 3);
      assert.ok(meta.row_groups.every((g) => g.columns.every((c) => c.meta_data?.codec === codec)), 'every chunk in the codec asked for');
      const rows = await parquetReadObjects({ file: buffer, compressors });
      assert.deepEqual(rows.map((r) => r.text), text);
      assert.deepEqual(rows.map((r) => r.n), Array.from({ length: 300 }, (_, i) => i));
    });
  }
});

suite('generated chat Parquet (writeChatParquet)', () => {
  let dir: string;
  setup(() => {
    dir = makeTempDir('chat-parquet');
  });
  teardown(() => removeDir(dir));

  test('N rows in row groups of the size asked, each row drawn again from the same seed', async () => {
    const file = path.join(dir, 'chat.parquet');
    const written = await writeChatParquet(file, 2_503, { codec: 'ZSTD', rowGroupSize: 1_000, seed: 7 });
    assert.equal(written.rowGroups, 3);
    const buffer = await asyncBufferFromFile(file);
    assert.equal(written.bytes, buffer.byteLength);
    const meta = await parquetMetadataAsync(buffer);
    assert.deepEqual(meta.row_groups.map((g) => Number(g.num_rows)), [1_000, 1_000, 503]);
    assert.ok(meta.row_groups.every((g) => g.columns.every((c) => c.meta_data?.codec === 'ZSTD')));
    const rows = await parquetReadObjects({ file: buffer, compressors });
    const next = rng(7);
    const expected = Array.from({ length: 2_503 }, (_, i) => chatParquetRow(next, i));
    assert.deepEqual(rows, expected);
    assert.ok(rows.some((r) => (r.messages as unknown[]).length === 4) && rows.some((r) => r.source === 'openhermes-100k'));
  });
});
