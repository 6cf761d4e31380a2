// The rule a slice is kept or dropped by, on its audit's interval: a small value recorded with the
// slice decision (so the journal says on what grounds), applied here and read out as a sentence.
import type { DefectEstimate } from './auditEstimate';

/**
 * - 'reject-if-upper-above': reject unless the audit shows the rate is at most `rate` (upper bound
 *   ≤ rate accepts): the burden of proof on the slice;
 * - 'reject-if-lower-above': reject only when the rate is shown to exceed `rate` (lower bound >
 *   rate): the benefit of the doubt to the slice;
 * - 'decide-when-clear': accept when upper ≤ rate, reject when lower > rate, else audit more.
 */
export interface SliceDecisionRule {
  readonly kind: 'reject-if-upper-above' | 'reject-if-lower-above' | 'decide-when-clear';
  /** The defect rate the bound is held against, in [0, 1]. */
  readonly rate: number;
}

export type SliceOutcome = 'accept' | 'reject' | 'audit more';

export interface SliceDecision {
  readonly outcome: SliceOutcome;
  /** Why, in words, with the figures ("upper bound 3.1% ≤ 5%"). */
  readonly because: string;
}

/** "5%", "0.5%", "2.35%": a rate as a reader writes it. */
export function percentText(rate: number): string {
  return `${+(rate * 100).toPrecision(3)}%`;
}

/** The rule as a sentence, e.g. "reject if the upper bound of the 95% interval > 5%, else accept". */
export function sliceRuleText(rule: SliceDecisionRule, level = 0.95): string {
  const of = `the ${percentText(level)} interval`;
  const t = percentText(rule.rate);
  switch (rule.kind) {
    case 'reject-if-upper-above':
      return `reject if the upper bound of ${of} > ${t}, else accept`;
    case 'reject-if-lower-above':
      return `reject if the lower bound of ${of} > ${t}, else accept`;
    case 'decide-when-clear':
      return `accept if the upper bound of ${of} ≤ ${t}, reject if its lower bound > ${t}, else audit more`;
  }
}

/** The rule applied to an estimate; nothing decided yet is always "audit more". */
export function applySliceRule(rule: SliceDecisionRule, estimate: DefectEstimate): SliceDecision {
  if (estimate.audited === 0) return { outcome: 'audit more', because: 'no audited sample is decided yet' };
  const { lower, upper } = estimate.interval;
  const t = percentText(rule.rate);
  const upperText = `upper bound ${percentText(upper)}`;
  const lowerText = `lower bound ${percentText(lower)}`;
  const upperBelow = upper <= rule.rate;
  const lowerAbove = lower > rule.rate;
  switch (rule.kind) {
    case 'reject-if-upper-above':
      return upperBelow ? { outcome: 'accept', because: `${upperText} ≤ ${t}` } : { outcome: 'reject', because: `${upperText} > ${t}` };
    case 'reject-if-lower-above':
      return lowerAbove ? { outcome: 'reject', because: `${lowerText} > ${t}` } : { outcome: 'accept', because: `${lowerText} ≤ ${t}` };
    case 'decide-when-clear':
      if (upperBelow) return { outcome: 'accept', because: `${upperText} ≤ ${t}` };
      if (lowerAbove) return { outcome: 'reject', because: `${lowerText} > ${t}` };
      return { outcome: 'audit more', because: `the interval ${percentText(lower)}–${percentText(upper)} holds ${t}` };
  }
}
