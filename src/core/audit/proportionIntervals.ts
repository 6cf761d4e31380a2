// Confidence intervals for a proportion: k defects in n audited samples.
//
// Wilson (the default) is the score interval: close to its nominal coverage from small n on and
// never outside [0, 1], unlike the textbook p ± z·√(p(1−p)/n), which is zero-width at 0 defects.
// Clopper–Pearson is the exact interval, read from the binomial tail (the beta quantiles): it
// never covers less than its level, at the price of being wider. Both are exact in form at 0
// defects: the lower bound is 0 and the upper bound is the interval's own (Clopper–Pearson's is
// 1 − (α/2)^(1/n) two-sided, 1 − α^(1/n) one-sided); the "rule of three", 3/n, is only the
// approximation of the one-sided 95% bound, carried beside it for the reader who knows it.
//
// k may be fractional: the audit size planner asks for the interval at an expected count, and the
// stratified estimate passes an effective count (see auditEstimate.ts). Both functions of k are
// smooth in it, so this is the same formula, not an extension of it.
import { inverseRegularizedIncompleteBeta } from './incompleteBeta';
import { normalQuantile } from './normalQuantile';

export type IntervalMethod = 'wilson' | 'clopper-pearson';

/**
 * 'two-sided': [lower, upper] holds the rate with probability `level`.
 * 'upper': a one-sided bound (lower is 0): the rate is ≤ upper with probability `level`.
 */
export type IntervalSides = 'two-sided' | 'upper';

export interface IntervalOptions {
  readonly method?: IntervalMethod;
  /** Confidence level in (0, 1); default 0.95. */
  readonly level?: number;
  readonly sides?: IntervalSides;
}

export interface ProportionInterval {
  readonly k: number;
  readonly n: number;
  /** k / n; NaN when n is 0. */
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly method: IntervalMethod;
  readonly level: number;
  readonly sides: IntervalSides;
  /** At 0 defects, 3/n: the usual approximation of the one-sided 95% upper bound (not the bound used). */
  readonly ruleOfThree?: number;
}

export const DEFAULT_LEVEL = 0.95;

/** The interval for k of n; n = 0 gives [0, 1] (nothing is known). */
export function proportionInterval(k: number, n: number, options: IntervalOptions = {}): ProportionInterval {
  const method = options.method ?? 'wilson';
  const level = options.level ?? DEFAULT_LEVEL;
  const sides = options.sides ?? 'two-sided';
  if (!(n >= 0) || !(k >= 0) || k > n) throw new RangeError(`an interval needs 0 ≤ k ≤ n (k ${k}, n ${n})`);
  if (!(level > 0 && level < 1)) throw new RangeError(`the level must be in (0, 1), not ${level}`);
  const base = { k, n, method, level, sides, ...(k === 0 && n > 0 ? { ruleOfThree: 3 / n } : {}) };
  if (n === 0) return { ...base, estimate: NaN, lower: 0, upper: 1 };
  // Each side's tail: α/2 for a two-sided interval, α for a one-sided bound.
  const tail = sides === 'two-sided' ? (1 - level) / 2 : 1 - level;
  const [lower, upper] = method === 'wilson' ? wilson(k, n, tail) : clopperPearson(k, n, tail);
  return { ...base, estimate: k / n, lower: sides === 'upper' ? 0 : lower, upper };
}

/** (upper − lower) / 2: the "±" of an interval. */
export function halfWidth(interval: Pick<ProportionInterval, 'lower' | 'upper'>): number {
  return (interval.upper - interval.lower) / 2;
}

function wilson(k: number, n: number, tail: number): [number, number] {
  const z = normalQuantile(1 - tail);
  const p = k / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const spread = (z / (1 + z2n)) * Math.sqrt(p * (1 - p) / n + z2n / (4 * n));
  // At k = 0 (k = n) the bound is 0 (1) exactly; the subtraction would leave a rounding error.
  return [k === 0 ? 0 : Math.max(0, centre - spread), k === n ? 1 : Math.min(1, centre + spread)];
}

function clopperPearson(k: number, n: number, tail: number): [number, number] {
  const lower = k === 0 ? 0 : inverseRegularizedIncompleteBeta(tail, k, n - k + 1);
  const upper = k === n ? 1 : inverseRegularizedIncompleteBeta(1 - tail, k + 1, n - k);
  return [lower, upper];
}
