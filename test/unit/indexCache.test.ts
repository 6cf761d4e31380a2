// Saved line indexes: reused only for the same file content, never trusted when damaged.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FULL_HASH_LIMIT, fileIdentity } from '../../src/core/ingest/fileIdentity';
import { loadIndex, saveIndex } from '../../src/core/ingest/indexCache';
import { buildLineIndex } from '../../src/core/ingest/lineIndex';
import { makeTempDir, removeDir } from './fixtureFiles';

const keyOf = (file: string) => fileIdentity(file).key;

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
    const key = keyOf(file);
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
    const before = keyOf(file);
    fs.writeFileSync(file, '{"a":9}\n\n{"b":2}\r\n{"c":3}');
    assert.notEqual(keyOf(file), before);
    assert.equal(keyOf(file).length, 32);
  });

  test('a change in the middle of a large file is caught by the size or the tail', () => {
    const big = path.join(dir, 'big.jsonl');
    const line = `${JSON.stringify({ text: 'x'.repeat(100) })}\n`;
    fs.writeFileSync(big, line.repeat(5000));
    const before = keyOf(big);
    fs.appendFileSync(big, line);
    assert.notEqual(keyOf(big), before);
  });

  test('a missing, foreign, truncated or other-key file is not loaded', () => {
    const key = keyOf(file);
    assert.equal(loadIndex(idx, key), undefined);
    saveIndex(idx, key, buildLineIndex(file));
    assert.equal(loadIndex(idx, 'f'.repeat(32)), undefined);
    const bytes = fs.readFileSync(idx);
    fs.writeFileSync(idx, bytes.subarray(0, bytes.length - 3));
    assert.equal(loadIndex(idx, key), undefined);
    fs.writeFileSync(idx, Buffer.from('not an index at all, just text that is long enough to have a header......'));
    assert.equal(loadIndex(idx, key), undefined);
  });

  test('a same-size edit in the middle of a large file, with a new mtime, gets a new key', () => {
    const big = path.join(dir, 'big.jsonl');
    const line = (c: string) => `${JSON.stringify({ text: c.repeat(200) })}\n`;
    const lines = Math.ceil(FULL_HASH_LIMIT / line('x').length) + 10;
    fs.writeFileSync(big, line('x').repeat(lines));
    const old = new Date(Date.UTC(2026, 0, 1));
    fs.utimesSync(big, old, old);
    const before = keyOf(big);
    // Rewrite one record in place: same size, untouched head and tail (the old key's blind spot).
    const fd = fs.openSync(big, 'r+');
    fs.writeSync(fd, line('y'), line('x').length * Math.floor(lines / 2));
    fs.closeSync(fd);
    fs.utimesSync(big, old, new Date(Date.UTC(2026, 0, 2)));
    assert.notEqual(keyOf(big), before);
  });

  test('a small file is hashed whole: a mid-file edit that puts the mtime back still gets a new key', () => {
    const small = path.join(dir, 'small.jsonl');
    fs.writeFileSync(small, '{"a":1}\n{"b":2}\n{"c":3}\n');
    const { mtime } = fs.statSync(small);
    const before = keyOf(small);
    const fd = fs.openSync(small, 'r+');
    fs.writeSync(fd, '{"b":9}', 8);
    fs.closeSync(fd);
    fs.utimesSync(small, mtime, mtime);
    assert.notEqual(keyOf(small), before);
  });

  test('a file replaced by another with the same bytes and mtime (a new inode) gets a new key', () => {
    const { mtime } = fs.statSync(file);
    const before = keyOf(file);
    const copy = path.join(dir, 'copy.jsonl');
    fs.copyFileSync(file, copy);
    fs.renameSync(copy, file);
    fs.utimesSync(file, mtime, mtime);
    assert.notEqual(keyOf(file), before);
  });
});
