// The read-only view of a source too large to show whole: the lines around the record, each at
// its real line number, so the file:line link lands on the record.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readLinesAround } from '../../src/core/ingest/linesAround';
import { makeTempDir, removeDir } from './fixtureFiles';

suite('linesAround', () => {
  let dir: string;
  setup(() => {
    dir = makeTempDir('lines-around');
  });
  teardown(() => removeDir(dir));

  test('keeps the context lines at their own line numbers, across read chunks, and blanks the ones before', async () => {
    const file = path.join(dir, 'big.jsonl');
    // Lines of varying length so line starts fall anywhere relative to the 1 MiB read chunks.
    const lines = Array.from({ length: 30_000 }, (_, i) => JSON.stringify({ n: i + 1, pad: 'x'.repeat((i * 37) % 97) }));
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    for (const line of [1, 2, 15_000, 29_999, 30_000]) {
      const shown = (await readLinesAround(file, line, { context: 3, maxBytes: 1 << 20 })).split('\n');
      for (let n = Math.max(1, line - 3); n <= Math.min(30_000, line + 3); n++) assert.equal(shown[n - 1], lines[n - 1], `line ${n} around ${line}`);
      for (let n = 1; n < line - 3; n++) assert.equal(shown[n - 1], '', `line ${n} is blank`);
      assert.ok(shown.length <= line + 4 + 1);
    }
  });

  test('a file without a final line break and CRLF lines come back as they are', async () => {
    const file = path.join(dir, 'crlf.jsonl');
    fs.writeFileSync(file, '{"a":1}\r\n{"b":2}\r\n{"c":3}');
    assert.equal(await readLinesAround(file, 3, { context: 1, maxBytes: 1000 }), '\n{"b":2}\r\n{"c":3}');
  });
});
