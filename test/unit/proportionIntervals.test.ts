// Proportion intervals against independent values: the Clopper–Pearson 7 of 50 =
// [0.0582, 0.2674] and Wilson 0 of 300 upper ≈ 0.0126; the rest computed with SciPy 1.17
// (scipy.stats.beta.ppf for Clopper–Pearson, scipy.stats.norm.ppf for Wilson's z and the normal
// quantiles, scipy.special.betainc for the incomplete beta), none of it with this code.
import * as assert from 'node:assert/strict';
import { inverseRegularizedIncompleteBeta, lnGamma, regularizedIncompleteBeta } from '../../src/core/audit/incompleteBeta';
import { normalQuantile, zForLevel } from '../../src/core/audit/normalQuantile';
import { halfWidth, proportionInterval } from '../../src/core/audit/proportionIntervals';

const near = (actual: number, expected: number, tolerance: number, what = '') =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what} ${actual} is not ${expected} ± ${tolerance}`);

suite('proportionIntervals', () => {
  test("the issue's figures: Clopper–Pearson 7 of 50 = [0.0582, 0.2674], Wilson 0 of 300 upper ≈ 0.0126", () => {
    const cp = proportionInterval(7, 50, { method: 'clopper-pearson' });
    near(cp.lower, 0.0582, 5e-5);
    near(cp.upper, 0.2674, 5e-5);
    const w = proportionInterval(0, 300);
    assert.equal(w.method, 'wilson');
    assert.equal(w.lower, 0);
    near(w.upper, 0.0126, 5e-5);
    assert.equal(w.estimate, 0);
  });

  // [k, n, CP lower, CP upper, Wilson lower, Wilson upper] at 95%, from SciPy.
  const SCIPY: readonly (readonly number[])[] = [
    [7, 50, 0.05819170034037209, 0.2673960024970084, 0.06950833427016294, 0.2618619371058554],
    [0, 300, 0, 0.01222097469429355, 0, 0.012642971224546034],
    [0, 20, 0, 0.1684334709830853, 0, 0.16112515805281938],
    [3, 1000, 0.0006190999316495713, 0.008742023238478303, 0.0010207838811386186, 0.008783014053503173],
    [50, 100, 0.39832112950330095, 0.601678870496699, 0.4038315303659956, 0.5961684696340044],
    [1, 7, 0.0036102968619005833, 0.5787231970431952, 0.02567962434474355, 0.5131278292743189],
    [299, 300, 0.9815687479519322, 0.9999156108676822, 0.9813633063054688, 0.9994113422781488],
    [20, 400, 0.030805241143265938, 0.07616697275514255, 0.03259742983714726, 0.07596363506371961],
  ];
  for (const [k, n, cpLo, cpHi, wLo, wHi] of SCIPY) {
    test(`${k} of ${n} matches SciPy to 1e-9 (Clopper–Pearson and Wilson)`, () => {
      const cp = proportionInterval(k, n, { method: 'clopper-pearson' });
      near(cp.lower, cpLo, 1e-9, 'CP lower');
      near(cp.upper, cpHi, 1e-9, 'CP upper');
      const w = proportionInterval(k, n);
      near(w.lower, wLo, 1e-9, 'Wilson lower');
      near(w.upper, wHi, 1e-9, 'Wilson upper');
    });
  }

  test('another level: 7 of 50 at 90% (SciPy)', () => {
    const cp = proportionInterval(7, 50, { method: 'clopper-pearson', level: 0.9 });
    near(cp.lower, 0.06759669900355719, 1e-9);
    near(cp.upper, 0.2469352017312092, 1e-9);
    const w = proportionInterval(7, 50, { level: 0.9 });
    near(w.lower, 0.07772089782062996, 1e-9);
    near(w.upper, 0.23923899594548453, 1e-9);
  });

  test('0 defects: the exact bounds, and the rule of three beside them as the approximation it is', () => {
    const two = proportionInterval(0, 300, { method: 'clopper-pearson' });
    near(two.upper, 1 - 0.025 ** (1 / 300), 1e-12);
    const one = proportionInterval(0, 300, { method: 'clopper-pearson', sides: 'upper' });
    near(one.upper, 0.00993608194445772, 1e-12); // 1 − 0.05^(1/300), SciPy
    assert.equal(one.ruleOfThree, 0.01);
    assert.equal(proportionInterval(1, 300).ruleOfThree, undefined);
    assert.equal(one.lower, 0);
  });

  test('a one-sided bound is tighter than the two-sided upper bound at the same level', () => {
    const two = proportionInterval(5, 200, { sides: 'two-sided' });
    const one = proportionInterval(5, 200, { sides: 'upper' });
    assert.ok(one.upper < two.upper);
    assert.equal(one.lower, 0);
    // The one-sided 95% Wilson bound is the upper end of the two-sided 90% interval.
    near(one.upper, proportionInterval(5, 200, { level: 0.9 }).upper, 1e-15);
  });

  test('n = 0 knows nothing: [0, 1]; k outside [0, n] and a level outside (0, 1) are refused', () => {
    const none = proportionInterval(0, 0);
    assert.deepEqual([none.lower, none.upper], [0, 1]);
    assert.ok(Number.isNaN(none.estimate));
    assert.throws(() => proportionInterval(5, 4), RangeError);
    assert.throws(() => proportionInterval(-1, 4), RangeError);
    assert.throws(() => proportionInterval(1, 4, { level: 1 }), RangeError);
  });

  test('all defects: the upper bound is 1 and the interval mirrors 0 defects', () => {
    for (const method of ['wilson', 'clopper-pearson'] as const) {
      const all = proportionInterval(40, 40, { method });
      const none = proportionInterval(0, 40, { method });
      assert.equal(all.upper, 1);
      near(all.lower, 1 - none.upper, 1e-12, method);
    }
  });

  test('the half-width is half the interval', () => {
    assert.equal(halfWidth({ lower: 0.25, upper: 0.75 }), 0.25);
  });
});

suite('the numerical parts: normal quantile and incomplete beta (SciPy values)', () => {
  test('normal quantiles to 1e-8', () => {
    near(zForLevel(0.95), 1.959963984540054, 1e-8);
    near(zForLevel(0.99), 2.5758293035489004, 1e-8);
    near(normalQuantile(1e-6), -4.753424308822899, 1e-8);
    near(normalQuantile(0.01), -2.3263478740408408, 1e-8);
    near(normalQuantile(0.3), -0.5244005127080409, 1e-8);
    assert.equal(normalQuantile(0.5), 0);
    assert.equal(normalQuantile(0), -Infinity);
    assert.ok(Number.isNaN(normalQuantile(1.5)));
  });

  test('ln Γ at known points: Γ(5) = 24, Γ(½) = √π', () => {
    near(lnGamma(5), Math.log(24), 1e-13);
    near(lnGamma(0.5), 0.5 * Math.log(Math.PI), 1e-13);
    near(lnGamma(101), 363.73937555556347, 1e-9); // ln(100!), math.lgamma(101)
  });

  test('I_x(a, b) to 1e-12 (scipy.special.betainc)', () => {
    near(regularizedIncompleteBeta(0.3, 2, 5), 0.5798250000000003, 1e-12);
    near(regularizedIncompleteBeta(0.9, 0.5, 0.5), 0.7951672353008665, 1e-12);
    near(regularizedIncompleteBeta(0.01, 3, 200), 0.32876182896161066, 1e-12);
    near(regularizedIncompleteBeta(0.5, 100, 120), 0.9117960627949818, 1e-12);
    // ln B(0.7, 3000) is the difference of two logs near 6e3, so its last digits are worth ~1e-12.
    near(regularizedIncompleteBeta(1e-4, 0.7, 3000), 0.42041736976262895, 1e-11);
  });

  test('its inverse, also deep in the tail (scipy.special.betaincinv)', () => {
    near(inverseRegularizedIncompleteBeta(0.025, 2.5, 40.5), 0.010026141461289509, 1e-13);
    const tiny = inverseRegularizedIncompleteBeta(1e-8, 0.3, 900);
    near(tiny / 1.669785373501952e-30, 1, 1e-8, 'relative');
    for (const p of [0.001, 0.2, 0.5, 0.97]) near(regularizedIncompleteBeta(inverseRegularizedIncompleteBeta(p, 3, 7), 3, 7), p, 1e-13, `p ${p}`);
  });
});
