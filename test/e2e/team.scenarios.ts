// Team review in the real workbench (issue 14): two reviewers' journals (one name in Cyrillic)
// already disagree on 20 samples and on a label on one more; the reviewer in the browser is the
// third, who adjudicates. Conflict queue (f → flag:conflict) → both verdicts side by side →
// Shift+A settles one → the header, the list mark, the status bar and the journal say so, and an
// export from the palette writes the team's verdicts with who decided them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CurationStore } from '../../src/core/store/curationStore';
import { seedTeamReviews, TEAM_REVIEWERS, type SeededTeam } from '../../testkit/synthetic/teamReviews';
import { reviewPanel, runFromPalette, statusBarItem } from '../../testkit/workbench/workbenchPage';
import { makeTestWorkspace } from '../harness/testWorkspace';
import { exportFromPalette } from './exportQuestions';
import { eventually, journalEvents } from './storeFiles';
import type { Scenario } from './uiHost';

export const TEAM_FILE = 'gsm8k_test_first120.jsonl';
const OVERLAP = 60;
/** A sample both seeded reviewers accepted (not a disagreement, not one in five): 1. */
const UNANIMOUS_ACCEPT = 1;
const DISAGREE = 20;

let seeded: SeededTeam | undefined;

/** The workspace: one file, and the two reviewers' journals written through the real store. */
export async function teamWorkspace(): Promise<string> {
  const dir = makeTestWorkspace(undefined, false, { only: [`demo-store/${TEAM_FILE}`] });
  seeded = await seedTeamReviews(dir, { overlap: OVERLAP, disagree: DISAGREE });
  return dir;
}

export function teamScenarios(): Scenario[] {
  return [
    {
      name: 'team: conflict queue (flag:conflict) shows both reviewers side by side; Shift+A adjudicates; header, status bar, journal and export follow',
      shot: 'team-review',
      async run({ page, workspace }) {
        const team = seeded;
        assert.ok(team, 'the team workspace was seeded');
        const conflicts = DISAGREE + 1;
        await runFromPalette(page, 'Sample Curator: Open Review Panel');
        const panel = reviewPanel(page);
        const header = panel.locator('#team-summary');
        await header.filter({ hasText: `${conflicts} conflicts, ${conflicts} open` }).waitFor({ timeout: 60_000 });

        // The conflict queue.
        await panel.locator('#list').focus();
        await panel.locator('#list').press('f');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible' });
        await input.fill('flag:conflict');
        await input.press('Enter');
        await input.waitFor({ state: 'hidden' });
        await panel.locator('#filter', { hasText: `— ${conflicts} of 120` }).waitFor();
        assert.equal(await panel.locator('#list [role="option"]:not(.placeholder)').count(), conflicts);
        assert.equal(await panel.locator('#list .flag-conflict-open').count(), conflicts);

        // Side by side: the first conflict is the first disagreement (sample 1).
        const section = panel.locator('#team');
        await section.locator('h3', { hasText: 'Reviewers disagree on the verdict' }).waitFor();
        const [first, second] = TEAM_REVIEWERS;
        await section.locator('.opinion', { hasText: first }).locator('.verdict-accepted').waitFor();
        await section.locator('.opinion', { hasText: second }).locator('.verdict-rejected').waitFor();
        await section.locator('.team-none', { hasText: 'No team verdict: no majority' }).waitFor();
        await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/team-conflict-side-by-side.png` });

        // One key settles it.
        await panel.locator('#list').focus();
        await panel.locator('#list').press('Shift+A');
        await header.filter({ hasText: `${conflicts} conflicts, ${conflicts - 1} open` }).waitFor();
        await panel.locator('#row-0 .flag-conflict-settled').waitFor();
        // On to the next open conflict, as a queue goes.
        await panel.locator('#row-1[aria-selected="true"]').waitFor();
        await section.locator('.team-none', { hasText: 'No team verdict: no majority' }).waitFor();
        await panel.locator('#list').press('k');
        await section.locator('.team-verdict', { hasText: 'Team verdict: accepted by adjudication' }).waitFor();
        await section.locator('.opinion-you', { hasText: 'adjudicated: accepted' }).waitFor();
        await statusBarItem(page, '1/120 reviewed, 1 accepted').waitFor();
        await eventually('the adjudication in the journal', () =>
          journalEvents(workspace).some((e) => e.type === 'verdict' && e.verdict === 'accepted' && (e as { adjudication?: boolean }).adjudication === true));
        await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/team-adjudicated.png` });

        // Export writes the team's verdicts: the adjudicated sample with its adjudicator.
        const destination = await exportFromPalette(page, workspace, {
          // The first question counts what "accepted" will write in a team: the team's verdicts, not this reviewer's.
          beforeAnswers: () => page.locator('.quick-input-widget .monaco-list-row', { hasText: /Accepted samples\s*\d+ by the team's verdicts/ }).waitFor(),
        });
        const manifest = JSON.parse(fs.readFileSync(path.join(destination, 'manifest.json'), 'utf8'));
        assert.equal(manifest.team.noConsensus['no majority'], DISAGREE - 1, 'the disagreements not adjudicated are not exported');
        assert.equal(manifest.team.resolved.adjudicated, 1);
        const entries = fs.readFileSync(path.join(destination, 'manifest.samples.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
        const settled = entries.find((e) => e.line === team.disagreements[0] + 1);
        assert.equal(settled?.rule, 'adjudicated');
        assert.equal(settled?.decidedBy?.length, 1);
        // Unanimous accepts from the two seeded reviewers: the overlap minus disagreements minus the shared rejects.
        const unanimous = entries.filter((e) => e.rule === 'unanimous');
        assert.ok(unanimous.length > 0 && unanimous.every((e) => e.decidedBy.length === 2), 'unanimous samples name both reviewers');
        assert.match(fs.readFileSync(path.join(destination, 'README.md'), 'utf8'), /### Team review/);
      },
    },
    {
      name: 'team: a reviewer\'s journal arriving while the panel is open (as a pull brings it) shows at once, without reopening',
      shot: 'team-journal-arrives',
      async run({ page, workspace }) {
        const panel = reviewPanel(page);
        // Carol reviews a clone elsewhere: the same file, her own journal, written by the real store.
        const clone = fs.mkdtempSync(path.join(path.dirname(workspace), 'carol-clone-'));
        fs.copyFileSync(path.join(workspace, TEAM_FILE), path.join(clone, TEAM_FILE));
        const store = await CurationStore.open(clone, { reviewer: 'carol' });
        try {
          // She rejects the sample the others both accepted, making one more verdict conflict.
          await store.decide(UNANIMOUS_ACCEPT, 'rejected');
        } finally {
          await store.close();
        }
        const [journal] = fs.readdirSync(path.join(clone, '.curator', 'journal')).filter((f) => f.startsWith('carol'));
        assert.ok(journal, 'carol has a journal');
        // What git does on a pull: a new file appears in the journal folder (written, then renamed in).
        const into = path.join(workspace, '.curator', 'journal');
        fs.copyFileSync(path.join(clone, '.curator', 'journal', journal), path.join(into, `.${journal}.tmp`));
        fs.renameSync(path.join(into, `.${journal}.tmp`), path.join(into, journal));
        await panel.locator('#team-summary', { hasText: /team: 4 reviewers · 22 conflicts, 21 open/ }).waitFor({ timeout: 30_000 });
        await statusBarItem(page, '1/120 reviewed, 1 accepted').waitFor();
      },
    },
  ];
}
