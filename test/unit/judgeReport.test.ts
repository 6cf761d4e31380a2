// The judge calibration report on a real store (temp files, the real index and journal): which
// samples it rests on, the AUC and thresholds against values counted here independently, the
// chosen threshold or why there is none, the defect label, and the judge scan's pacing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CurationStore } from '../../src/core/store/curationStore';
import { judgeCalibrationReport, type JudgeReportOptions } from '../../src/core/store/judgeReport';
import { scanJudgeScores } from '../../src/core/query/judgeScoreScan';
import { DEFAULT_JUDGE_SCORE_FIELDS } from '../../src/core/formats/judgeScores';
import { makeTempDir, removeDir } from './fixtureFiles';

const SCORED = 60;
const DECIDED = 50;
const scoreOf = (i: number) => i % 10;

/** UltraFeedback-binarized-shaped records (score_chosen), then three without a score and one whose score is a word. */
function lines(): string[] {
  const pair = (i: number) => ({
    prompt: `question ${i}`, prompt_id: `p${i}`,
    chosen: [{ role: 'user', content: `question ${i}` }, { role: 'assistant', content: `answer ${i}` }],
    rejected: [{ role: 'user', content: `question ${i}` }, { role: 'assistant', content: `worse ${i}` }],
    messages: [{ role: 'user', content: `question ${i}` }, { role: 'assistant', content: `answer ${i}` }],
    score_chosen: scoreOf(i), score_rejected: 1,
  });
  const plain = (i: number, extra: object = {}) => ({ messages: [{ role: 'user', content: `plain ${i}` }, { role: 'assistant', content: 'ok' }], ...extra });
  return [...Array.from({ length: SCORED }, (_, i) => JSON.stringify(pair(i))), ...[0, 1, 2].map((i) => JSON.stringify(plain(i))), JSON.stringify(plain(3, { score: 'high' }))];
}

