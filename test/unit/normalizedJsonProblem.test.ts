// The problem shown in a sample's JSON tab (issue 17, editing): where the text stops being JSON or
// a sample, and why, so a typed `"` is explained at its line and column instead of in a toast.
import * as assert from 'node:assert/strict';
import { toNormalizedJson } from '../../src/core/formats/normalizedJson';
import type { NormalizedSample } from '../../src/core/formats/sampleModel';
import { jsonSyntaxProblem } from '../../src/core/lineProblems/jsonSyntaxProblem';
import { lineAndColumn, normalizedJsonProblem } from '../../src/core/lineProblems/normalizedJsonProblem';

const SAMPLE: NormalizedSample = {
  kind: 'chat',
  turns: [
    { role: 'user', content: 'What does the recipe need?' },
    { role: 'assistant', content: 'Two cups of flour and a pinch of salt, mixed well before the water goes in.' },
  ],
};
const TEXT = toNormalizedJson(SAMPLE);

/** The text with `insert` put just after the first occurrence of `after`. */
function typed(after: string, insert: string): { text: string; at: number } {
  const at = TEXT.indexOf(after) + after.length;
  assert.ok(at >= after.length, `"${after}" is in the sample`);
  return { text: TEXT.slice(0, at) + insert + TEXT.slice(at), at };
}

suite('normalizedJsonProblem: what the JSON tab shows', () => {
  test('a valid sample has no problem', () => {
    assert.equal(normalizedJsonProblem(TEXT), undefined);
    assert.equal(jsonSyntaxProblem(TEXT), undefined);
  });

  test('a " typed inside a text: the problem is right after it, on its line, with the escape to use', () => {
    const { text, at } = typed('Two cups of ', '"');
    const problem = normalizedJsonProblem(text);
    assert.ok(problem);
    assert.equal(problem.kind, 'syntax');
    assert.equal(problem.start, at + 1, 'where the text stops being JSON: the character after the stray quote');
    assert.match(problem.reason, /expected "," or "}" here; if a text goes on here, a " inside it must be written \\"/);
    const { line, column } = lineAndColumn(text, problem.start);
    assert.equal(text.split('\n')[line - 1].includes('Two cups of "flour'), true, 'the line of the typed quote');
    assert.equal(text.split('\n')[line - 1][column - 1], 'f');
    assert.ok(problem.end > problem.start && problem.end <= text.indexOf('\n', problem.start), 'underlined to the end of that line at most');
    // Written as JSON asks, the same text is a sample again.
    assert.equal(normalizedJsonProblem(typed('Two cups of ', '\\"').text), undefined);
  });

  test('each kind of broken text is placed where it breaks, with its reason', () => {
    const cases: { text: string; at: number; reason: RegExp }[] = [
      { text: '{"kind": "chat", "turns": [}', at: 27, reason: /expected a value here/ },
      { text: '{"kind": "chat", "turns": [],}', at: 29, reason: /a "," before "}" has nothing after it/ },
      { text: '{"kind": "chat" "turns": []}', at: 16, reason: /expected "," or "}" here; if a text goes on here/ },
      { text: '{"kind": "chat", "turns" []}', at: 25, reason: /expected ":" after the field name/ },
      { text: '{"kind": "chat", "turns": [1 2]}', at: 29, reason: /^expected "," or "]" here$/ },
      { text: '{"kind": "ch\nat"}', at: 12, reason: /a line break inside a text must be written \\n/ },
      { text: '{"kind": "chat\\q"}', at: 14, reason: /"\\q" is not an escape JSON knows/ },
      { text: '{"kind": "chat', at: 9, reason: /this text never ends/ },
      { text: '{"kind": "chat"', at: 14, reason: /the text ends before the closing "}"/ },
      { text: '{"kind": tru}', at: 9, reason: /expected a value here/ },
      { text: '{"kind": "chat"} x', at: 17, reason: /more text after the sample's closing "}"/ },
      { text: '', at: 0, reason: /the text ends where a value was expected/ },
    ];
    for (const c of cases) {
      assert.throws(() => JSON.parse(c.text), SyntaxError, `${JSON.stringify(c.text)} is not JSON`);
      const p = jsonSyntaxProblem(c.text);
      assert.ok(p, JSON.stringify(c.text));
      assert.equal(p.offset, c.at, `${JSON.stringify(c.text)}: ${p.reason}`);
      assert.match(p.reason, c.reason, JSON.stringify(c.text));
      assert.ok(p.length >= 1, 'something to underline');
    }
  });

  test('the scanner accepts what JSON.parse accepts (escapes, numbers, literals, nesting)', () => {
    for (const text of ['{"a":"\\u00e9\\n\\"\\\\\\/","b":[-1.5e3,0,true,false,null,{}],"c":[]}', ' [ ] ', '"x"', '12']) {
      JSON.parse(text);
      assert.equal(jsonSyntaxProblem(text), undefined, text);
    }
  });

  test('JSON that is not a sample: the field at fault is underlined with the reason', () => {
    const badRole = TEXT.replace('"role": "assistant"', '"role": "robot"');
    const p = normalizedJsonProblem(badRole);
    assert.ok(p);
    assert.equal(p.kind, 'shape');
    assert.match(p.reason, /^turns\[1\]\.role must be one of system, user, assistant, tool$/);
    assert.equal(badRole.slice(p.start, p.end), '"role": "robot"', 'the key and value of the second turn\'s role');

    const badKind = TEXT.replace('"kind": "chat"', '"kind": "essay"');
    const k = normalizedJsonProblem(badKind);
    assert.ok(k);
    assert.equal(badKind.slice(k.start, k.end), '"kind": "essay"');

    const noContent = toNormalizedJson(SAMPLE).replace('"content": "What does the recipe need?"', '"text": "What does the recipe need?"');
    const m = normalizedJsonProblem(noContent);
    assert.ok(m);
    assert.match(m.reason, /turns\[0\]\.content must be a string/);
    assert.equal(noContent.slice(m.start, m.end), '{', 'a missing field: its nearest present parent (the first turn), on its first line');
    assert.equal(lineAndColumn(noContent, m.start).line, 4);

    const notObject = normalizedJsonProblem('[1, 2]');
    assert.deepEqual(notObject && { start: notObject.start, end: notObject.end, kind: notObject.kind }, { start: 0, end: 1, kind: 'shape' });
  });

  test('lineAndColumn counts from 1, as the editor does', () => {
    assert.deepEqual(lineAndColumn('ab\ncd\n', 0), { line: 1, column: 1 });
    assert.deepEqual(lineAndColumn('ab\ncd\n', 2), { line: 1, column: 3 });
    assert.deepEqual(lineAndColumn('ab\ncd\n', 3), { line: 2, column: 1 });
    assert.deepEqual(lineAndColumn('ab\ncd\n', 4), { line: 2, column: 2 });
  });
});
