// The test files' writer (testkit/parquet/parquetWriting.ts) against the reader the extension uses:
// every codec written is read back by hyparquet + hyparquet-compressors, row for row. A codec the
// writer got wrong would make every Parquet test downstream meaningless.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { TEST_CODECS, writeTestParquet } from '../../testkit/parquet/parquetWriting';
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
