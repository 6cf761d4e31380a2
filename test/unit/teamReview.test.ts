// Issue 14's end-to-end proof at the store level: two git clones of one store, two reviewers (one
// with a Cyrillic name) decide overlapping samples in each, `git pull` merges with no conflict, the
// open store (not reopened) sees the other reviewer and the conflicts, the agreement figures match
// a computation written here from the textbook formulas, an adjudication resolves a conflict, and
// export writes the team's verdicts with who decided them.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeExport } from '../../src/core/export/curatedExport';
import type { ExportManifest, SampleEntry } from '../../src/core/export/exportManifest';
import { planExport } from '../../src/core/export/exportPlan';
import { CurationStore } from '../../src/core/store/curationStore';
import { STORE_GITIGNORE } from '../../src/core/store/storeGitignore';
import { teamExportRecord, teamExportView } from '../../src/core/store/teamExport';
import { chatLine } from '../../testkit/synthetic/chatSamples';
import { rng } from '../../testkit/synthetic/seededRandom';
import { makeTempDir, removeDir } from './fixtureFiles';

const TOOL = { name: 'Sample Curator', version: '0.0.0-test' };
const ALICE = 'alice';
const BORIS = 'Борис Петров';
const SAMPLES = 40;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', '-c', 'init.defaultBranch=main', '-c', 'pull.rebase=false', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Alice decides samples 0–24, Boris 10–34: they overlap on 10–24 and disagree on some of those. */
const aliceVerdict = (i: number) => (i % 3 === 0 ? 'rejected' : 'accepted');
const borisVerdict = (i: number) => (i % 5 === 0 ? 'rejected' : 'accepted');
const ALICE_SAMPLES = Array.from({ length: 25 }, (_, i) => i);
const BORIS_SAMPLES = Array.from({ length: 25 }, (_, i) => i + 10);

/** Percent agreement, nominal Krippendorff alpha and Gwet's AC1 for two raters, from the formulas. */
function expectedFigures(a: Map<number, string>, b: Map<number, string>) {
  const both = [...a.keys()].filter((i) => b.has(i));
  const agree = both.filter((i) => a.get(i) === b.get(i)).length;
  const pa = agree / both.length;
  // Krippendorff: coincidences over pairable units (2 values each, weight 1/(2−1)).
  const n = 2 * both.length;
  const count = (v: string) => both.reduce((s, i) => s + (a.get(i) === v ? 1 : 0) + (b.get(i) === v ? 1 : 0), 0);
  const [nA, nR] = [count('accepted'), count('rejected')];
  const disagreeingPairs = 2 * (both.length - agree); // o_AR + o_RA
  const alpha = 1 - ((n - 1) * disagreeingPairs) / (2 * nA * nR);
  // Gwet AC1 (irrCAC's handling of missing values): π over every unit with ≥ 1 value.
  const units = new Set([...a.keys(), ...b.keys()]);
  let piAccepted = 0;
  for (const i of units) {
    const vals = [a.get(i), b.get(i)].filter((v) => v !== undefined);
    piAccepted += vals.filter((v) => v === 'accepted').length / vals.length;
  }
  piAccepted /= units.size;
  const pe = piAccepted * (1 - piAccepted) + (1 - piAccepted) * piAccepted; // Σ π_k(1 − π_k) / (Q − 1), Q = 2
  return { units: both.length, pa, alpha, ac1: (pa - pe) / (1 - pe) };
}

