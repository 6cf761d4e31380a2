// The first row of a Parquet file read from the first pages of its first row group
// (parquetFirstRow.ts): a file without a page index (pyarrow's default) no longer has its whole
// first column chunks read and decoded to show one row.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { parquetMetadataAsync, type AsyncBuffer } from 'hyparquet';
import { firstParquetRow, firstRowFromFirstPages } from '../../src/core/ingest/parquetFirstRow';
import { openParquetFile } from '../../src/core/ingest/parquetFileReads';
import { readParquetRows } from '../../src/core/ingest/parquetLines';
import { parquetSchema } from '../../src/core/formats/parquetColumns';
import { MESSAGES_AND_SOURCE } from '../../testkit/parquet/chatParquet';
import { writeTestParquet } from '../../testkit/parquet/parquetWriting';
import { makeTempDir, removeDir } from './fixtureFiles';

/** Each answer ~2 KB of varied text, so 2,000 rows are several 1 MB pages per column chunk. */
const answer = (i: number) => Array.from({ length: 60 }, (_, k) => `step ${k} of answer ${i}: ${(i * 7919 + k * 104729) % 1000003};`).join(' ');

async function writeChat(file: string, rows: number, rowGroupSize: number): Promise<void> {
  await writeTestParquet(file, [
    // offsetIndex: false writes no page index, as pyarrow does by default.
    { name: 'messages', data: Array.from({ length: rows }, (_, i) => [{ role: 'user', content: `question ${i}` }, { role: 'assistant', content: answer(i) }]), offsetIndex: false },
    { name: 'source', data: Array.from({ length: rows }, (_, i) => `gen-${i % 3}`), offsetIndex: false },
  ], { codec: 'SNAPPY', rowGroupSize, schema: parquetSchema(MESSAGES_AND_SOURCE) });
}

/** The file, counting the bytes read through it. */
function counting(file: AsyncBuffer): AsyncBuffer & { read: number } {
  const counted = {
    byteLength: file.byteLength,
    read: 0,
    slice(start: number, end?: number) {
      counted.read += (end ?? file.byteLength) - start;
      return file.slice(start, end);
    },
  };
  return counted;
}

suite('parquet first row', () => {
  let dir: string;
  setup(() => {
    dir = makeTempDir('parquet-first-row');
  });
  teardown(() => removeDir(dir));

  test('a nested first row group without a page index: its first row from a small share of the group\'s bytes', async () => {
    const file = path.join(dir, 'chat.parquet');
    await writeChat(file, 2000, 2000);
    const reads = await openParquetFile(file);
    try {
      const metadata = await parquetMetadataAsync(reads);
      assert.ok(metadata.row_groups[0].columns.every((c) => c.offset_index_offset === undefined), 'no page index in this file');
      const groupBytes = metadata.row_groups[0].columns.reduce((n, c) => n + Number(c.meta_data!.total_compressed_size), 0);
      const whole = counting(reads);
      const [expected] = await readParquetRows(whole, metadata, 0, 1);
      assert.ok(whole.read >= groupBytes, 'the usual read takes every byte of the group');
      const cut = counting(reads);
      const row = await firstRowFromFirstPages(cut, metadata);
      assert.deepEqual(row, expected);
      assert.ok(cut.read < groupBytes * 0.4, `read ${cut.read} of the group's ${groupBytes} bytes`);
      assert.equal(await firstParquetRow(file), JSON.stringify(expected));
    } finally {
      await reads.close();
    }
  });

  test('a first row group of one row is left to the usual read, which gives the row', async () => {
    const file = path.join(dir, 'one.parquet');
    await writeChat(file, 3, 1);
    const reads = await openParquetFile(file);
    try {
      assert.equal(await firstRowFromFirstPages(reads, await parquetMetadataAsync(reads)), undefined);
    } finally {
      await reads.close();
    }
    assert.equal(await firstParquetRow(file), JSON.stringify({ messages: [{ role: 'user', content: 'question 0' }, { role: 'assistant', content: answer(0) }], source: 'gen-0' }));
  });
});
