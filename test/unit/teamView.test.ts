// The store's team view beyond the git round trip (teamReview.test.ts): the overlap plan's queue
// flag and per-reviewer counts, the consensus policy setting, export's team annotations, and the
// agreement report.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CurationStore } from '../../src/core/store/curationStore';
import { teamExportView } from '../../src/core/store/teamExport';
import { teamReport } from '../../src/core/store/teamReport';
import { assignedReviewers, isInQueue } from '../../src/core/team/assignment';
import { chatLine } from '../../testkit/synthetic/chatSamples';
import { rng } from '../../testkit/synthetic/seededRandom';
import { seedTeamReviews, TEAM_REVIEWERS, type SeededTeam } from '../../testkit/synthetic/teamReviews';
import { makeTempDir, removeDir } from './fixtureFiles';
import { CURATOR_DIR } from '../../src/core/store/curationStore';
import { readTeamJournals } from '../../src/core/team/teamJournals';
import { readTeamJournalsInWorker } from '../../src/core/team/teamInWorker';
import { ROOT } from '../../testkit/workbench/paths';

const TEAM_WORKER = path.join(ROOT, 'out', 'teamWorker.js');

const SAMPLES = 30;
const JUDGE = 'judge';

suite('team view', () => {
  let dir: string;
  let seeded: SeededTeam;
  let store: CurationStore;

  setup(async () => {
    dir = makeTempDir('team-view-');
    const next = rng(5);
    fs.writeFileSync(path.join(dir, 'chat.jsonl'), `${Array.from({ length: SAMPLES }, (_, i) => chatLine(next, i)).join('\n')}\n`);
    seeded = await seedTeamReviews(dir, { overlap: 20, disagree: 5 });
    store = await CurationStore.open(dir, { reviewer: JUDGE });
  });

  teardown(async () => {
    await store.close();
    removeDir(dir);
  });

  test('the overlap plan: my-queue flags exactly my samples, and each reviewer\'s queue is counted', () => {
    const plan = { reviewers: [...TEAM_REVIEWERS, JUDGE], perSample: 2 };
    const team = store.refreshTeam({ plan });
    let mine = 0;
    for (let i = 0; i < SAMPLES; i++) {
      const expected = isInQueue(plan, JUDGE, store.idAt(i));
      assert.equal(team.flagsAt(i).includes('my-queue'), expected, `sample ${i}`);
      if (expected) mine++;
    }
    assert.ok(mine > 0 && mine < SAMPLES, `the judge reviews ${mine} of ${SAMPLES}`);
    const progress = team.summary().progress;
    for (const reviewer of TEAM_REVIEWERS) {
      const queue = Array.from({ length: SAMPLES }, (_, i) => i).filter((i) => assignedReviewers(plan, store.idAt(i)).includes(reviewer));
      const p = progress.find((x) => x.reviewer === reviewer);
      assert.equal(p?.queue, queue.length, reviewer);
      assert.equal(p?.queueDecided, queue.filter((i) => i < 20).length, `${reviewer} decided the first 20`);
      assert.equal(p?.decided, 20);
    }
    // Without a plan every sample is in everyone's queue.
    const planless = store.refreshTeam({});
    assert.ok(Array.from({ length: SAMPLES }, (_, i) => i).every((i) => planless.flagsAt(i).includes('my-queue')));
  });

  test('the policy decides what stands: adjudication only refuses the unanimous samples too', async () => {
    const strict = store.refreshTeam({ policy: { allow: ['adjudicated'] } });
    const agreed = 1; // both accepted (not a disagreement, not one in five)
    assert.deepEqual(strict.verdictAt(agreed), { refusal: 'not adjudicated' });
    await store.adjudicate(agreed, 'rejected');
    assert.deepEqual(store.refreshTeam({ policy: { allow: ['adjudicated'] } }).verdictAt(agreed), { verdict: 'rejected', rule: 'adjudicated' });
    const open = store.refreshTeam({ policy: { allow: ['adjudicated', 'unanimous', 'majority'] } });
    assert.deepEqual(open.verdictAt(seeded.disagreements[0]), { refusal: 'no majority' });
    assert.deepEqual(open.verdictAt(25), { refusal: 'undecided' });
  });

  test('export sees the team: its verdict, and only the labels every decider gave', () => {
    const team = store.refreshTeam({});
    const view = teamExportView(store, team);
    const i = seeded.labelConflict;
    assert.ok(team.flagsAt(i).includes('conflict'), 'a label only one reviewer gave is a conflict');
    assert.equal(view.verdictAt(i), 'accepted');
    assert.deepEqual(view.annotationsAt(i).labels, [], 'the label is not everyone\'s');
    assert.equal(view.verdictAt(seeded.disagreements[0]), 'pending', 'no consensus: not selected');
    assert.equal(store.verdictAt(seeded.disagreements[0]), 'pending', 'the store itself is untouched (the judge decided nothing)');
    assert.equal(view.size, store.size, 'everything else is the store\'s');
    const accepted = Array.from({ length: SAMPLES }, (_, k) => k).filter((k) => view.verdictAt(k) === 'accepted').length;
    assert.equal(team.summary().accepted, accepted, 'the summary counts what export selects');
    assert.ok(accepted > 0);
  });

  test('the team read on a worker thread gives what the read on this thread gives, and the view joins it the same', async () => {
    const here = readTeamJournals(path.join(dir, CURATOR_DIR));
    const there = await readTeamJournalsInWorker(TEAM_WORKER, path.join(dir, CURATOR_DIR));
    assert.deepEqual([...there.reviewers], [...here.reviewers]);
    assert.equal(there.sampleCount, here.sampleCount);
    assert.deepEqual([...there.verdicts], [...here.verdicts]);
    assert.deepEqual(there.labelCells.map((c) => [...c]), here.labelCells.map((c) => [...c]));
    for (let t = 0; t < here.sampleCount; t++) {
      assert.equal(there.idAt(t), here.idAt(t));
      assert.equal(there.indexOf(here.idAt(t)), t);
    }
    const fromWorker = store.refreshTeamFrom(there, {});
    const inThread = store.refreshTeam({});
    for (let i = 0; i < SAMPLES; i++) {
      assert.deepEqual(fromWorker.opinionsAt(i), inThread.opinionsAt(i), `sample ${i}`);
      assert.deepEqual(fromWorker.verdictAt(i), inThread.verdictAt(i), `sample ${i}`);
    }
    // The join found every decided sample of the store (the first 20) by its hash words.
    assert.equal(Array.from({ length: SAMPLES }, (_, i) => i).filter((i) => fromWorker.opinionsAt(i).length).length, 20);
    await assert.rejects(readTeamJournalsInWorker(path.join(ROOT, 'out', 'no-such-worker.js'), dir), /Cannot find module|no-such-worker/);
  });

  test('the agreement report names every reviewer pair, the label, the progress and the policy', () => {
    const report = teamReport(store.refreshTeam({}), 'demo | store', new Date('2026-12-06T00:00:00Z'));
    const [a, b] = [...TEAM_REVIEWERS].sort();
    assert.match(report, /^# Team agreement — demo \\\| store$/m, 'a pipe in a name cannot break the tables');
    assert.match(report, new RegExp(`\\| ${a} · ${b} \\| 20 \\| 40 \\| 75\\.0% \\|`), 'the pair rests on the 20 shared samples; 15 of 20 agree');
    assert.match(report, /^\| needs-check \| 20 \| 40 \|/m);
    assert.match(report, /- Conflicts: 6 \(5 on the verdict, 1 on a label\), 6 not adjudicated\./);
    assert.match(report, /Policy adjudicated > unanimous > majority/);
  });
});
