// Line-by-line JSON problems for the language server's diagnostics.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { validateJsonl, type LineProblem } from '../../src/core/jsonlValidation';
import { DEMO_STORE, EDGE_CASES } from './fixtureFiles';

function assertSensibleRange(p: LineProblem, lineText: string): void {
  assert.ok(p.startChar >= 0 && p.startChar < p.endChar, `range ${p.startChar}-${p.endChar}`);
  assert.ok(p.endChar <= lineText.length, `endChar ${p.endChar} within ${lineText.length}`);
}

suite('jsonlValidation', () => {
  test('valid and blank lines are not reported', () => {
    assert.deepEqual(validateJsonl('{"a":1}\n\n   \n[1,2]\n"text"\n'), []);
    assert.deepEqual(validateJsonl(''), []);
  });

  test('the demo store files have no problems', () => {
    for (const name of fs.readdirSync(DEMO_STORE).filter((n) => n.endsWith('.jsonl'))) {
      assert.deepEqual(validateJsonl(fs.readFileSync(`${DEMO_STORE}/${name}`, 'utf8')), [], name);
    }
  });

  test('the invalid edge-case line is reported on 0-based line 2, to the end of the line', () => {
    const text = fs.readFileSync(EDGE_CASES, 'utf8');
    const lines = text.split('\n');
    const problems = validateJsonl(text);
    assert.equal(problems.length, 1);
    const [p] = problems;
    assert.equal(p.line, 2);
    assert.equal(p.code, 'invalid-json');
    assert.match(p.message, /^Invalid JSON: /);
    assert.equal(p.endChar, lines[2].length);
    assertSensibleRange(p, lines[2]);
  });

  test('the range starts where the parser stopped', () => {
    const text = ['{"ok":true}', '{"a":1,}', '{"a":1} trailing'].join('\n');
    const problems = validateJsonl(text);
    assert.deepEqual(problems.map((p) => [p.line, p.startChar, p.endChar]), [
      [1, 7, 8],
      [2, 8, 16],
    ]);
  });

  test('every kind of broken line gets a non-empty range inside the line', () => {
    const broken = ['not json', '{"a": tru}', '{"a":', '[1,2', '}', '{"é":"ü", x}', '{'];
    const problems = validateJsonl(broken.join('\n'));
    assert.deepEqual(problems.map((p) => p.line), broken.map((_, i) => i));
    problems.forEach((p, i) => assertSensibleRange(p, broken[i]));
  });

  test('CRLF endings: valid lines pass, and ranges exclude the CR', () => {
    const text = '{"a":1}\r\n\r\n{"b":\r\n{"c":3}\r\n';
    const problems = validateJsonl(text);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].line, 2);
    assert.equal(problems[0].endChar, '{"b":'.length);
    assertSensibleRange(problems[0], '{"b":');
  });
});
