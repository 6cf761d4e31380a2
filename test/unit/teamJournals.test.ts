// Reading every reviewer's journal side by side (journals written by the real DecisionLedger), the
// team's consensus under each policy, conflicts, and the agreement report built from them.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DecisionLedger } from '../../src/core/journal/decisionLedger';
import { asJournalEvent } from '../../src/core/journal/journalEvents';
import { journalFileName } from '../../src/core/journal/journalFileNames';
import { LABEL_CONFLICT, resolveConsensus, RULE_CODES, VERDICT_CONFLICT } from '../../src/core/team/consensus';
import { teamAgreement } from '../../src/core/team/teamAgreement';
import { ACCEPTED, ADJUDICATIONS_DIFFER, readTeamJournals, REJECTED, type TeamJournals } from '../../src/core/team/teamJournals';
import { makeTempDir, removeDir } from './fixtureFiles';

const S = ['aaaa000000000001', 'aaaa000000000002', 'aaaa000000000003', 'aaaa000000000004', 'aaaa000000000005'];
const IVAN = 'Иван';
const PETR = 'Пётр';

async function asReviewer(curatorDir: string, reviewer: string, work: (l: DecisionLedger) => Promise<unknown>): Promise<void> {
  const { ledger } = await DecisionLedger.open(curatorDir, reviewer);
  try {
    await work(ledger);
  } finally {
    await ledger.close();
  }
}

function verdictOf(team: TeamJournals, reviewer: string, id: string): number {
  return team.verdicts[team.indexOf(id) * team.reviewers.length + team.reviewers.indexOf(reviewer)];
}

