// RecordWindow: records read by offset through a reused window equal direct reads, dense or sparse.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildLineIndex, readLineBytes } from '../../src/core/ingest/lineIndex';
import { RecordWindow } from '../../src/core/ingest/recordWindow';
import { makeTempDir, removeDir } from './fixtureFiles';

suite('recordWindow', () => {
  let dir: string;
  setup(() => {
    dir = makeTempDir('record-window');
  });
  teardown(() => removeDir(dir));

  function writeLines(name: string, lines: readonly string[]) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    return { file, index: buildLineIndex(file) };
  }

  test('every record, in order, skipping some, across files, equals a direct read', () => {
    const a = writeLines('a.jsonl', Array.from({ length: 3000 }, (_, i) => JSON.stringify({ i, t: 'x'.repeat((i * 37) % 900) })));
    const b = writeLines('b.jsonl', Array.from({ length: 50 }, (_, i) => JSON.stringify({ b: i, t: 'é'.repeat(i * 200) })));
    const window = new RecordWindow(16 * 1024);
    const fdA = fs.openSync(a.file, 'r');
    const fdB = fs.openSync(b.file, 'r');
    try {
      const visits: [typeof a, number, number][] = [];
      for (let i = 0; i < 3000; i += i < 1000 ? 1 : 97) visits.push([a, fdA, i]);
      for (let i = 0; i < 50; i++) visits.push([b, fdB, i]);
      visits.push([a, fdA, 5], [a, fdA, 2999]);
      for (const [{ file, index }, fd, i] of visits) {
        const got = window.read({ path: file, start: index.starts[i], length: index.lengths[i] });
        assert.deepEqual(Buffer.from(got), readLineBytes(fd, index.starts[i], index.lengths[i]), `${path.basename(file)} record ${i}`);
      }
    } finally {
      fs.closeSync(fdA);
      fs.closeSync(fdB);
      window.close();
    }
  });

  test('a record larger than the window is read whole; past the end of the file comes back short', () => {
    const { file, index } = writeLines('big.jsonl', ['{"a":1}', JSON.stringify({ t: 'y'.repeat(5000) })]);
    const window = new RecordWindow(1024);
    try {
      assert.equal(Buffer.from(window.read({ path: file, start: index.starts[1], length: index.lengths[1] })).toString(), JSON.stringify({ t: 'y'.repeat(5000) }));
      assert.equal(Buffer.from(window.read({ path: file, start: index.starts[0], length: index.lengths[0] })).toString(), '{"a":1}');
      assert.equal(window.read({ path: file, start: index.starts[0], length: 100_000 }).length, fs.statSync(file).size);
    } finally {
      window.close();
    }
  });
});
