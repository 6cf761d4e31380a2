// A model judge's scores held against this reviewer's decisions, as a Markdown report: how well
// they agree (AUC), the human defect rate at or above and below each threshold with its interval
// and how much of the filter the threshold keeps, and the threshold that keeps the most while the
// upper bound of the defect rate stays under a target. The figures are judgeCalibration's; this
// file chooses the samples (the filter's decided ones), reads the scores, and words the result.
import { calibrateJudge, type AuditedScore, type JudgeCalibration, type ThresholdRow } from '../audit/judgeCalibration';
import { DEFAULT_LEVEL, type ProportionInterval } from '../audit/proportionIntervals';
import type { QueryProgress } from '../query/sampleQuery';
import { scanJudgeScores, type JudgeScan } from '../query/judgeScoreScan';
import type { CurationStore } from './curationStore';
import { auditAnswer, defectDefinition } from './sliceAudit';

export interface JudgeReportOptions {
  /** The filter's samples, as store indices (the panel's list). */
  readonly indices: ArrayLike<number>;
  /** The filter in words, as the panel's header shows it. */
  readonly filter: string;
  readonly judgeFields: readonly string[];
  /** Besides a rejection, the label that makes a decided sample a defect (the audit's setting: sliceAudit.ts `auditAnswer`). */
  readonly defectLabel?: string;
  /** The defect rate the kept samples must stay under (the upper bound of its interval). */
  readonly targetRate: number;
  readonly now: Date;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: QueryProgress) => void;
}

/** Rows the threshold table shows at most; a judge with a continuous score has one per decided sample. */
const MAX_ROWS = 30;

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '–');
const score = (x: number) => String(Number(x.toFixed(3)));
/** Markdown table cells and inline text are text: a pipe, backslash or line break would break the layout. */
const cell = (s: string) => s.replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');
/** A code span: Markdown escapes do not work inside one, so a backtick is replaced and lines joined. */
const code = (s: string) => `\`${s.replace(/`/g, "'").replace(/\s+/g, ' ')}\``;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function rate(i: ProportionInterval): string {
  return i.n === 0 ? '– (none decided)' : `${pct(i.estimate)} [${pct(i.lower)}, ${pct(i.upper)}]`;
}

/** The rows the table shows: all of them, or evenly spaced ones with the chosen threshold kept. */
function shownRows(c: JudgeCalibration): readonly ThresholdRow[] {
  if (c.rows.length <= MAX_ROWS) return c.rows;
  const step = (c.rows.length - 1) / (MAX_ROWS - 1);
  const picked = new Set(Array.from({ length: MAX_ROWS }, (_, k) => Math.round(k * step)));
  if (c.best) picked.add(c.rows.indexOf(c.best));
  return [...picked].sort((a, b) => a - b).map((k) => c.rows[k]);
}

interface Decided {
  readonly audited: AuditedScore[];
  /** Decided samples of the filter without a score (left out of the figures). */
  readonly unscored: number;
}

function decidedOf(store: CurationStore, indices: ArrayLike<number>, scan: JudgeScan, defectLabel: string | undefined): Decided {
  const audited: AuditedScore[] = [];
  let unscored = 0;
  // The audit's definition of a defect (one setting for both): a slice decision's verdicts are not
  // the reviewer's judgement of the sample, so they calibrate nothing.
  const answer = auditAnswer(store, defectLabel === undefined ? {} : { defectLabel });
  for (let k = 0; k < indices.length; k++) {
    const defect = answer(indices[k]);
    if (defect === undefined) continue;
    if (Number.isNaN(scan.scores[k])) {
      unscored++;
      continue;
    }
    audited.push({ score: scan.scores[k], defect });
  }
  return { audited, unscored };
}

/** Reads the filter's judge scores (paced, cancellable) and writes the calibration report. */
export async function judgeCalibrationReport(store: CurationStore, options: JudgeReportOptions): Promise<string> {
  const scan = await scanJudgeScores(store, options.indices, {
    judgeFields: options.judgeFields, signal: options.signal, onProgress: options.onProgress,
  });
  const decided = decidedOf(store, options.indices, scan, options.defectLabel);
  const calibration = calibrateJudge(decided.audited, scan.scores, { targetRate: options.targetRate, method: 'wilson', level: DEFAULT_LEVEL });
  return judgeReportText(store, options, scan, decided, calibration);
}

