// Parquet converted on two workers (parquetOnWorkers.ts, parquetWorker.ts), in row groups or parts
// of them (parquetParts.ts): the cache gets the same bytes, in the file's order, as a conversion
// on one thread; a failed row group, a failed write and a cancel each end it cleanly; the plan
// keeps two workers to files whose parts fit the memory.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { open } from 'node:fs/promises';
import * as path from 'node:path';
import type { FileMetaData } from 'hyparquet';
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import { convertParquet, type ParquetConversion } from '../../src/core/ingest/parquetLines';
import { convertParquetOnWorkers, MAX_PART_BYTES, parquetWorkerPlan, type ParquetWorkersOptions } from '../../src/core/ingest/parquetOnWorkers';
import { parquetParts } from '../../src/core/ingest/parquetParts';
import { parquetSchema } from '../../src/core/formats/parquetColumns';
import { MESSAGES_AND_SOURCE } from '../../testkit/parquet/chatParquet';
import { writeTestParquet } from '../../testkit/parquet/parquetWriting';
import { makeTempDir, removeDir } from './fixtureFiles';

const WORKER = path.resolve(__dirname, '..', '..', 'parquetWorker.js');
const GROUP = 3;
const ROWS = 42;

/** Row group 1's rows are ~1.5 MB each, so its worker is still busy when the other hands over group 2. */
const content = (i: number) => (i < GROUP ? `${'long answer; '.repeat(120_000)}${i}` : `short answer ${i}: Ответ`);

async function writeRows(file: string, rowGroupSize = GROUP, pageSize?: number): Promise<void> {
  await writeTestParquet(file, [
    { name: 'messages', data: Array.from({ length: ROWS }, (_, i) => [{ role: 'user', content: `q${i}` }, { role: 'assistant', content: content(i) }]) },
    { name: 'source', data: Array.from({ length: ROWS }, (_, i) => `gen-${i % 3}`) },
  ], { codec: 'SNAPPY', rowGroupSize, schema: parquetSchema(MESSAGES_AND_SOURCE), ...(pageSize ? { pageSize } : {}) });
}

/** Row group `g` (0-based) made undecodable: a column chunk's last bytes (its last page's) overwritten. */
async function damageGroup(file: string, g: number, column = 0): Promise<void> {
  const meta = await parquetMetadataAsync(await asyncBufferFromFile(file));
  const chunk = meta.row_groups[g].columns[column].meta_data!;
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(24, 0x5a), 0, 24, Number(chunk.data_page_offset) + Number(chunk.total_compressed_size) - 30);
  fs.closeSync(fd);
}

interface Converted {
  readonly result: ParquetConversion;
  readonly data: Buffer;
  readonly lines: Buffer;
  readonly progress: number[];
}

async function convertWith(dir: string, file: string, how: 'this thread' | Partial<ParquetWorkersOptions>): Promise<Converted> {
  const [dataPath, linesPath] = [path.join(dir, 'out.data'), path.join(dir, 'out.lines')];
  const [data, lines] = [await open(dataPath, 'w'), await open(linesPath, 'w')];
  const progress: number[] = [];
  try {
    const onProgress = (p: { rowsDone: number }) => progress.push(p.rowsDone);
    const result = how === 'this thread'
      ? await convertParquet(file, data, lines, onProgress)
      : await convertParquetOnWorkers(file, data, lines, { workerScript: WORKER, onProgress, ...how });
    return { result, data: fs.readFileSync(dataPath), lines: fs.readFileSync(linesPath), progress };
  } finally {
    await data.close();
    await lines.close();
  }
}

/** Row groups of 1,000 rows and these sizes, in one large column with a page index or without. */
function metadataWithGroups(bytes: readonly number[], pageIndex = false): FileMetaData {
  return {
    row_groups: bytes.map((b) => ({
      total_byte_size: BigInt(b), num_rows: 1000n,
      columns: [{ ...(pageIndex ? { offset_index_offset: 4n, offset_index_length: 40 } : {}), meta_data: { total_uncompressed_size: BigInt(b) } }],
    })),
  } as unknown as FileMetaData;
}

