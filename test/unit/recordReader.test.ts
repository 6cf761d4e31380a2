// readRecord: one line's bytes to a sample, or a problem whose message names file and line and
// says what to do. summarizeProblems: the per-file counts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { checkLineLength, DEFAULT_MAX_LINE_BYTES, readRecord, summarizeProblems, type RecordProblem } from '../../src/core/ingest/recordReader';
import { FORMAT_FIXTURES, formatLines } from './fixtureFiles';

const utf8 = (s: string) => Buffer.from(s, 'utf8');

function problem(result: ReturnType<typeof readRecord>): RecordProblem {
  assert.equal(result.ok, false, 'expected a problem');
  return result as RecordProblem;
}

/** V8's own message for a text JSON.parse refuses, so assertions do not pin one Node version. */
function parseError(text: string): string {
  try {
    JSON.parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${text} parsed`);
}

suite('recordReader: readRecord on good lines', () => {
  test('every line of every .jsonl format fixture reads as a sample of its file\'s format', () => {
    const files = fs.readdirSync(FORMAT_FIXTURES).filter((n) => n.endsWith('.jsonl'));
    assert.ok(files.length >= 11, `found ${files.length}`);
    for (const name of files) {
      const formats = new Set(formatLines(name).map((line, i) => {
        const r = readRecord(utf8(line), { file: name, line: i + 1 });
        assert.ok(r.ok, `${name}:${i + 1}: ${r.ok ? '' : r.message}`);
        assert.deepEqual(r.record, JSON.parse(line));
        return r.format;
      }));
      assert.equal(formats.size, 1, name);
    }
  });

  test('a UTF-8 BOM at the start of the line and a trailing CR are not part of the record', () => {
    const r = readRecord(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('{"question":"q","answer":"#### 4"}\r')]), { file: 'a.jsonl', line: 1 });
    assert.ok(r.ok);
    assert.equal(r.format, 'qa');
    assert.deepEqual(r.normalized, { kind: 'qa', question: 'q', answer: '#### 4', finalAnswer: '4' });
  });

  test('the size limit is inclusive: a line of exactly maxLineBytes is read', () => {
    const line = utf8('{"question":"q","answer":"a"}');
    assert.equal(readRecord(line, { file: 'a.jsonl', line: 1 }, { maxLineBytes: line.length }).ok, true);
  });
});

suite('recordReader: readRecord on bad lines', () => {
  test('a 50 MB line is too large and is refused before parsing (it is valid JSON)', () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x20);
    big.write('{"question":"q","answer":"a"}', 0);
    const p = problem(readRecord(big, { file: 'big.jsonl', line: 7 }));
    assert.equal(p.code, 'too-large');
    assert.equal(p.message, 'big.jsonl:7: the line is 50.0 MiB, over the 16.0 MiB limit for one sample, so it was not read; split or shorten the record, or remove it');
    assert.equal(DEFAULT_MAX_LINE_BYTES, 16 * 1024 * 1024);
  });

  test('checkLineLength refuses by length alone, so a huge line need not be read', () => {
    assert.equal(checkLineLength(DEFAULT_MAX_LINE_BYTES, { file: 'a.jsonl', line: 1 }), undefined);
    assert.deepEqual(checkLineLength(3 * 1024 * 1024 * 1024, { file: 'a.jsonl', line: 8 }), {
      ok: false, code: 'too-large', file: 'a.jsonl', line: 8,
      message: 'a.jsonl:8: the line is 3072.0 MiB, over the 16.0 MiB limit for one sample, so it was not read; split or shorten the record, or remove it',
    });
  });

  test('maxLineBytes is honoured', () => {
    const p = problem(readRecord(utf8('{"question":"q","answer":"a"}'), { file: 'a.jsonl', line: 2 }, { maxLineBytes: 10 }));
    assert.equal(p.code, 'too-large');
    assert.equal(p.message, 'a.jsonl:2: the line is 0.0 MiB, over the 0.0 MiB limit for one sample, so it was not read; split or shorten the record, or remove it');
  });

  test('a NUL byte is binary, naming the byte and where it is', () => {
    const p = problem(readRecord(utf8('{"q":\u0000"x"}'), { file: 'data/x.jsonl', line: 12 }));
    assert.equal(p.code, 'binary');
    assert.equal(p.message, 'data/x.jsonl:12: the line holds binary data (byte 0x00 at byte 6); if the file is UTF-16 without a byte-order mark, re-save it as UTF-8; otherwise remove the line');
    assert.equal(p.file, 'data/x.jsonl');
    assert.equal(p.line, 12);
  });

  test('other control bytes are binary too; TAB and CR are not', () => {
    assert.equal(problem(readRecord(Buffer.from([0x7b, 0x1b, 0x7d]), { file: 'a', line: 1 })).code, 'binary');
    assert.equal(problem(readRecord(Buffer.from([0x7b, 0x09, 0x0d, 0x7d, 0x0d]), { file: 'a', line: 1 })).code, 'unknown-shape');
  });

  test('UTF-16 text without a BOM is binary (its NUL bytes)', () => {
    const p = problem(readRecord(Buffer.from('{"a":1}', 'utf16le'), { file: 'w.jsonl', line: 1 }));
    assert.equal(p.code, 'binary');
    assert.match(p.message, /^w\.jsonl:1: the line holds binary data \(byte 0x00 at byte 2\); if the file is UTF-16/);
  });

  test('Latin-1 text is not UTF-8, naming the first bad byte', () => {
    const p = problem(readRecord(Buffer.from('{"question":"café","answer":"4"}', 'latin1'), { file: 'l.jsonl', line: 3 }));
    assert.equal(p.code, 'not-utf8');
    assert.equal(p.message, 'l.jsonl:3: the line is not valid UTF-8 (byte 0xe9 at byte 17); re-save the file as UTF-8');
  });

  test('overlong encodings, surrogates and cut sequences are not UTF-8', () => {
    for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf5, 0x80, 0x80, 0x80], [0x80]]) {
      const p = problem(readRecord(Buffer.from([0x22, ...bad, 0x22]), { file: 'u', line: 1 }));
      assert.equal(p.code, 'not-utf8', bad.join(','));
      assert.equal(p.message, `u:1: the line is not valid UTF-8 (byte 0x${bad[0].toString(16)} at byte 2); re-save the file as UTF-8`);
    }
  });

  test('a truncated last line (no closing brace) is invalid JSON, cut off, naming its line', () => {
    const text = '{"question": "How many?", "answer": "#### ';
    const p = problem(readRecord(utf8(text), { file: 'gsm.jsonl', line: 1320 }));
    assert.equal(p.code, 'invalid-json');
    assert.equal(p.message, `gsm.jsonl:1320: invalid JSON (${parseError(text)}): the record is cut off before its closing brace; fix the line or remove it`);
  });

  test('a line cut right after a value is called cut off too', () => {
    const text = '{"question": "q", "answer": 4';
    const p = problem(readRecord(utf8(text), { file: 'a.jsonl', line: 9 }));
    assert.equal(p.message, `a.jsonl:9: invalid JSON (${parseError(text)}): the record is cut off before its closing brace; fix the line or remove it`);
  });

  test('a broken line that is complete is invalid JSON without the cut-off remark', () => {
    const text = '{"question": "q" "answer": "a"}';
    const p = problem(readRecord(utf8(text), { file: 'a.jsonl', line: 2 }));
    assert.equal(p.message, `a.jsonl:2: invalid JSON (${parseError(text)}); fix the line or remove it`);
  });

  test('a blank line says so', () => {
    assert.equal(problem(readRecord(utf8('  \r'), { file: 'a.jsonl', line: 5 })).message, 'a.jsonl:5: the line is blank, not a JSON record; fix the line or remove it');
  });

  test('shape problems carry their code and the shape error, prefixed with file and line', () => {
    const cases: [string, RecordProblem['code'], string][] = [
      ['{"text": "x"}', 'unknown-shape',
        'a.jsonl:4: unknown sample shape (fields: text); expected one of messages | input+preferred_output+non_preferred_output | conversations | chosen+rejected | instruction+output | instruction+instances | prompt+completion(+label) | question+answer | instruction+generation(s) | instruction+completions | conversation | instruction+response; convert the record to a supported format or move it out of the store'],
      ['[1, 2]', 'unknown-shape', 'a.jsonl:4: a sample must be a JSON object; convert the record to a supported format or move it out of the store'],
      ['{"instruction": "i", "output": 3}', 'missing-field', 'a.jsonl:4: field "output" must be a string; fix the field or remove the line'],
      ['{"conversations": [{"from": "alien", "value": "x"}]}', 'bad-role', 'a.jsonl:4: conversations[0].from "alien" is not a known role; use one of the roles listed'],
      ['{"messages": []}', 'empty-content', 'a.jsonl:4: field "messages" is an empty list: the sample has no turns; fill in the content or remove the line'],
    ];
    for (const [text, code, message] of cases) {
      const p = problem(readRecord(utf8(text), { file: 'a.jsonl', line: 4 }));
      assert.equal(p.code, code, text);
      assert.equal(p.message, message);
    }
  });

  test('content nested deeper than the stack is a problem, not a crash', () => {
    const deep = `${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)}`;
    // JSON.parse copes; the object is refused as content without being walked.
    const p = problem(readRecord(utf8(`{"messages":[{"role":"user","content":${deep}}]}`), { file: 'd.jsonl', line: 1 }));
    assert.equal(p.code, 'missing-field');
    assert.match(p.message, /^d\.jsonl:1: messages\[0\]\.content must be a string or a list of text parts .* \(found an object\); fix the field/);
    // Two answers that differ deep inside their call arguments are compared as JSON text, which overflows.
    const call = (n: number) => `{"role":"assistant","content":null,"tool_calls":[{"type":"function","function":{"name":"f","arguments":${deep.replace('1', String(n))}}}]}`;
    const pair = `{"chosen":[{"role":"user","content":"q"},${call(1)}],"rejected":[{"role":"user","content":"q"},${call(2)}]}`;
    const q = problem(readRecord(utf8(pair), { file: 'd.jsonl', line: 2 }));
    assert.match(q.message, /^d\.jsonl:2: the record could not be read as a sample \(Maximum call stack size exceeded\); convert the record/);
  });

  test('content that would read as empty text is a problem naming file, line and the part at fault', () => {
    const cases: [string, string][] = [
      ['{"messages": [{"role": "user", "content": ["Hello", "there"]}]}',
        'chat.jsonl:7: messages[0].content[0] is a string, not a text part: messages[0].content must be a string or a list of text parts ({"type": "text", "text": "…"}); fix the field or remove the line'],
      ['{"messages": [{"role": "user", "content": [["Hello"]]}]}',
        'chat.jsonl:7: messages[0].content[0] is a list, not a text part: messages[0].content must be a string or a list of text parts ({"type": "text", "text": "…"}); fix the field or remove the line'],
      ['{"messages": [{"role": "user", "content": [{"type": "text", "text": 3}]}]}',
        'chat.jsonl:7: messages[0].content[0].text must be a string (found a number); fix the field or remove the line'],
    ];
    for (const [text, message] of cases) {
      const p = problem(readRecord(utf8(text), { file: 'chat.jsonl', line: 7 }));
      assert.equal(p.code, 'missing-field', text);
      assert.equal(p.message, message);
    }
  });
});

suite('recordReader: summarizeProblems', () => {
  test('counts problems per file by code, in order of first appearance, with the first line', () => {
    const summary = summarizeProblems([
      { file: 'b.jsonl', line: 9, code: 'invalid-json' },
      { file: 'a.jsonl', line: 3, code: 'binary' },
      { file: 'b.jsonl', line: 2, code: 'invalid-json' },
      { file: 'b.jsonl', line: 5, code: 'bad-role' },
    ]);
    assert.deepEqual(summary, [
      { file: 'b.jsonl', total: 3, byCode: { 'invalid-json': 2, 'bad-role': 1 }, firstLine: 2 },
      { file: 'a.jsonl', total: 1, byCode: { binary: 1 }, firstLine: 3 },
    ]);
  });

  test('accepts readRecord problems directly; no problems, no files', () => {
    const p = problem(readRecord(utf8('{'), { file: 'c.jsonl', line: 1 }));
    assert.deepEqual(summarizeProblems([p]), [{ file: 'c.jsonl', total: 1, byCode: { 'invalid-json': 1 }, firstLine: 1 }]);
    assert.deepEqual(summarizeProblems([]), []);
  });
});
