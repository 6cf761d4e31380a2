// Judge calibration on a small audit worked by hand: the AUC by counting pairs, the rates above and
// below each threshold, the slice counts kept, and the threshold chosen under a target.
import * as assert from 'node:assert/strict';
import { calibrateJudge, type AuditedScore } from '../../src/core/audit/judgeCalibration';
import { proportionInterval } from '../../src/core/audit/proportionIntervals';

const d = (score: number): AuditedScore => ({ score, defect: true });
const f = (score: number): AuditedScore => ({ score, defect: false });
const AUDIT = [d(1), d(2), f(2), f(3), d(4), f(4), f(5), f(5), { score: NaN, defect: true }];
const SLICE = [1, 1, 2, 2, 2, 3, 3, 4, 4, 4, 5, 5, 5, 5, NaN];

suite('judgeCalibration', () => {
  const c = calibrateJudge(AUDIT, SLICE, { targetRate: 0.66 });

  test('AUC by counting pairs: a fine sample outscores a defect in 12 of 15 pairs (ties half) = 0.8', () => {
    assert.equal(c.auc, 0.8);
    assert.equal(c.audited, 8, 'the sample without a score is left out');
  });

  test('per threshold: audited defects above and below, slice samples kept, accuracy', () => {
    assert.deepEqual(c.rows.map((r) => [r.threshold, r.above.k, r.above.n, r.below.k, r.below.n, r.kept, r.accuracy]), [
      [1, 3, 8, 0, 0, 14, 5 / 8],
      [2, 2, 7, 1, 1, 12, 6 / 8],
      [3, 1, 5, 2, 3, 9, 6 / 8],
      [4, 1, 4, 2, 4, 7, 5 / 8],
      [5, 0, 2, 3, 6, 4, 5 / 8],
    ]);
    assert.deepEqual(c.rows[2].above, proportionInterval(1, 5));
  });

  test('the threshold keeping the most under the target; none when no threshold is under it', () => {
    // Wilson upper bounds above t = 1…5 (SciPy): 3/8 0.694, 2/7 0.641, 1/5 0.624, 1/4 0.699, 0/2 0.658.
    // Under 0.66 are t = 2, 3 and 5; t = 2 keeps the most of the slice.
    assert.equal(c.best?.threshold, 2);
    assert.equal(c.best?.kept, 12);
    const tighter = calibrateJudge(AUDIT, SLICE, { targetRate: 0.63 });
    assert.equal(tighter.best?.threshold, 3, 'a tighter target keeps less');
    assert.equal(tighter.best?.kept, 9);
    assert.equal(calibrateJudge(AUDIT, SLICE, { targetRate: 0.6 }).best, undefined);
  });

  test('without both defects and fine samples the AUC is NaN, not 0 or 1', () => {
    assert.ok(Number.isNaN(calibrateJudge([f(1), f(2)], [1, 2], { targetRate: 0.1 }).auc));
  });
});