suite('parquet on workers', () => {
  let dir: string;
  setup(() => {
    dir = makeTempDir('parquet-workers');
  });
  teardown(() => removeDir(dir));

  test('two workers write the bytes one thread writes, in the file\'s order, with the failed group\'s note in its place', async () => {
    const file = path.join(dir, 'chat.parquet');
    await writeRows(file);
    await damageGroup(file, 5);
    const meta = await parquetMetadataAsync(await asyncBufferFromFile(file));
    assert.equal(parquetWorkerPlan(meta, 2).workers, 2, 'this file is converted by two workers');

    const one = await convertWith(dir, file, 'this thread');
    const two = await convertWith(dir, file, {});
    assert.equal(one.result.records, ROWS - GROUP, 'group 6 is left out');
    assert.ok(one.data.equals(two.data), 'the same lines, in the same order');
    assert.ok(one.lines.equals(two.lines), 'the same row of each line');
    assert.deepEqual(two.result, one.result);
    assert.match(two.result.notes.map((n) => n.text).join('\n'), /^row group 6 of 14 \(rows 16–18\) cannot be decoded/m);
    const firstLines = two.data.toString('utf8').split('\n').slice(0, GROUP + 1).map((l) => (JSON.parse(l) as { messages: { content: string }[] }).messages[1].content);
    assert.deepEqual(firstLines.map((c) => c.slice(-8)), [content(0), content(1), content(2), content(3)].map((c) => c.slice(-8)), 'the slow first group is still first');
    assert.deepEqual(two.progress, Array.from({ length: 14 }, (_, g) => (g + 1) * GROUP), 'progress after each group, in order');
  });

  test('one worker (as the plan gives large row groups) writes the same bytes too', async () => {
    const file = path.join(dir, 'chat.parquet');
    await writeRows(file);
    const one = await convertWith(dir, file, 'this thread');
    const worker = await convertWith(dir, file, { maxWorkers: 1 });
    assert.ok(one.data.equals(worker.data));
    assert.ok(one.lines.equals(worker.lines));
    assert.equal(worker.result.records, ROWS);
  });

  test('the plan: two workers where both fit the memory budget, else one with the larger heap', () => {
    const plan = (bytes: number[], pageIndex = false, max = 2) => {
      const { workers, heapMb } = parquetWorkerPlan(metadataWithGroups(bytes, pageIndex), max);
      return { workers, heapMb };
    };
    assert.deepEqual(plan([2.7e6, 2.7e6, 2.7e6]), { workers: 2, heapMb: 65 });
    assert.deepEqual(plan([2.7e6, 13.7e6, 2.7e6]), { workers: 1, heapMb: 384 }, 'the largest group decides');
    assert.deepEqual(plan([2.7e6, 13.7e6, 2.7e6], true), { workers: 2, heapMb: 90 }, 'with a page index the large group is cut in two parts of 6.85 MB');
    assert.deepEqual(plan([150e6], true), { workers: 2, heapMb: 109 }, 'a 150 MB group with a page index: 15 parts of ~10 MB');
    assert.deepEqual(plan([1e5]), { workers: 1, heapMb: 384 }, 'one group: one worker');
    assert.deepEqual(plan([1e5, 1e5], false, 1), { workers: 1, heapMb: 384 });
  });

  test('parts: a large group with a page index in parts of about equal rows covering it in order; without one, whole', () => {
    const cut = parquetParts(metadataWithGroups([5e6, 25e6], true), MAX_PART_BYTES);
    assert.deepEqual(cut.map((p) => [p.group, p.start, p.end, p.whole]), [[0, 0, 1000, true], [1, 1000, 1333, false], [1, 1333, 1666, false], [1, 1666, 2000, false]]);
    assert.ok(cut.every((p) => p.bytes <= MAX_PART_BYTES));
    assert.deepEqual(parquetParts(metadataWithGroups([5e6, 25e6]), MAX_PART_BYTES).map((p) => [p.group, p.start, p.end]), [[0, 0, 1000], [1, 1000, 2000]]);
  });

  test('row groups cut in parts (a page index): two workers write the bytes one thread writes', async () => {
    const file = path.join(dir, 'paged.parquet');
    // Groups of 21 rows, pages of ~2 KB: the answers' chunks have several pages and so a page index.
    await writeRows(file, 21, 2048);
    const meta = await parquetMetadataAsync(await asyncBufferFromFile(file));
    const maxPartBytes = Number(meta.row_groups[1].total_byte_size) / 3;
    assert.ok(parquetParts(meta, maxPartBytes).length >= 2 + 3, 'both groups are cut');
    const one = await convertWith(dir, file, 'this thread');
    const two = await convertWith(dir, file, { maxPartBytes });
    assert.equal(parquetWorkerPlan(meta, 2, maxPartBytes).workers, 2);
    assert.ok(one.data.equals(two.data), 'the same lines, in the same order');
    assert.ok(one.lines.equals(two.lines));
    assert.deepEqual(two.result, one.result);
    assert.equal(two.progress.at(-1), ROWS);
  });

  test('a part whose page cannot be decoded is named by its rows; the group\'s other parts are read', async () => {
    const file = path.join(dir, 'paged.parquet');
    // Pages of ~128 bytes: group 2's short answers take several pages, so its chunk has a page index.
    await writeRows(file, 21, 128);
    await damageGroup(file, 1, 1); // the answers of group 2: its last page, in rows 36–42
    const meta = await parquetMetadataAsync(await asyncBufferFromFile(file));
    const two = await convertWith(dir, file, { maxPartBytes: Number(meta.row_groups[1].total_byte_size) / 3 });
    assert.equal(two.result.records, ROWS - 7);
    assert.match(two.result.notes.map((n) => n.text).join('\n'), /^rows 36–42 of row group 2 of 2 cannot be decoded \(.+\); its rows are left out/m);
    const rows = [...new Uint32Array(new Uint8Array(two.lines).buffer)];
    assert.deepEqual(rows.slice(-3), [33, 34, 35], 'rows up to the damaged part keep their numbers');
  });

  test('a write that fails stops the workers and rejects with its error, not a hang', async () => {
    const file = path.join(dir, 'chat.parquet');
    await writeRows(file);
    fs.writeFileSync(path.join(dir, 'ro'), '');
    const [data, lines] = [await open(path.join(dir, 'ro'), 'r'), await open(path.join(dir, 'lines'), 'w')];
    try {
      await assert.rejects(convertParquetOnWorkers(file, data, lines, { workerScript: WORKER }), /EBADF|bad file descriptor/i);
    } finally {
      await data.close();
      await lines.close();
    }
  });

  test('cancelled after its first group: rejects with the reason, and writes nothing more', async () => {
    const file = path.join(dir, 'chat.parquet');
    await writeRows(file);
    const stop = new AbortController();
    const [data, lines] = [await open(path.join(dir, 'data'), 'w'), await open(path.join(dir, 'lines'), 'w')];
    try {
      await assert.rejects(convertParquetOnWorkers(file, data, lines, {
        workerScript: WORKER, signal: stop.signal,
        onProgress: () => stop.abort(new Error('the reviewer closed the folder')),
      }), /the reviewer closed the folder/);
      const size = fs.statSync(path.join(dir, 'data')).size;
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(fs.statSync(path.join(dir, 'data')).size, size, 'no write after the cancel');
    } finally {
      await data.close();
      await lines.close();
    }
  });
});
