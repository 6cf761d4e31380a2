// A model judge's scores in the real workbench: a distilabel-shaped file (ratings and rationales,
// one rating the judge failed to give) and an UltraFeedback-binarized-shaped one (score_chosen and
// score_rejected). The panel shows the score beside the sample with the rationale folded, both
// sides of a pair, and the failed rating as a problem; sort:judge orders by it with the unscored
// last; judge:>=4 filters; decisions in that filter are then calibrated against the judge by the
// palette command, whose report opens in an editor tab.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { ROOT } from '../../testkit/workbench/paths';
import { reviewPanel, runFromPalette } from '../../testkit/workbench/workbenchPage';
import type { Scenario } from './uiHost';

export const JUDGE_FILES = ['ui/judge_distilabel.jsonl', 'ui/judge_ultrafeedback.jsonl'];
const SHOTS = process.env.SCREENSHOT_DIR ?? path.join(ROOT, 'out', 'screenshots');

/**
 * A Monaco editor's text, its rendered lines in line order, every run of white space one space: a
 * Markdown document is word-wrapped, and a wrapped line is drawn like two.
 */
async function editorText(editor: Locator): Promise<string> {
  const lines = await editor.locator('.view-lines').evaluate((view) =>
    Array.from(view.querySelectorAll<HTMLElement>('.view-line'))
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((l) => l.textContent ?? ''));
  return lines.join(' ').replace(/[\s\u00a0]+/g, ' ');
}

export function judgeScenarios(): Scenario[] {
  return [
    {
      name: 'judge: the score and rationale beside the sample, a failed rating shown as a problem; sort:judge and judge:>=4; Calibrate Judge Scores opens its report',
      shot: 'judge-calibration',
      async run({ page }) {
        await runFromPalette(page, 'Sample Curator: Open Review Panel');
        const panel = reviewPanel(page);
        const list = panel.locator('#list');
        const detail = panel.locator('#detail');
        await panel.locator('#counts .count.pending', { hasText: '10 pending' }).waitFor({ timeout: 60_000 });
        // The checks' results redraw the panel: wait for them, so no key lands on a panel about to be redrawn.
        await panel.locator('#checks-summary', { hasText: 'checks: 0 near-dup' }).waitFor({ timeout: 60_000 });

        // Sample 1 (distilabel): the rating and the first words of the rationale, the rest folded.
        const judge = detail.locator('article[aria-label="Sample 1"] .judge');
        await judge.locator('summary', { hasText: 'judge 5 (ratings) — The text is accurate (Rayleigh scattering' }).waitFor();
        assert.equal(await judge.locator('.judge-rationale').isVisible(), false, 'the rationale starts folded');
        await judge.locator('summary').click();
        await judge.locator('.judge-rationale', { hasText: 'meets the two-sentence limit and is clearly written.' }).waitFor();
        await page.screenshot({ path: path.join(SHOTS, 'judge-score.png') });

        // Opened once, the rationale stays open on the next sample.
        await list.focus();
        await list.press('j');
        await detail.locator('article[aria-label="Sample 2"] .judge[open] .judge-rationale', { hasText: 'Correct and efficient iterative solution' }).waitFor();
        // Sample 4: the judge's output could not be parsed (ratings [null]): said, not hidden.
        await list.press('j');
        await detail.locator('article[aria-label="Sample 3"]').waitFor();
        await list.press('j');
        const problem = detail.locator('article[aria-label="Sample 4"] .judge.judge-problem');
        await problem.waitFor();
        assert.equal(await problem.textContent(), 'judge: ratings holds a list with no number in it');
        // Sample 6 (UltraFeedback): both sides' scores.
        await list.press('j');
        await detail.locator('article[aria-label="Sample 5"]').waitFor();
        await list.press('j');
        await detail.locator('article[aria-label="Sample 6"] .judge', { hasText: 'judge chosen 9 (score_chosen) · rejected 3 (score_rejected)' }).waitFor();

        const filter = async (text: string) => {
          await list.focus();
          await list.press('f');
          const input = page.locator('.quick-input-widget input');
          await input.waitFor({ state: 'visible' });
          await input.fill(text);
          await input.press('Enter');
          await input.waitFor({ state: 'hidden' });
        };
        // Highest score first, the sample without a score last (the two files' scales differ: 1–5 and 1–10).
        await filter('sort:judge desc');
        await panel.locator('#filter', { hasText: 'all samples · by judge, descending — 10 of 10' }).waitFor();
        await panel.locator('#row-0', { hasText: 'How many minutes are there in a week?' }).waitFor();
        await panel.locator('#row-9', { hasText: 'Summarize the plot of Romeo and Juliet' }).waitFor();

        await filter('judge:>=4');
        await panel.locator('#filter', { hasText: 'judge ≥ 4 — 7 of 10' }).waitFor();
        assert.equal(await panel.locator('#list [role="option"]:not(.placeholder)').count(), 7);

        // Decide the filter from its first row: the Fibonacci answer (rated 4) rejected, the rest
        // accepted, each verdict on screen before the next key (the selection moves on to the next row).
        await panel.locator('#row-0').click();
        for (const [row, key] of ['a', 'r', 'a', 'a', 'a', 'a', 'a'].entries()) {
          await panel.locator(`#row-${row}[aria-selected="true"]`).waitFor();
          await list.press(key);
          await panel.locator(`#row-${row} .badge`, { hasText: key === 'a' ? /^A$/ : /^R$/ }).waitFor();
        }
        await panel.locator('#counts .count.accepted', { hasText: '6 accepted' }).waitFor();
        await panel.locator('#counts .count.rejected', { hasText: '1 rejected' }).waitFor();

        await runFromPalette(page, 'Sample Curator: Calibrate Judge Scores');
        const editor = page.locator('.editor-instance .monaco-editor', { hasText: 'Judge calibration' }).first();
        await editor.waitFor({ timeout: 60_000 });
        const report = await editorText(editor);
        assert.match(report, /filter: judge ≥ 4 ·/);
        assert.match(report, /7 samples in the filter: 7 with a judge score \(`ratings` 3, `score_chosen` 4\)/);
        assert.match(report, /7 decided samples \(accepted or rejected by [^)]+\) with a score: 1 is a defect/);
        assert.match(report, /Not a random sample/);
        // The defect scores 4; of the six fine ones, one ties it (4) and five outscore it: (5 + ½) / 6.
        assert.match(report, /AUC 0\.917:/);
        // At t = 5: 5 of the 7 kept, none of them a defect (Wilson's upper bound for 0 of 5 is
        // z²/(5 + z²) = 43.4%); below, the two rated 4, one rejected.
        assert.match(report, /\| 5 \| 5 \(71\.4%\) \| 5 \| 0\.0% \[0\.0%, 43\.4%\] \| 2 \| 50\.0% \[9\.5%, 90\.5%\] \| 85\.7% \|/);
        // The answer's own words are checked by the unit tests: the editor draws only the lines in view.
        assert.match(report, /## Threshold for a defect rate under 5\.0% No threshold keeps/);
      },
    },
  ];
}