suite('team review over git', () => {
  let root: string;
  const stores: CurationStore[] = [];
  const open = async (dir: string, reviewer: string) => {
    const s = await CurationStore.open(dir, { reviewer });
    stores.push(s);
    return s;
  };

  setup(() => {
    root = makeTempDir('team-git-');
  });

  teardown(async () => {
    for (const s of stores.splice(0)) await s.close().catch(() => undefined);
    removeDir(root);
  });

  test('two clones decide, git pull merges cleanly, the open store sees the conflicts, adjudication and export follow', async () => {
    // The origin: a store with its sources and the .gitignore the store writes.
    const origin = path.join(root, 'origin');
    fs.mkdirSync(origin);
    const next = rng(14);
    fs.writeFileSync(path.join(origin, 'chat.jsonl'), `${Array.from({ length: SAMPLES }, (_, i) => chatLine(next, i)).join('\n')}\n`);
    git(origin, 'init', '-q');
    await (await open(origin, 'setup')).close();
    stores.length = 0;
    assert.equal(fs.readFileSync(path.join(origin, '.curator', '.gitignore'), 'utf8'), STORE_GITIGNORE);
    git(origin, 'add', '-A');
    git(origin, 'commit', '-qm', 'store');
    // Only the journals of .curator/ are committed: no snapshot, index, lock or project.json.
    const tracked = git(origin, 'ls-files', '.curator').trim().split('\n');
    assert.deepEqual(tracked.filter((f) => !/^\.curator\/(\.gitignore|journal\/[^/]+\.jsonl)$/.test(f)), [], `tracked: ${tracked.join(', ')}`);
    git(origin, 'config', 'receive.denyCurrentBranch', 'ignore');

    const cloneA = path.join(root, 'a');
    const cloneB = path.join(root, 'b');
    git(root, 'clone', '-q', origin, cloneA);
    git(root, 'clone', '-q', origin, cloneB);

    const alice = await open(cloneA, ALICE);
    for (const i of ALICE_SAMPLES) await alice.decide(i, aliceVerdict(i));
    git(cloneA, 'add', '-A');
    git(cloneA, 'commit', '-qm', 'alice');
    git(cloneA, 'push', '-q', 'origin', 'main');

    const boris = await open(cloneB, BORIS);
    for (const i of BORIS_SAMPLES) await boris.decide(i, borisVerdict(i));
    await boris.setLabel([12], 'unclear', true);
    git(cloneB, 'add', '-A');
    git(cloneB, 'commit', '-qm', 'boris');
    // Boris pulls Alice's journal while his store is open: a merge, no conflict.
    git(cloneB, 'pull', '-q', '--no-edit', 'origin', 'main');
    git(cloneB, 'push', '-q', 'origin', 'main');
    // Alice pulls Boris's work into her open store's folder.
    git(cloneA, 'pull', '-q', '--no-edit', 'origin', 'main');
    assert.equal(git(cloneA, 'diff', '--name-only', '--diff-filter=U').trim(), '', 'no conflicted files');
    assert.equal(git(cloneA, 'status', '--porcelain').trim(), '', 'the store left nothing uncommitted that git tracks');

    // The open store, not reopened, reads both journals.
    const team = alice.refreshTeam();
    assert.deepEqual([...team.reviewers], [ALICE, BORIS].sort());
    assert.ok(team.isTeam);
    const a = new Map(ALICE_SAMPLES.map((i) => [i, aliceVerdict(i)]));
    const b = new Map(BORIS_SAMPLES.map((i) => [i, borisVerdict(i)]));
    const disagree = [...a.keys()].filter((i) => b.has(i) && a.get(i) !== b.get(i));
    assert.ok(disagree.length >= 3, `the fixture disagrees on ${disagree.length}`);
    for (let i = 0; i < SAMPLES; i++) {
      const expected = disagree.includes(i) || i === 12;
      assert.equal(team.flagsAt(i).includes('conflict'), expected, `sample ${i} conflict`);
    }
    const opinions = team.opinionsAt(disagree[0]);
    assert.deepEqual(opinions.map((o) => [o.reviewer, o.verdict]).sort(), [[ALICE, aliceVerdict(disagree[0])], [BORIS, borisVerdict(disagree[0])]].sort());
    assert.deepEqual(team.opinionsAt(12).find((o) => o.reviewer === BORIS)?.labels, ['unclear']);

    // Agreement as computed here from the formulas.
    const want = expectedFigures(a, b);
    const got = team.agreement().verdicts.overall;
    assert.equal(got.units, want.units);
    assert.ok(Math.abs(got.percentAgreement - want.pa) < 1e-12, `percent ${got.percentAgreement} vs ${want.pa}`);
    assert.ok(Math.abs(got.alpha - want.alpha) < 1e-12, `alpha ${got.alpha} vs ${want.alpha}`);
    assert.ok(Math.abs(got.ac1 - want.ac1) < 1e-12, `AC1 ${got.ac1} vs ${want.ac1}`);
    // With two reviewers a disagreement has no majority: no consensus until adjudicated.
    assert.equal(team.verdictAt(disagree[0]).refusal, 'no majority');

    // Alice adjudicates the first disagreement against her own verdict.
    const settled = disagree[0];
    const ruling = aliceVerdict(settled) === 'accepted' ? 'rejected' : 'accepted';
    await alice.adjudicate(settled, ruling, alice.idAt(settled));
    const after = alice.refreshTeam();
    assert.deepEqual(after.verdictAt(settled), { verdict: ruling, rule: 'adjudicated' });
    assert.ok(after.flagsAt(settled).includes('adjudicated'));
    assert.ok(after.flagsAt(settled).includes('conflict'), 'an adjudicated conflict stays visible');
    const summary = after.summary();
    assert.equal(summary.openConflicts, summary.conflicts - 1);

    // Export writes the team's verdicts: unanimous and majority ones, the adjudicated one, never
    // a sample without consensus.
    const view = teamExportView(alice, after);
    const plan = await planExport(view, { query: { verdicts: ['accepted'] } });
    const expectedAccepted = Array.from({ length: SAMPLES }, (_, i) => i).filter((i) => {
      if (i === settled) return ruling === 'accepted';
      const votes = [a.get(i), b.get(i)].filter((v) => v !== undefined);
      return votes.length > 0 && votes.every((v) => v === 'accepted');
    });
    assert.deepEqual([...plan.indices], expectedAccepted);
    const out = path.join(root, 'export');
    const result = await writeExport(view, plan, {
      format: 'openai-chat', destination: out, licenceIssues: 'include', tool: TOOL, team: teamExportRecord(after, plan.indices),
    });
    const manifest = JSON.parse(fs.readFileSync(result.manifestPath, 'utf8')) as ExportManifest;
    assert.deepEqual(manifest.team?.reviewers, [ALICE, BORIS].sort());
    assert.equal(manifest.team?.noConsensus['no majority'], disagree.length - 1);
    assert.equal(manifest.counts.exported, expectedAccepted.length);
    const entries = fs.readFileSync(path.join(out, 'manifest.samples.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SampleEntry);
    const byLine = new Map(entries.map((e) => [e.line - 1, e]));
    if (ruling === 'accepted') assert.deepEqual([byLine.get(settled)?.decidedBy, byLine.get(settled)?.rule], [[ALICE], 'adjudicated']);
    const both = expectedAccepted.find((i) => a.has(i) && b.has(i) && i !== settled);
    assert.ok(both !== undefined);
    assert.deepEqual([byLine.get(both)?.decidedBy, byLine.get(both)?.rule], [[ALICE, BORIS].sort(), 'unanimous']);
    const card = fs.readFileSync(path.join(out, 'README.md'), 'utf8');
    assert.match(card, /### Team review/);
    assert.match(card, new RegExp(`Reviewers: ${[ALICE, BORIS].sort().join(', ')}`));
  });
});
