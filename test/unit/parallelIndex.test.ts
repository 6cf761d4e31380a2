// The worker-thread index equals the single-thread one, whatever the split.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildLineIndex, buildLineIndexOverlapped, type LineIndex } from '../../src/core/ingest/lineIndex';
import { buildLineIndexInWorkers, splitAtLines } from '../../src/core/ingest/parallelIndex';
import { ROOT } from '../../testkit/workbench/paths';
import { makeTempDir, removeDir } from './fixtureFiles';

const WORKER = path.join(ROOT, 'out', 'indexWorker.js');

function plain(index: LineIndex) {
  return {
    starts: Array.from(index.starts), lengths: Array.from(index.lengths), lines: Array.from(index.lineNumbers),
    hashes: Buffer.from(index.hashBytes).toString('hex'), fileSize: index.fileSize,
  };
}

suite('parallelIndex', () => {
  let dir: string;
  setup(() => {
    dir = makeTempDir('parallel-index');
  });
  teardown(() => removeDir(dir));

  test('splits fall on line starts', () => {
    const file = path.join(dir, 'a.jsonl');
    fs.writeFileSync(file, 'aaaa\nbb\ncccccc\nd\n');
    const starts = splitAtLines(file, 3);
    const text = fs.readFileSync(file, 'latin1');
    assert.equal(starts[0], 0);
    for (const s of starts.slice(1)) assert.equal(text[s - 1], '\n');
    assert.deepEqual([...starts].sort((a, b) => a - b), starts);
  });

  test('two and three workers give exactly the single-thread index (blank lines, CRLF, no final newline)', async () => {
    const file = path.join(dir, 'b.jsonl');
    const lines = Array.from({ length: 3000 }, (_, i) => (i % 97 === 0 ? '' : JSON.stringify({ i, text: 'é'.repeat(i % 50) })));
    fs.writeFileSync(file, lines.map((l, i) => (i === lines.length - 1 ? l : `${l}${i % 2 ? '\r\n' : '\n'}`)).join(''));
    const expected = plain(buildLineIndex(file));
    for (const workers of [2, 3]) {
      let progressed = 0;
      const got = await buildLineIndexInWorkers(file, { workerScript: WORKER, workers, onProgress: (p) => (progressed = p.bytesDone) });
      assert.deepEqual(plain(got), expected, `${workers} workers`);
      assert.equal(progressed, fs.statSync(file).size, 'progress reaches the file size');
    }
  });

  test('the overlapped pass (reads in flight while hashing) equals the plain one across many 4 MiB chunks, a line longer than a chunk included', async () => {
    const file = path.join(dir, 'c.jsonl');
    const fd = fs.openSync(file, 'w');
    for (let i = 0; i < 9000; i++) {
      // Lengths that put line breaks at every offset within a chunk; one line of 5 MiB spans two chunks.
      const text = i === 4000 ? 'x'.repeat(5 << 20) : 'y'.repeat((i * 7919) % 2600);
      fs.writeSync(fd, `${JSON.stringify({ i, text })}${i % 5 ? '\n' : '\r\n'}${i % 331 === 0 ? '\n' : ''}`);
    }
    fs.closeSync(fd);
    assert.ok(fs.statSync(file).size > 16 << 20, 'more than four chunks');
    const expected = plain(buildLineIndex(file));
    assert.deepEqual(plain(await buildLineIndexOverlapped(file)), expected, 'in this thread');
    assert.deepEqual(plain(await buildLineIndexInWorkers(file, { workerScript: WORKER, workers: 2 })), expected, 'two workers');
  });

  test('an unreadable file rejects with its path', async () => {
    await assert.rejects(buildLineIndexInWorkers(path.join(dir, 'missing.jsonl'), { workerScript: WORKER }), /missing\.jsonl/);
  });
});
