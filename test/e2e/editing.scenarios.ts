// Editing frictions of issue 17, seen in the real workbench: `e` opens the sample's JSON with its
// long turn wrapped (the end of the turn on screen); a `"` typed inside a turn is shown in the tab
// as a diagnostic at its line and column, a save of it is refused with the tab still dirty and the
// text as typed, the panel's banner says why, and the escape clears it; `d` shows a change at the
// end of a long line on screen, in the whole sample's diff and in the turn's own diff. A store of
// one small file written here; auto save off, as on desktop VS Code, so only Ctrl+S saves.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import type { Scenario } from './uiHost';
import { eventually, journalEvents } from './storeFiles';
import { makeTestWorkspace } from '../harness/testWorkspace';
import { ROOT } from '../../testkit/workbench/paths';
import { editorText, goToLine, reviewPanel, runFromPalette } from '../../testkit/workbench/workbenchPage';

const FILE = 'editing_long.jsonl';
/** A turn far wider than the editor: its end is off screen unless the line wraps. */
const LONG_ANSWER = `Two cups of flour and a pinch of salt. ${'Mix the dry things first, then pour the water in slowly while stirring, and keep going until the dough stops sticking to the bowl. '.repeat(4)}Rest it for ten minutes before baking.`;
const TAIL_MARK = 'TAILMARK';
const TITLE = `${FILE}:1.json`;

export function editingWorkspace(): string {
  const dir = makeTestWorkspace(undefined, false, { only: [], settings: { 'files.autoSave': 'off' } });
  const chat = (user: string, assistant: string) => JSON.stringify({ messages: [{ role: 'user', content: user }, { role: 'assistant', content: assistant }], model: 'teacher-1', license: 'MIT' });
  fs.writeFileSync(path.join(dir, FILE), `${[chat('What does the bread need?', LONG_ANSWER), chat('And the oven?', 'Hot: 220 degrees.')].join('\n')}\n`);
  return dir;
}

function shot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR ?? path.join(ROOT, 'out', 'screenshots'), `${name}.png`) });
}

/** The active group's text editor (the edit tab opens beside the panel). */
function activeEditor(page: Page): Locator {
  return page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
}

/**
 * Whether `text` is drawn inside the visible part of `editor` (its overflow guard): found in the
 * rendered lines and measured where the browser laid it out, not only present in the DOM (an
 * unwrapped line holds all its text, the end scrolled out of sight).
 */
async function onScreen(editor: Locator, text: string): Promise<{ visible: boolean; where: string }> {
  return editor.evaluate((root, wanted) => {
    const view = (root.querySelector('.overflow-guard') ?? root).getBoundingClientRect();
    // Every text under the editor: an inline diff draws its removed lines in a view zone of their own.
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // Monaco draws spaces as no-break spaces; one for one, so offsets hold.
      const at = (node.textContent ?? '').replace(/\u00a0/g, ' ').indexOf(wanted);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      const r = range.getBoundingClientRect();
      const visible = r.width > 0 && r.left >= view.left && r.right <= view.right && r.top >= view.top && r.bottom <= view.bottom;
      return { visible, where: `text at x ${Math.round(r.left)}–${Math.round(r.right)}, y ${Math.round(r.top)}; view x ${Math.round(view.left)}–${Math.round(view.right)}, y ${Math.round(view.top)}–${Math.round(view.bottom)}` };
    }
    return { visible: false, where: 'not rendered' };
  }, text);
}

async function focusList(panel: FrameLocator): Promise<Locator> {
  const list = panel.locator('#list');
  await list.focus();
  return list;
}

/**
 * Back on the panel through its tab, so its group is the active one: a diff then opens beside it,
 * in the second group, not in a third squeezed beside the edit tab.
 */
async function backToPanel(page: Page): Promise<Locator> {
  await page.locator('.tabs-container .tab', { hasText: 'Sample Curator' }).click();
  await page.locator('.tabs-container .tab.active', { hasText: 'Sample Curator' }).waitFor();
  return focusList(reviewPanel(page));
}

