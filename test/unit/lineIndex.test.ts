// The streaming line index: byte offsets, lengths, line numbers and content hashes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildLineIndex, contentHash, hashHex, readLineBytes, type LineIndex } from '../../src/core/ingest/lineIndex';
import { makeTempDir, removeDir, sha16 } from './fixtureFiles';

/** A line of the file as written: its text and the break after it ('' for the last line). */
interface Written {
  readonly text: string;
  readonly eol: '\n' | '\r\n' | '';
}

interface Expected {
  readonly start: number;
  readonly bytes: Buffer;
  readonly line: number;
}

/** Writes the lines and works out, independently of lineIndex.ts, what it should report. */
function writeLines(file: string, lines: readonly Written[]): Expected[] {
  const parts: Buffer[] = [];
  const expected: Expected[] = [];
  let offset = 0;
  lines.forEach(({ text, eol }, i) => {
    const bytes = Buffer.from(text, 'utf8');
    if (text.trim() !== '') expected.push({ start: offset, bytes, line: i + 1 });
    const all = Buffer.concat([bytes, Buffer.from(eol, 'utf8')]);
    parts.push(all);
    offset += all.length;
  });
  fs.writeFileSync(file, Buffer.concat(parts));
  return expected;
}

function assertIndexMatches(index: LineIndex, file: string, expected: readonly Expected[]): void {
  assert.deepEqual(Array.from(index.starts), expected.map((e) => e.start), 'starts');
  assert.deepEqual(Array.from(index.lengths), expected.map((e) => e.bytes.length), 'lengths');
  assert.deepEqual(Array.from(index.lineNumbers), expected.map((e) => e.line), 'line numbers');
  assert.deepEqual(Array.from({ length: index.starts.length }, (_, i) => hashHex(index, i)), expected.map((e) => sha16(e.bytes)), 'hashes');
  assert.equal(index.fileSize, fs.statSync(file).size);
  const fd = fs.openSync(file, 'r');
  try {
    expected.forEach((e, i) => {
      assert.ok(readLineBytes(fd, index.starts[i], index.lengths[i]).equals(e.bytes), `bytes of entry ${i}`);
    });
  } finally {
    fs.closeSync(fd);
  }
}

