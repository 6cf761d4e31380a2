// Verifies math and QA solutions without running any model: the final answer (extracted and
// normalized) against a reference when there is one, and every calculation the solution states,
// re-evaluated: GSM8K-style calculator annotations `<<48/2=24>>` and plain `48 / 2 = 24`.
// It supports the reviewer; a `fail` is a reason to look, with the positions to look at.
import type { TextSpan } from './contamination';

export type VerifierStatus = 'pass' | 'fail' | 'no-reference';

export interface FinalAnswer {
  /** The answer as written, e.g. "$1,200" or "\frac{3}{4}". */
  readonly text: string;
  readonly span: TextSpan;
  readonly how: '####' | 'boxed' | 'the answer is' | 'last number';
}

export interface WrongStep {
  /** The statement in the solution text (for `<<…>>`, the annotation). */
  readonly span: TextSpan;
  readonly text: string;
  /** What the left-hand side evaluates to. */
  readonly expected: number;
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

const NUMBER = /-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|-?\.\d+/g;

/** The closing brace matching the one before `from`, or -1. */
function closeBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** The solution's final answer: `#### N`, else the last `\boxed{…}`, else "the answer is …", else the last number. */
export function extractFinalAnswer(solution: string): FinalAnswer | undefined {
  const hashes = solution.lastIndexOf('####');
  if (hashes >= 0) {
    const lineEnd = solution.indexOf('\n', hashes);
    const raw = solution.slice(hashes + 4, lineEnd < 0 ? undefined : lineEnd);
    const text = raw.trim();
    if (text) {
      const start = hashes + 4 + raw.indexOf(text);
      return { text, span: [start, start + text.length], how: '####' };
    }
  }
  const boxed = solution.lastIndexOf('\\boxed{');
  if (boxed >= 0) {
    const end = closeBrace(solution, boxed + 7);
    if (end > 0) return { text: solution.slice(boxed + 7, end).trim(), span: [boxed + 7, end], how: 'boxed' };
  }
  const said = [...solution.matchAll(/\bthe (?:final )?answer is[:\s]*/gi)].pop();
  if (said?.index !== undefined) {
    const from = said.index + said[0].length;
    const rest = solution.slice(from).split(/\n|\.(?:\s|$)/)[0].trim();
    if (rest) return { text: rest, span: [from, from + rest.length], how: 'the answer is' };
  }
  const numbers = [...solution.matchAll(NUMBER)];
  const last = numbers[numbers.length - 1];
  if (last?.index === undefined) return undefined;
  return { text: last[0], span: [last.index, last.index + last[0].length], how: 'last number' };
}

/** A normalized answer: a number when one can be read (commas, $, units, %, fractions, decimals), else lowercased text. */
export type NormalizedAnswer = { readonly kind: 'number'; readonly value: number } | { readonly kind: 'text'; readonly text: string };

export function normalizeAnswer(answer: string): NormalizedAnswer {
  let s = answer.trim()
    .replace(/\\[dt]?frac\{([^{}]+)\}\{([^{}]+)\}/g, '($1)/($2)')
    .replace(/\\text\{[^{}]*\}|\\[,!;: ]|\\%|\\\$|\$|€|£/g, ' ')
    .replace(/(\d),(?=\d{3}\b)/g, '$1')
    .trim();
  const mixed = /^(-?\d+)\s+(\d+)\s*\/\s*(\d+)\b/.exec(s);
  if (mixed) {
    const whole = Number(mixed[1]);
    const frac = Number(mixed[2]) / Number(mixed[3]);
    return { kind: 'number', value: whole < 0 ? whole - frac : whole + frac };
  }
  const frac = /^\(?(-?\d+(?:\.\d+)?)\)?\s*\/\s*\(?(\d+(?:\.\d+)?)\)?/.exec(s);
  if (frac && Number(frac[2]) !== 0) return { kind: 'number', value: Number(frac[1]) / Number(frac[2]) };
  const num = /^-?(?:\d+(?:\.\d*)?|\.\d+)/.exec(s);
  if (num && Number.isFinite(Number(num[0]))) return { kind: 'number', value: Number(num[0]) };
  s = s.toLowerCase().replace(/\s+/g, ' ').replace(/^[\s.,;:!?"'()]+|[\s.,;:!?"'()]+$/g, '');
  return { kind: 'text', text: s };
}

/** Whether two answers agree once normalized (numbers to a relative 1e-6). */
export function answersAgree(a: string, b: string): boolean {
  const x = normalizeAnswer(a);
  const y = normalizeAnswer(b);
  if (x.kind === 'number' && y.kind === 'number') return Math.abs(x.value - y.value) <= 1e-6 * Math.max(1, Math.abs(x.value), Math.abs(y.value));
  return x.kind === 'text' && y.kind === 'text' && x.text === y.text;
}

/**
 * Evaluates an arithmetic expression of numbers, + - * / × ÷ x, parentheses and a trailing `%`
 * (as /100); undefined when it is anything else. No `eval`.
 */
export function evaluateArithmetic(expression: string): number | undefined {
  const src = expression.replace(/(\d),(?=\d{3}\b)/g, '$1').replace(/\$/g, '');
  let at = 0;
  const skip = () => {
    while (at < src.length && /\s/.test(src[at])) at++;
  };
  const primary = (): number | undefined => {
    skip();
    if (src[at] === '(') {
      at++;
      const v = sum();
      skip();
      if (src[at] !== ')') return undefined;
      at++;
      return v;
    }
    if (src[at] === '-') {
      at++;
      const v = primary();
      return v === undefined ? undefined : -v;
    }
    const m = /^(?:\d+(?:\.\d*)?|\.\d+)/.exec(src.slice(at));
    if (!m) return undefined;
    at += m[0].length;
    skip();
    if (src[at] === '%') {
      at++;
      return Number(m[0]) / 100;
    }
    return Number(m[0]);
  };
  /** A left-associative level: operands from `operand`, joined by the operators `apply` knows. */
  const level = (operand: () => number | undefined, apply: (op: string, l: number, r: number) => number | undefined) => (): number | undefined => {
    let v = operand();
    while (v !== undefined) {
      skip();
      const next = apply(src[at], 1, 1) === undefined ? undefined : src[at];
      if (next === undefined) return v;
      at++;
      const r = operand();
      v = r === undefined ? undefined : apply(next, v, r);
    }
    return undefined;
  };
  const product = level(primary, (op, l, r) => (op === '*' || op === '×' || op === 'x' ? l * r : op === '/' || op === '÷' ? l / r : undefined));
  const sum = level(product, (op, l, r) => (op === '+' ? l + r : op === '-' ? l - r : undefined));
  const v = sum();
  skip();
  return v !== undefined && at === src.length && Number.isFinite(v) ? v : undefined;
}

/**
 * Whether `stated` is `value` as written: exact (to a relative 1e-6), or rounded to the decimals
 * it shows. Calculator annotations are exact in GSM8K's 1,319 test solutions, so an annotation
 * stating a whole number must be exact; prose may round ("10 / 3 = 3").
 */
function statedMatches(value: number, stated: string, prose: boolean): boolean {
  const c = Number(stated.replace(/,/g, ''));
  if (!Number.isFinite(c)) return true;
  const decimals = /\.(\d+)$/.exec(stated)?.[1].length ?? 0;
  const rounding = decimals > 0 || prose ? 0.5 * 10 ** -decimals : 0;
  return Math.abs(value - c) <= Math.max(1e-6 * Math.max(1, Math.abs(c)), rounding) + 1e-9;
}

const INLINE = /<<([^<>=]*)=([^<>]*)>>/g;
const NUM = String.raw`\$?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?`;
const OP = String.raw`(?:\s*[-+*/×÷]\s*|\s+x\s+)`;
const PLAIN = new RegExp(String.raw`(?<![\w.$,/%)*+×÷=-]|[\d)*+×÷=x/-]\s+)(${NUM}(?:${OP}${NUM})+)\s*=\s*(\$?-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?![\d%/]|\.\d|,\d|\s*[-+*/×÷(]\s*[\d$(]|\s+x\s+\d|\s*\u0000)`, 'g');

/** Every stated calculation that does not hold, and how many were checked. */
export function checkCalculations(solution: string): { readonly steps: number; readonly wrong: WrongStep[] } {
  const wrong: WrongStep[] = [];
  let steps = 0;
  for (const m of solution.matchAll(INLINE)) {
    const value = evaluateArithmetic(m[1]);
    const stated = m[2].trim().replace(/^\$/, '');
    if (value === undefined || !/^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/.test(stated)) continue;
    steps++;
    const at = m.index ?? 0;
    if (!statedMatches(value, stated, false)) wrong.push({ span: [at, at + m[0].length], text: m[0], expected: value });
  }
  // Plain statements are read with the annotations replaced by NULs (same length, so positions
  // hold): a statement that runs into an annotation ("4/5 = <<4/5*300=240>>240") is the prefix
  // of the annotated calculation, which is checked above, not a claim of its own.
  const plain = solution.replace(INLINE, (a) => '\u0000'.repeat(a.length));
  PLAIN.lastIndex = 0;
  for (let m = PLAIN.exec(plain); m; m = PLAIN.exec(plain)) {
    const value = evaluateArithmetic(m[1].replace(/\s+x\s+/g, '*'));
    const resultAt = m.index + m[0].length - m[2].length;
    PLAIN.lastIndex = resultAt;
    if (value === undefined) continue;
    steps++;
    if (!statedMatches(value, m[2].replace(/^\$/, ''), true)) wrong.push({ span: [m.index, m.index + m[0].length], text: m[0], expected: value });
  }
  wrong.sort((a, b) => a.span[0] - b.span[0]);
  return { steps, wrong };
}

/** Verifies one solution against an optional reference answer. */
export function verifySolution(solution: string, reference?: string): VerifierResult {
  const { steps, wrong } = checkCalculations(solution);
  const final = extractFinalAnswer(solution);
  const base = { ...(final ? { final } : {}), ...(reference !== undefined ? { reference } : {}), steps, wrongSteps: wrong };
  if (reference !== undefined && (!final || !answersAgree(final.text, reference))) {
    const refFinal = extractFinalAnswer(reference)?.text ?? reference;
    if (!final || !answersAgree(final.text, refFinal)) {
      return { ...base, status: 'fail', wrongFinal: true, reason: final ? `final answer ${final.text} differs from the reference ${refFinal}` : `no final answer found; the reference is ${refFinal}` };
    }
  }
  if (wrong.length) {
    const first = wrong[0];
    return { ...base, status: 'fail', reason: `${wrong.length} calculation${wrong.length === 1 ? '' : 's'} wrong: ${first.text.trim()} (should give ${+first.expected.toFixed(6)})` };
  }
  return { ...base, status: reference === undefined ? 'no-reference' : 'pass' };
}
