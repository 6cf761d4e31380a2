// The defect rate of a slice, estimated from the audited samples of its draw, with its interval.
//
// One stratum: k defects of n decided, and the interval of k of n (Wilson or Clopper–Pearson).
// Several strata: the stratified estimate p̂ = Σ W_h p̂_h (W_h = N_h / N, the stratum's share of the
// slice) with the variance v = Σ W_h² p̂_h (1 − p̂_h) / n_h, and the chosen interval taken on the
// effective sample size n* = p̂ (1 − p̂) / v at the effective count p̂ · n* (Korn & Graubard 1998,
// Survey Methodology 24(2); Dean & Pagano 2015 find Wilson this way close to nominal). Not the
// normal interval p̂ ± z√v: an audit's usual case is few or no defects, where that interval has
// zero width and covers far less than it claims; Wilson and Clopper–Pearson on n* keep their
// behaviour near 0. n* is capped at the decided count n (and is n when v is 0, e.g. no defect at
// all): a proportional draw gains a little over a simple one, but a variance estimated from a few
// samples per stratum is not to be trusted to narrow the interval below what n samples give.
// No finite-population correction: an audit is a small share of a slice, and leaving it out errs
// wide.
// Strata the draw has not reached yet (too small for a sample so far) are left out and the weights
// renormalised over the rest; `coveredShare` says how much of the slice the estimate speaks for.
import type { AuditDraw } from './auditDraw';
import { proportionInterval, type IntervalOptions, type ProportionInterval } from './proportionIntervals';

/** An audited sample's answer: true a defect, false fine, undefined not decided yet. */
export type IsDefect = (storeIndex: number) => boolean | undefined;

export interface DefectEstimate {
  /** Drawn samples decided so far. */
  readonly audited: number;
  readonly defects: number;
  /** Drawn samples not decided yet. */
  readonly pending: number;
  /** The (stratified) defect rate; NaN with nothing decided. */
  readonly rate: number;
  /** The interval the rate is read with (on the effective n when stratified). */
  readonly interval: ProportionInterval;
  /** The sample size the interval rests on: `audited`, or less when strata differ. */
  readonly effectiveN: number;
  /** The share of the slice in strata with at least one decided sample (1 with one stratum). */
  readonly coveredShare: number;
  /** Strata with decided samples. */
  readonly strataAudited: number;
}

/** The estimate from the decided samples of `draw`; `isDefect` says which are defects (a rejection, a label). */
export function estimateDefectRate(draw: AuditDraw, isDefect: IsDefect, options: IntervalOptions = {}): DefectEstimate {
  const strataCount = draw.strataSizes.length;
  const decided = new Float64Array(strataCount);
  const defective = new Float64Array(strataCount);
  let pending = 0;
  for (let i = 0; i < draw.indices.length; i++) {
    const answer = isDefect(draw.indices[i]);
    if (answer === undefined) {
      pending++;
      continue;
    }
    decided[draw.strata[i]]++;
    if (answer) defective[draw.strata[i]]++;
  }
  return { ...stratifiedEstimate(decided, defective, draw.strataSizes, options), pending };
}

/**
 * The estimate from per-stratum counts: decided[h] of stratum h audited, defective[h] of them
 * defects, sizes[h] = N_h. What `estimateDefectRate` computes once it has counted the draw; apart,
 * so the audit benchmark can sum the exact coverage over every outcome of the counts.
 */
export function stratifiedEstimate(decided: ArrayLike<number>, defective: ArrayLike<number>, sizes: readonly number[], options: IntervalOptions = {}): Omit<DefectEstimate, 'pending'> {
  const strataCount = sizes.length;
  let audited = 0;
  let defects = 0;
  let coveredSize = 0;
  let sliceSize = 0;
  let strataAudited = 0;
  for (let h = 0; h < strataCount; h++) {
    audited += decided[h];
    defects += defective[h];
    sliceSize += sizes[h];
    if (decided[h] > 0) {
      coveredSize += sizes[h];
      strataAudited++;
    }
  }
  const base = { audited, defects, strataAudited, coveredShare: sliceSize > 0 ? coveredSize / sliceSize : 0 };
  if (strataAudited <= 1) {
    return { ...base, rate: audited > 0 ? defects / audited : NaN, interval: proportionInterval(defects, audited, options), effectiveN: audited };
  }
  let rate = 0;
  let variance = 0;
  for (let h = 0; h < strataCount; h++) {
    if (decided[h] === 0) continue;
    const w = sizes[h] / coveredSize;
    const p = defective[h] / decided[h];
    rate += w * p;
    variance += (w * w * p * (1 - p)) / decided[h];
  }
  rate = Math.min(1, Math.max(0, rate));
  const effectiveN = variance > 0 ? Math.min(audited, (rate * (1 - rate)) / variance) : audited;
  const interval = proportionInterval(Math.min(effectiveN, rate * effectiveN), effectiveN, options);
  return { ...base, rate, interval, effectiveN };
}
