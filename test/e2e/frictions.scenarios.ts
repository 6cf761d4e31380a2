// The reviewer's frictions of issue 17, each seen in the real workbench: a filter by part of a file
// name and the line a filter matching nothing gets (Esc clears it), every filter key in the help,
// search matches marked in the sample, invisible characters shown as badges, label chips in their
// theme colours with readable text (in the dark, light and high-contrast looks), the file-warning
// banner dismissed until its warning changes, the selected row kept off the list's bottom edge, and
// an unreadable record refused an accept and counted apart. A store of the GSM8K demo file and a
// small file written here (sorted first, so its samples are rows 0–3).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import type { Scenario } from './uiHost';
import { eventually, journalEvents } from './storeFiles';
import { makeTestWorkspace } from '../harness/testWorkspace';
import { ROOT } from '../../testkit/workbench/paths';
import { reviewPanel, runFromPalette, statusBarItem } from '../../testkit/workbench/workbenchPage';
import { contrastRatio, over, parseColour } from '../../src/webview/labelColours';

const FILE = 'frictions_text.jsonl';
const GSM8K = 'gsm8k_test_first120.jsonl';
const chat = (user: string, assistant: string) => JSON.stringify({ messages: [{ role: 'user', content: user }, { role: 'assistant', content: assistant }] });
/** Row 0: a right-to-left override, its pop and a zero width space, all invisible in plain text. */
const BIDI_ANSWER = 'Yes: the check opens report\u202Eexe.txt\u202C and the admin flag is\u200B off.';
const LINES = [
  chat('Is this attachment safe to open?', BIDI_ANSWER),
  chat('How do I get a refund for my order?', 'To get a Refund, open Orders and choose "refund".'),
  '{"messages": [{"role": "user", "content": "unterminated"',
  chat('Label me, please.', 'Every label goes on this one.'),
];
const TOTAL = LINES.length + 120;

export async function frictionsWorkspace(): Promise<string> {
  const dir = makeTestWorkspace(undefined, false, { only: [`demo-store/${GSM8K}`] });
  fs.writeFileSync(path.join(dir, FILE), `${LINES.join('\n')}\n`);
  return dir;
}

function shot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR ?? path.join(ROOT, 'out', 'screenshots'), `${name}.png`) });
}

