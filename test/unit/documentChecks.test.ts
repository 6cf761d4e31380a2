// Whole-document checks kept up to date edit by edit: the same answer as checking from scratch.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { DocumentChecks, type TextChange } from '../../src/core/lineProblems/documentChecks';
import { ROOT } from '../../testkit/workbench/paths';

const CHAT = '{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}';
const BROKEN = '{"messages":';
const EMPTY = '{"question":"","answer":"a"}';

function checkedFully(text: string): DocumentChecks {
  const doc = new DocumentChecks(text);
  doc.checkSome(Number.MAX_SAFE_INTEGER);
  return doc;
}

const summary = (doc: DocumentChecks) => doc.problems().map((p) => `${p.line}:${p.startChar}-${p.endChar} ${p.code}`);

/** The offset of a position in text whose lines are joined by LF. */
function offsetOf(text: string, line: number, character: number): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < line; i++) offset += lines[i].length + 1;
  return offset + character;
}

suite('documentChecks', () => {
  test('the fixture with known problems: one problem per line, in line order', () => {
    const text = new TextDecoder().decode(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'lsp', 'problems.jsonl')));
    assert.deepEqual(checkedFully(text).problems().map((p) => `${p.line + 1} ${p.code}`), [
      '2 invalid-json', '3 unknown-shape', '4 missing-field', '5 bad-role', '6 role-order', '7 role-order', '8 empty-content',
      '9 chosen-equals-rejected', '10 duplicate-line', '11 trailing-whitespace', '11 trailing-whitespace', '12 not-utf8',
    ]);
  });

  test('duplicates: later copies only, named by the first line; they go when the first copy changes', () => {
    const doc = checkedFully([CHAT, '', CHAT, CHAT].join('\n'));
    assert.deepEqual(doc.problems().map((p) => [p.line, p.code, p.message]), [
      [2, 'duplicate-line', 'An exact copy of line 1'], [3, 'duplicate-line', 'An exact copy of line 1'],
    ]);
    assert.equal(doc.duplicateAt(0), undefined);
    assert.equal(doc.duplicateAt(3)?.message, 'An exact copy of line 1');
    doc.applyChanges([{ range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } }, text: '' }]);
    assert.deepEqual(summary(doc), [`2:0-${CHAT.length} duplicate-line`]);
    doc.applyChanges([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: '' }]);
    doc.checkSome(10);
    assert.deepEqual(summary(doc).map((s) => s.split(' ')[1]), ['invalid-json']);
    assert.equal(doc.text, [CHAT.slice(1), '', CHAT].join('\n'));
  });

  test('CRLF files: line breaks are not part of lines, and edits spanning them join lines', () => {
    const doc = checkedFully(`${CHAT}\r\n${BROKEN}\r\n${CHAT}\r\n`);
    assert.deepEqual(summary(doc).map((s) => s.split(' ')[1]), ['invalid-json', 'duplicate-line']);
    doc.applyChanges([{ range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, text: '' }]);
    doc.checkSome(10);
    assert.deepEqual(summary(doc).map((s) => s.split(' ')[1]), ['duplicate-line']);
  });

  test('only the lines an edit touched are checked again', () => {
    const doc = checkedFully(Array.from({ length: 1000 }, (_, i) => `{"question":"q${i}","answer":"a"}`).join('\n'));
    doc.applyChanges([{ range: { start: { line: 500, character: 12 }, end: { line: 500, character: 13 } }, text: '' }]);
    assert.deepEqual(summary(doc), [], 'the changed line is not checked yet');
    assert.equal(doc.checkSome(Number.MAX_SAFE_INTEGER), true);
    assert.deepEqual(summary(doc).map((s) => s.split(' ')[0].split(':')[0]), ['500']);
    let checked = 0;
    doc.applyChanges([{ range: { start: { line: 10, character: 0 }, end: { line: 10, character: 0 } }, text: `${EMPTY}\n` }]);
    while (!doc.checkSome(1)) checked++;
    assert.ok(checked <= 2, `${checked} lines checked again after inserting one (the new line and the line it was typed into)`);
    assert.deepEqual(summary(doc).map((s) => s.split(' ')[0].split(':')[0]), ['10', '501']);
  });

  test('checking in slices reports only checked lines until done', () => {
    const doc = new DocumentChecks([CHAT, BROKEN, BROKEN.slice(1), BROKEN.slice(2)].join('\n'));
    assert.equal(doc.checkSome(1), false);
    assert.equal(doc.hasProblems, false);
    assert.equal(doc.checkSome(1), false);
    assert.equal(doc.hasProblems, true);
    assert.equal(doc.problems().length, 1);
    assert.equal(doc.checkSome(5), true);
    assert.equal(doc.problems().length, 3);
  });

  test('new options check every line again', () => {
    const doc = checkedFully(CHAT);
    doc.setOptions({ maxLineBytes: 10 });
    doc.checkSome(10);
    assert.deepEqual(summary(doc).map((s) => s.split(' ')[1]), ['too-large']);
  });

  test('a change without a range replaces the whole text', () => {
    const doc = checkedFully(`${CHAT}\n${CHAT}`);
    doc.applyChanges([{ text: `${BROKEN}\n${EMPTY}` }]);
    doc.checkSome(10);
    assert.deepEqual(summary(doc).map((s) => s.split(' ')[1]), ['invalid-json', 'empty-content']);
  });

  test('property: after random edits, the incremental result equals checking the final text from scratch', () => {
    const pieces = [CHAT, BROKEN, EMPTY, '', '\n', '\r\n', `${CHAT}\r\n`, `${CHAT}\n`, '{"prompt":"p","chosen":"x","rejected":"x"}', '"', ' ', '}', `\n${EMPTY}\n${CHAT}`];
    const edit = fc.record({ a: fc.nat(), b: fc.nat(), insert: fc.constantFrom(...pieces), checkBetween: fc.nat({ max: 3 }) });
    fc.assert(fc.property(fc.array(fc.constantFrom(CHAT, BROKEN, EMPTY, ''), { maxLength: 8 }), fc.array(edit, { maxLength: 12 }), (start, edits) => {
      let text = start.join('\n');
      const doc = new DocumentChecks(text);
      for (const e of edits) {
        const lines = text.split('\n');
        const l1 = e.a % lines.length;
        const l2 = l1 + (e.b % Math.min(3, lines.length - l1));
        const c1 = e.a % (lines[l1].length + 1);
        const c2 = l2 === l1 ? c1 + (e.b % (lines[l1].length - c1 + 1)) : e.b % (lines[l2].length + 1);
        const change: TextChange = { range: { start: { line: l1, character: c1 }, end: { line: l2, character: c2 } }, text: e.insert };
        doc.applyChanges([change]);
        text = text.slice(0, offsetOf(text, l1, c1)) + e.insert + text.slice(offsetOf(text, l2, c2));
        doc.checkSome(e.checkBetween);
        assert.equal(doc.hasProblems, doc.problems().length > 0);
      }
      assert.equal(doc.text, text);
      doc.checkSome(Number.MAX_SAFE_INTEGER);
      assert.deepEqual(doc.problems(), checkedFully(text).problems());
    }), { numRuns: 300 });
  });
});
