// VS Code conventions in the real workbench (issue 17): the activity bar's Sample Curator with its
// Sources view (welcome content with buttons until a store is open, then each file with its format,
// sample count and problems) and Exports view (an export listed, its manifest opened); "Open With…
// → Sample Curator" on a JSONL file from the explorer (a one-file store; the decision lands in the
// .curator/ beside the file); the editor title action on a JSONL file; the walkthrough's first step.
// On the way it takes the walkthrough's pictures (out/screenshots/walkthrough-*.png; copied by hand
// to media/walkthrough/ when the UI they show changes).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { reviewPanel, runFromPalette, widenSideBar } from '../../testkit/workbench/workbenchPage';
import { makeTestWorkspace } from '../harness/testWorkspace';
import { exportFromPalette } from './exportQuestions';
import { eventually, journalEvents } from './storeFiles';
import type { Scenario } from './uiHost';

const SHOTS = () => process.env.SCREENSHOT_DIR ?? path.join(process.cwd(), 'out', 'screenshots');
const ALPACA = 'alpaca_seed_tasks_first80.jsonl';
const GSM8K = 'gsm8k_test_first120.jsonl';
const HH = 'hh_rlhf_harmless_test_first100.jsonl';

/** The demo store's three files, nothing else. */
export function conventionsWorkspace(): string {
  return makeTestWorkspace(undefined, false);
}

/** A view's pane in the side bar, by its title. */
function sidebarPane(page: Page, title: string) {
  return page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: new RegExp(`^\\s*${title}`, 'i') }) }).first();
}

function paneRow(page: Page, title: string, text: string) {
  return sidebarPane(page, title).locator('.monaco-list-row', { hasText: text }).first();
}

async function showCuratorSidebar(page: Page): Promise<void> {
  const sources = sidebarPane(page, 'Sources');
  if (await sources.isVisible()) return;
  await page.locator('.part.activitybar [aria-label^="Sample Curator"]').first().click();
  await sources.waitFor();
}

/** Polls a page condition (an image's decoding has no event a locator can wait for). */
async function eventuallyVisible(page: Page, check: () => Promise<boolean>, what: () => Promise<string>): Promise<void> {
  const end = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`the walkthrough picture never loaded: ${await what()}`);
    await page.waitForTimeout(100);
  }
}

async function showExplorer(page: Page): Promise<void> {
  await page.locator('.part.activitybar [aria-label^="Explorer"]').first().click();
  await page.locator('.explorer-folders-view').waitFor();
}

