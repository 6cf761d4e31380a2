// When a final answer is the reference's: both read as exact numbers (separators, words, minus
// signs, LaTeX fractions, e-notation, a trailing %), compared by the tolerance rule of
// exactRational.ts; percent against fraction by what the question asks for; a hedged answer
// ("12 or 13") is a failure, named as such, never a match on its first number.
import { div, equal, mul, rational, statedAgrees, type Rational } from './exactRational';
import { numberTokens } from './numberReading';

export type ReadAnswer =
  | { readonly kind: 'number'; readonly value: Rational; readonly decimals: number; readonly percent: boolean; readonly hedge?: string }
  | { readonly kind: 'text'; readonly text: string };

const HUNDRED = rational(100n);

/** An answer's number (or its text when it has none). */
export function readAnswer(answer: string): ReadAnswer {
  const s = answer.trim()
    .replace(/\\[dt]?frac\{([^{}]+)\}\{([^{}]+)\}/g, '$1/$2')
    .replace(/\\text\{([^{}]*)\}/g, ' $1 ')
    .replace(/\\%/g, '%')
    .replace(/\\[,!;: ]|\\\$|\*\*/g, ' ')
    .replace(/[{}]/g, '');
  const tokens = numberTokens(s);
  const first = tokens[0];
  if (!first) return { kind: 'text', text: s.toLowerCase().replace(/\s+/g, ' ').replace(/^[\s.,;:!?"'()]+|[\s.,;:!?"'()]+$/g, '') };
  let value = first.value;
  let decimals = first.decimals;
  let end = first.end;
  let next = 1;
  const second = tokens[1];
  const third = tokens[2];
  if (second && /^\s*\/\s*$/.test(s.slice(first.end, second.start))) {
    value = div(value, second.value) ?? value;
    decimals = 0;
    end = second.end;
    next = 2;
  } else if (second && third && /^\s+$/.test(s.slice(first.end, second.start)) && /^\s*\/\s*$/.test(s.slice(second.end, third.start))) {
    // A mixed number, "1 1/2".
    const part = div(second.value, third.value);
    if (part) value = rational(value.n * part.d + part.n, part.d);
    decimals = 0;
    end = third.end;
    next = 3;
  }
  const power = /^\s*[×x*]\s*10\s*\^\s*\(?(-?\d{1,3})\)?/.exec(s.slice(end));
  if (power) {
    const e = Number(power[1]);
    value = e >= 0 ? mul(value, rational(10n ** BigInt(e))) : div(value, rational(10n ** BigInt(-e)))!;
    end += power[0].length;
    while (tokens[next] && tokens[next].start < end) next++;
  }
  if (/[-−–]\s*[$€£]?\s*$/.test(s.slice(0, first.start))) value = rational(-value.n, value.d);
  const percent = /^\s*(?:%|percent\b|per\s+cent\b)/i.test(s.slice(end));
  const alternative = tokens[next];
  const joint = alternative ? s.slice(end, alternative.start) : '';
  const hedged = alternative && /^\s*%?\s*(?:[a-z]+\s+)?(?:or|to|[-–])\s*[$€£]?\s*$/i.test(joint) && !equal(alternative.value, value);
  return { kind: 'number', value, decimals, percent, ...(hedged ? { hedge: s.slice(first.start, alternative.end) } : {}) };
}

/** What the question asks for: a percentage, a fraction (or decimal, ratio), an amount in cents, or none of these. */
export function questionAsks(question: string | undefined): 'percent' | 'fraction' | 'cents' | undefined {
  if (!question) return undefined;
  const sentences = question.trim().split(/(?<=[.?!])\s+/);
  const asking = sentences.filter((x) => x.includes('?')).pop() ?? sentences[sentences.length - 1];
  if (/percent|%/i.test(asking)) return 'percent';
  if (/\b(?:fraction|ratio|proportion|decimal)\b/i.test(asking)) return 'fraction';
  if (/\bcents?\b/i.test(asking)) return 'cents';
  return undefined;
}

/** Equal by the one tolerance rule: the less precise of the two is the other rounded or truncated to its decimals. */
function same(a: Rational, aDecimals: number, b: Rational, bDecimals: number): boolean {
  return aDecimals <= bDecimals ? statedAgrees(b, a, aDecimals, false) : statedAgrees(a, b, bDecimals, false);
}

export interface Agreement {
  readonly agree: boolean;
  /** Why not, when it is not just a different number. */
  readonly reason?: string;
}

/** Whether `answer` is `reference`, for the question when it is known. */
export function compareAnswers(answer: string, reference: string, question?: string): Agreement {
  const a = readAnswer(answer);
  const r = readAnswer(reference);
  if (a.kind === 'number' && a.hedge) return { agree: false, reason: `the final answer hedges (${a.hedge}); a hedge is not an answer` };
  if (a.kind !== 'number' || r.kind !== 'number') return { agree: a.kind === 'text' && r.kind === 'text' && a.text === r.text };
  const asks = questionAsks(question);
  const eq = (x: Rational, y: Rational) => same(x, a.decimals, y, r.decimals);
  if (a.percent === r.percent) {
    // 0.5 for a question asking the percentage whose reference is 50 (or 50%): the same share;
    // $0.25 for a question asking the cents, 25: the same amount.
    return { agree: eq(a.value, r.value) || ((asks === 'percent' || asks === 'cents' || r.percent) && eq(mul(a.value, HUNDRED), r.value)) };
  }
  if (a.percent) {
    if (asks === 'percent' || question === undefined) return { agree: eq(a.value, r.value) };
    if (asks === 'fraction') return { agree: eq(div(a.value, HUNDRED)!, r.value) };
    return { agree: false, reason: `the final answer is a percentage (${answer.trim()}) but the question asks for a quantity, ${reference.trim()}` };
  }
  return { agree: eq(a.value, r.value) || eq(mul(a.value, HUNDRED), r.value) };
}

/** Whether two answers agree (no question known). */
export function answersAgree(a: string, b: string, question?: string): boolean {
  return compareAnswers(a, b, question).agree;
}

