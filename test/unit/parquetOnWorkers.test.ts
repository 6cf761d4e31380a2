// Parquet converted on two workers (parquetOnWorkers.ts, parquetWorker.ts): the cache gets the same
// bytes, in the file's order, as a conversion on one thread; a failed row group, a failed write and
// a cancel each end it cleanly; the plan keeps two workers to files whose row groups fit the memory.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { open } from 'node:fs/promises';
import * as path from 'node:path';
import type { FileMetaData } from 'hyparquet';
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import { convertParquet, type ParquetConversion } from '../../src/core/ingest/parquetLines';
import { convertParquetOnWorkers, parquetWorkerPlan, type ParquetWorkersOptions } from '../../src/core/ingest/parquetOnWorkers';
import { parquetSchema } from '../../src/core/formats/parquetColumns';
import { MESSAGES_AND_SOURCE } from '../../testkit/parquet/chatParquet';
import { writeTestParquet } from '../../testkit/parquet/parquetWriting';
import { makeTempDir, removeDir } from './fixtureFiles';

const WORKER = path.resolve(__dirname, '..', '..', 'parquetWorker.js');
const GROUP = 3;
const ROWS = 42;

/** Row group 1's rows are ~1.5 MB each, so its worker is still busy when the other hands over group 2. */
const content = (i: number) => (i < GROUP ? `${'long answer; '.repeat(120_000)}${i}` : `short answer ${i}: Ответ`);

async function writeRows(file: string): Promise<void> {
  await writeTestParquet(file, [
    { name: 'messages', data: Array.from({ length: ROWS }, (_, i) => [{ role: 'user', content: `q${i}` }, { role: 'assistant', content: content(i) }]) },
    { name: 'source', data: Array.from({ length: ROWS }, (_, i) => `gen-${i % 3}`) },
  ], { codec: 'SNAPPY', rowGroupSize: GROUP, schema: parquetSchema(MESSAGES_AND_SOURCE) });
}

/** Row group `g` (0-based) made undecodable: its first column chunk's last bytes overwritten. */
async function damageGroup(file: string, g: number): Promise<void> {
  const meta = await parquetMetadataAsync(await asyncBufferFromFile(file));
  const chunk = meta.row_groups[g].columns[0].meta_data!;
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

function metadataWithGroups(bytes: readonly number[]): FileMetaData {
  return { row_groups: bytes.map((b) => ({ total_byte_size: BigInt(b), num_rows: 1000n })) } as unknown as FileMetaData;
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
    assert.deepEqual(parquetWorkerPlan(metadataWithGroups([2.7e6, 2.7e6, 2.7e6]), 2), { workers: 2, heapMb: 65 });
    assert.deepEqual(parquetWorkerPlan(metadataWithGroups([2.7e6, 13.7e6, 2.7e6]), 2), { workers: 1, heapMb: 384 }, 'the largest group decides');
    assert.deepEqual(parquetWorkerPlan(metadataWithGroups([1e5]), 2), { workers: 1, heapMb: 384 }, 'one group: one worker');
    assert.deepEqual(parquetWorkerPlan(metadataWithGroups([1e5, 1e5]), 1), { workers: 1, heapMb: 384 });
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