export function editingScenarios(): Scenario[] {
  let workspace = '';
  /** The JSON tab's line of the long answer (1-based) and its text, as the tab shows it. */
  let answerLine = 0;
  let answerText = '';
  return [
    {
      name: 'editing: e opens the sample\'s JSON as Sample JSON with its long turn wrapped, the turn\'s end on screen',
      shot: 'editing-json-wrapped',
      async run({ page, workspace: dir }) {
        workspace = dir;
        await runFromPalette(page, 'Sample Curator: Open Review Panel');
        const panel = reviewPanel(page);
        await panel.locator('#detail article[aria-label="Sample 1"]').waitFor();
        // After the checks' redraw of the panel, which a key pressed during it can miss.
        await panel.locator('#checks-summary', { hasText: 'checks: 0 near-dup · 0 benchmark · 0 verifier fail' }).waitFor({ timeout: 60_000 });
        await (await focusList(panel)).press('e');
        await page.locator('.tabs-container .tab', { hasText: TITLE }).waitFor();
        const editor = activeEditor(page);
        await editor.locator('.view-lines', { hasText: '"kind"' }).waitFor();
        const lines = (await editorText(editor)).split('\n');
        answerLine = lines.findIndex((l) => l.includes('Two cups of flour')) + 1;
        assert.ok(answerLine > 0, 'the answer\'s line');
        answerText = lines[answerLine - 1];
        assert.equal(answerText, `      "content": ${JSON.stringify(LONG_ANSWER)}`, 'the whole answer is one JSON line');
        const rendered = await editor.locator('.view-lines .view-line').count();
        assert.ok(rendered >= lines.length + 3, `the long line is wrapped (${rendered} view lines for ${lines.length} lines)`);
        const end = await onScreen(editor, 'baking.');
        assert.ok(end.visible, `the end of the long turn is on screen: ${end.where}`);
        await page.locator('.statusbar-item', { hasText: 'Sample JSON' }).first().waitFor();
      },
    },
    {
      name: 'editing: a typed " shows as a diagnostic in the tab at its line; the refused save keeps the text, the panel says why; the escape clears it',
      shot: 'editing-quote-fixed',
      async run({ page }) {
        const panel = reviewPanel(page);
        const editor = activeEditor(page);
        const flour = answerText.indexOf('flour') + 1; // 1-based column of "flour"
        await editor.locator('.view-lines').click();
        await goToLine(page, answerLine, flour);
        await page.keyboard.type('"');
        await page.locator('.tabs-container .tab.dirty', { hasText: TITLE }).waitFor();
        assert.ok((await editorText(editor)).includes('Two cups of "flour'), 'one quote typed (no auto-closed pair inside a text)');
        const squiggle = editor.locator('.squiggly-error');
        await squiggle.first().waitFor();
        // The diagnostic in place: F8 goes to it and shows its message under the line.
        await page.keyboard.press('F8');
        const marker = page.locator('.marker-widget');
        await marker.waitFor();
        const message = (await marker.textContent()) ?? '';
        assert.match(message, /Not valid JSON: expected "," or "}" here; if a text goes on here, a " inside it must be written \\"/);
        await page.locator('.statusbar-item', { hasText: `Ln ${answerLine}, Col ${flour + 1}` }).first().waitFor();
        await shot(page, 'editing-quote-diagnostic');
        await page.keyboard.press('Escape');
        await marker.waitFor({ state: 'hidden' });

        await page.keyboard.press('Control+S');
        // The tab keeps its text and its diagnostic says where; the panel's notice bar says it too.
        const banner = panel.locator('#notices .notice');
        const refused = banner.filter({ hasText: `Not saved: the text is not valid JSON at line ${answerLine}, column ${flour + 1}: expected "," or "}" here` });
        await refused.waitFor();
        assert.match((await refused.locator('.notice-text').textContent()) ?? '', /editing_long\.jsonl:1 stays at revision 0; fix the text and save again\.$/);
        await shot(page, 'editing-quote-refused');
        assert.ok(await page.locator('.tabs-container .tab.dirty', { hasText: TITLE }).isVisible(), 'the tab stays dirty');
        assert.ok((await editorText(editor)).includes('Two cups of "flour'), 'with the text as typed');
        assert.equal(journalEvents(workspace).filter((e) => e.type === 'revision').length, 0, 'no revision recorded');

        // Written as JSON asks (\"), the text is a sample again: the squiggle goes, the save is taken.
        await editor.locator('.view-lines').click();
        await goToLine(page, answerLine, flour);
        await page.keyboard.type('\\');
        await squiggle.first().waitFor({ state: 'detached' });
        await page.keyboard.press('Control+S');
        await eventually('the revision on disk', () => journalEvents(workspace).some((e) => e.type === 'revision'));
        const saved = journalEvents(workspace).find((e) => e.type === 'revision');
        const sample = JSON.parse(String(saved?.text)) as { turns: { content: string }[] };
        assert.equal(sample.turns[1].content, LONG_ANSWER.replace('of flour', 'of "flour'), 'the quote is in the saved turn');
        await page.locator('.tabs-container .tab:not(.dirty)', { hasText: TITLE }).waitFor();
      },
    },
    {
      name: 'editing: d shows a change at the end of a long line on screen (the sample\'s diff, then the turn\'s)',
      shot: 'editing-diff-turn',
      async run({ page }) {
        const panel = reviewPanel(page);
        const editor = activeEditor(page);
        // The answer's line as saved: as first read, with \" typed in it, so its closing quote is two on.
        await editor.locator('.view-lines').click();
        await goToLine(page, answerLine, answerText.length + 2);
        await page.keyboard.type(` ${TAIL_MARK}`);
        await page.keyboard.press('Control+S');
        await eventually('revision 2 on disk', () => journalEvents(workspace).filter((e) => e.type === 'revision').length === 2);
        const saved = JSON.parse(String(journalEvents(workspace).filter((e) => e.type === 'revision')[1].text)) as { turns: { content: string }[] };
        assert.ok(saved.turns[1].content.endsWith(`before baking. ${TAIL_MARK}`), 'the change is at the very end of the turn');

        await (await backToPanel(page)).press('d');
        await page.locator('.tabs-container .tab', { hasText: `${FILE}:1 original ↔ current` }).waitFor();
        assert.equal(await page.locator('.editor-group-container').count(), 2, 'the panel and, beside it, the edit tab and the diff');
        // The group showing the diff's tab (the keys were pressed in the panel: that group may be the active one).
        const diff = page.locator('.editor-group-container', { has: page.locator('.tab.active', { hasText: `${FILE}:1 original ↔ current` }) }).locator('.monaco-diff-editor').first();
        const modified = diff.locator('.editor.modified');
        await modified.locator('.view-lines', { hasText: TAIL_MARK }).waitFor();
        await diff.locator('.char-insert').first().waitFor({ state: 'attached' });
        const whole = await onScreen(modified, TAIL_MARK);
        assert.ok(whole.visible, `the change at the end of the long JSON line is on screen: ${whole.where}`);
        await shot(page, 'editing-diff-json');

        // The turn alone: t selects it (the user's turn first, turn1), d diffs its text.
        const list = await backToPanel(page);
        await list.press('t');
        await list.press('t');
        assert.equal(await panel.locator('#detail .part-selected').getAttribute('data-part'), 'turn2');
        await list.press('d');
        await page.locator('.tabs-container .tab', { hasText: `${FILE}:1 turn2 original ↔ current` }).waitFor();
        const turnDiff = page.locator('.editor-group-container', { has: page.locator('.tab.active', { hasText: `${FILE}:1 turn2 original ↔ current` }) })
          .locator('.monaco-diff-editor').first().locator('.editor.modified');
        await turnDiff.locator('.view-lines', { hasText: TAIL_MARK }).waitFor();
        const turn = await onScreen(turnDiff, TAIL_MARK);
        assert.ok(turn.visible, `the change at the end of the turn is on screen: ${turn.where}`);
      },
    },
  ];
}
