// Review panel scenarios, in the order a reviewer meets them.
import * as assert from 'node:assert/strict';
import type { Scenario } from './uiHost';
import { eventually, firstRecord, journalEvents } from './storeFiles';
import { reviewPanel, runFromPalette, scrollListTo, statusBarItem } from '../../testkit/workbench/workbenchPage';

const TOTAL = 304; // 120 GSM8K + 100 HH-RLHF + 80 seed tasks + 4 edge cases
export const reviewPanelScenarios: Scenario[] = [
  {
    name: 'palette → Open Review Panel shows real samples from the store',
    shot: 'review-panel-opened',
    async run({ page, workspace }) {
      await runFromPalette(page, 'Sample Curator: Open Review Panel');
      const panel = reviewPanel(page);
      const first = firstRecord(workspace, 'alpaca_seed_tasks_first80.jsonl');
      await panel.locator('#detail', { hasText: String(first.instruction) }).waitFor();
      // The first sample may show while the store is still opening; the list comes with the snapshot.
      // The edge cases' unreadable line is counted apart once every record was read.
      await panel.locator('#counts .count.unreadable', { hasText: '1 unreadable' }).waitFor();
      await panel.locator('#counts .count.pending', { hasText: `${TOTAL - 1} pending` }).waitFor();
      // The list is virtual: only the rows in view (and a few more) exist.
      const rendered = await panel.locator('#list [role="option"]').count();
      assert.ok(rendered > 10 && rendered < TOTAL, `${rendered} rows rendered of ${TOTAL}`);
      await statusBarItem(page, `0/${TOTAL} reviewed`).waitFor();
    },
  },
  {
    name: 'keys in the panel: a accepts, r rejects, u undoes — status bar and journal follow',
    shot: 'review-panel-after-keys',
    async run({ page, workspace }) {
      const panel = reviewPanel(page);
      const list = panel.locator('#list');
      await list.focus();
      await list.press('a');
      await statusBarItem(page, `1/${TOTAL} reviewed, 1 accepted, 0 rejected`).waitFor();
      await eventually('accept event in the journal', () => journalEvents(workspace).some((e) => e.verdict === 'accepted'));
      assert.equal(await list.getAttribute('aria-activedescendant'), 'row-1', 'selection moved to the next pending sample');
      await panel.locator('#row-0 .badge', { hasText: 'A' }).waitFor();
      await list.press('r');
      await statusBarItem(page, `2/${TOTAL} reviewed, 1 accepted, 1 rejected`).waitFor();
      await list.press('u');
      await statusBarItem(page, `1/${TOTAL} reviewed, 1 accepted, 0 rejected`).waitFor();
      const events = journalEvents(workspace);
      assert.deepEqual(events.map((e) => e.type), ['verdict', 'verdict', 'undo']);
      assert.equal(events[2].undoes, events[1].seq);
      assert.equal(await list.getAttribute('aria-activedescendant'), 'row-1', 'undo selects the sample it restored');
      await panel.locator('#live', { hasText: 'reviewed' }).waitFor({ state: 'attached' });
    },
  },
  {
    name: 'each kind renders: preference pair side by side, math question with its final answer',
    shot: 'review-panel-qa',
    async run({ page, workspace }) {
      const panel = reviewPanel(page);
      const pair = firstRecord(workspace, 'hh_rlhf_harmless_test_first100.jsonl');
      const firstHuman = /Human: ([^\n]+)/.exec(String(pair.chosen))?.[1] ?? '';
      await scrollListTo(panel, 200);
      await panel.locator('.row', { hasText: firstHuman.slice(0, 30) }).first().click();
      await panel.locator('#detail .pair .side.chosen .turn').first().waitFor();
      await panel.locator('#detail .pair .side.rejected .turn').first().waitFor();
      await panel.locator('#detail .preference > .field', { hasText: firstHuman }).waitFor();
      await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/review-panel-preference.png` });
      const math = firstRecord(workspace, 'gsm8k_test_first120.jsonl');
      const final = /#### (.+)$/.exec(String(math.answer))?.[1];
      await scrollListTo(panel, 80);
      await panel.locator('.row', { hasText: String(math.question).slice(0, 40) }).click();
      await panel.locator('#detail .final-answer strong', { hasText: final }).waitFor();
      assert.ok(final, 'the fixture has a #### final answer');
    },
  },
  {
    name: 'sample text with <script> and onerror markup renders as text, nothing runs',
    shot: 'review-panel-script-as-text',
    async run({ page }) {
      const panel = reviewPanel(page);
      await scrollListTo(panel, 300);
      await panel.locator('.row', { hasText: 'Show me how to embed a script tag' }).click();
      const detail = panel.locator('#detail');
      await detail.locator('.turn.role-user', { hasText: "<script>document.body.dataset.pwned='yes'</script>" }).waitFor();
      await detail.locator('.turn.role-assistant', { hasText: '</script><img src=x onerror=' }).waitFor();
      assert.equal(await detail.locator('script, img, b').count(), 0, 'no element was created from sample text');
      assert.equal(await panel.locator('body').getAttribute('data-pwned'), null);
    },
  },
  {
    name: '? opens the help sheet drawn from the key table; Escape closes it',
    shot: 'review-panel-help',
    async run({ page }) {
      const panel = reviewPanel(page);
      await panel.locator('#list').press('?');
      const help = panel.locator('#help');
      await help.waitFor({ state: 'visible' });
      await help.locator('tr', { hasText: 'Accept the sample' }).waitFor();
      await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/review-panel-help-open.png` });
      await panel.locator('#list').press('Escape');
      await help.waitFor({ state: 'hidden' });
    },
  },
  ...(process.env.SAMPLE_CURATOR_DELIBERATE_FAIL === '1'
    ? [{
        name: 'deliberate failure (SAMPLE_CURATOR_DELIBERATE_FAIL=1)',
        shot: 'deliberate-failure',
        async run() {
          assert.fail('this UI test fails on purpose to prove that a failure fails the run');
        },
      } satisfies Scenario]
    : []),
];
