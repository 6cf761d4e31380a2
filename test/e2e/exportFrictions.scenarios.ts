// The export and provenance frictions of issue 17, in the real workbench: the provenance question
// in the panel's own notice bar (not only the notification centre), answered "Human-Written", the
// sample's provenance line and the teacher mix updated at once; an accept of a benchmark item warned
// in the panel, the second a accepting; Shift+X swapping chosen and rejected as a revision that u
// undoes (x still only swaps what is shown); the export's format picker counting each format's
// refusals, and the export's result in the notice bar. A store written here: bench.jsonl (a GSM8K
// test item) and pairs.jsonl (a preference pair), both stating model and licence, and people.jsonl
// (two chats that say nothing of who wrote them).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { Scenario } from './uiHost';
import { eventually, journalEvents } from './storeFiles';
import { exportFromPalette } from './exportQuestions';
import { makeTestWorkspace } from '../harness/testWorkspace';
import { ROOT } from '../../testkit/workbench/paths';
import { reviewPanel, runFromPalette } from '../../testkit/workbench/workbenchPage';

const GSM8K_TEST = path.join(ROOT, 'test', 'fixtures', 'gsm8k', 'gsm8k_test.jsonl');
const META = { model: 'teacher-a', license: 'mit' };

export async function exportFrictionsWorkspace(): Promise<string> {
  const dir = makeTestWorkspace(undefined, false, { only: [] });
  const gsm = JSON.parse(fs.readFileSync(GSM8K_TEST, 'utf8').split('\n')[10]) as { question: string; answer: string };
  const pairs = [{ prompt: 'Which planet is closest to the Sun?', chosen: 'Venus.', rejected: 'Mercury.', ...META }];
  const bench = [{ messages: [{ role: 'user', content: gsm.question }, { role: 'assistant', content: gsm.answer }], ...META }];
  const people = [
    { messages: [{ role: 'user', content: 'What do you plant in early spring?' }, { role: 'assistant', content: 'Peas, spinach and onions go in first.' }] },
    { messages: [{ role: 'user', content: 'How long do peas take?' }, { role: 'assistant', content: 'About sixty days from sowing to picking.' }] },
  ];
  fs.writeFileSync(path.join(dir, 'bench.jsonl'), `${bench.map((r) => JSON.stringify(r)).join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'pairs.jsonl'), `${pairs.map((r) => JSON.stringify(r)).join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'people.jsonl'), `${people.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return dir;
}

function shot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR ?? path.join(ROOT, 'out', 'screenshots'), `${name}.png`) });
}

/** Rows, files in name order: bench.jsonl (0), pairs.jsonl (1), people.jsonl (2, 3). */
const ROW = { benchmark: 0, pair: 1, people: 2 } as const;
const sampleOf = (row: number) => `#detail article[aria-label="Sample ${row + 1}"]`;

export function exportFrictionsScenarios(): Scenario[] {
  return [
    {
      name: 'exportFrictions: the provenance question is in the panel; Human-Written records it; the provenance line and the teacher mix follow at once',
      shot: 'export-frictions-provenance-recorded',
      async run({ page, workspace }) {
        await runFromPalette(page, 'Sample Curator: Open Review Panel');
        const panel = reviewPanel(page);
        const notice = panel.locator('#notices .notice', { hasText: 'people.jsonl does not say who wrote it' });
        await notice.waitFor({ timeout: 60_000 });
        await panel.locator('#checks-summary', { hasText: '1 benchmark' }).waitFor({ timeout: 60_000 });
        await panel.locator(`#row-${ROW.people}`).click();
        const line = panel.locator(`${sampleOf(ROW.people)} .provenance`);
        await line.filter({ hasText: 'origin: unknown' }).waitFor();
        // Accepted before the answer: the teacher mix does not know who wrote it.
        await panel.locator('#list').press('a');
        await panel.locator('#teacher-mix', { hasText: 'unknown 100%' }).waitFor();
        await panel.locator(`#row-${ROW.people}`).click();
        await shot(page, 'export-frictions-provenance-notice');
        await notice.locator('button.notice-action', { hasText: 'Human-Written' }).click();
        // The licence is asked next (the file names none).
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible' });
        await input.fill('CC-BY-4.0');
        await input.press('Enter');
        await notice.waitFor({ state: 'detached' });
        // At once, without moving away: the line of the sample shown, then the teacher mix once the checks read it.
        await line.filter({ hasText: 'model: none (human-written) · licence: CC-BY-4.0 · origin: human, depth 0' }).waitFor();
        await panel.locator('#teacher-mix', { hasText: 'human-written 100%' }).waitFor({ timeout: 60_000 });
        const project = JSON.parse(fs.readFileSync(path.join(workspace, '.curator', 'project.json'), 'utf8')) as { sources: { path: string; defaults?: unknown }[] };
        assert.deepEqual(project.sources.find((s) => s.path === 'people.jsonl')?.defaults, { origin: 'human', licence: 'CC-BY-4.0' });
      },
    },
    {
      name: 'exportFrictions: accepting a benchmark item warns in the panel; the second a accepts it',
      shot: 'export-frictions-benchmark-warning',
      async run({ page, workspace }) {
        const panel = reviewPanel(page);
        const list = panel.locator('#list');
        await panel.locator(`#row-${ROW.benchmark} .flag-contaminated`).waitFor();
        await panel.locator(`#row-${ROW.benchmark}`).click();
        await panel.locator(sampleOf(ROW.benchmark)).waitFor();
        const before = journalEvents(workspace).length;
        await list.press('a');
        const warning = panel.locator('#banner .banner-error', { hasText: 'Benchmark item: this sample matches GSM8K test item 11' });
        await warning.waitFor();
        assert.match(await warning.textContent() ?? '', /Press a again to accept anyway\.$/);
        assert.equal(journalEvents(workspace).length, before, 'the warned accept did not land');
        await shot(page, 'export-frictions-benchmark-warned');
        await list.press('a');
        await panel.locator(`#row-${ROW.benchmark} .badge`, { hasText: /^A$/ }).waitFor();
        await eventually('the second a is recorded', () => journalEvents(workspace).at(-1)?.verdict === 'accepted');
      },
    },
    {
      name: 'exportFrictions: Shift+X swaps chosen and rejected as a revision, u undoes it; x swaps only the display',
      shot: 'export-frictions-swap-recorded',
      async run({ page, workspace }) {
        const panel = reviewPanel(page);
        const list = panel.locator('#list');
        await panel.locator(`#row-${ROW.pair}`).click();
        const sample = panel.locator(sampleOf(ROW.pair));
        const chosen = sample.locator('.side.chosen');
        await chosen.filter({ hasText: 'Venus.' }).waitFor();
        // x: the display only, nothing in the journal.
        const before = journalEvents(workspace).length;
        await list.press('x');
        await list.press('x');
        assert.equal(journalEvents(workspace).length, before, 'x records nothing');
        await list.press('Shift+X');
        await chosen.filter({ hasText: 'Mercury.' }).waitFor();
        const revision = journalEvents(workspace).at(-1);
        assert.equal(revision?.type, 'revision', 'Shift+X records a revision');
        assert.match(String((revision as { text?: string }).text ?? JSON.stringify(revision)), /Mercury/);
        await shot(page, 'export-frictions-swap-revision');
        await list.press('u');
        await chosen.filter({ hasText: 'Venus.' }).waitFor();
        assert.equal(journalEvents(workspace).at(-1)?.type, 'undo');
        // The palette command does the same.
        await runFromPalette(page, 'Sample Curator: Swap Chosen/Rejected (Recorded Edit)');
        await chosen.filter({ hasText: 'Mercury.' }).waitFor();
        assert.equal(journalEvents(workspace).at(-1)?.type, 'revision');
      },
    },
    {
      name: 'exportFrictions: the format picker counts each format\'s refusals; the export\'s result is in the panel',
      shot: 'export-frictions-export-result',
      async run({ page, workspace }) {
        const panel = reviewPanel(page);
        const widget = page.locator('.quick-input-widget');
        const destination = await exportFromPalette(page, workspace, {
          beforeAnswers: async () => {
            // Three accepted: the human chat, the benchmark item and (accepted now) nothing else; the pair is not accepted.
            await widget.locator('.monaco-list-row', { hasText: 'Accepted samples' }).first().waitFor();
            await widget.locator('input').press('Enter');
            await widget.locator('.monaco-list-row', { hasText: 'OpenAI preference' }).filter({ hasText: 'would be refused' }).waitFor();
            await widget.locator('.monaco-list-row', { hasText: 'OpenAI chat' }).filter({ hasText: 'all 2 convert' }).waitFor();
            await shot(page, 'export-frictions-format-picker');
          },
        });
        const manifest = JSON.parse(fs.readFileSync(path.join(destination, 'manifest.json'), 'utf8')) as { counts: { exported: number } };
        assert.equal(manifest.counts.exported, 2);
        const result = panel.locator('#notices .notice', { hasText: `Exported 2 samples to ${destination}` });
        await result.waitFor();
        assert.deepEqual(await result.locator('button.notice-action').allTextContents(), ['Open Folder', 'Open Manifest']);
        // A button runs what it stands for (the host holds the command; the webview names the button).
        await result.locator('button.notice-action', { hasText: 'Open Manifest' }).click();
        await page.locator('.tab', { hasText: 'manifest.json' }).waitFor();
        await page.locator('.tab', { hasText: 'Sample Curator' }).click();
        await result.locator('button.notice-close').click();
        await result.waitFor({ state: 'detached' });
      },
    },
  ];
}
