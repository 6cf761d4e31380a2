// The exact coverage of an audit's interval: not 1,000 simulated audits (whose coverage figure
// has a Monte Carlo standard error of √(0.95 · 0.05 / 1000) ≈ 0.7 points, as wide as half the
// 94–96% band), but the sum over every outcome of the draw of its probability where the interval
// holds the true rate. A stratified draw takes n_h of the N_h samples of stratum h, D_h of which
// are defects, without replacement: the defects it finds are hypergeometric, independent across
// strata. Outcomes under 1e-13 are left out (their total is bounded and reported).
import { stratifiedEstimate } from '../src/core/audit/auditEstimate';
import { lnGamma } from '../src/core/audit/incompleteBeta';
import type { IntervalMethod } from '../src/core/audit/proportionIntervals';

export interface AuditStratum {
  /** N_h: the stratum's size in the slice. */
  readonly size: number;
  /** D_h: its defects. */
  readonly defects: number;
  /** n_h: how many of it the draw takes. */
  readonly drawn: number;
}

const lnChoose = (n: number, k: number) => lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1);

/** P(k defects in the stratum's n_h), for every k with a probability worth counting. */
function hypergeometric({ size, defects, drawn }: AuditStratum): { k: number; p: number }[] {
  const out: { k: number; p: number }[] = [];
  const total = lnChoose(size, drawn);
  for (let k = Math.max(0, drawn - (size - defects)); k <= Math.min(drawn, defects); k++) {
    const p = Math.exp(lnChoose(defects, k) + lnChoose(size - defects, drawn - k) - total);
    if (p >= 1e-13) out.push({ k, p });
  }
  return out;
}

/** The probability that the interval of `method` holds `trueRate`, over every outcome of the draw. */
export function exactCoverage(strata: readonly AuditStratum[], trueRate: number, method: IntervalMethod): { coverage: number; leftOut: number } {
  const outcomes = strata.map(hypergeometric);
  const sizes = strata.map((s) => s.size);
  const decided = strata.map((s) => s.drawn);
  const defective = new Array<number>(strata.length).fill(0);
  let coverage = 0;
  let counted = 0;
  const visit = (h: number, p: number): void => {
    if (h === strata.length) {
      const { interval } = stratifiedEstimate(decided, defective, sizes, { method });
      counted += p;
      if (interval.lower <= trueRate && trueRate <= interval.upper) coverage += p;
      return;
    }
    for (const o of outcomes[h]) {
      defective[h] = o.k;
      visit(h + 1, p * o.p);
    }
  };
  visit(0, 1);
  return { coverage, leftOut: Math.max(0, 1 - counted) };
}

/**
 * The coverage nearest the level that any interval could have on a simple random draw of `drawn`
 * from `size` samples with `defects` defects. An interval that widens with the count it is given
 * holds the true rate for a run of counts a..b, so its coverage is one of the sums P(a ≤ k ≤ b):
 * when none falls in the target band, no interval of that kind can meet it there.
 */
export function nearestReachableCoverage(size: number, defects: number, drawn: number, level = 0.95): number {
  const outcomes = hypergeometric({ size, defects, drawn });
  let best = 0;
  for (let a = 0; a < outcomes.length; a++) {
    let sum = 0;
    for (let b = a; b < outcomes.length; b++) {
      sum += outcomes[b].p;
      if (Math.abs(sum - level) < Math.abs(best - level)) best = sum;
    }
  }
  return best;
}
