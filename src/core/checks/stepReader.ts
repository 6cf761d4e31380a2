// Finds the calculations a solution states and what each should give, in the forms models write:
// GSM8K calculator annotations `<<48/2=24>>24` (the annotation, and the number shown after it),
// formulas with or without units ("3 hours * 60 min = 180 min", "12 km/h × 3 h = 36 km"), chains
// ("a + b + c = d"), number words ("nine times two is eighteen"), percent-of ("20% of 50 is 10")
// and fraction-of ("3/4 of 80 is 60", "three quarters of 80 is 60"). Only the numbers and
// operators it recognised are evaluated (rationalExpression.ts), never the text itself.
import { div, formatRational, mul, rational, statedAgrees, type Rational } from './exactRational';
import { digitsAt, digitsValue, numberTokens } from './numberReading';
import { evaluateArithmetic, evaluateItems, type ExpressionItem } from './rationalExpression';

export type StepKind = 'annotation' | 'annotation-text' | 'formula' | 'units' | 'words' | 'percent-of' | 'fraction-of';

export interface Step {
  readonly kind: StepKind;
  /** Where the statement is in the solution (for an annotation, the `<<…>>`, plus the number after it for annotation-text). */
  readonly span: readonly [number, number];
  /** What the calculation gives, exactly. */
  readonly value: Rational;
  /** Whether the stated result agrees with it (exactRational.statedAgrees). */
  readonly holds: boolean;
  /** Why it does not hold, when the statement alone does not say it (annotation vs text). */
  readonly note?: string;
}

export const INLINE = /<<([^<>=]*)=([^<>]*)>>/g;

// Words that join a number to an operator or result and are never a unit.
const NOT_UNIT = String.raw`(?!(?:of|is|are|was|were|and|or|the|to|for|in|on|at|a|an|it|he|she|they|we|that|this|which|makes|gives|equals|equal|plus|minus|times|divided|multiplied|by|x|so|then|than|if|per)\b)`;
const UNIT_WORD = String.raw`(?:\s*(?:per\s+)?(?:\/[A-Za-z]+|${NOT_UNIT}[A-Za-z]{2,}\.?(?:\/[A-Za-z]+)?|(?<=\s)[hmgsl]\b))`;
const UNITS = `(${UNIT_WORD}{1,2})?`;
const PERCENT = String.raw`(%|\s*percent\b)?`;
const OP_WORDS = String.raw`plus|minus|times|multiplied\s+by|divided\s+by|of`;
/** Between two operands: the left one's % or units, closing parentheses, the operator, opening ones, a currency sign. */
const OP_GAP = new RegExp(String.raw`^${PERCENT}${UNITS}\s*(\)*)\s*([-+*/×÷−·⋅]|\\(?:times|cdot|div)\b|–(?=\s)|x(?=\s|$)|${OP_WORDS})\s*(\(*)\s*(?:(?:the|a|an|his|her|their|its|each)\s+)?[$€£]?$`, 'i');
/** Between the last operand and the stated result. */
const EQ_GAP = new RegExp(String.raw`^${PERCENT}${UNITS}\s*(\)*)\s*(?:=|≈|is|are|was|equals|is\s+equal\s+to|makes|gives(?:\s+us)?|which\s+is|that\s+is|that's|to\s+get|comes\s+to|for\s+a\s+total\s+of)\s*(about|approximately|around|roughly)?\s*([-−])?\s*[$€£]?$`, 'i');

const OPS: Record<string, ExpressionItem> = {
  '+': '+', '-': '-', '−': '-', '–': '-', '*': '*', '×': '*', '·': '*', '⋅': '*', x: '*', '÷': '/', '/': '/', '\\times': '*', '\\cdot': '*', '\\div': '/',
  plus: '+', minus: '-', times: '*', multiplied: '*', divided: '/', of: '*' };

const HUNDRED = rational(100n);

/** n / d with 0 < n < d. */
const isProperFraction = (items: readonly ExpressionItem[]) => {
  const [n, , d] = items as Rational[];
  return n.n * d.d < d.n * n.d && n.n > 0n;
};

const NONE: readonly ExpressionItem[] = [];
const parens = (s: string | undefined, p: '(' | ')'): readonly ExpressionItem[] => (s ? Array.from({ length: s.length }, () => p) : NONE);

const SHOWN_LEAD = /^[ \t]*[$€£]?[ \t]*([-−]?)[ \t]*[$€£]?/;
const NOT_A_RESULT_AFTER = /^\s*(?:\/\s*\d|[eE]\d|\s\d+\s*\/)/;
const PERCENT_SIGN_AFTER = /^\s*%/;
const STATED = /^[-−]?[\d.,]+$/;

