// A judge's scores held against the human audit: how well they agree, the human defect rate above
// and below each threshold with intervals, and the threshold that keeps the most of the slice
// while the audited defect rate at or above it stays under a target. Higher scores are taken as
// better (a judge's quality score or reward); "keep where score ≥ t".
// The threshold is chosen on the same audit whose interval it is judged by, so its upper bound is
// a little optimistic (the best of many looks); a follow-up audit of the kept samples, drawn
// afresh, measures it without that selection.
import { proportionInterval, type IntervalOptions, type ProportionInterval } from './proportionIntervals';

export interface AuditedScore {
  readonly score: number;
  /** The human's answer: a defect or not. */
  readonly defect: boolean;
}

export interface ThresholdRow {
  readonly threshold: number;
  /** Samples of the whole slice with score ≥ threshold. */
  readonly kept: number;
  /** The defect rate among audited samples with score ≥ threshold. */
  readonly above: ProportionInterval;
  /** The defect rate among audited samples with score < threshold. */
  readonly below: ProportionInterval;
  /** Share of audited samples where "score ≥ t ⇔ not a defect" holds. */
  readonly accuracy: number;
}

export interface JudgeCalibration {
  /**
   * The chance a fine sample outscores a defect (ties count half): the area under the ROC curve of
   * the score as a detector of fine samples. 0.5 is no better than chance; NaN without both kinds.
   */
  readonly auc: number;
  /** One row per distinct audited score, ascending. */
  readonly rows: readonly ThresholdRow[];
  /** The row keeping the most of the slice with `above.upper` ≤ the target; undefined when none does. */
  readonly best?: ThresholdRow;
  readonly targetRate: number;
  /** Audited samples with a score (those without are left out). */
  readonly audited: number;
}

export interface CalibrationOptions extends IntervalOptions {
  /** The defect rate the kept samples must stay under (upper bound ≤ target). */
  readonly targetRate: number;
}

/** The calibration of `audited` against `sliceScores` (the scores of the whole slice; NaN where none). */
export function calibrateJudge(audited: readonly AuditedScore[], sliceScores: ArrayLike<number>, options: CalibrationOptions): JudgeCalibration {
  const scored = audited.filter((a) => Number.isFinite(a.score)).sort((a, b) => a.score - b.score);
  const n = scored.length;
  const totalDefects = scored.reduce((s, a) => s + (a.defect ? 1 : 0), 0);
  const sortedSlice = Float64Array.from(sliceScores).sort(); // NaN (no score) sorts last: never kept
  let scoredSlice = sortedSlice.length;
  while (scoredSlice > 0 && Number.isNaN(sortedSlice[scoredSlice - 1])) scoredSlice--;
  const rows: ThresholdRow[] = [];
  let defectsBelow = 0;
  let rankSumFine = 0; // Mann–Whitney: the fine samples' ranks, ties at their mid-rank
  for (let i = 0; i < n;) {
    let j = i;
    let tiedDefects = 0;
    while (j < n && scored[j].score === scored[i].score) tiedDefects += scored[j++].defect ? 1 : 0;
    rankSumFine += (j - i - tiedDefects) * ((i + 1 + j) / 2);
    const belowN = i;
    const aboveN = n - i;
    const aboveDefects = totalDefects - defectsBelow;
    rows.push({
      threshold: scored[i].score,
      kept: scoredSlice - lowerBound(sortedSlice, scoredSlice, scored[i].score),
      above: proportionInterval(aboveDefects, aboveN, options),
      below: proportionInterval(defectsBelow, belowN, options),
      accuracy: (defectsBelow + (aboveN - aboveDefects)) / n,
    });
    defectsBelow += tiedDefects;
    i = j;
  }
  const fine = n - totalDefects;
  const auc = fine > 0 && totalDefects > 0 ? (rankSumFine - (fine * (fine + 1)) / 2) / (fine * totalDefects) : NaN;
  let best: ThresholdRow | undefined;
  for (const row of rows) {
    if (row.above.upper <= options.targetRate && (!best || row.kept > best.kept)) best = row;
  }
  return { auc, rows, best, targetRate: options.targetRate, audited: n };
}

/** The first position in ascending sorted[0, end) whose value is ≥ x. */
function lowerBound(sorted: Float64Array, end: number, x: number): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
