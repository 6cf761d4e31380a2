// The server's pieces that need no connection: quick fixes as LSP edits, the hover, the restart budget.
import * as assert from 'node:assert/strict';
import type { TextEdit } from 'vscode-languageserver/node';
import { DocumentChecks } from '../../src/core/lineProblems/documentChecks';
import { RestartBudget } from '../../src/extension/serverRestarts';
import { lineHover } from '../../src/server/lineHover';
import { quickFixes, toDiagnostic } from '../../src/server/problemDiagnostics';

const CHAT = '{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}';
const GPT = '{"messages":[{"role":"human","content":"q"},{"role":"gpt","content":"a"}]}';

/** Applies LSP edits (same-document, non-overlapping) to text. */
function applied(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

function fixedText(text: string, line: number, title: RegExp): string {
  const doc = new DocumentChecks(text);
  doc.checkSome(Number.MAX_SAFE_INTEGER);
  const published = doc.problems().map(toDiagnostic);
  const action = quickFixes('file:///a.jsonl', doc, line, line, published).find((a) => title.test(a.title));
  assert.ok(action?.edit?.changes, `a quick fix ${title} on line ${line}`);
  assert.equal(action.diagnostics?.length, 1, 'linked to its diagnostic');
  return applied(text, action.edit.changes['file:///a.jsonl']);
}

suite('language server parts', () => {
  test('quick fixes: roles, trimming, deleting a duplicate line (also the last line)', () => {
    assert.equal(fixedText(`${CHAT}\n${GPT}\n`, 1, /ShareGPT/), `${CHAT}\n${CHAT}\n`);
    assert.equal(fixedText('{"question":"q ","answer":"a"}', 0, /Trim/), '{"question":"q","answer":"a"}');
    assert.equal(fixedText(`${CHAT}\n${CHAT}\n${GPT}`, 1, /Delete/), `${CHAT}\n${GPT}`);
    assert.equal(fixedText(`${CHAT}\n${CHAT}`, 1, /Delete/), CHAT);
  });

  test('diagnostics carry the code, the source and the severity of the code table', () => {
    const doc = new DocumentChecks(`${CHAT}\n${CHAT}\n{`);
    doc.checkSome(10);
    assert.deepEqual(doc.problems().map(toDiagnostic).map((d) => [d.range.start.line, d.code, d.severity, d.source]),
      [[1, 'duplicate-line', 2, 'sample-curator'], [2, 'invalid-json', 1, 'sample-curator']]);
  });

  test('hover: kind, turns, tokens and the verdict, or why there is none', () => {
    const doc = new DocumentChecks(`${CHAT}\n{\n`);
    const value = (line: number, verdict: Parameters<typeof lineHover>[2]) => {
      const h = lineHover(doc, line, verdict);
      return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : undefined;
    };
    assert.equal(value(0, { inStore: true, verdict: 'accepted' }), '**chat** sample (openai-chat) · 2 turns · ≈ 1 token\n\nCuration verdict: **accepted**');
    assert.match(value(0, { inStore: false, reason: 'no-store' }) ?? '', /Curation verdict: not in the store \(no store is open\)$/);
    assert.match(value(1, undefined) ?? '', /^\*\*not a readable sample\*\*: Invalid JSON/);
    assert.equal(lineHover(doc, 2, undefined), null, 'no hover on a blank line');
  });

  test('restart budget: 4 restarts within 3 minutes, then none until the window passes or a reset', () => {
    let now = 0;
    const budget = new RestartBudget(4, 180_000, () => now);
    assert.deepEqual([1, 2, 3, 4, 5].map(() => budget.crashed()), [true, true, true, true, false]);
    now = 181_000;
    assert.equal(budget.crashed(), true);
    budget.reset();
    assert.deepEqual([1, 2, 3, 4].map(() => budget.crashed()), [true, true, true, true]);
  });
});
