// The defect-rate estimate of a draw (plain and stratified, against figures computed by hand and
// with SciPy), the slice decision rule, and the audit size planner (against a brute-force search
// over N with SciPy's intervals: the least N whose half-width is within the target).
import * as assert from 'node:assert/strict';
import type { AuditDraw } from '../../src/core/audit/auditDraw';
import { estimateDefectRate, type DefectEstimate } from '../../src/core/audit/auditEstimate';
import { decisionsForHalfWidth } from '../../src/core/audit/auditSize';
import { proportionInterval } from '../../src/core/audit/proportionIntervals';
import { applySliceRule, percentText, sliceRuleText } from '../../src/core/audit/sliceDecisionRule';

const near = (actual: number, expected: number, tolerance: number, what = '') =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what} ${actual} is not ${expected} ± ${tolerance}`);

/** A draw of `perStratum[h]` samples from stratum h (store indices numbered in draw order). */
function drawOf(strataSizes: number[], perStratum: number[]): AuditDraw {
  const strata = perStratum.flatMap((m, h) => Array<number>(m).fill(h));
  return { seed: 0, indices: Uint32Array.from(strata, (_, i) => i), strata: Uint32Array.from(strata), strataSizes };
}

/** Answers from a list: 'd' a defect, 'f' fine, '-' undecided. */
const answers = (codes: string) => (i: number) => (codes[i] === '-' ? undefined : codes[i] === 'd');

suite('auditEstimate', () => {
  test('one stratum: k of the decided n, pending samples left out, the interval of k of n', () => {
    const codes = 'ddd' + 'f'.repeat(97) + '-'.repeat(20);
    const e = estimateDefectRate(drawOf([100_000], [120]), answers(codes));
    assert.deepEqual([e.audited, e.defects, e.pending, e.effectiveN, e.coveredShare], [100, 3, 20, 100, 1]);
    assert.equal(e.rate, 0.03);
    assert.deepEqual(e.interval, proportionInterval(3, 100));
    const cp = estimateDefectRate(drawOf([100_000], [120]), answers(codes), { method: 'clopper-pearson' });
    assert.equal(cp.interval.method, 'clopper-pearson');
  });

  test('stratified: weighted by stratum size, interval on the effective n (by hand: p 0.038, n* 109.6; Wilson from SciPy)', () => {
    // Stratum 0 (9,000 samples): 1 defect of 50; stratum 1 (1,000 samples, over-sampled): 20 of 100.
    const codes = 'd' + 'f'.repeat(49) + 'd'.repeat(20) + 'f'.repeat(80);
    const e = estimateDefectRate(drawOf([9000, 1000], [50, 100]), answers(codes));
    near(e.rate, 0.9 * 0.02 + 0.1 * 0.2, 1e-15);
    near(e.effectiveN, 109.60662029263614, 1e-9); // 0.038 · 0.962 / (0.81 · 0.02 · 0.98 / 50 + 0.01 · 0.2 · 0.8 / 100)
    near(e.interval.lower, 0.015139889530605452, 1e-9);
    near(e.interval.upper, 0.09214762082711113, 1e-9);
    assert.equal(e.defects, 21);
    assert.equal(e.strataAudited, 2);
    // The plain pooled rate (21 of 150 = 14%) would be wrong: the small stratum was over-sampled.
    assert.ok(Math.abs(e.rate - 21 / 150) > 0.1);
  });

  test('stratified with no defect at all: the interval of 0 of n (the variance is 0, so n* is n)', () => {
    const e = estimateDefectRate(drawOf([5000, 5000, 100], [30, 30, 5]), () => false);
    assert.equal(e.rate, 0);
    assert.equal(e.effectiveN, 65);
    assert.deepEqual([e.interval.lower, e.interval.upper], [proportionInterval(0, 65).lower, proportionInterval(0, 65).upper]);
  });

  test('n* never exceeds the decided count: strata that differ would read as 112.5 samples of 100', () => {
    // Stratum 0: no defect of 50; stratum 1: 10 of 50. v = 0.25 · 0.2 · 0.8 / 50 = 0.0008, and
    // p̂ (1 − p̂) / v = 0.09 / 0.0008 = 112.5: more than was audited, which a variance read from 50
    // samples a stratum does not earn.
    const codes = 'f'.repeat(50) + 'd'.repeat(10) + 'f'.repeat(40);
    const e = estimateDefectRate(drawOf([5000, 5000], [50, 50]), answers(codes));
    near(e.rate, 0.1, 1e-15);
    assert.equal(e.effectiveN, 100);
    near(e.interval.upper, proportionInterval(10, 100).upper, 1e-12);
  });

  test('a stratum with no decided sample is left out, and the covered share says so', () => {
    const codes = 'dffff' + '-----';
    const e = estimateDefectRate(drawOf([6000, 4000], [5, 5]), answers(codes));
    assert.equal(e.coveredShare, 0.6);
    assert.equal(e.rate, 0.2);
    assert.equal(e.strataAudited, 1);
    assert.equal(e.pending, 5);
  });

  test('nothing decided: rate NaN, interval [0, 1]', () => {
    const e = estimateDefectRate(drawOf([10], [3]), () => undefined);
    assert.ok(Number.isNaN(e.rate));
    assert.deepEqual([e.interval.lower, e.interval.upper, e.audited, e.pending], [0, 1, 0, 3]);
  });
});

suite('sliceDecisionRule', () => {
  const estimate = (k: number, n: number): DefectEstimate => estimateDefectRate(drawOf([1_000_000], [n]), (i) => i < k);

  test('reads as a sentence with the level', () => {
    assert.equal(sliceRuleText({ kind: 'reject-if-upper-above', rate: 0.05 }), 'reject if the upper bound of the 95% interval > 5%, else accept');
    assert.equal(sliceRuleText({ kind: 'reject-if-lower-above', rate: 0.005 }, 0.9), 'reject if the lower bound of the 90% interval > 0.5%, else accept');
    assert.equal(sliceRuleText({ kind: 'decide-when-clear', rate: 0.02 }), 'accept if the upper bound of the 95% interval ≤ 2%, reject if its lower bound > 2%, else audit more');
    assert.equal(percentText(0.0235), '2.35%');
  });

  test('"reject if upper > 5%": 0 of 100 (upper 3.7%) is accepted, 2 of 100 (upper 7.0%) rejected', () => {
    const rule = { kind: 'reject-if-upper-above', rate: 0.05 } as const;
    assert.deepEqual(applySliceRule(rule, estimate(0, 100)), { outcome: 'accept', because: 'upper bound 3.7% ≤ 5%' });
    assert.deepEqual(applySliceRule(rule, estimate(2, 100)), { outcome: 'reject', because: 'upper bound 7% > 5%' });
  });

  test('"reject if lower > 5%" gives the slice the benefit of the doubt; "decide when clear" asks for more in between', () => {
    const lenient = { kind: 'reject-if-lower-above', rate: 0.05 } as const;
    const clear = { kind: 'decide-when-clear', rate: 0.05 } as const;
    assert.equal(applySliceRule(lenient, estimate(8, 100)).outcome, 'accept'); // [4.1%, 15.0%]
    assert.equal(applySliceRule(lenient, estimate(12, 100)).outcome, 'reject'); // lower 7.0%
    assert.equal(applySliceRule(clear, estimate(8, 100)).outcome, 'audit more');
    assert.equal(applySliceRule(clear, estimate(0, 100)).outcome, 'accept');
    assert.equal(applySliceRule(clear, estimate(12, 100)).outcome, 'reject');
    assert.equal(applySliceRule(clear, estimate(0, 0)).outcome, 'audit more');
    assert.equal(applySliceRule(lenient, estimate(0, 0)).outcome, 'audit more', 'no audit, no decision');
  });
});

suite('auditSize', () => {
  // Brute force with SciPy: the least N with (upper − lower) / 2 ≤ 0.02 at k = p · N.
  test('Wilson at ±2 points: 2,398 decisions at the 0.5 prior, 223 at 2%, 868 at 10%, 93 at 0%', () => {
    assert.deepEqual(decisionsForHalfWidth(0, 0, 0.02), { total: 2398, more: 2398, assumedRate: 0.5 });
    assert.equal(decisionsForHalfWidth(2, 100, 0.02).total, 223);
    assert.equal(decisionsForHalfWidth(2, 100, 0.02).more, 123);
    assert.equal(decisionsForHalfWidth(10, 100, 0.02).total, 868);
    assert.equal(decisionsForHalfWidth(0, 50, 0.02).total, 93);
  });

  test('Clopper–Pearson asks for more: 245 at 2%, 2,065 at 30%', () => {
    assert.equal(decisionsForHalfWidth(2, 100, 0.02, { method: 'clopper-pearson' }).total, 245);
    assert.equal(decisionsForHalfWidth(30, 100, 0.02, { method: 'clopper-pearson' }).total, 2065);
  });

  test('an audit already narrow enough needs none more; a prior can be set', () => {
    assert.deepEqual(decisionsForHalfWidth(0, 500, 0.02), { total: 500, more: 0, assumedRate: 0 });
    assert.equal(decisionsForHalfWidth(0, 0, 0.02, { priorRate: 0.02 }).total, 223);
    assert.throws(() => decisionsForHalfWidth(0, 0, 0), RangeError);
  });
});