suite('team journals', () => {
  let dir: string;
  setup(() => {
    dir = makeTempDir('team-journals');
  });
  teardown(() => removeDir(dir));

  test('each reviewer (Cyrillic names) read from their own journal: verdicts, labels, ratings, notes, with undo applied', async () => {
    await asReviewer(dir, IVAN, async (l) => {
      await l.setVerdict([S[0], S[1]], 'accepted');
      await l.setLabel([S[0]], 'математика', true);
      await l.setRating(S[0], 4);
      await l.setNote(S[1], 'шаг 2 неверен');
      await l.setVerdict([S[2]], 'rejected');
      await l.undo(); // S[2] back to pending
    });
    await asReviewer(dir, PETR, async (l) => {
      await l.setVerdict([S[0]], 'accepted');
      await l.setVerdict([S[1]], 'rejected');
      await l.setRating(S[0], 5);
    });
    const team = readTeamJournals(dir);
    assert.deepEqual(team.reviewers, [IVAN, PETR]);
    assert.deepEqual(team.journals.map((j) => j.file), [journalFileName(IVAN), journalFileName(PETR)]);
    assert.equal(team.sampleCount, 3);
    assert.equal(verdictOf(team, IVAN, S[0]), ACCEPTED);
    assert.equal(verdictOf(team, IVAN, S[2]), 0);
    assert.equal(verdictOf(team, PETR, S[1]), REJECTED);
    const cell = (id: string, r: string) => team.indexOf(id) * 2 + team.reviewers.indexOf(r);
    assert.equal(team.ratings[cell(S[0], IVAN)], 4);
    assert.equal(team.ratings[cell(S[0], PETR)], 5);
    assert.equal(team.notes.get(cell(S[1], IVAN)), 'шаг 2 неверен');
    assert.deepEqual(team.labelNames, ['математика']);
    assert.deepEqual([...team.labelCells[0]], [cell(S[0], IVAN)]);
    assert.equal(team.indexOf('ffff000000000000'), -1);
  });

  test('read-only and tolerant: a torn last line is not read, no lock taken, nothing written, a copy under another name ignored', async () => {
    const { ledger } = await DecisionLedger.open(dir, IVAN); // holds the lock: the team read must not need it
    try {
      await ledger.setVerdict([S[0]], 'accepted');
      const journal = path.join(dir, 'journal', journalFileName(IVAN));
      fs.copyFileSync(journal, path.join(dir, 'journal', 'copy.jsonl'));
      fs.appendFileSync(journal, '{"v":2,"seq":2,"at":"2026-01-01T00:00:00.000Z","reviewer":"Иван","type":"verdict","samples":["aaaa0000000');
      const before = fs.readdirSync(dir, { recursive: true }).map((f) => [f, fs.statSync(path.join(dir, String(f))).mtimeMs]);
      const team = readTeamJournals(dir);
      assert.deepEqual(team.reviewers, [IVAN]);
      assert.ok(team.journals[0].tornTailBytes > 0);
      assert.equal(team.journals[0].events, 1);
      assert.deepEqual(team.ignored.map((i) => i.file), ['copy.jsonl']);
      assert.equal(verdictOf(team, IVAN, S[0]), ACCEPTED);
      assert.deepEqual(fs.readdirSync(dir, { recursive: true }).map((f) => [f, fs.statSync(path.join(dir, String(f))).mtimeMs]), before);
    } finally {
      await ledger.close();
    }
  });

  test('no journal folder: no reviewers, nothing resolved, every agreement figure undefined', () => {
    const team = readTeamJournals(dir);
    assert.equal(team.reviewers.length, 0);
    const report = teamAgreement(team);
    assert.equal(report.verdicts.overall.alphaUndefined, 'no pairable values');
    assert.equal(resolveConsensus(team).counts.conflicts, 0);
  });

  test('an adjudication is its own event kind: old readers see a verdict, the team sees a resolution that is not an opinion', async () => {
    await asReviewer(dir, IVAN, (l) => l.setVerdict([S[0]], 'accepted'));
    await asReviewer(dir, PETR, (l) => l.setVerdict([S[0]], 'rejected'));
    await asReviewer(dir, 'ana', async (l) => {
      await l.setVerdict([S[0]], 'rejected', { adjudication: true });
      await l.setVerdict([S[1]], 'accepted', { adjudication: true });
      await l.undo(); // withdraws the adjudication of S[1]
    });
    const line = fs.readFileSync(path.join(dir, 'journal', journalFileName('ana')), 'utf8').split('\n')[0];
    assert.equal(JSON.parse(line).adjudication, true);
    assert.ok(asJournalEvent(JSON.parse(line)));
    assert.equal(asJournalEvent({ ...JSON.parse(line), adjudication: false }), undefined);
    const team = readTeamJournals(dir);
    assert.equal(verdictOf(team, 'ana', S[0]), 0); // not ana's opinion
    assert.equal(team.adjudications[team.indexOf(S[0])], REJECTED);
    assert.equal(team.adjudicators[team.indexOf(S[0])], team.reviewers.indexOf('ana'));
    assert.equal(team.adjudications[team.indexOf(S[1])], 0);
    const c = resolveConsensus(team);
    assert.equal(c.verdicts[team.indexOf(S[0])], REJECTED);
    assert.equal(RULE_CODES[c.rules[team.indexOf(S[0])] - 1], 'adjudicated');
    assert.equal(c.conflicts[team.indexOf(S[0])] & VERDICT_CONFLICT, VERDICT_CONFLICT); // resolved, still shown as a conflict
    const figures = teamAgreement(team).verdicts.overall;
    assert.equal(figures.units, 1); // Иван and Пётр on S[0]; ana's adjudication is no value
    assert.equal(figures.percentAgreement, 0);
  });

  test('adjudicators who differ leave the sample refused and counted', async () => {
    await asReviewer(dir, IVAN, (l) => l.setVerdict([S[0]], 'accepted', { adjudication: true }));
    await asReviewer(dir, PETR, (l) => l.setVerdict([S[0]], 'rejected', { adjudication: true }));
    const team = readTeamJournals(dir);
    assert.equal(team.adjudications[team.indexOf(S[0])], ADJUDICATIONS_DIFFER);
    assert.equal(resolveConsensus(team).counts.refused['adjudications differ'], 1);
  });

  test('policies: adjudicated > unanimous > majority, each only when allowed; ties and one-reviewer samples refused and counted', async () => {
    // S0: A A R (majority A); S1: A A A (unanimous); S2: A R (tie); S3: A only; S4: skipped by all (undecided)
    const plan: Record<string, string[]> = { ana: ['accepted', 'accepted', 'accepted', 'accepted', 'skipped'], [IVAN]: ['accepted', 'accepted', 'rejected', 'pending', 'skipped'], [PETR]: ['rejected', 'accepted', 'pending', 'pending', 'pending'] };
    for (const [who, verdicts] of Object.entries(plan)) {
      await asReviewer(dir, who, async (l) => {
        for (let i = 0; i < 5; i++) if (verdicts[i] !== 'pending') await l.setVerdict([S[i]], verdicts[i] as 'accepted');
      });
    }
    const team = readTeamJournals(dir);
    const at = (id: string) => team.indexOf(id);
    const all = resolveConsensus(team);
    assert.deepEqual(all.counts.resolved, { adjudicated: 0, unanimous: 2, majority: 1 });
    assert.equal(all.counts.refused['no majority'], 1);
    assert.equal(all.counts.refused.undecided, 1);
    assert.equal(all.verdicts[at(S[0])], ACCEPTED);
    const unanimousOnly = resolveConsensus(team, { allow: ['unanimous'] });
    assert.equal(unanimousOnly.verdicts[at(S[0])], 0);
    assert.equal(unanimousOnly.counts.refused['not unanimous'], 2);
    const twoNeeded = resolveConsensus(team, { allow: ['unanimous', 'majority'], minReviewers: 2 });
    assert.equal(twoNeeded.counts.refused['too few reviewers'], 1);
    assert.equal(twoNeeded.verdicts[at(S[3])], 0);
    assert.equal(resolveConsensus(team, { allow: ['adjudicated'] }).counts.refused['not adjudicated'], 4);
    assert.equal(all.counts.verdictConflicts, 2);
  });

  test('a label present for some deciding reviewers and not others is a conflict; one on a sample the other never decided is not', async () => {
    await asReviewer(dir, IVAN, async (l) => {
      await l.setVerdict([S[0], S[1], S[2]], 'accepted');
      await l.setLabel([S[0], S[1], S[2]], 'math', true);
    });
    await asReviewer(dir, PETR, async (l) => {
      await l.setVerdict([S[0], S[1]], 'accepted');
      await l.setLabel([S[0]], 'math', true);
    });
    const team = readTeamJournals(dir);
    const c = resolveConsensus(team);
    assert.equal(c.conflicts[team.indexOf(S[0])], 0);
    assert.equal(c.conflicts[team.indexOf(S[1])], LABEL_CONFLICT);
    assert.equal(c.conflicts[team.indexOf(S[2])], 0);
    assert.equal(c.counts.labelConflicts, 1);
    const math = teamAgreement(team).labels[0];
    assert.equal(math.label, 'math');
    assert.equal(math.agreement.overall.units, 2);
    assert.equal(math.agreement.overall.percentAgreement, 0.5);
  });

  test('agreement report: per pair, per source, ratings interval and ordinal, each with its units', async () => {
    await asReviewer(dir, IVAN, async (l) => {
      await l.setVerdict([S[0], S[1], S[2]], 'accepted');
      for (const [i, r] of [[0, 1], [1, 2], [2, 5]]) await l.setRating(S[i], r);
    });
    await asReviewer(dir, PETR, async (l) => {
      await l.setVerdict([S[0], S[1]], 'accepted');
      await l.setVerdict([S[2]], 'rejected');
      for (const [i, r] of [[0, 1], [1, 3], [2, 4]]) await l.setRating(S[i], r);
    });
    await asReviewer(dir, 'ana', (l) => l.setVerdict([S[0]], 'accepted'));
    const team = readTeamJournals(dir);
    const sourceOf = Int32Array.from({ length: team.sampleCount }, (_, i) => (team.idAt(i) === S[2] ? 1 : 0));
    const report = teamAgreement(team, { sourceOf, names: ['a.jsonl', 'b.jsonl'] });
    assert.deepEqual(report.reviewers, ['ana', IVAN, PETR]);
    const pair = report.verdicts.pairs.find((p) => p.a === 1 && p.b === 2);
    assert.equal(pair?.figures.units, 3);
    assert.equal(pair?.figures.percentAgreement, 2 / 3);
    assert.equal(report.verdicts.pairs.find((p) => p.a === 0 && p.b === 1)?.figures.units, 1);
    assert.deepEqual(report.verdicts.bySource.map((s) => [s.source, s.figures.units, s.figures.percentAgreement]), [['a.jsonl', 2, 1], ['b.jsonl', 1, 0]]);
    assert.equal(report.ratingsInterval.overall.units, 3);
    assert.equal(report.ratingsInterval.overall.pairableValues, 6);
    // Ratings (1,1), (2,3), (5,4): close on an interval scale, alpha high; nominal AC1 sees only one match.
    assert.ok(report.ratingsInterval.overall.alpha > 0.8, String(report.ratingsInterval.overall.alpha));
    assert.ok(report.ratingsOrdinal.overall.alpha > 0.5);
    assert.ok(report.ratingsInterval.overall.ac1 < 0.5);
  });
});