export function conventionsScenarios(): Scenario[] {
  return [
    {
      name: 'conventions: the Sources view\'s welcome buttons open the store, each file listed with format, samples and problems; decide with keys; the Exports view lists an export and opens its manifest',
      shot: 'conventions-sidebar',
      async run({ page, workspace }) {
        await showCuratorSidebar(page);
        await page.locator('.part.statusbar', { hasText: 'Activating Extensions' }).waitFor({ state: 'detached' });
        await widenSideBar(page, 200);
        const welcome = sidebarPane(page, 'Sources').locator('.welcome-view-content');
        await welcome.filter({ hasText: 'Review a folder of sample files' }).waitFor();
        for (const button of ['Review a Folder or File…', 'Open Review Panel']) await welcome.locator('a, .monaco-button', { hasText: button }).first().waitFor();
        await page.screenshot({ path: path.join(SHOTS(), 'conventions-welcome.png') });
        await welcome.locator('a, .monaco-button', { hasText: 'Open Review Panel' }).first().click();
        const panel = reviewPanel(page);
        await panel.locator('#counts', { hasText: '300 pending' }).waitFor({ timeout: 60_000 });
        // One row per file: its format (from the project document), its samples and its problems.
        for (const [file, text] of [[ALPACA, 'self-instruct-seed · 80 samples · no problems'], [GSM8K, 'qa · 120 samples · no problems'], [HH, 'hh-rlhf · 100 samples · no problems']]) {
          await paneRow(page, 'Sources', file).locator('.label-description', { hasText: text }).waitFor({ timeout: 30_000 });
        }
        await page.screenshot({ path: path.join(SHOTS(), 'walkthrough-open-store.png') });

        // Decide with keys; the help sheet drawn from the key table.
        const list = panel.locator('#list');
        await list.focus();
        // Each key once the one before is recorded (the counts say so).
        for (const [key, counts] of [['a', '1 accepted'], ['a', '2 accepted'], ['r', '1 rejected']]) {
          await list.press(key);
          await panel.locator('#counts', { hasText: counts }).waitFor();
        }
        await list.press('?');
        await panel.locator('#help').waitFor({ state: 'visible' });
        await page.locator('.part.editor').screenshot({ path: path.join(SHOTS(), 'walkthrough-decide.png') });
        await panel.locator('#help').press('Escape');
        await panel.locator('#help').waitFor({ state: 'hidden' });
        // The checks ran after the index pass: the header says what they found.
        await panel.locator('#checks-summary', { hasText: 'checks:' }).waitFor({ timeout: 90_000 });
        // The flagged samples (GSM8K's test items match the shipped benchmark), a match shown.
        await list.focus();
        await list.press('f');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible' });
        await input.fill('flag:contaminated');
        await input.press('Enter');
        await panel.locator('#filter', { hasText: 'flag contaminated — 120 of 300' }).waitFor();
        await panel.locator('#detail', { hasText: /benchmark match/i }).waitFor();
        await page.locator('.part.editor').screenshot({ path: path.join(SHOTS(), 'walkthrough-checks.png') });
        await runFromPalette(page, 'Sample Curator: Show Every Sample (Clear the Filter)');
        await panel.locator('#filter').waitFor({ state: 'detached' });

        // Export: the Exports view lists the new folder with its format and count; its manifest opens from it.
        const folder = await exportFromPalette(page, workspace);
        const row = paneRow(page, 'Exports', path.basename(folder));
        await row.locator('.label-description', { hasText: /· 2 samples ·/ }).waitFor({ timeout: 30_000 });
        await page.locator('.part.sidebar').screenshot({ path: path.join(SHOTS(), 'walkthrough-export.png') });
        await row.click();
        await page.locator('.tabs-container .tab.active', { hasText: 'manifest.json' }).waitFor();
        const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as { counts: { exported: number } };
        assert.equal(manifest.counts.exported, 2);
        await showCuratorSidebar(page);
      },
    },
    {
      name: 'conventions: Open With… → Sample Curator on a JSONL file in the explorer opens it as a one-file store; a decision lands in the .curator/ beside it',
      shot: 'conventions-open-with',
      async run({ page, workspace }) {
        await showExplorer(page);
        const item = page.locator('.explorer-folders-view .monaco-list-row', { hasText: GSM8K }).first();
        const menu = page.locator('.context-view .monaco-menu');
        const picker = page.locator('.quick-input-widget');
        const textEditor = picker.locator('.monaco-list-row', { hasText: 'Text Editor' });
        // A click the moment the menu opens can be ignored (the menu guards against the right-click's
        // own mouse-up): the menu opened again until the editor picker shows.
        for (let attempt = 1; !(await textEditor.isVisible()); attempt++) {
          if (attempt > 5) throw new Error('Open With… never showed the editor picker');
          if (!(await menu.isVisible())) {
            await item.click({ button: 'right' });
            await menu.locator('.action-label', { hasText: 'Review in Sample Curator' }).waitFor();
          }
          await menu.locator('.action-label', { hasText: /^Open With/ }).click();
          await textEditor.waitFor({ timeout: 3000 }).catch(() => undefined);
        }
        await picker.locator('.monaco-list-row', { hasText: 'Sample Curator' }).first().click();
        await page.locator('.tabs-container .tab.active', { hasText: GSM8K }).waitFor();
        const panel = reviewPanel(page);
        // The one file only: its 120 samples, the three decisions of the folder's other files not among them.
        await panel.locator('#counts', { hasText: '120 pending' }).waitFor({ timeout: 60_000 });
        await panel.locator('#detail .source-link', { hasText: GSM8K }).waitFor();
        const before = journalEvents(workspace).length;
        const list = panel.locator('#list');
        await list.focus();
        // Rejected (GSM8K's test items match the shipped benchmark: accepting one asks twice).
        await list.press('r');
        await panel.locator('#counts', { hasText: '1 rejected' }).waitFor();
        await eventually('the decision in the journal beside the file', () => journalEvents(workspace).length === before + 1);
        assert.deepEqual(fs.readdirSync(workspace).filter((n) => n.startsWith('.')).sort(), ['.curator'], 'no other state folder');
        await showCuratorSidebar(page);
        // The Sources view follows: the one file.
        await paneRow(page, 'Sources', GSM8K).waitFor();
        await sidebarPane(page, 'Sources').locator('.monaco-list-row').nth(1).waitFor({ state: 'detached' });
      },
    },
    {
      name: 'conventions: the editor title action on a JSONL file reviews that file',
      shot: 'conventions-editor-title',
      async run({ page }) {
        await runFromPalette(page, 'Go to File');
        await page.locator('.quick-input-widget input').fill(ALPACA);
        await page.locator('.quick-input-widget .monaco-list-row', { hasText: ALPACA }).first().click();
        await page.locator('.tabs-container .tab.active', { hasText: ALPACA }).waitFor();
        await page.locator('.editor-actions [aria-label="Review in Sample Curator"]').first().click();
        const panel = reviewPanel(page);
        // The first scenario decided three of its samples (the folder's first three): 77 left.
        await panel.locator('#counts', { hasText: '77 pending' }).filter({ hasText: '2 accepted' }).waitFor({ timeout: 60_000 });
        // One review panel: the file's custom editor took over from the other file's, whose tab closed.
        await page.locator('.tabs-container .tab', { hasText: GSM8K }).first().waitFor({ state: 'detached' });
        await panel.locator('#detail .source-link', { hasText: ALPACA }).waitFor();
      },
    },
    {
      name: 'conventions: the walkthrough\'s first step shows the panel\'s picture and its button opens the review panel',
      shot: 'conventions-walkthrough',
      async run({ page }) {
        // The walkthrough hides its pictures in a narrow editor: the side bar (widened above) closed.
        await runFromPalette(page, 'View: Close Primary Side Bar');
        await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
        await runFromPalette(page, 'Welcome: Open Walkthrough');
        await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Curate a training set with Sample Curator' }).first().click();
        const step = page.locator('.getting-started-step', { hasText: 'Open a store' }).first();
        await step.waitFor();
        // The step's picture, loaded from media/walkthrough/ (a broken one has no natural width).
        const picture = page.locator('img[alt^="The review panel: the list of samples"]').first();
        await picture.waitFor();
        const loaded = () => picture.evaluate((img) => ({ src: (img as HTMLImageElement).currentSrc, width: (img as HTMLImageElement).naturalWidth }));
        await eventuallyVisible(page, async () => (await loaded()).width > 0, async () => JSON.stringify(await loaded()));
        assert.match(decodeURIComponent((await loaded()).src), /media\/walkthrough\/open-store\.png/);
        for (const s of ['Decide with keys', 'Run the checks', 'Export']) await page.locator('.getting-started-step', { hasText: s }).first().waitFor();
        await page.screenshot({ path: path.join(SHOTS(), 'conventions-walkthrough-step1.png') });
        await step.locator('a, .monaco-button', { hasText: 'Open Review Panel' }).first().click();
        await reviewPanel(page).locator('#counts', { hasText: 'pending' }).waitFor({ timeout: 30_000 });
      },
    },
  ];
}