/**
 * The calculations GSM8K-style annotations state, and the number shown after each. Returns the
 * solution with the annotations blanked (NULs, same length) for the written steps.
 */
function annotationSteps(solution: string, out: Step[]): string {
  let blanked = '';
  let copied = 0;
  for (const m of solution.matchAll(INLINE)) {
    const at = m.index ?? 0;
    const end = at + m[0].length;
    blanked += solution.slice(copied, at) + '\u0000'.repeat(end - at);
    copied = end;
    const value = evaluateArithmetic(m[1]);
    const statedText = m[2].trim().replace(/^\$/, '');
    const negative = statedText[0] === '-' || statedText[0] === '−';
    const stated = STATED.test(statedText) ? digitsValue(negative ? statedText.slice(1) : statedText) : undefined;
    if (!value || !stated) continue;
    const statedValue = negative ? rational(-stated.value.n, stated.value.d) : stated.value;
    out.push({ kind: 'annotation', span: [at, end], value, holds: statedAgrees(value, statedValue, stated.decimals, false) });
    // The number the reader sees after the annotation must be the annotation's result.
    const lineEnd = solution.indexOf('\n', end);
    const after = solution.slice(end, Math.min(end + 40, lineEnd < 0 ? solution.length : lineEnd));
    const lead = SHOWN_LEAD.exec(after)!;
    const shown = digitsAt(after, lead[0].length);
    if (!shown || NOT_A_RESULT_AFTER.test(after.slice(shown.end))) continue;
    const visibleValue = lead[1] ? rational(-shown.value.n, shown.value.d) : shown.value;
    const agrees = (v: Rational) => statedAgrees(statedValue, v, shown.decimals, false) || statedAgrees(value, v, shown.decimals, false);
    // "<<50/100=0.5>>50%": the share shown as a percentage.
    if (agrees(visibleValue) || (PERCENT_SIGN_AFTER.test(after.slice(shown.end)) && agrees(div(visibleValue, HUNDRED)!))) continue;
    const visibleText = after.slice(0, shown.end);
    out.push({
      kind: 'annotation-text', span: [at, end + shown.end], value: statedValue, holds: false,
      note: `the annotation gives ${formatRational(statedValue)} but the text says ${visibleText.trim()}`,
    });
  }
  return blanked + solution.slice(copied);
}

/** Calculations written out in the text (annotations blanked), from the numbers and what joins them. */
// The patterns writtenSteps tests at every number, made once.
const ORDINAL_SUFFIX = /^(?:st|nd|rd|th)\b/i;
// Not LaTeX's inline-math "\(": that parenthesis is never closed by the arithmetic.
const OPENING = /(?<!\\)(\(+)\s*[$€£]?$/;
const OPENING_TAIL = /(?<!\\)\(+\s*[$€£]?$/;
const CURRENCY_TAIL = /[$€£]$/;
const GLUED_TO_WORD = /[A-Za-z_]$/;
const AFTER_OPERATOR = /[)*+×÷/^−-]\s*$/;
const AFTER_NUMBER = /\d[ \t]+$/;
const IMPLICIT_PRODUCT = /[\d)]\s*$|[A-Za-z]$/;
const MIXED_FRACTION = /^[ \t]+\d+\s*\/\s*\d/;
const PERCENT_AFTER = /^(?:\.\.\.|…)?\s*(?:%|percent\b)/;

