// Verifies math and QA solutions without running any model: the final answer (finalAnswer.ts)
// against a reference when there is one (answerEquivalence.ts), and every calculation the solution
// states, re-evaluated exactly (stepReader.ts): calculator annotations, formulas with units, chains,
// number words, percent-of and fraction-of. It supports the reviewer; a `fail` is a reason to look,
// with the positions to look at.
import type { TextSpan } from './contamination';
import { compareAnswers } from './answerEquivalence';
import { toNumber } from './exactRational';
import { extractFinalAnswer, type FinalAnswer } from './finalAnswer';
import { readSteps, type StepKind } from './stepReader';

export type VerifierStatus = 'pass' | 'fail' | 'no-reference';

export interface WrongStep {
  /** The statement in the solution text (for `<<…>>`, the annotation). */
  readonly span: TextSpan;
  readonly text: string;
  /** What the left-hand side evaluates to. */
  readonly expected: number;
  readonly kind: StepKind;
  /** Why, when the statement alone does not say it (the annotation and the text disagree). */
  readonly note?: string;
}

export interface VerifierResult {
  readonly status: VerifierStatus;
  /** Why it failed, one sentence. */
  readonly reason?: string;
  /** It failed because the final answer is missing or disagrees with the reference. */
  readonly wrongFinal?: true;
  readonly final?: FinalAnswer;
  readonly reference?: string;
  /** Calculations found and re-evaluated. */
  readonly steps: number;
  readonly wrongSteps: readonly WrongStep[];
}

/** Every stated calculation that does not hold, and how many were checked. */
export function checkCalculations(solution: string): { readonly steps: number; readonly wrong: WrongStep[] } {
  const steps = readSteps(solution);
  const wrong = steps.filter((s) => !s.holds).map((s): WrongStep => ({
    span: s.span, text: solution.slice(s.span[0], s.span[1]), expected: toNumber(s.value), kind: s.kind, ...(s.note ? { note: s.note } : {}),
  }));
  return { steps: steps.filter((s) => s.kind !== 'annotation-text').length, wrong };
}

/** A wrong step in the words of the reason and the line problem. */
export function describeWrongStep(w: WrongStep): string {
  return w.note ? `${w.text.trim()} (${w.note})` : `${w.text.trim()} (should give ${String(+w.expected.toFixed(6))})`;
}

/** Verifies one solution against an optional reference answer, for its question when known (percent or fraction). */
export function verifySolution(solution: string, reference?: string, question?: string): VerifierResult {
  const { steps, wrong } = checkCalculations(solution);
  const final = extractFinalAnswer(solution);
  const base = { ...(final ? { final } : {}), ...(reference !== undefined ? { reference } : {}), steps, wrongSteps: wrong };
  if (reference !== undefined) {
    let cmp = final ? compareAnswers(final.text, reference, question) : { agree: false };
    let refFinal = reference;
    if (!cmp.agree && !cmp.reason) {
      refFinal = extractFinalAnswer(reference)?.text ?? reference;
      if (final && refFinal !== reference) cmp = compareAnswers(final.text, refFinal, question);
    }
    if (!cmp.agree) {
      const reason = cmp.reason ?? (final ? `final answer ${final.text} differs from the reference ${refFinal}` : `no final answer found; the reference is ${refFinal}`);
      return { ...base, status: 'fail', wrongFinal: true, reason };
    }
  }
  if (wrong.length) {
    return { ...base, status: 'fail', reason: `${wrong.length} calculation${wrong.length === 1 ? '' : 's'} wrong: ${describeWrongStep(wrong[0])}` };
  }
  return { ...base, status: reference === undefined ? 'no-reference' : 'pass' };
}