async function filter(page: Page, panel: FrameLocator, text: string): Promise<void> {
  const list = panel.locator('#list');
  await list.focus();
  await list.press('f');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  await input.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

async function selectRow(panel: FrameLocator, row: number): Promise<void> {
  await panel.locator(`#row-${row}`).click();
  await panel.locator(`#list[aria-activedescendant="row-${row}"]`).waitFor({ state: 'attached' });
  await panel.locator(`#detail article[aria-label="Sample ${row + 1}"]`).waitFor();
}

/** Each label chip's text contrast against its own background, as the browser computed them. */
async function chipContrasts(panel: FrameLocator): Promise<{ name: string; colour: string; contrast: number }[]> {
  const chips = await panel.locator('#detail .annotations .label-chip').evaluateAll((els) => els.map((e) => {
    const s = getComputedStyle(e);
    const page = getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-background');
    const outline = e.classList.contains('label-chip-outline');
    return { name: e.textContent ?? '', background: s.backgroundColor, color: s.color, page, colour: outline ? `outline ${s.borderTopColor}` : s.backgroundColor };
  }));
  return chips.map((c) => {
    const page = { ...(parseColour(c.page) ?? { r: 0, g: 0, b: 0, a: 1 }), a: 1 };
    const bg = over(parseColour(c.background) ?? page, page);
    const fg = over(parseColour(c.color) ?? bg, bg);
    return { name: c.name, colour: c.colour, contrast: contrastRatio(fg, bg) };
  });
}

export function frictionsScenarios(): Scenario[] {
  return [
    {
      name: 'frictions: source:gsm8k finds the file by part of its name; a filter matching nothing says so, Esc clears it; the help lists every filter key',
      shot: 'frictions-filter-cleared',
      async run({ page }) {
        await runFromPalette(page, 'Sample Curator: Open Review Panel');
        const panel = reviewPanel(page);
        await panel.locator('#counts .count.accepted', { hasText: '0 accepted' }).waitFor({ timeout: 60_000 });
        await filter(page, panel, 'source:gsm8k');
        await panel.locator('#filter', { hasText: `source gsm8k — 120 of ${TOTAL}` }).waitFor();
        await panel.locator('#row-0', { hasText: 'Janet' }).waitFor();

        await filter(page, panel, 'source:nosuchfile verdict:pending');
        const empty = panel.locator('#detail #no-match');
        await empty.waitFor();
        assert.equal(await empty.textContent(), 'No sample matches verdict:pending source:nosuchfile (clear with Esc)');
        assert.equal(await panel.locator('#detail', { hasText: 'No samples in this store.' }).count(), 0);
        await shot(page, 'frictions-filter-no-match');
        await panel.locator('#list').press('Escape');
        await panel.locator('#filter').waitFor({ state: 'detached' });
        await panel.locator('#detail article[aria-label="Sample 1"]').waitFor();

        // The help sheet's filter keys come from the parser's table: flag: and judge: among them.
        await panel.locator('#list').press('?');
        const keys = panel.locator('#help table.filter-keys code');
        await keys.first().waitFor();
        const listed = await keys.allTextContents();
        for (const k of ['verdict:', 'label:', 'source:', 'model:', 'licence:', 'flag:', 'judge:', 'sort:']) assert.ok(listed.includes(k), `${k} in the help (${listed.join(' ')})`);
        await panel.locator('#help tr', { hasText: 'source:' }).filter({ hasText: 'part of a source file\'s name' }).waitFor();
        await panel.locator('#help').evaluate((e) => e.querySelector('.filter-keys')?.scrollIntoView());
        await shot(page, 'frictions-help-filter-keys');
        await panel.locator('#list').press('Escape');
        await panel.locator('#help').waitFor({ state: 'hidden' });
      },
    },
    {
      name: 'frictions: a search marks its matches in the shown sample, as text',
      shot: 'frictions-search-marks',
      async run({ page }) {
        const panel = reviewPanel(page);
        await panel.locator('#list').focus();
        await panel.locator('#list').press('/');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible' });
        await input.fill('refund');
        await input.press('Enter');
        await input.waitFor({ state: 'hidden' });
        await panel.locator('#filter', { hasText: `text “refund” — 1 of ${TOTAL}` }).waitFor();
        const article = panel.locator('#detail article[aria-label="Sample 1"]');
        await article.locator('mark.search-match').first().waitFor();
        assert.deepEqual(await article.locator('mark.search-match').allTextContents(), ['refund', 'Refund', 'refund']);
        // Marked, not changed: each turn's text is still the record's, character for character.
        assert.deepEqual(await article.locator('.turn > .text').allTextContents(),
          ['How do I get a refund for my order?', 'To get a Refund, open Orders and choose "refund".']);
        assert.equal(await article.locator('.turn > .text *:not(mark.search-match)').count(), 0, 'marks are the only elements made');
        await shot(page, 'frictions-search-marked');
        await runFromPalette(page, 'Sample Curator: Show Every Sample (Clear the Filter)');
        await panel.locator('#filter').waitFor({ state: 'detached' });
      },
    },
    {
      name: 'frictions: invisible and direction characters in sample text show as badges with their code point',
      shot: 'frictions-invisible-chars',
      async run({ page }) {
        const panel = reviewPanel(page);
        await selectRow(panel, 0);
        const answer = panel.locator('#detail .turn.role-assistant > .text');
        const badges = answer.locator('.invisible-char');
        await badges.first().waitFor();
        assert.deepEqual(await badges.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.code)), ['U+202E', 'U+202C', 'U+200B']);
        assert.match(await badges.first().getAttribute('title') ?? '', /^U\+202E RIGHT-TO-LEFT OVERRIDE: .*direction/);
        // The badge draws its code point (generated content) and is visible; the text is unchanged.
        const drawn = await badges.first().evaluate((e) => ({ content: getComputedStyle(e, '::before').content, width: e.getBoundingClientRect().width }));
        assert.equal(drawn.content, '"U+202E"');
        assert.ok(drawn.width > 10, `the badge takes room (${drawn.width}px)`);
        assert.equal(await answer.textContent(), BIDI_ANSWER);
        // The override reaches no further than its badge: "exe.txt" after it is drawn left to right,
        // to the right of the text before it, not reversed ahead of it.
        const order = await answer.evaluate((e) => {
          const badge = e.querySelector('[data-code="U+202E"]') as HTMLElement;
          const rect = (node: Node, from: number, to: number) => {
            const range = document.createRange();
            range.setStart(node, from);
            range.setEnd(node, to);
            return range.getBoundingClientRect();
          };
          const before = badge.previousSibling as Text;
          const after = badge.nextSibling as Text;
          return {
            before: rect(before, before.length - 1, before.length).left, after: after.data,
            e: rect(after, 0, 1).left, t: rect(after, after.length - 1, after.length).left,
          };
        });
        assert.equal(order.after, 'exe.txt');
        assert.ok(order.before < order.e && order.e < order.t, `drawn in reading order (${JSON.stringify(order)})`);
        await answer.scrollIntoViewIfNeeded();
        await shot(page, 'frictions-invisible-chars');
      },
    },
    {
      name: 'frictions: label chips are filled with their theme colour, text at 4.5:1 or more, in dark, light and high contrast',
      shot: 'frictions-label-chips',
      async run({ page, workspace }) {
        const panel = reviewPanel(page);
        await selectRow(panel, 3);
        const list = panel.locator('#list');
        for (let slot = 1; slot <= 9; slot++) {
          await list.press(String(slot));
          await panel.locator('#detail .annotations .label-chip').nth(slot - 1).waitFor();
        }
        await eventually('nine label events in the journal', () => journalEvents(workspace).filter((e) => e.type === 'label').length === 9);
        // The workbench follows the OS look the browser reports (as in themes.scenarios.ts); the
        // panel's body carries the theme kind's class once the new variables are in.
        const looks = [
          { name: 'dark', media: { colorScheme: 'dark', forcedColors: 'none' }, kind: 'vscode-dark' },
          { name: 'light', media: { colorScheme: 'light', forcedColors: 'none' }, kind: 'vscode-light' },
          { name: 'high-contrast', media: { colorScheme: 'dark', forcedColors: 'active' }, kind: 'vscode-high-contrast' },
        ] as const;
        for (const look of looks) {
          await page.emulateMedia(look.media);
          await panel.locator(`body.${look.kind}`).waitFor({ state: 'attached' });
          const chips = await chipContrasts(panel);
          assert.equal(chips.length, 9);
          for (const c of chips) assert.ok(c.contrast >= 4.5, `${look.name}: ${c.name} (${c.colour}): ${c.contrast.toFixed(2)}:1`);
          // Each label in its own colour (filled, or its outline); forced colours (high contrast) repaint them all the system's way.
          const colours = new Set(chips.map((c) => c.colour));
          if (look.name !== 'high-contrast') assert.ok(colours.size >= 7, `${look.name}: chips in ${colours.size} colours (${[...colours].join(', ')})`);
          // The row's chips are drawn the same way.
          await panel.locator('#row-3 .label-chip').first().waitFor();
          await shot(page, `frictions-label-chips-${look.name}`);
        }
        await page.emulateMedia({ colorScheme: 'dark', forcedColors: 'none' });
      },
    },
    {
      name: 'frictions: the file-warning banner is dismissed, stays dismissed, and comes back when the warning changes',
      shot: 'frictions-banner-back',
      async run({ page, workspace }) {
        const panel = reviewPanel(page);
        const banner = panel.locator('#banner');
        await banner.locator('.banner-note', { hasText: `${FILE}: 1 record not readable as samples` }).waitFor();
        await shot(page, 'frictions-banner-shown');
        await banner.locator('button.banner-close').click();
        await banner.waitFor({ state: 'hidden' });
        // A new snapshot (a filter, then clearing it) sends the same warnings: still dismissed.
        await filter(page, panel, 'source:gsm8k');
        await panel.locator('#filter').waitFor();
        await runFromPalette(page, 'Sample Curator: Show Every Sample (Clear the Filter)');
        await panel.locator('#filter').waitFor({ state: 'detached' });
        assert.equal(await banner.isHidden(), true, 'the same warning stays dismissed');
        await shot(page, 'frictions-banner-dismissed');
        // The file gains a second unreadable line: a new warning, shown again.
        fs.appendFileSync(path.join(workspace, FILE), '{"messages": oops\n');
        await banner.locator('.banner-note', { hasText: `${FILE}: 2 records not readable as samples` }).waitFor({ timeout: 60_000 });
      },
    },
    {
      name: 'frictions: an unreadable record cannot be accepted (the panel says why) and is counted apart from the pending ones',
      shot: 'frictions-unreadable',
      async run({ page, workspace }) {
        const panel = reviewPanel(page);
        await panel.locator('#counts .count.unreadable', { hasText: '2 unreadable' }).waitFor({ timeout: 30_000 });
        await selectRow(panel, 2);
        const before = journalEvents(workspace).length;
        await panel.locator('#list').press('a');
        await panel.locator('#banner .banner-error', { hasText: `${FILE}:3 cannot be accepted: invalid JSON` }).filter({ hasText: 'Reject or skip it' }).waitFor();
        assert.equal(journalEvents(workspace).length, before, 'nothing was written');
        assert.equal(await panel.locator('#row-2 .badge').textContent(), '·', 'still pending');
        // Counted apart: the header's pending are the readable ones; the status bar says how many of its pending are unreadable.
        const pending = await panel.locator('#counts .count.pending').textContent();
        assert.equal(pending, `${TOTAL + 1 - 2} pending`, 'the readable pending samples');
        await statusBarItem(page, `${TOTAL + 1} pending, of which 2 unreadable`).waitFor();
      },
    },
    {
      name: 'frictions: moving with j keeps two rows below the selection in view; k keeps two above',
      shot: 'frictions-list-context',
      async run({ page }) {
        const panel = reviewPanel(page);
        const list = panel.locator('#list');
        await selectRow(panel, 0);
        await list.focus();
        const view = await list.evaluate((e) => e.clientHeight);
        const rows = Math.floor(view / 22);
        const margins = async (row: number) => {
          await panel.locator(`#list[aria-activedescendant="row-${row}"]`).waitFor({ state: 'attached' });
          return list.evaluate((e, r) => {
            const box = e.getBoundingClientRect();
            const sel = document.getElementById(`row-${r}`)?.getBoundingClientRect();
            return sel ? { below: Math.round(box.bottom - sel.bottom), above: Math.round(sel.top - box.top) } : undefined;
          }, row);
        };
        let row = 0;
        for (; row < rows + 5; row++) {
          await list.press('j');
          const m = await margins(row + 1);
          assert.ok(m && m.below >= 2 * 22 - 1, `row ${row + 1}: ${m?.below}px of rows below it in view`);
        }
        await shot(page, 'frictions-list-context-down');
        for (let k = 0; k < rows; k++, row--) {
          await list.press('k');
          const m = await margins(row - 1);
          if (row - 1 >= 2) assert.ok(m && m.above >= 2 * 22 - 1, `row ${row - 1}: ${m?.above}px of rows above it in view`);
        }
      },
    },
  ];
}
