// Slice audits in the real workbench (issue 15): the Slices view in the activity bar (welcome
// content until a store opens, then each slice with its size), audit a source file's slice from it,
// decide 30 of its draw with the panel's keys (some `r`) while the header's estimate and interval
// follow each key, reject the rest of the slice from the palette (a modal naming the count and the
// estimate), and one undo restores every sample it set.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { decisionsForHalfWidth } from '../../src/core/audit/auditSize';
import { proportionInterval } from '../../src/core/audit/proportionIntervals';
import { MIN_JUDGE_MISSES } from '../../src/core/audit/ppiEstimate';
import { reviewPanel, runFromPalette, widenSideBar } from '../../testkit/workbench/workbenchPage';
import { drawAudit, stratifySlice } from '../../src/core/audit/auditDraw';
import { sliceSeed } from '../../src/core/store/sliceAudit';
import { ROOT } from '../../testkit/workbench/paths';
import { makeTestWorkspace } from '../harness/testWorkspace';
import { eventually, journalEvents } from './storeFiles';

/** Waits for an asynchronous check (a page's state) to hold, polling. */
async function eventuallyAsync(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
import type { Scenario } from './uiHost';

export const SLICE_FILE = 'alpaca_seed_tasks_first80.jsonl';
const OTHER_FILE = 'hh_rlhf_harmless_test_first100.jsonl';
const DECIDED = 30;
/** The draw positions the reviewer rejects (`r`); the others are accepted (`a`). */
const REJECTS = new Set([2, 9, 17, 25]);
/** Accepted samples the judge scores 3 (MIN_JUDGE_MISSES: the prediction-powered estimate shows from here). */
const JUDGE_MISSES = MIN_JUDGE_MISSES;

/**
 * The workspace: the two files, the slice's records given a judge's `score` (1–5) that mostly
 * agrees with what the reviewer will decide: the draw is a function of the slice's query and the
 * store's sources (sliceAudit.ts), so the samples the scenario rejects are known here and scored 1,
 * the first JUDGE_MISSES it accepts 3 (a clear miss: the judge's defect prediction is 0.5), the
 * others it accepts 4 or 5, the rest mostly 5. Once the audit holds that many misses, the header
 * shows the prediction-powered estimate (before, it says why not).
 */
export function slicesWorkspace(): string {
  const dir = makeTestWorkspace(undefined, false, { only: [`demo-store/${OTHER_FILE}`] });
  const lines = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'demo-store', SLICE_FILE), 'utf8').split('\n').filter(Boolean);
  const members = Uint32Array.from(lines, (_, k) => k); // the slice's file sorts first: store indices 0…79
  const drawn = drawAudit(stratifySlice(members), sliceSeed(`source:${SLICE_FILE}`, [SLICE_FILE, OTHER_FILE]), 50).indices;
  const scores: number[] = lines.map((_, k) => (k % 7 === 3 ? 2 : 5));
  let misses = 0;
  drawn.forEach((i, t) => {
    if (t < DECIDED) scores[i] = REJECTS.has(t) ? 1 : misses++ < JUDGE_MISSES ? 3 : 4 + (t % 2);
  });
  fs.writeFileSync(path.join(dir, SLICE_FILE), lines.map((l, k) => JSON.stringify({ ...JSON.parse(l), score: scores[k] })).join('\n') + '\n');
  return dir;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The header's audit line after k defects of n (one source file: the plain Wilson interval of k of n). */
function expectedLine(k: number, n: number): string {
  const interval = proportionInterval(k, n);
  const more = decisionsForHalfWidth(k, n, 0.02).more;
  const left = 80 - n;
  const tail = more === 0 ? '±2 pts reached' : more >= left ? `±2 pts needs more than the ${left} left: audit them all for the exact rate` : `~${more} more for ±2 pts`;
  return `audit ${SLICE_FILE}: ${k} defect${k === 1 ? '' : 's'} of ${n} · ${pct(k / n)} [${pct(interval.lower)}, ${pct(interval.upper)}] (Wilson 95%) · ${tail}`;
}

/** The Slices view's row of a slice (a tree item in the side bar). */
function sliceRow(page: Page, name: string) {
  return page.locator('.part.sidebar .monaco-list-row', { hasText: name }).first();
}

