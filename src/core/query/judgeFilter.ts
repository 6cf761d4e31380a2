// The `judge:` filter: which samples a judge's score (core/formats/judgeScores.ts) keeps.
//
//   judge:>=4   judge:>4   judge:<0.5   judge:<=3   judge:4   (exactly 4)
//   judge:4..5  (both ends included; judge:4.. and judge:..5 leave one end open)
//   judge:none     samples without a score (no judge field, or one holding something not a number)
//   judge:problem  samples whose judge field holds something that is not a number
import { DEFAULT_JUDGE_SCORE_FIELDS, judgeKeyNeedles, mayHoldJudgeScore, readJudgeScore, type JudgeScoreRead } from '../formats/judgeScores';

export interface JudgeBound {
  readonly value: number;
  readonly inclusive: boolean;
}

export type JudgeCriterion =
  | { readonly kind: 'range'; readonly min?: JudgeBound; readonly max?: JudgeBound }
  | { readonly kind: 'none' }
  | { readonly kind: 'problem' };

/** A number as the filter box takes it: 4, -1.5, .5, 1e-3; never an empty string or a word. */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** The criterion a `judge:` value writes; a string saying what to write otherwise. */
export function parseJudgeCriterion(value: string): JudgeCriterion | string {
  const v = value.trim().toLowerCase();
  if (v === 'none' || v === 'problem') return { kind: v };
  const num = (s: string) => (NUMBER.test(s) ? Number(s) : undefined);
  const comparison = /^(>=|<=|>|<|=)(.*)$/.exec(v);
  if (comparison) {
    const n = num(comparison[2]);
    if (n === undefined) return `judge:${value} needs a number after ${comparison[1]}`;
    const op = comparison[1];
    if (op === '=') return { kind: 'range', min: { value: n, inclusive: true }, max: { value: n, inclusive: true } };
    const bound = { value: n, inclusive: op.endsWith('=') };
    return op.startsWith('>') ? { kind: 'range', min: bound } : { kind: 'range', max: bound };
  }
  const range = /^(.*)\.\.(.*)$/.exec(v);
  if (range) {
    const lo = range[1] === '' ? undefined : num(range[1]);
    const hi = range[2] === '' ? undefined : num(range[2]);
    if ((range[1] !== '' && lo === undefined) || (range[2] !== '' && hi === undefined) || (lo === undefined && hi === undefined)) {
      return `judge:${value} is not a range of numbers (e.g. judge:4..5)`;
    }
    if (lo !== undefined && hi !== undefined && lo > hi) return `judge:${value} is empty: ${lo} is above ${hi}`;
    return { kind: 'range', ...(lo !== undefined ? { min: { value: lo, inclusive: true } } : {}), ...(hi !== undefined ? { max: { value: hi, inclusive: true } } : {}) };
  }
  const n = num(v);
  if (n !== undefined) return { kind: 'range', min: { value: n, inclusive: true }, max: { value: n, inclusive: true } };
  return `judge:${value} is not a judge filter (>=4, <0.5, 4..5, 4, none or problem)`;
}

/** Whether a sample with this judge read (undefined: no judge field) meets the criterion. */
export function matchesJudge(c: JudgeCriterion, read: JudgeScoreRead | undefined): boolean {
  const score = read && 'score' in read ? read.score : undefined;
  switch (c.kind) {
    case 'none':
      return score === undefined;
    case 'problem':
      return read !== undefined && 'problem' in read;
    case 'range':
      if (score === undefined) return false;
      if (c.min && (c.min.inclusive ? score < c.min.value : score <= c.min.value)) return false;
      if (c.max && (c.max.inclusive ? score > c.max.value : score >= c.max.value)) return false;
      return true;
  }
}

/** In words, for the filter line: `judge ≥ 4`, `judge 4–5`, `no judge score`. */
export function describeJudge(c: JudgeCriterion): string {
  switch (c.kind) {
    case 'none':
      return 'no judge score';
    case 'problem':
      return 'judge score not a number';
    case 'range': {
      const { min, max } = c;
      if (min && max && min.value === max.value && min.inclusive && max.inclusive) return `judge = ${min.value}`;
      if (min && max && min.inclusive && max.inclusive) return `judge ${min.value}–${max.value}`;
      const parts = [
        ...(min ? [`${min.inclusive ? '≥' : '>'} ${min.value}`] : []),
        ...(max ? [`${max.inclusive ? '≤' : '<'} ${max.value}`] : []),
      ];
      return `judge ${parts.join(' and ')}`;
    }
  }
}

/** A criterion given in code (not typed) checked like a typed one; a string naming the fault. */
export function judgeCriterionFault(c: JudgeCriterion): string | undefined {
  if (c.kind !== 'range') return c.kind === 'none' || c.kind === 'problem' ? undefined : `unknown judge criterion “${String((c as { kind: unknown }).kind)}”`;
  if (!c.min && !c.max) return 'a judge range needs a lower or an upper end';
  for (const b of [c.min, c.max]) if (b && !Number.isFinite(b.value)) return `a judge bound must be a finite number, not ${b.value}`;
  if (c.min && c.max && c.min.value > c.max.value) return `the judge range ${c.min.value}..${c.max.value} is empty`;
  return undefined;
}

/**
 * Reads the judge's score of records from their bytes, parsing only those whose text may hold one
 * of the fields (judgeKeyNeedles): a filter or a sort by judge over a million records parses the
 * ones with a score, not all of them.
 */
export class JudgeReader {
  readonly #needles: readonly string[] | undefined;

  constructor(readonly fields: readonly string[] = DEFAULT_JUDGE_SCORE_FIELDS) {
    this.#needles = judgeKeyNeedles(fields);
  }

  /**
   * The read of one record: `text` is its bytes as Latin-1 (the keys are ASCII, so they read the
   * same), `record` parses it (undefined when it is not JSON), called at most once.
   */
  read(text: string, record: () => unknown): JudgeScoreRead | undefined {
    if (!this.fields.length || !mayHoldJudgeScore(text, this.#needles)) return undefined;
    return readJudgeScore(record(), this.fields);
  }
}
