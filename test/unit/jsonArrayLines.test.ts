// The streaming JSON-array → JSONL splitter: one record per line, original lines kept, whatever
// the chunking.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { JsonArrayLines } from '../../src/core/ingest/jsonArrayLines';
import { formatFixture } from './fixtureFiles';

interface Split {
  readonly lines: string[];
  readonly starts: number[];
  readonly notes: readonly { code: string; line: number; text: string }[];
}

/** Splits `text` fed in chunks of `chunk` bytes. */
function split(text: string | Buffer, chunk = 1 << 16): Split {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const s = new JsonArrayLines();
  const out: Buffer[] = [];
  const starts: number[] = [];
  for (let i = 0; i < bytes.length; i += chunk) {
    out.push(s.push(bytes.subarray(i, i + chunk)));
    starts.push(...s.takeRecordLines());
  }
  out.push(s.end());
  starts.push(...s.takeRecordLines());
  const joined = Buffer.concat(out).toString('utf8');
  assert.ok(joined === '' || joined.endsWith('\n'), 'output ends with a line break');
  const lines = joined === '' ? [] : joined.slice(0, -1).split('\n');
  assert.equal(lines.length, starts.length, 'one start line per record');
  assert.equal(s.records, lines.length);
  return { lines, starts, notes: s.notes };
}

suite('jsonArrayLines', () => {
  test('a pretty-printed array becomes one compact line per element, each with the line it starts on', () => {
    const text = fs.readFileSync(formatFixture('alpaca_array.json'), 'utf8');
    const r = split(text);
    const elements = JSON.parse(text) as unknown[];
    assert.deepEqual(r.lines, elements.map((e) => JSON.stringify(e)));
    assert.deepEqual(r.starts, [2, 7, 12]);
    assert.deepEqual(r.notes, []);
  });

  test('the result is the same for every chunk size, down to one byte', () => {
    const text = fs.readFileSync(formatFixture('alpaca_array.json'));
    const whole = split(text);
    for (const chunk of [1, 2, 3, 7, 64]) assert.deepEqual(split(text, chunk), whole, `chunk ${chunk}`);
  });

  test('whitespace inside strings, escapes and brackets in strings are kept exactly', () => {
    const r = split('[\n  {"a": "x  y\\"] ,{ \\\\", "b" : [ 1 , 2 ]},\r\n  "s p"\n]');
    assert.deepEqual(r.lines, ['{"a":"x  y\\"] ,{ \\\\","b":[1,2]}', '"s p"']);
    assert.deepEqual(r.starts, [2, 3]);
  });

  test('a space is kept between two bare tokens, so invalid JSON stays invalid', () => {
    const r = split('[{"a": 1 2}, true false, -1 .5]');
    assert.deepEqual(r.lines, ['{"a":1 2}', 'true false', '-1 .5']);
    assert.throws(() => JSON.parse(r.lines[0]));
  });

  test('a raw line break inside a string becomes a TAB: the record stays on one line and stays invalid', () => {
    const r = split('[{"a": "two\nlines"}, {"b": 1}]');
    assert.deepEqual(r.lines, ['{"a":"two\tlines"}', '{"b":1}']);
    assert.deepEqual(r.starts, [1, 2]);
    assert.throws(() => JSON.parse(r.lines[0]), /control character/i);
  });

  test('an empty array gives no records and no notes', () => {
    assert.deepEqual(split('  [ \n ]\n'), { lines: [], starts: [], notes: [] });
  });

  test('a cut-off array keeps the partial last record and notes where the array opened', () => {
    const r = split('[\n{"a": 1},\n{"b": [2, 3');
    assert.deepEqual(r.lines, ['{"a":1}', '{"b":[2,3']);
    assert.deepEqual(r.notes, [{
      code: 'unterminated-array', line: 1,
      text: 'the array that opens here is never closed: the file ends early; the last record (line 3) is probably cut off. Re-export or re-download the file',
    }]);
  });

  test('empty elements and a trailing comma are skipped with a note', () => {
    const r = split('[1,,\n2,\n]');
    assert.deepEqual(r.lines, ['1', '2']);
    assert.deepEqual(r.notes.map((n) => [n.code, n.line]), [['empty-element', 1], ['empty-element', 3]]);
  });

  test('content after the closing bracket is ignored with one note naming its line', () => {
    const r = split('[1]\n\n{"x": 2} [3]');
    assert.deepEqual(r.lines, ['1']);
    assert.deepEqual(r.notes, [{ code: 'trailing-content', line: 3, text: 'content after the closing "]" of the array is ignored' }]);
  });

  test('a file that is not an array is read as top-level values, one per line', () => {
    const r = split('{"a": 1}\n{"b":\n  2}\n"s" 3\n');
    assert.deepEqual(r.lines, ['{"a":1}', '{"b":2}', '"s"', '3']);
    assert.deepEqual(r.starts, [1, 2, 4, 4]);
    assert.deepEqual(r.notes, []);
  });

  test('a top-level value left open is noted at its first line', () => {
    const r = split('{"a": 1}\n{"b": "x');
    assert.deepEqual(r.lines, ['{"a":1}', '{"b":"x']);
    assert.deepEqual(r.notes.map((n) => [n.code, n.line]), [['unterminated-value', 2]]);
  });

  test('multibyte UTF-8 split across chunks passes through intact', () => {
    const text = '["héllo 😀 ✓", {"k": "日本語"}]';
    assert.deepEqual(split(text, 1).lines, ['"héllo 😀 ✓"', '{"k":"日本語"}']);
  });
});