export function slicesScenarios(): Scenario[] {
  return [
    {
      name: 'slices: audit a source file\'s slice from the Slices view, decide 30 with keys as the header\'s estimate follows each, reject the rest from the palette, one undo restores it',
      shot: 'slices-audit',
      async run({ page, workspace }) {
        // The activity bar's Sample Curator: welcome content until a store is open.
        await page.locator('.part.activitybar [aria-label^="Sample Curator"]').first().click();
        const welcome = page.locator('.part.sidebar .welcome-view-content', { hasText: 'No store is open yet' });
        await welcome.waitFor();
        await welcome.locator('a, .monaco-button', { hasText: 'Open Review Panel' }).first().click();
        const panel = reviewPanel(page);
        await panel.locator('#counts', { hasText: '180 pending' }).waitFor({ timeout: 60_000 });
        // The ready slices: one per source file with its size (the checks add flags and models later).
        const row = sliceRow(page, SLICE_FILE);
        await row.locator('.label-description', { hasText: '80 samples · not audited' }).waitFor({ timeout: 30_000 });
        await sliceRow(page, OTHER_FILE).locator('.label-description', { hasText: '100 samples' }).waitFor();

        // Audit it: the list becomes the draw (50 samples of the slice), the header the audit line.
        await row.click();
        const audit = panel.locator('#audit-summary');
        await audit.filter({ hasText: `audit ${SLICE_FILE}: 0 defects of 0 · no decision yet · ±2 pts needs more than the 80 left: audit them all for the exact rate` }).waitFor();
        // The list holds the draw, not the store: 50 rows of 22 px in the virtual list.
        assert.equal(await panel.locator('#list .list-inner').evaluate((el) => (el as HTMLElement).style.height), `${50 * 22}px`);
        await panel.locator('#detail .source-link', { hasText: SLICE_FILE }).waitFor();

        // 30 decisions with the keys; the line is new after each key.
        const list = panel.locator('#list');
        await list.focus();
        let k = 0;
        for (let t = 0; t < DECIDED; t++) {
          const reject = REJECTS.has(t);
          if (reject) k++;
          await list.press(reject ? 'r' : 'a');
          await audit.filter({ hasText: expectedLine(k, t + 1) }).waitFor({ timeout: 10_000 });
          // Each sample decided is of the slice (the next one drawn is shown after the key).
          if (t < 3) await panel.locator('#detail .source-link', { hasText: SLICE_FILE }).waitFor();
          // Too few judge misses yet: no prediction-powered interval, and the tooltip says why.
          if (t === 4) {
            assert.ok(!(await audit.textContent())?.includes('PPI'));
            assert.ok((await audit.getAttribute('title'))?.includes(`needs ${MIN_JUDGE_MISSES} audited samples the judge clearly missed (so far 4)`), (await audit.getAttribute('title')) ?? '');
          }
        }
        await row.locator('.label-description', { hasText: `80 samples · ${k}/${DECIDED} defects · ` }).waitFor({ timeout: 10_000 });
        // Every sample of the slice carries the judge's score: its prediction-powered estimate, corrected
        // by the audit, stands beside the audit's, narrower (the judge agrees with the reviewer here).
        const ppi = / · with judge \(PPI\): (\d+\.\d)% \[(\d+\.\d)%, (\d+\.\d)%\]/;
        await audit.filter({ hasText: ppi }).waitFor();
        const [, , lower, upper] = (ppi.exec((await audit.textContent()) ?? '') ?? []).map(Number);
        const wilson = proportionInterval(k, DECIDED);
        assert.ok(upper - lower < 100 * (wilson.upper - wilson.lower), `PPI [${lower}%, ${upper}%] narrower than the audit's Wilson interval`);
        assert.ok((await audit.getAttribute('title'))?.includes('prediction-powered (judge "score" on all 80, corrected by the audit)'));
        // The side bar wide enough for the slices' figures, for the screenshot a reader sees.
        await widenSideBar(page, 170);
        await list.focus();
        await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/slice-audit.png` });

        // Reject the rest of the slice from the palette: the modal names the count and the estimate.
        await runFromPalette(page, 'Sample Curator: Reject Rest of Slice');
        const dialog = page.locator('.monaco-dialog-box');
        await dialog.waitFor();
        const rest = 80 - DECIDED;
        const text = (await dialog.textContent()) ?? '';
        assert.match(text, new RegExp(`Reject the rest of “${SLICE_FILE.replace(/\./g, '\\.')}”: ${rest} samples you have not decided\\?`));
        assert.ok(text.includes(`${k} defects of ${DECIDED} audited`), text);
        assert.ok(text.includes('reject if the upper bound of the 95% interval > 5%, else accept → reject'), text);
        await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/slice-reject-rest-confirm.png` });
        await dialog.locator('.monaco-button', { hasText: `Reject ${rest} Samples` }).click();
        await panel.locator('#counts', { hasText: `${DECIDED - k} accepted` }).filter({ hasText: `${k + rest} rejected` }).waitFor();
        await eventually('the slice decision in the journal', () => {
          const last = journalEvents(workspace).at(-1) as { type: string; samples?: string[]; sliceDecision?: { audit: { n: number; k: number; drawn: string[] }; slice: { query: string } } };
          return last.type === 'verdict' && last.samples?.length === rest && last.sliceDecision?.audit.n === DECIDED && last.sliceDecision.audit.k === k
            && last.sliceDecision.audit.drawn.length === 50 && last.sliceDecision.slice.query === `source:${SLICE_FILE}`;
        });
        // What the slice decision set is no audit answer: the line still reads k of 30, and says the rest is decided.
        await audit.filter({ hasText: `${expectedLine(k, DECIDED)} · rest rejected (${rest})` }).waitFor();
        await row.locator('.label-description', { hasText: '80 samples · rest rejected at' }).waitFor({ timeout: 10_000 });
        await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/slice-rest-rejected.png` });

        // One undo restores every sample it set.
        await list.focus();
        await list.press('u');
        await panel.locator('#counts', { hasText: `${k} rejected` }).filter({ hasText: `${180 - DECIDED} pending` }).waitFor();
        await eventually('the undo in the journal', () => {
          const events = journalEvents(workspace);
          const last = events.at(-1);
          return last?.type === 'undo' && last.undoes === events.at(-2)?.seq;
        });
        await row.locator('.label-description', { hasText: `80 samples · ${k}/${DECIDED} defects · ` }).waitFor({ timeout: 10_000 });
        await audit.filter({ hasText: expectedLine(k, DECIDED) }).waitFor();
        assert.equal(await audit.filter({ hasText: 'rest rejected' }).count(), 0, 'undone: the line no longer says the rest is decided');
        assert.ok(fs.existsSync(path.join(workspace, '.curator', 'journal')));
      },
    },
    {
      name: 'slices: + draws more of the audited slice (the draw so far kept), leaving the audit returns to the store, a filter saved as a slice is listed with its size',
      shot: 'slices-saved',
      async run({ page, workspace }) {
        const panel = reviewPanel(page);
        const list = panel.locator('#list');
        const audit = panel.locator('#audit-summary');
        const height = () => panel.locator('#list .list-inner').evaluate((el) => (el as HTMLElement).style.height);
        // + : the rest of the slice's 80 samples are drawn after the 50; the first new one is selected.
        // A key pressed while the previous scenario's last redraw lands can be lost (seen once in
        // CI): pressed again, which changes nothing here (the draw is capped at the slice's 80).
        for (let attempt = 1; ; attempt++) {
          await list.focus();
          await list.press('+');
          try {
            await eventuallyAsync('the draw grown to the whole slice', async () => (await height()) === `${80 * 22}px`, 4_000);
            break;
          } catch (e) {
            if (attempt === 3) throw e;
          }
        }
        await panel.locator('#row-50[aria-selected="true"]').waitFor();
        await audit.filter({ hasText: 'of 30 · ' }).waitFor();
        await panel.locator('#detail .source-link', { hasText: SLICE_FILE }).waitFor();

        // Leaving the audit: every sample, no audit line.
        await runFromPalette(page, 'Sample Curator: Leave Slice Audit');
        await eventuallyAsync('the whole store listed', async () => (await height()) === `${180 * 22}px`);
        assert.equal(await audit.count(), 0);

        // A filter, saved as a slice: listed in the Slices view with its size.
        await list.focus();
        await list.press('f');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible' });
        await input.fill(`source:${OTHER_FILE} "help"`);
        await input.press('Enter');
        await input.waitFor({ state: 'hidden' });
        const filter = panel.locator('#filter', { hasText: / — \d+ of 180$/ });
        await filter.waitFor();
        const matches = Number(/ — (\d+) of 180$/.exec((await filter.textContent()) ?? '')?.[1]);
        assert.ok(matches > 0 && matches < 100, `the filter keeps some of the file: ${matches}`);
        await runFromPalette(page, 'Sample Curator: Save Current Filter as Slice');
        await input.waitFor({ state: 'visible' });
        await input.fill('hh asking for help');
        await input.press('Enter');
        await sliceRow(page, 'hh asking for help').locator('.label-description', { hasText: `${matches} samples · not audited` }).waitFor({ timeout: 30_000 });
        const project = JSON.parse(fs.readFileSync(path.join(workspace, '.curator', 'project.json'), 'utf8'));
        assert.deepEqual(project.slices, [{ name: 'hh asking for help', query: `source:${OTHER_FILE} "help"` }]);
      },
    },
  ];
}
