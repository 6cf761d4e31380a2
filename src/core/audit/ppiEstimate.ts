// Prediction-powered inference for a mean (Angelopoulos, Bates, Fannjiang, Jordan, Zrnic,
// Science 382, 2023): a judge's predictions f on every sample of the slice, and the human's
// labels Y on the audited ones. The judge's mean over the slice is corrected by its mean error on
// the audit (the rectifier), θ̂ = mean_N(f) + mean_n(Y − f), with the normal interval of variance
// var_N(f) / N + var_n(Y − f) / n. It stays valid however biased the judge is (the audit measures
// the bias) and is narrower than the audit alone when the judge's errors vary less than the
// labels do. Variances are the population ones (divided by the count, not count − 1), as the
// authors' ppi_py computes them (`np.std`), so the two agree on the same data.
// Y and f must be on one scale: for a defect rate, Y is 1 for a defect and f the judge's
// prediction of it (1 when its score is below a threshold, or a probability).
// The audited samples are part of the slice, so they are in the N as well: the paper's unlabeled
// set excludes them, a difference of n / N in the first term's weight, which is nothing at the
// sizes audited here (a thousand of a million).
import { zForLevel } from './normalQuantile';

export interface MeanInterval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly standardError: number;
  readonly level: number;
}

function meanAndVariance(values: ArrayLike<number>, minus?: ArrayLike<number>): [number, number] {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] - (minus ? minus[i] : 0);
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - (minus ? minus[i] : 0) - mean;
    squares += d * d;
  }
  return [mean, squares / n];
}

function normalInterval(estimate: number, variance: number, level: number): MeanInterval {
  const standardError = Math.sqrt(variance);
  const half = zForLevel(level) * standardError;
  return { estimate, lower: estimate - half, upper: estimate + half, standardError, level };
}

/**
 * The prediction-powered interval of the mean of Y.
 * @param labels Y on the audited samples.
 * @param auditedPredictions f on the same samples, in the same order.
 * @param allPredictions f on every sample of the slice.
 */
export function ppiMeanInterval(labels: ArrayLike<number>, auditedPredictions: ArrayLike<number>, allPredictions: ArrayLike<number>, level = 0.95): MeanInterval {
  if (labels.length !== auditedPredictions.length) throw new RangeError(`${labels.length} labels for ${auditedPredictions.length} predictions`);
  if (labels.length === 0 || allPredictions.length === 0) throw new RangeError('prediction-powered inference needs audited and predicted samples');
  const [meanF, varF] = meanAndVariance(allPredictions);
  const [rectifier, varRectifier] = meanAndVariance(labels, auditedPredictions);
  return normalInterval(meanF + rectifier, varF / allPredictions.length + varRectifier / labels.length, level);
}

/**
 * The judge's clear misses on the audit: samples where the label and the prediction differ by at
 * least a half (a defect it scored fine, or the reverse). The rectifier's spread comes from them,
 * so its normal interval is only as good as their count: a judge wrong 2% of the time shows about
 * 2 in an audit of 100, and an interval built on 2 covered 86% where it claimed 95% (bench:audit).
 * As a proportion's normal interval wants 10 of each outcome, the estimate is shown from
 * `MIN_JUDGE_MISSES` on.
 */
export function judgeMisses(labels: ArrayLike<number>, auditedPredictions: ArrayLike<number>): number {
  let misses = 0;
  for (let i = 0; i < labels.length; i++) if (Math.abs(labels[i] - auditedPredictions[i]) >= 0.5) misses++;
  return misses;
}

export const MIN_JUDGE_MISSES = 10;

/** The audit-only (classical) normal interval of the mean of Y, with the same variance convention, to set beside it. */
export function classicalMeanInterval(labels: ArrayLike<number>, level = 0.95): MeanInterval {
  if (labels.length === 0) throw new RangeError('a mean needs at least one label');
  const [mean, variance] = meanAndVariance(labels);
  return normalInterval(mean, variance / labels.length, level);
}
