// Saved line indexes: reused only for the same file content, never trusted when damaged.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadIndex, saveIndex, sourceKey } from '../../src/core/indexCache';
import { buildLineIndex } from '../../src/core/lineIndex';
import { makeTempDir, removeDir } from './fixtureFiles';

suite('indexCache', () => {
  let dir: string;
  let file: string;
  let idx: string;
  setup(() => {
    dir = makeTempDir('index-cache');
    file = path.join(dir, 'a.jsonl');
    idx = path.join(dir, 'a.idx');
    fs.writeFileSync(file, '{"a":1}\n\n{"b":2}\r\n{"c":3}');
  });
  teardown(() => removeDir(dir));

  test('a saved index loads back identical for the same key', () => {
    const index = buildLineIndex(file);
    const key = sourceKey(file);
    saveIndex(idx, key, index);
    const loaded = loadIndex(idx, key);
    assert.ok(loaded);
    assert.deepEqual(Array.from(loaded.starts), Array.from(index.starts));
    assert.deepEqual(Array.from(loaded.lengths), Array.from(index.lengths));
    assert.deepEqual(Array.from(loaded.lineNumbers), [1, 3, 4]);
    assert.deepEqual(Buffer.from(loaded.hashBytes), Buffer.from(index.hashBytes));
    assert.equal(loaded.fileSize, index.fileSize);
  });

  test('the key changes when the content changes, even at the same size', () => {
    const before = sourceKey(file);
    fs.writeFileSync(file, '{"a":9}\n\n{"b":2}\r\n{"c":3}');
    assert.notEqual(sourceKey(file), before);
    assert.equal(sourceKey(file).length, 32);
  });

  test('a change in the middle of a large file is caught by the size or the tail', () => {
    const big = path.join(dir, 'big.jsonl');
    const line = `${JSON.stringify({ text: 'x'.repeat(100) })}\n`;
    fs.writeFileSync(big, line.repeat(5000));
    const before = sourceKey(big);
    fs.appendFileSync(big, line);
    assert.notEqual(sourceKey(big), before);
  });

  test('a missing, foreign, truncated or other-key file is not loaded', () => {
    const key = sourceKey(file);
    assert.equal(loadIndex(idx, key), undefined);
    saveIndex(idx, key, buildLineIndex(file));
    assert.equal(loadIndex(idx, 'f'.repeat(32)), undefined);
    const bytes = fs.readFileSync(idx);
    fs.writeFileSync(idx, bytes.subarray(0, bytes.length - 3));
    assert.equal(loadIndex(idx, key), undefined);
    fs.writeFileSync(idx, Buffer.from('not an index at all, just text that is long enough to have a header......'));
    assert.equal(loadIndex(idx, key), undefined);
  });
});