suite('judge calibration report', () => {
  let dir: string;
  let store: CurationStore;
  const options = (o: Partial<JudgeReportOptions> = {}): JudgeReportOptions => ({
    indices: Array.from({ length: store.size }, (_, i) => i), filter: 'all samples', judgeFields: DEFAULT_JUDGE_SCORE_FIELDS,
    targetRate: 0.2, now: new Date('2026-12-06T12:00:00Z'), ...o,
  });

  setup(async () => {
    dir = makeTempDir('judge-report');
    fs.writeFileSync(path.join(dir, 'uf.jsonl'), `${lines().join('\n')}\n`);
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    // Scores below 3 are defects to the reviewer; one decided sample (61) has no score.
    for (let i = 0; i < DECIDED; i++) await store.decide(i, scoreOf(i) < 3 ? 'rejected' : 'accepted');
    await store.decide(61, 'rejected');
  });

  teardown(async () => {
    await store.close();
    removeDir(dir);
  });

  test('what it rests on, the caveat, the AUC and the chosen threshold with what it keeps', async () => {
    const report = await judgeCalibrationReport(store, options());
    assert.match(report, /^# Judge calibration — judge-report-/);
    assert.match(report, /64 samples in the filter: 60 with a judge score \(`score_chosen` 60\), 1 whose judge field is not a number, 3 without one\./);
    assert.match(report, /uf\.jsonl:64 — score holds the string "high", not a number/);
    assert.match(report, /50 decided samples \(accepted or rejected by ana\) with a score: 15 are defects \(30\.0%\)\. 1 decided sample without a score is left out\./);
    assert.match(report, /\*\*Not a random sample\.\*\*/);
    // The reviewer rejected exactly the scores below 3: every fine sample outscores every defect.
    assert.match(report, /AUC 1\.000:/);
    const keptAt3 = Array.from({ length: SCORED }, (_, i) => scoreOf(i)).filter((s) => s >= 3).length;
    assert.equal(keptAt3, 42);
    // At t = 3: 35 decided, none a defect; Wilson's upper bound for 0 of 35 is z²/(35 + z²) = 0.0989.
    assert.match(report, /\| 3 ◀ \| 42 \(65\.6%\) \| 35 \| 0\.0% \[0\.0%, 9\.9%\] \| 15 \| 100\.0% \[79\.6%, 100\.0%\] \| 100\.0% \|/);
    assert.match(report, /\*\*Keep where judge ≥ 3\*\*: it keeps 42 of the filter's 64 samples \(65\.6%\); of the decided samples at or above it, 0 of 35 are defects/);
    assert.equal(report.match(/◀/g)?.length, 1, 'one chosen threshold');
    // One row per distinct decided score, 0 to 9.
    assert.equal(report.split('\n').filter((l) => /^\| \d/.test(l)).length, 10);
  });

  test('no threshold under a target the decisions cannot show: the lowest upper bound is named', async () => {
    const report = await judgeCalibrationReport(store, options({ targetRate: 0.05 }));
    assert.doesNotMatch(report, /◀/);
    assert.match(report, /No threshold keeps the upper bound of the decided samples' defect rate under 5\.0%: the lowest is 9\.9%, at judge ≥ 3 \(35 decided samples at or above it\)/);
  });

  test('the defect label (the audit\'s setting) counts labelled samples as defects besides the rejected ones', async () => {
    await store.setLabel([5, 15], 'hallucination', true);
    const report = await judgeCalibrationReport(store, options({ defectLabel: 'hallucination' }));
    assert.match(report, /defect: rejected or labelled "hallucination" ·/);
    // The 15 rejected (scores 0–2) and the 2 accepted but labelled (scores 5).
    assert.match(report, /50 decided samples \(accepted or rejected by ana\) with a score: 17 are defects \(34\.0%\)/);
    // At t = 6: 20 decided above (no defect), 30 below (17 defects; Wilson 17 of 30 = [39.2%, 72.6%]);
    // the threshold agrees with the reviewer on the 20 it keeps and the 17 defects it drops: 37 of 50.
    assert.match(report, /\| 6 \| 24 \(37\.5%\) \| 20 \| 0\.0% \[0\.0%, 16\.1%\] \| 30 \| 56\.7% \[39\.2%, 72\.6%\] \| 74\.0% \|/);
  });

  test('a slice decision\'s verdicts are not the reviewer\'s judgement: they calibrate nothing', async () => {
    const before = await judgeCalibrationReport(store, options({}));
    assert.match(before, /50 decided samples \(accepted or rejected by ana\) with a score/);
    const rest = Array.from({ length: 10 }, (_, k) => 50 + k);
    assert.equal((await store.decideSliceRest(rest, 'rejected', {
      slice: { name: 'rest', query: 'verdict:pending' },
      audit: { seed: 7, drawn: ['00000000000000a1'], n: 1, k: 0, defect: 'rejected' },
      estimate: { rate: 0, lower: 0, upper: 0.79, method: 'wilson', level: 0.95 },
      rule: { kind: 'reject-if-upper-above', rate: 0.05, text: 'reject if the upper bound of the 95% interval > 5%, else accept' },
    })).length, 10);
    const after = await judgeCalibrationReport(store, options({}));
    assert.match(after, /50 decided samples \(accepted or rejected by ana\) with a score/);
  });

  test('only the filter\'s samples count, and none decided says what to do', async () => {
    const report = await judgeCalibrationReport(store, options({ indices: [50, 51, 52, 62], filter: 'verdict:pending' }));
    assert.match(report, /filter: verdict:pending/);
    assert.match(report, /4 samples in the filter: 3 with a judge score \(`score_chosen` 3\), 0 whose judge field is not a number, 1 without one\./);
    assert.match(report, /No decided sample of this filter has a judge score: decide some/);
    assert.doesNotMatch(report, /## Thresholds/);
  });

  test('a judge with a score per sample: the table is thinned to 30 evenly spaced rows, the chosen one kept', async () => {
    const many = makeTempDir('judge-report-many');
    const n = 200;
    // Continuous rewards; the reviewer rejects below 0.3 and three scattered ones above.
    const reward = (i: number) => Number((i / n).toFixed(3));
    const rejected = (i: number) => reward(i) < 0.3 || [100, 140, 180].includes(i);
    fs.writeFileSync(path.join(many, 'rm.jsonl'), `${Array.from({ length: n }, (_, i) => JSON.stringify({ messages: [{ role: 'user', content: `q${i}` }, { role: 'assistant', content: 'a' }], reward: reward(i) })).join('\n')}\n`);
    const other = await CurationStore.open(many, { reviewer: 'bo' });
    try {
      for (let i = 0; i < n; i++) await other.decide(i, rejected(i) ? 'rejected' : 'accepted');
      const report = await judgeCalibrationReport(other, { ...options(), indices: Array.from({ length: n }, (_, i) => i), targetRate: 0.1 });
      assert.match(report, /200 thresholds \(one per decided score\); 31 shown, evenly spaced, with the chosen one\./);
      const rows = report.split('\n').filter((l) => /^\| \d/.test(l));
      assert.equal(rows.length, 31);
      assert.equal(rows.filter((l) => l.includes('◀')).length, 1);
      assert.match(rows[0], /^\| 0 \| 200 \(100\.0%\)/);
      assert.match(rows[30], /^\| 0\.995 \| 1 \(0\.5%\)/);
    } finally {
      await other.close();
      removeDir(many);
    }
  });

  test('the scan reports progress per chunk and stops when cancelled', async () => {
    const all = Array.from({ length: store.size }, (_, i) => i);
    const done: number[] = [];
    const scan = await scanJudgeScores(store, all, { chunk: 20, onProgress: (p) => done.push(p.done) });
    assert.deepEqual(done, [20, 40, 60, 64]);
    assert.equal(scan.scores[7], 7);
    assert.ok(Number.isNaN(scan.scores[60]) && Number.isNaN(scan.scores[63]));
    assert.equal(scan.problems, 1);
    const abort = new AbortController();
    await assert.rejects(scanJudgeScores(store, all, { chunk: 20, signal: abort.signal, onProgress: (p) => p.done === 40 && abort.abort() }), { name: 'AbortError' });
  });
});