function writtenSteps(plain: string, out: Step[]): void {
  const tokens = numberTokens(plain).filter((t) => !ORDINAL_SUFFIX.test(plain.slice(t.end, t.end + 3)));
  let i = 0;
  while (i < tokens.length - 2) {
    const first = tokens[i];
    // An expression does not start glued to a word or inside one we could not read ("x2", "2.5x + 3").
    const before = plain.slice(Math.max(0, first.start - 12), first.start);
    const open = OPENING.exec(before)?.[1];
    const lead = before.replace(OPENING_TAIL, '').replace(CURRENCY_TAIL, '');
    // Not glued to a word ("x2"), not after an operator (inside an expression that could not be
    // read from its start), not the fraction of a mixed number ("3 1/2"), not an implicit product ("2(40+9)").
    if (GLUED_TO_WORD.test(before) || AFTER_OPERATOR.test(lead) || AFTER_NUMBER.test(lead) || (open && IMPLICIT_PRODUCT.test(lead))) {
      i++;
      continue;
    }
    const items: ExpressionItem[] = [...parens(open, '('), first.value];
    let words = first.words;
    let units = false;
    let percentOf = false;
    let fractionOf = false;
    let ranged = false;
    let j = i;
    let step: Step | undefined;
    for (; j < tokens.length - 1; j++) {
      // Two unit words, an operator or "is equal to", parentheses: never longer than this.
      if (tokens[j + 1].start - tokens[j].end > 48) break;
      const gap = plain.slice(tokens[j].end, tokens[j + 1].start);
      if (gap.includes('\n')) break;
      const op = OP_GAP.exec(gap);
      if (op) {
        const word = op[4].toLowerCase().split(/\s/)[0];
        if (word === 'of') {
          // "of" multiplies only after a percentage or a fraction: "20% of 50", "3/4 of 80", "half of 80".
          const fraction = tokens[j].fraction || (items.length === 3 && items[1] === '/');
          if (!op[1] && !fraction) break;
          if (op[1]) percentOf = true;
          else fractionOf = true;
        }
        if (op[2]) units = true;
        if (/(?:^|\S)[-–](?:\S|$)/.test(gap) && (op[4] === '-' || op[4] === '–')) ranged = true;
        if (op[1]) items.push('%');
        items.push(...parens(op[3], ')'), OPS[word] ?? OPS[op[4]], ...parens(op[5], '('), tokens[j + 1].value);
        words ||= tokens[j + 1].words || (/^[a-z]{2}/i.test(op[4]) && word !== 'of');
        continue;
      }
      const eq = j > i ? EQ_GAP.exec(gap) : null;
      if (!eq) break;
      // "2019-2020 is 1 year", "a 3-2 win is…": a dash between numbers with a word for "=" is a range.
      if (ranged && !/[=≈]/.test(eq[0])) break;
      const result = tokens[j + 1];
      const next = tokens[j + 2];
      const tail = plain.slice(result.end, next ? next.start : result.end + 20);
      // "= 5 + 1 = 6": the right side goes on; the calculation is read from 5 on. "= 3 1/2": a
      // mixed number, not read.
      const goesOn = next && !tail.includes('\n') && OP_GAP.exec(tail);
      if ((goesOn && (goesOn[4].toLowerCase() !== 'of' || goesOn[1] || result.fraction)) || MIXED_FRACTION.test(plain.slice(result.end, result.end + 12))) break;
      // "2/5 is equal to 12.8 hectares": a share of something named, not a division.
      if (items.length === 3 && items[1] === '/' && !eq[0].includes('=') && isProperFraction(items)) break;
      if (eq[1]) items.push('%');
      items.push(...parens(eq[3], ')'));
      const value = evaluateItems(items);
      if (!value) break;
      let stated = result.value;
      if (eq[5]) stated = rational(-stated.n, stated.d);
      let holds = statedAgrees(value, stated, result.decimals, true);
      // "45 + 21 + 28 = 94%", "32 / 96 * 100% = 33.333...%": a percent sign on the result is a unit
      // or a share; either reading that holds is taken.
      if (!holds && PERCENT_AFTER.test(tail)) {
        holds = statedAgrees(mul(value, HUNDRED), stated, result.decimals, true) || statedAgrees(value, div(stated, HUNDRED)!, result.decimals + 2, true);
      }
      const kind: StepKind = percentOf ? 'percent-of' : fractionOf ? 'fraction-of' : words || result.words ? 'words' : units ? 'units' : 'formula';
      step = { kind, span: [first.start - (open?.length ?? 0) - (CURRENCY_TAIL.test(before) ? 1 : 0), result.end], value, holds };
      break;
    }
    if (step) {
      out.push(step);
      i = j + 1;
    } else i = Math.max(i + 1, j);
  }
}

/** Every calculation the solution states, in order of position. */
export function readSteps(solution: string): Step[] {
  const out: Step[] = [];
  // Written steps are read with the annotations blanked (same length, so positions hold): a
  // statement that runs into an annotation ("4/5 = <<4/5*300=240>>240") is the annotation's own
  // prefix, checked above, not a claim of its own.
  writtenSteps(solution.includes('<<') ? annotationSteps(solution, out) : solution, out);
  return out.sort((a, b) => a.span[0] - b.span[0]);
}

/**
 * Whether a solution may state a calculation at all: an `=` or a digit. The checks run the verifier
 * only on these (or on any solution with a reference), so prose without a number costs one search
 * for a digit per sample (about 1 µs on a 1 KB sample), not a read. A calculation in words alone
 * ("nine times two is twenty", no digit anywhere) is read only when there is a reference: looking
 * for operation words too cost three times as much per sample, on every sample the checks read.
 */
export function mayStateSteps(solution: string): boolean {
  return solution.includes('=') || /\d/.test(solution);
}
