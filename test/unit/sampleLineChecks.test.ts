// The language server's per-line checks: every code, its range, and the quick fixes' edits.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from '../../src/core/lineProblems/diagnosticCodes';
import { findValueRange } from '../../src/core/lineProblems/jsonValueRange';
import { checkSampleLine, type LineChecker, type LineEdit, type LineProblem } from '../../src/core/lineProblems/sampleLineChecks';
import { ROOT } from '../../testkit/workbench/paths';
import { DEMO_STORE, EDGE_CASES } from './fixtureFiles';

function applyEdits(text: string, edits: readonly LineEdit[]): string {
  return [...edits].sort((a, b) => b.startChar - a.startChar).reduce((t, e) => t.slice(0, e.startChar) + e.newText + t.slice(e.endChar), text);
}

/** The line's problems as [code, the text the range covers]. */
function found(line: string, maxLineBytes?: number): [DiagnosticCode, string][] {
  return checkSampleLine(line, { maxLineBytes }).problems.map((p) => [p.code, line.slice(p.startChar, p.endChar)]);
}

function only(line: string, code: DiagnosticCode): LineProblem {
  const { problems } = checkSampleLine(line);
  assert.deepEqual(problems.map((p) => p.code), [code], line);
  return problems[0];
}

function fixed(line: string, code: DiagnosticCode): string {
  const fix = only(line, code).fix;
  assert.ok(fix && 'edits' in fix, `${code} has an edit fix`);
  return applyEdits(line, fix.edits);
}

