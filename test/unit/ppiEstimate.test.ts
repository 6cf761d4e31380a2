// Prediction-powered inference for a mean, against the authors' ppi_py: its own test
// (tests/test_mean.py, test_ppi_mean_pointestimate: Yhat = Y + 2 on the labelled data and 2 on
// all the unlabelled gives exactly 0 whatever Y is), and a worked example computed with numpy by
// ppi_py's formula for ppi_mean_ci (rectifier (Y − Yhat).std() / √n, imputed
// Yhat_unlabeled.std() / √N, z from scipy.stats.norm.ppf) and its classical_mean_ci.
import * as assert from 'node:assert/strict';
import { classicalMeanInterval, judgeMisses, ppiMeanInterval } from '../../src/core/audit/ppiEstimate';

const near = (actual: number, expected: number, tolerance: number, what = '') =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what} ${actual} is not ${expected} ± ${tolerance}`);

const Y = [1, 0, 0, 1, 0, 0, 0, 1, 0, 0];
const F_AUDITED = [1, 0, 1, 1, 0, 0, 0, 0, 0, 0];
const F_ALL = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0.5, 0.25];

suite('ppiEstimate', () => {
  test("ppi_py's point-estimate test: a judge off by +2 everywhere is corrected to exactly the truth, 0", () => {
    let state = 12345;
    const gaussianish = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1; // any Y will do
    const y = Array.from({ length: 100 }, gaussianish);
    const ppi = ppiMeanInterval(y, y.map((v) => v + 2), new Float64Array(10_000).fill(2));
    near(ppi.estimate, 0, 1e-12);
    near(ppi.standardError, 0, 1e-12, 'both terms have no spread');
  });

  test('the worked example at 95% and 90% (numpy, ppi_py formula): estimate 0.2159, [−0.1049, 0.5367]', () => {
    const at95 = ppiMeanInterval(Y, F_AUDITED, F_ALL);
    near(at95.estimate, 0.2159090909090909, 1e-12);
    near(at95.lower, -0.1048980478350495, 1e-8);
    near(at95.upper, 0.5367162296532313, 1e-8);
    const at90 = ppiMeanInterval(Y, F_AUDITED, F_ALL, 0.9);
    near(at90.lower, -0.053320746923390866, 1e-8);
    near(at90.upper, 0.4851389287415727, 1e-8);
  });

  test('the classical interval of the audit alone (numpy): [0.0160, 0.5840] at 95%', () => {
    const c = classicalMeanInterval(Y);
    near(c.estimate, 0.3, 1e-15);
    near(c.lower, 0.01597423491067468, 1e-8);
    near(c.upper, 0.5840257650893252, 1e-8);
    near(classicalMeanInterval(Y, 0.9).lower, 0.06163806399510083, 1e-8);
  });

  test('a good judge narrows the interval: 1,000 audited, a judge right 95% of the time on 100,000', () => {
    let s = 7;
    const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const truth = Array.from({ length: 100_000 }, () => (next() < 0.1 ? 1 : 0));
    const judge = truth.map((t) => (next() < 0.95 ? t : 1 - t));
    const audited = Array.from({ length: 1000 }, (_, i) => i * 100);
    const ppi = ppiMeanInterval(audited.map((i) => truth[i]), audited.map((i) => judge[i]), judge);
    const classical = classicalMeanInterval(audited.map((i) => truth[i]));
    assert.ok(ppi.upper - ppi.lower < 0.8 * (classical.upper - classical.lower), `${ppi.upper - ppi.lower} vs ${classical.upper - classical.lower}`);
    const rate = truth.reduce<number>((a, b) => a + b, 0) / truth.length;
    assert.ok(ppi.lower <= rate && rate <= ppi.upper);
  });

  test('judge misses: a label and a prediction a half or more apart, either way', () => {
    assert.equal(judgeMisses([1, 1, 0, 0, 0, 1], [0.9, 0.5, 0.5, 0.49, 0.1, 0.51]), 2); // 1 vs 0.5 and 0 vs 0.5
    assert.equal(judgeMisses([1, 0], [0, 1]), 2);
    assert.equal(judgeMisses([], []), 0);
  });

  test('mismatched or empty inputs are refused', () => {
    assert.throws(() => ppiMeanInterval([1], [1, 0], [1]), RangeError);
    assert.throws(() => ppiMeanInterval([], [], [1]), RangeError);
    assert.throws(() => classicalMeanInterval([]), RangeError);
  });
});