function judgeReportText(store: CurationStore, o: JudgeReportOptions, scan: JudgeScan, decided: Decided, c: JudgeCalibration): string {
  const total = o.indices.length;
  const scored = [...scan.byField.values()].reduce((sum, n) => sum + n, 0);
  const none = total - scored - scan.problems;
  const defects = decided.audited.filter((a) => a.defect).length;
  const defectWords = cell(defectDefinition(o.defectLabel === undefined ? {} : { defectLabel: o.defectLabel }));
  const fields = [...scan.byField].map(([f, n]) => `${code(f)} ${n}`).join(', ');
  const out = [
    `# Judge calibration — ${cell(store.name)}`,
    '',
    `${o.now.toISOString()} · reviewer ${cell(store.reviewer)} · filter: ${cell(o.filter)} · judge fields: ${o.judgeFields.map(code).join(', ') || 'none'} · ` +
      `defect: ${defectWords} · ${Math.round(DEFAULT_LEVEL * 100)}% Wilson intervals · target defect rate ${pct(o.targetRate)}`,
    '',
    '## What it rests on',
    '',
    `- ${plural(total, 'sample')} in the filter: ${scored} with a judge score${fields ? ` (${fields})` : ''}, ` +
      `${scan.problems} whose judge field is not a number, ${none} without one${scan.unread ? ` (${scan.unread} over the size limit, not read)` : ''}.`,
    ...scan.problemExamples.map((p) => `  - ${cell(store.sourceAt(p.index))}:${store.lineAt(p.index)} — ${cell(p.problem)}`),
    `- ${plural(c.audited, 'decided sample')} (accepted or rejected by ${cell(store.reviewer)}) with a score: ${defects} ${defects === 1 ? 'is a defect' : 'are defects'}` +
      `${c.audited ? ` (${pct(defects / c.audited)})` : ''}.${decided.unscored ? ` ${plural(decided.unscored, 'decided sample')} without a score ${decided.unscored === 1 ? 'is' : 'are'} left out.` : ''}`,
    '',
    '> **Not a random sample.** These decisions were made in list order, or wherever the reviewer chose to look, so the rates below ' +
      'describe the decided samples and hold for the rest of the filter only as far as the decided ones resemble it. ' +
      'An audit of a slice (a seeded random draw) is a random sample: calibrated on it, the rates hold for the slice.',
    '',
  ];
  if (c.audited === 0) {
    out.push('No decided sample of this filter has a judge score: decide some (a accepts, r rejects), then calibrate again.', '');
    return out.join('\n');
  }
  out.push('## Agreement', '');
  out.push(Number.isNaN(c.auc)
    ? `AUC undefined: every decided sample is ${defects ? 'a defect' : 'fine'}, so there is nothing to tell apart.`
    : `AUC ${c.auc.toFixed(3)}: the chance that a fine sample outscores a defect (ties count half); 0.5 is no better than chance, 1 tells them apart every time.`);
  out.push('', '## Thresholds: keep where judge ≥ t', '');
  const rows = shownRows(c);
  if (rows.length < c.rows.length) out.push(`${c.rows.length} thresholds (one per decided score); ${rows.length} shown, evenly spaced, with the chosen one.`, '');
  out.push(
    '| t | kept of the filter | decided ≥ t | defect rate ≥ t | decided < t | defect rate < t | agreement |',
    '|---:|---:|---:|---|---:|---|---:|',
    ...rows.map((r) => `| ${score(r.threshold)}${r === c.best ? ' ◀' : ''} | ${r.kept} (${pct(r.kept / Math.max(1, total))}) | ${r.above.n} | ${rate(r.above)} | ${r.below.n} | ${rate(r.below)} | ${pct(r.accuracy)} |`),
    '',
    '“Agreement” is the share of decided samples where the threshold says what the reviewer said (kept: fine; dropped: defect).',
    '',
    `## Threshold for a defect rate under ${pct(o.targetRate)}`,
    '',
  );
  if (c.best) {
    const b = c.best;
    out.push(
      `**Keep where judge ≥ ${score(b.threshold)}**: it keeps ${b.kept} of the filter's ${total} samples (${pct(b.kept / Math.max(1, total))}); ` +
        `of the decided samples at or above it, ${b.above.k} of ${b.above.n} ${b.above.k === 1 ? 'is a defect' : 'are defects'}: ${rate(b.above)}, the upper bound under ${pct(o.targetRate)}.`,
      '',
      'The threshold is chosen on the same decisions that measure it, so its upper bound is a little optimistic (the best of many looks); ' +
        'an audit of the samples it keeps, drawn afresh, measures it without that choice.',
    );
  } else {
    const lowest = c.rows.reduce((m, r) => (r.above.upper < m.above.upper ? r : m), c.rows[0]);
    out.push(
      `No threshold keeps the upper bound of the decided samples' defect rate under ${pct(o.targetRate)}: the lowest is ${pct(lowest.above.upper)}, ` +
        `at judge ≥ ${score(lowest.threshold)} (${plural(lowest.above.n, 'decided sample')} at or above it). ` +
        'More decisions among high-scoring samples narrow the interval; a judge that does not separate defects will not get there.',
    );
  }
  out.push('');
  return out.join('\n');
}
