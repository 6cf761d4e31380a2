// The checks in the real workbench: a store of seven samples with a planted near-duplicate
// (samples 1 and 4), a planted GSM8K test question (sample 5) and a wrong calculator step (sample
// 6, whose text also misstates an annotation's result). Their flags show on the rows once the checks have run; `c` opens the cluster side by side and
// "keep this one, reject the rest" is one journal step that one undo withdraws; an accept of the
// near-duplicate of an accepted sample is warned before it lands; the benchmark item opens side by
// side with the overlap marked; the wrong step is marked in the solution.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ROOT } from '../../testkit/workbench/paths';
import { journalEvents, records } from './storeFiles';
import type { Scenario } from './uiHost';
import { reviewPanel, runFromPalette } from '../../testkit/workbench/workbenchPage';

export const CHECKS_FILE = 'checks_planted.jsonl';
const SHOTS = process.env.SCREENSHOT_DIR ?? path.join(ROOT, 'out', 'screenshots');

export function checksScenarios(): Scenario[] {
  return [
    {
      name: 'checks: planted near-duplicate and GSM8K item are flagged; cluster and benchmark match open side by side; keep-one is one undoable step',
      shot: 'checks-contamination',
      async run({ page, workspace }) {
        await runFromPalette(page, 'Sample Curator: Open Review Panel');
        const panel = reviewPanel(page);
        const list = panel.locator('#list');
        const detail = panel.locator('#detail');
        await panel.locator('#counts .count.pending', { hasText: '7 pending' }).waitFor();
        await panel.locator('#checks-summary', { hasText: 'checks: 2 near-dup · 1 benchmark · 1 verifier fail' }).waitFor({ timeout: 60_000 });
        await panel.locator('#teacher-mix', { hasText: 'Teacher mix (accepted): none yet' }).waitFor();
        for (const [row, flag] of [[0, 'duplicate'], [3, 'duplicate'], [4, 'contaminated'], [5, 'verifier-fail']] as const) {
          await panel.locator(`#row-${row} .flag-${flag}`).waitFor();
        }
        for (const row of [1, 2, 6]) assert.equal(await panel.locator(`#row-${row} .flag`).count(), 0, `row ${row} has no flag`);

        // Sample 1 is selected first: its cluster, side by side.
        await detail.locator('article[aria-label="Sample 1"] .check-duplicate', { hasText: 'cluster of 2' }).waitFor();
        await list.press('c');
        const cluster = panel.locator('#cluster');
        await cluster.locator('.cluster-member').nth(1).waitFor();
        assert.equal(await cluster.locator('.cluster-member').count(), 2);
        assert.deepEqual(await cluster.locator('.cluster-member h3').allTextContents(), [`${CHECKS_FILE}:1`, `${CHECKS_FILE}:4`]);
        await page.screenshot({ path: path.join(SHOTS, 'checks-cluster.png') });
        await cluster.locator('.cluster-member[data-sample="0"] button.keep-one').click();
        await panel.locator('#row-3 .badge', { hasText: /^R$/ }).waitFor();
        await panel.locator('#row-0 .badge', { hasText: /^·$/ }).waitFor();
        let events = journalEvents(workspace);
        assert.equal(events.length, 1, 'one step');
        assert.equal(events[0].type, 'verdict');
        assert.equal(events[0].verdict, 'rejected');
        assert.equal(events[0].samples?.length, 1, 'the other member only');
        await list.press('u');
        await panel.locator('#row-3 .badge', { hasText: /^·$/ }).waitFor();
        events = journalEvents(workspace);
        assert.deepEqual(events.map((e) => e.type), ['verdict', 'undo'], 'one undo withdraws it');

        // Accept sample 1, then sample 4 (its near-duplicate): warned first, accepted on the second a.
        await panel.locator('#row-0').click();
        await list.press('a');
        await panel.locator('#row-0 .badge', { hasText: /^A$/ }).waitFor();
        await panel.locator('#row-3').click();
        await detail.locator('article[aria-label="Sample 4"] .check-duplicate', { hasText: '1 already accepted' }).waitFor();
        await list.press('a');
        await panel.locator('#banner .banner-error', { hasText: 'Near-duplicate of 1 accepted sample' }).waitFor();
        assert.equal(journalEvents(workspace).filter((e) => e.type === 'verdict').length, 2, 'the warned accept did not land');
        await list.press('a');
        await panel.locator('#row-3 .badge', { hasText: /^A$/ }).waitFor();
        await panel.locator('#banner .banner-error').waitFor({ state: 'detached' });
        await panel.locator('#teacher-mix', { hasText: 'teacher-a-70b 50%' }).waitFor();
        // Two accepted samples, near-duplicates of each other: the diversity meter says so (tooltip).
        await panel.locator('#checks-summary[title*="mean pairwise MinHash similarity"]').waitFor();
        const tooltip = (await panel.locator('#checks-summary').getAttribute('title')) ?? '';
        const similarity = Number(/mean pairwise MinHash similarity ([0-9.]+)/.exec(tooltip)?.[1]);
        assert.ok(similarity >= 0.5 && similarity <= 1, `two near-duplicates are similar: ${tooltip}`);

        // The GSM8K question: the benchmark item side by side, the overlap marked in both.
        const question = records(workspace, CHECKS_FILE)[4].messages as { content: string }[];
        await panel.locator('#row-4').click();
        const match = detail.locator('article[aria-label="Sample 5"] #contamination');
        await match.locator('h3', { hasText: 'Benchmark match: GSM8K test item 11' }).waitFor();
        const sides = match.locator('.side-by-side .side');
        assert.equal(await sides.count(), 2);
        const sampleMarks = (await sides.nth(0).locator('mark').allTextContents()).join(' ');
        const itemMarks = (await sides.nth(1).locator('mark').allTextContents()).join(' ');
        assert.ok(sampleMarks.length > 100 && question[0].content.startsWith(sampleMarks.slice(0, 60)), `the sample's question is marked: ${sampleMarks.slice(0, 80)}`);
        assert.ok(itemMarks.length > 100, 'the item is marked');
        assert.equal(await detail.locator('article[aria-label="Sample 5"] #verifier.verifier-pass').count(), 1, 'verified against the benchmark answer');

        // The wrong calculator step, marked in the solution.
        await panel.locator('#row-5').click();
        const verifier = detail.locator('article[aria-label="Sample 6"] #verifier.verifier-fail');
        await verifier.locator('mark', { hasText: '<<12*24=278>>' }).waitFor();
        await verifier.locator('h3', { hasText: 'should give 288' }).waitFor();
        // A number the text misstates after a right annotation: the note says both.
        await verifier.locator('mark', { hasText: '<<278-30=248>>238' }).waitFor();
        await verifier.locator('li', { hasText: 'the annotation gives 248 but the text says 238' }).waitFor();
        await panel.locator('#row-4').click();
        await match.waitFor();
      },
    },
  ];
}