suite('sampleLineChecks', () => {
  test('clean samples of every format and blank lines have no problems', () => {
    const files = [
      ...fs.readdirSync(DEMO_STORE).filter((n) => n.endsWith('.jsonl')).map((n) => path.join(DEMO_STORE, n)),
      ...fs.readdirSync(path.join(ROOT, 'test', 'fixtures', 'formats')).filter((n) => n.endsWith('.jsonl')).map((n) => path.join(ROOT, 'test', 'fixtures', 'formats', n)),
    ];
    for (const file of files) {
      for (const line of fs.readFileSync(file, 'utf8').split('\n')) assert.deepEqual(checkSampleLine(line).problems, [], `${file}: ${line.slice(0, 80)}`);
    }
    assert.deepEqual(checkSampleLine('   ').problems, []);
    assert.equal(checkSampleLine('').facts, undefined);
  });

  test('invalid-json: from where the parser stopped to the end of the line', () => {
    const line = fs.readFileSync(EDGE_CASES, 'utf8').split('\n')[2];
    const p = only(line, 'invalid-json');
    assert.equal(p.endChar, line.length);
    assert.ok(p.startChar > 40, 'at the error, not the start of the line');
    assert.match(p.message, /^Invalid JSON: /);
    assert.deepEqual(found('{"a":'), [['invalid-json', ':']]);
  });

  test('invalid-json: the range starts where the parser stopped, and is never empty', () => {
    assert.deepEqual(['{"a":1,}', '{"a":1} trailing'].map((l) => { const [p] = checkSampleLine(l).problems; return [p.startChar, p.endChar]; }), [[7, 8], [8, 16]]);
    for (const line of ['not json', '{"a": tru}', '{"a":', '[1,2', '}', '{"é":"ü", x}', '{']) {
      const p = only(line, 'invalid-json');
      assert.ok(p.startChar >= 0 && p.startChar < p.endChar && p.endChar <= line.length, `${line}: ${p.startChar}-${p.endChar}`);
    }
  });

  test('unknown-shape names the fields found and the shapes expected', () => {
    const p = only('{"text":"x","id":1}', 'unknown-shape');
    assert.match(p.message, /fields: text, id\); expected one of: messages \| .*question\+answer \| .*instruction\+response$/);
    assert.deepEqual(found('[1,2]'), [['unknown-shape', '[1,2]']]);
  });

  test('missing-field points at the field when it is there, at the line when it is not', () => {
    assert.deepEqual(found('{"question":"q","answer":4}'), [['missing-field', '4']]);
    assert.deepEqual(found('{"instruction":"i","output":"o","history":[["a"]]}'), [['missing-field', '["a"]']]);
    assert.deepEqual(found('{"prompt":"p","completion":"c","label":"yes"}'), [['missing-field', '"yes"']]);
    assert.deepEqual(found('{"messages":{"role":"user"}}'), [['missing-field', '{"role":"user"}']]);
  });

  test('bad-role at the role value; ShareGPT names in a message list get a fix mapping each to its role', () => {
    const line = '{"messages":[{"role":"system","content":"s"},{"role":"Human","content":"Hi"},{"role":"gpt","content":"Hello"}]}';
    assert.deepEqual(found(line), [['bad-role', '"Human"']]);
    assert.equal(fixed(line, 'bad-role'), '{"messages":[{"role":"system","content":"s"},{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}');
    const sharegptTurns = '{"messages":[{"from":"human","value":"Hi"},{"from":"gpt", "value":"Hello"}]}';
    assert.equal(fixed(sharegptTurns, 'bad-role'), '{"messages":[{"role":"user","content":"Hi"},{"role":"assistant", "content":"Hello"}]}');
    assert.equal(only('{"messages":[{"role":"wizard","content":"Hi"}]}', 'bad-role').fix, undefined, 'no certain role for "wizard"');
    assert.deepEqual(found('{"conversations":[{"from":"alien","value":"x"}]}'), [['bad-role', '"alien"']]);
  });

  test('role-order: a system turn not first, two assistant turns in a row (both sides of a pair)', () => {
    assert.deepEqual(found('{"messages":[{"role":"user","content":"a"},{"role":"system","content":"b"},{"role":"assistant","content":"c"}]}'), [['role-order', '"system"']]);
    assert.deepEqual(found('{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"},{"role":"assistant","content":"c"}]}'), [['role-order', '"assistant"']]);
    const pair = '{"prompt":[{"role":"user","content":"q"},{"role":"assistant","content":"x"}],"chosen":[{"role":"assistant","content":"a"}],"rejected":[{"role":"assistant","content":"b"}]}';
    assert.deepEqual(found(pair).map(([c]) => c), ['role-order', 'role-order']);
    assert.deepEqual(found('{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"},{"role":"user","content":"c"},{"role":"assistant","content":"d"}]}'), []);
  });

  test('empty-content for empty turns and fields; a tool-calling turn with null content is not empty', () => {
    assert.deepEqual(found('{"messages":[{"role":"user","content":"  "},{"role":"assistant","content":"b"}]}'), [['empty-content', '"  "']]);
    assert.deepEqual(found('{"instruction":"","output":"o"}'), [['empty-content', '""']]);
    assert.deepEqual(found('{"question":"q","answer":""}'), [['empty-content', '""']]);
    assert.deepEqual(found('{"messages":[]}'), [['empty-content', '[]']]);
    const call = '"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]';
    assert.deepEqual(found(`{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":null,${call}},{"role":"tool","tool_call_id":"c","content":"r"},{"role":"assistant","content":"b"}]}`), []);
    assert.deepEqual(found(`{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"",${call}},{"role":"tool","content":"r"}]}`), []);
    assert.deepEqual(found('{"messages":[{"role":"user","content":[{"type":"text","text":" "}]}]}'), [['empty-content', '[{"type":"text","text":" "}]']]);
  });

  test('content that is not text, and malformed tool use, are problems on the part at fault', () => {
    assert.deepEqual(found('{"messages":[{"role":"user","content":["Hello","there"]}]}'), [['missing-field', '"Hello"']]);
    assert.deepEqual(found('{"messages":[{"role":"user","content":[["Hello"]]}]}'), [['missing-field', '["Hello"]']]);
    assert.deepEqual(found('{"messages":[{"role":"user","content":[{"type":"text","text":5}]}]}'), [['missing-field', '5']]);
    assert.deepEqual(found('{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":null,"tool_calls":[]}]}'), [['missing-field', 'null']]);
    assert.deepEqual(found('{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":null,"tool_calls":[{"type":"function","function":{"name":"f","arguments":7}}]}]}'), [['missing-field', '7']]);
  });

  test('chosen-equals-rejected on a pair whose completions are the same', () => {
    assert.deepEqual(found('{"prompt":"p","chosen":"same","rejected":"same"}'), [['chosen-equals-rejected', '"same"']]);
    assert.deepEqual(found('{"chosen":"\\n\\nHuman: q\\n\\nAssistant: a","rejected":"\\n\\nHuman: q\\n\\nAssistant: a"}').map(([c]) => c), ['chosen-equals-rejected']);
    assert.deepEqual(found('{"prompt":"p","chosen":"a","rejected":"b"}'), []);
  });

  test('trailing-whitespace: the fix trims that content only, escapes and all', () => {
    const line = '{"messages":[{"role":"user","content":"caf\\u00e9 "},{"role":"assistant","content":"ok"}], "id": 1}';
    assert.equal(fixed(line, 'trailing-whitespace'), '{"messages":[{"role":"user","content":"café"},{"role":"assistant","content":"ok"}], "id": 1}');
    assert.equal(fixed('{"instruction":"i","output":"done\\n\\n"}', 'trailing-whitespace'), '{"instruction":"i","output":"done"}');
  });

  test('not-utf8 at the replacement character, and the line is still checked', () => {
    const line = '{"messages":[{"role":"user","content":"caf\uFFFD"},{"role":"assistant","content":"ok"},{"role":"assistant","content":"x"}]}';
    const problems = checkSampleLine(line).problems;
    assert.deepEqual(problems.map((p) => [p.code, line.slice(p.startChar, p.endChar)]), [['not-utf8', '\uFFFD'], ['role-order', '"assistant"']]);
    assert.match(problems[0].message, /bytes that are not UTF-8/);
  });

  test('too-large over the limit, in UTF-8 bytes, and nothing else is checked', () => {
    assert.deepEqual(found('{"question":"ééé","answer":"a"}', 32).map(([c]) => c), ['too-large']);
    assert.deepEqual(found('{"question":"eee","answer":"a"}', 32), []);
    assert.match(checkSampleLine('{"a":', { maxLineBytes: 3 }).problems[0].message, /5 bytes, over the 3-byte limit/);
  });

  test('a CR before the line break is not part of the line', () => {
    assert.deepEqual(found('{"question":"q","answer":"a"}\r'), []);
  });

  test('facts for the hover: format, kind, turns, a token estimate', () => {
    assert.deepEqual(checkSampleLine('{"messages":[{"role":"user","content":"abcd"},{"role":"assistant","content":"efghijkl"}]}').facts,
      { format: 'openai-chat', kind: 'chat', turns: 2, tokens: 3 });
    assert.deepEqual(checkSampleLine('{"question":"q","answer":"a"}').facts, { format: 'qa', kind: 'qa', turns: 2, tokens: 1 });
  });

  test('extra line checkers (the extension point) run on parsed samples only, after the built-ins', () => {
    const seen: string[] = [];
    const checker: LineChecker = (line) => {
      seen.push(line.format);
      return [{ startChar: 0, endChar: 1, code: 'role-order', message: `checked ${line.sample.kind}` }];
    };
    const { problems } = checkSampleLine('{"question":"q","answer":""}', { checkers: [checker] });
    assert.deepEqual(problems.map((p) => p.code), ['empty-content', 'role-order']);
    checkSampleLine('{"a":', { checkers: [checker] });
    assert.deepEqual(seen, ['qa']);
  });

  test('findValueRange finds nested values and keys, and nothing that is not there', () => {
    const text = ' {"a" : [1, {"b":"x\\"}"}, true], "c": {"d": null}}';
    const r = findValueRange(text, 'a[1].b');
    assert.ok(r);
    assert.equal(text.slice(r.start, r.end), '"x\\"}"');
    assert.equal(text.slice(r.keyStart, r.start), '"b":');
    const c = findValueRange(text, ['c', 'd']);
    assert.equal(c && text.slice(c.start, c.end), 'null');
    assert.equal(findValueRange(text, 'a[3]'), undefined);
    const twice = '{"k":1,"k":22}';
    const last = findValueRange(twice, 'k');
    assert.equal(last && twice.slice(last.start, last.end), '22', 'a key given twice: the value JSON.parse keeps');
    assert.equal(findValueRange(text, 'z'), undefined);
  });

  test('every code is documented with a severity, and the README table lists each one', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const [code, { severity }] of Object.entries(DIAGNOSTIC_CODES)) {
      assert.match(readme, new RegExp(`\\| \`${code}\` \\| ${severity} \\|`), `README lists ${code} as ${severity}`);
    }
  });
});
