// A judge's scores over a whole slice, and the prediction-powered estimate of its defect rate from
// them and the audit (core/audit/ppiEstimate.ts): shown beside the audit-only interval when every
// sample of the slice carries a score from the same field (issue 15).
//
// The judge's prediction of a defect is its score turned around and scaled over the slice,
// f = (max − s) / (max − min): higher scores are better (a quality score, a reward), so the lowest
// score predicts a defect most. PPI is valid for any prediction fixed before the audit's answers
// are seen, however biased (the audit measures the bias); this one is a function of the scores
// alone, never of the audit. A judge whose scores are all equal says nothing: no estimate.
// The audit's draw is stratified by source in proportion to the sources' sizes, so its mean is the
// slice's as a simple random sample's is; the formula for one is used.
import { ppiMeanInterval, classicalMeanInterval, judgeMisses, type MeanInterval } from '../audit/ppiEstimate';
import type { AuditDraw } from '../audit/auditDraw';
import type { IsDefect } from '../audit/auditEstimate';
import { DEFAULT_JUDGE_SCORE_FIELDS, readJudgeScore } from '../formats/judgeScores';
import { DEFAULT_MAX_LINE_BYTES } from '../ingest/recordReader';
import { RecordWindow } from '../ingest/recordWindow';
import { QueryAbortError, type QueryableStore, type QueryOptions } from '../query/sampleQuery';

export type SliceJudgeScores =
  /** Every sample scored, by `field`; per slice position its score. */
  | { readonly field: string; readonly scores: Float64Array }
  /** Not every sample has a score from one field: why, in words. */
  | { readonly missing: string };

const CHUNK = 2_000;

/** Reads the judge's score of every sample of the slice (paced, cancellable); stops at the first sample without one. */
export async function sliceJudgeScores(
  store: Pick<QueryableStore, 'recordAt' | 'byteLengthAt'>,
  indices: ArrayLike<number>,
  options: Pick<QueryOptions, 'signal'> & { readonly fields?: readonly string[] } = {},
): Promise<SliceJudgeScores> {
  const fields = options.fields ?? DEFAULT_JUDGE_SCORE_FIELDS;
  if (fields.length === 0) return { missing: 'no judge field is configured' };
  const scores = new Float64Array(indices.length);
  const reader = new RecordWindow();
  let field: string | undefined;
  try {
    for (let k = 0; k < indices.length; k++) {
      if (k % CHUNK === CHUNK - 1) {
        await new Promise((resolve) => setImmediate(resolve));
        if (options.signal?.aborted) throw new QueryAbortError(options.signal.reason);
      }
      const i = indices[k];
      if (store.byteLengthAt(i) > DEFAULT_MAX_LINE_BYTES) return { missing: `sample ${i + 1} is over the size limit and is not read` };
      const bytes = reader.read(store.recordAt(i));
      let record: unknown;
      try {
        record = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
      } catch {
        return { missing: `sample ${i + 1} is not valid JSON` };
      }
      const read = readJudgeScore(record, fields);
      if (!read) return { missing: `sample ${i + 1} has no judge score (fields read: ${fields.join(', ')})` };
      if ('problem' in read) return { missing: `sample ${i + 1}: ${read.problem}` };
      if (field !== undefined && read.field !== field) return { missing: `samples are scored in different fields (${field}, ${read.field}): two judges, two scales` };
      field = read.field;
      scores[k] = read.score;
    }
  } finally {
    reader.close();
  }
  return field === undefined ? { missing: 'the slice is empty' } : { field, scores };
}

export interface PpiDefectRate {
  /** The prediction-powered estimate and interval (clipped to [0, 1] for a rate). */
  readonly ppi: MeanInterval;
  /** The audit alone with the same (normal) interval, to set beside it. */
  readonly auditOnly: MeanInterval;
  readonly field: string;
  /** The audit's clear judge misses (ppiEstimate.ts `judgeMisses`): under MIN_JUDGE_MISSES, the interval is not to be shown. */
  readonly judgeMisses: number;
}

/** Where `index` is in the slice (in store order, ascending): a binary search, not a map of a million entries. */
function positionIn(sorted: ArrayLike<number>, index: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] < index) low = mid + 1;
    else high = mid;
  }
  return low < sorted.length && sorted[low] === index ? low : -1;
}

function clipped(m: MeanInterval): MeanInterval {
  return { ...m, estimate: Math.min(1, Math.max(0, m.estimate)), lower: Math.max(0, m.lower), upper: Math.min(1, m.upper) };
}

/**
 * The prediction-powered defect rate of the slice: `sliceIndices` in the order `judged.scores`
 * follows, the audit's `draw` and its answers. Undefined with fewer than two audited samples or a
 * judge that scores every sample the same.
 */
export function ppiDefectRate(sliceIndices: ArrayLike<number>, judged: Extract<SliceJudgeScores, { field: string }>, draw: AuditDraw, isDefect: IsDefect, level = 0.95): PpiDefectRate | undefined {
  const { scores } = judged;
  let min = Infinity;
  let max = -Infinity;
  for (const s of scores) {
    if (s < min) min = s;
    if (s > max) max = s;
  }
  if (!(max > min)) return undefined;
  const predict = (s: number) => (max - s) / (max - min);
  const labels: number[] = [];
  const audited: number[] = [];
  for (const i of draw.indices) {
    const answer = isDefect(i);
    const k = positionIn(sliceIndices, i);
    if (answer === undefined || k < 0) continue;
    labels.push(answer ? 1 : 0);
    audited.push(predict(scores[k]));
  }
  if (labels.length < 2) return undefined;
  const all = Float64Array.from(scores, predict);
  return { ppi: clipped(ppiMeanInterval(labels, audited, all, level)), auditOnly: clipped(classicalMeanInterval(labels, level)), field: judged.field, judgeMisses: judgeMisses(labels, audited) };
}
