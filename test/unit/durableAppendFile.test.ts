// The durable append-only file: ordering, coalesced concurrent appends, cutting a torn tail.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DurableAppendFile } from '../../src/core/journal/durableAppendFile';
import { makeTempDir, removeDir } from './fixtureFiles';

suite('durableAppendFile', () => {
  let dir: string;
  let file: string;
  setup(() => {
    dir = makeTempDir('append');
    file = path.join(dir, 'log.jsonl');
  });
  teardown(() => removeDir(dir));

  test('creates the file; sequential appends land in order and size tracks the bytes', async () => {
    const f = await DurableAppendFile.open(file);
    try {
      assert.equal(f.size, 0);
      await f.append('one\n');
      await f.append('twö\n');
      assert.equal(fs.readFileSync(file, 'utf8'), 'one\ntwö\n');
      assert.equal(f.size, Buffer.byteLength('one\ntwö\n'));
    } finally {
      await f.close();
    }
  });

  test('200 concurrent appends all land, in call order', async () => {
    const f = await DurableAppendFile.open(file);
    try {
      const lines = Array.from({ length: 200 }, (_, i) => `line ${i}\n`);
      await Promise.all(lines.map((l) => f.append(l)));
      assert.equal(fs.readFileSync(file, 'utf8'), lines.join(''));
      assert.equal(f.size, lines.join('').length);
    } finally {
      await f.close();
    }
  });

  test('reopening appends after the existing content', async () => {
    fs.writeFileSync(file, 'old\n');
    const f = await DurableAppendFile.open(file);
    try {
      assert.equal(f.size, 4);
      await f.append('new\n');
    } finally {
      await f.close();
    }
    assert.equal(fs.readFileSync(file, 'utf8'), 'old\nnew\n');
  });

  test('validLength cuts a torn tail before later appends', async () => {
    fs.writeFileSync(file, 'kept\n{"torn":');
    const f = await DurableAppendFile.open(file, 5);
    try {
      assert.equal(f.size, 5);
      assert.equal(fs.readFileSync(file, 'utf8'), 'kept\n');
      await f.append('next\n');
    } finally {
      await f.close();
    }
    assert.equal(fs.readFileSync(file, 'utf8'), 'kept\nnext\n');
  });

  test('a validLength at or beyond the size leaves the file alone', async () => {
    fs.writeFileSync(file, 'abc\n');
    const f = await DurableAppendFile.open(file, 10);
    try {
      assert.equal(f.size, 4);
    } finally {
      await f.close();
    }
    assert.equal(fs.readFileSync(file, 'utf8'), 'abc\n');
  });
});