suite('lineIndex: buildLineIndex', () => {
  let dir: string;
  setup(() => {
    dir = makeTempDir('line-index');
  });
  teardown(() => removeDir(dir));

  test('blank and whitespace-only lines are skipped but still counted in line numbers', () => {
    const file = path.join(dir, 'a.jsonl');
    const expected = writeLines(file, [
      { text: '{"a":1}', eol: '\n' },
      { text: '', eol: '\n' },
      { text: ' \t ', eol: '\n' },
      { text: '{"b":2}', eol: '\n' },
      { text: '', eol: '\n' },
    ]);
    assert.deepEqual(expected.map((e) => e.line), [1, 4]);
    assertIndexMatches(buildLineIndex(file), file, expected);
  });

  test('CRLF endings are not part of a line, and a CR-only line counts as blank', () => {
    const file = path.join(dir, 'crlf.jsonl');
    const expected = writeLines(file, [
      { text: '{"a":1}', eol: '\r\n' },
      { text: '', eol: '\r\n' },
      { text: '{"b":22}', eol: '\r\n' },
    ]);
    const index = buildLineIndex(file);
    assertIndexMatches(index, file, expected);
    assert.deepEqual(Array.from(index.lengths), [7, 8]);
  });

  test('a last line without a trailing newline is indexed', () => {
    const file = path.join(dir, 'tail.jsonl');
    const expected = writeLines(file, [
      { text: '{"a":1}', eol: '\n' },
      { text: '{"last":true}', eol: '' },
    ]);
    assertIndexMatches(buildLineIndex(file), file, expected);
  });

  test('offsets and lengths are in bytes for multibyte UTF-8', () => {
    const file = path.join(dir, 'utf8.jsonl');
    const expected = writeLines(file, [
      { text: '{"t":"héllo wörld"}', eol: '\n' },
      { text: '{"t":"日本語 🎉"}', eol: '\n' },
      { text: '{"t":"after"}', eol: '\n' },
    ]);
    const index = buildLineIndex(file);
    assertIndexMatches(index, file, expected);
    // Sanity check that the fixture really is multibyte: bytes != UTF-16 length.
    assert.notEqual(index.lengths[1], '{"t":"日本語 🎉"}'.length);
  });

  test('an empty file has no entries', () => {
    const file = path.join(dir, 'empty.jsonl');
    fs.writeFileSync(file, '');
    const index = buildLineIndex(file);
    assert.equal(index.starts.length, 0);
    assert.equal(index.fileSize, 0);
  });

  test('lines crossing the 1 MiB read-chunk boundaries of a >2 MiB file are exact', () => {
    const MiB = 1 << 20;
    const file = path.join(dir, 'big.jsonl');
    const expected = writeLines(file, [
      { text: '{"first":1}', eol: '\n' },
      // Ends so that its CR is the last byte of the first chunk and its LF the first of the next.
      { text: 'x'.repeat(MiB - 1 - 12), eol: '\r\n' },
      // 2-byte characters over 1.5 MiB: one straddles the second chunk boundary.
      { text: 'é'.repeat(768 * 1024), eol: '\n' },
      { text: '{"after":"big"}', eol: '\n' },
      { text: '', eol: '\n' },
      { text: 'y'.repeat(300 * 1024), eol: '' },
    ]);
    assert.equal(expected[1].start + expected[1].bytes.length, MiB - 1, 'CR sits at the last byte of chunk 1');
    assert.ok(expected[2].start < 2 * MiB && expected[2].start + expected[2].bytes.length > 2 * MiB);
    assert.ok(fs.statSync(file).size > 2 * MiB);
    assertIndexMatches(buildLineIndex(file), file, expected);
  });
});

suite('lineIndex: content hashes', () => {
  let dir: string;
  setup(() => {
    dir = makeTempDir('line-hash');
  });
  teardown(() => removeDir(dir));

  test('identical lines hash the same, different lines differently, whatever their line ending', () => {
    const file = path.join(dir, 'h.jsonl');
    writeLines(file, [
      { text: '{"q":"same"}', eol: '\n' },
      { text: '{"q":"other"}', eol: '\n' },
      { text: '{"q":"same"}', eol: '\r\n' },
      { text: '{"q":"same" }', eol: '' },
    ]);
    const index = buildLineIndex(file);
    const hashes = Array.from({ length: index.starts.length }, (_, i) => hashHex(index, i));
    assert.equal(hashes.length, 4);
    assert.equal(hashes[0], hashes[2]);
    assert.notEqual(hashes[0], hashes[1]);
    assert.notEqual(hashes[0], hashes[3]);
  });

  test('contentHash is 16 hex chars of the SHA-256 of the bytes', () => {
    const bytes = Buffer.from('{"a":"ü"}', 'utf8');
    assert.match(contentHash(bytes), /^[0-9a-f]{16}$/);
    assert.equal(contentHash(bytes), sha16(bytes));
  });
});

suite('lineIndex: readLineBytes', () => {
  test('reads exactly the requested range, and stops short at end of file', () => {
    const dir = makeTempDir('line-read');
    try {
      const file = path.join(dir, 'r.bin');
      fs.writeFileSync(file, Buffer.from('0123456789', 'utf8'));
      const fd = fs.openSync(file, 'r');
      try {
        assert.equal(readLineBytes(fd, 3, 4).toString('utf8'), '3456');
        assert.equal(readLineBytes(fd, 8, 5).toString('utf8'), '89');
      } finally {
        fs.closeSync(fd);
      }
    } finally {
      removeDir(dir);
    }
  });
});
