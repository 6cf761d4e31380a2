// How many more decisions an audit needs before its interval is as narrow as asked (e.g. ±2
// points): the least total N whose interval, at the rate seen so far, has a half-width at or below
// the target, found by searching N with the very interval the panel shows, so the promise and the
// figure agree. The count at N is the expected one, rate · N (fractional; the interval is smooth
// in it), so the half-width falls steadily with N and a bisection over N finds the least.
// Before any decision the rate is the prior (0.5 by default: the widest interval there is, so the
// first figure never promises too little); after, it is k / n, which at 0 defects is 0 and gives
// the number that keeps the upper bound within twice the target.
import { halfWidth, proportionInterval, type IntervalOptions } from './proportionIntervals';

export interface AuditSizeOptions extends IntervalOptions {
  /** The rate assumed before any decision (default 0.5). */
  readonly priorRate?: number;
}

export interface AuditSize {
  /** The total number of decisions the target needs. */
  readonly total: number;
  /** total − n: how many more (0 when the interval is already narrow enough). */
  readonly more: number;
  /** The rate the figure assumes (k / n, or the prior). */
  readonly assumedRate: number;
}

const MAX_TOTAL = 2 ** 31;

/** Decisions needed for a half-width ≤ `target` (a proportion: 0.02 is ±2 points), from k defects of n. */
export function decisionsForHalfWidth(k: number, n: number, target: number, options: AuditSizeOptions = {}): AuditSize {
  if (!(target > 0 && target < 1)) throw new RangeError(`the target half-width must be in (0, 1), not ${target}`);
  const rate = n > 0 ? k / n : (options.priorRate ?? 0.5);
  const narrowEnough = (total: number) => halfWidth(proportionInterval(rate * total, total, options)) <= target;
  const done = (total: number): AuditSize => ({ total, more: Math.max(0, total - n), assumedRate: rate });
  if (n > 0 && narrowEnough(n)) return done(n);
  // n decisions are not enough (none at all never is); the answer lies above.
  let low = n;
  let high = Math.max(1, 2 * n);
  while (!narrowEnough(high)) {
    low = high;
    high *= 2;
    if (high > MAX_TOTAL) return done(Infinity);
  }
  // The least total that is narrow enough lies in (low, high].
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (narrowEnough(mid)) high = mid;
    else low = mid;
  }
  return done(high);
}