suite('team journals: what a pull or a shared folder may put in the journal folder', () => {
  test('a symlink, a FIFO, a folder and an unreadable file named *.jsonl are left out with a reason; the reviewers are read', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'team-odd-'));
    try {
      const curator = path.join(root, '.curator');
      const journal = path.join(curator, 'journal');
      fs.mkdirSync(journal, { recursive: true });
      for (const reviewer of ['ann', 'bob']) {
        const { ledger } = await DecisionLedger.open(curator, reviewer);
        await ledger.setVerdict(['0123456789abcdef'], 'accepted');
        await ledger.close();
      }
      fs.symlinkSync(path.join(journal, journalFileName('ann')), path.join(journal, 'link.jsonl'));
      fs.mkdirSync(path.join(journal, 'folder.jsonl'));
      execFileSync('mkfifo', [path.join(journal, 'fifo.jsonl')]);
      const team = readTeamJournals(curator);
      assert.deepEqual([...team.reviewers], ['ann', 'bob']);
      const why = new Map(team.ignored.map((i) => [i.file, i.why]));
      assert.match(why.get('link.jsonl') ?? '', /symbolic link/);
      assert.match(why.get('folder.jsonl') ?? '', /not a regular file/);
      assert.match(why.get('fifo.jsonl') ?? '', /not a regular file/);
      assert.equal(team.verdicts.filter((v) => v).length, 2);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
