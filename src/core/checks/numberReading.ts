// Numbers as solutions write them, each with its place in the text: digits with thousands
// separators (comma, space, thin space, "1.000,5"), a decimal comma where it cannot be a thousands
// separator ("1,5", not "1,500"), e-notation ("1e3"), and number words to the billions with
// fractions ("three quarters", "one and a half", "a third"). Values are exact rationals.
import { add, parseDecimal, rational, type Rational } from './exactRational';

export interface NumberToken {
  readonly start: number;
  readonly end: number;
  readonly value: Rational;
  /** Decimals as written (0 for words): the precision the tolerance rule allows it. */
  readonly decimals: number;
  readonly words: boolean;
  /** A fraction word ("half", "two thirds"), so "of" after it multiplies. */
  readonly fraction: boolean;
}

const DIGIT = /\d/g;
const PLAIN_DIGITS = /^\d+$/;
const SPACE = '[ \\u00a0\\u2009\\u202f]';
// Order matters: the longest reading first. A token never starts or ends inside a word or number.
const DIGITS = new RegExp([
  String.raw`\d{1,3}(?:\.\d{3})+,\d+`, // 1.000,5
  String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?`, // 1,000 and 1,000.5
  String.raw`\d{1,3}(?:${SPACE}\d{3})+(?:[.,]\d+)?`, // 1 000 and 1 000,5
  String.raw`\d+,\d{1,2}(?!,\d)`, // 1,5 (a decimal comma: two digits at most after it)
  String.raw`\d*\.?\d+(?:[eE][+-]?\d{1,3}(?![A-Za-z]))?`, // 120, 1.5, .25, 1e3
].map((f) => `(?:${f})(?!\\d)`).join('|'), 'y');

const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const SCALES: Record<string, bigint> = { thousand: 1000n, million: 1_000_000n, billion: 1_000_000_000n };
const PARTS: Record<string, bigint> = {
  half: 2n, halves: 2n, third: 3n, thirds: 3n, quarter: 4n, quarters: 4n, fourth: 4n, fourths: 4n, fifth: 5n, fifths: 5n,
  sixth: 6n, sixths: 6n, seventh: 7n, sevenths: 7n, eighth: 8n, eighths: 8n, ninth: 9n, ninths: 9n, tenth: 10n, tenths: 10n,
};
const WORD_LIST = [...Object.keys(UNITS), 'hundred', 'dozen', ...Object.keys(SCALES), ...Object.keys(PARTS)];
// Where a number in words may start: a number word, or "a"/"an" before a scale or a part. Ordinal
// parts ("third", "fifth") start a number only after a count ("a third", "two fifths"); see readWords.
// `\b`, not a look-behind: the look-behind made this scan three times slower on long prose.
const WORD_START = new RegExp(String.raw`\b(?:an?\s+(?=(?:half|quarter|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|hundred|thousand|million|billion|dozen)\b)|(?:${WORD_LIST.join('|')})\b)`, 'gi');
/** The value of a number written with digits (separators as DIGITS reads them), or undefined. */
export function digitsValue(raw: string): { value: Rational; decimals: number } | undefined {
  // Most numbers are plain whole numbers: no separators to read, exact as a double up to 2^53.
  if (raw.length < 16 && PLAIN_DIGITS.test(raw)) return { value: { n: BigInt(Number(raw)), d: 1n }, decimals: 0 };
  let s = raw.replace(/[ \u00a0\u2009\u202f]/g, '');
  const comma = s.lastIndexOf(',');
  const point = s.lastIndexOf('.');
  if (comma >= 0 && point >= 0) s = comma > point ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  else if (comma >= 0) s = /^\d{1,3}(?:,\d{3})+$/.test(s) ? s.replace(/,/g, '') : s.replace(',', '.');
  const value = parseDecimal(s);
  if (!value) return undefined;
  const decimals = /\.(\d+)/.exec(s.replace(/[eE].*$/, ''))?.[1].length ?? 0;
  return { value, decimals };
}

const WORD = /([\s-]*)([A-Za-z]+)/y;

/** Whether `v` can follow `current` in one number ("twenty five", "hundred five"; not "two three"). */
const canAdd = (current: bigint, v: bigint) => current === 0n || current % 100n === 0n || (current % 10n === 0n && current % 100n >= 20n && v < 10n);

/** The number written in digits exactly at `at` (no words), with where it ends. */
export function digitsAt(text: string, at: number): { end: number; value: Rational; decimals: number } | undefined {
  DIGITS.lastIndex = at;
  const m = DIGITS.exec(text);
  const v = m && digitsValue(m[0]);
  return v ? { end: at + m[0].length, ...v } : undefined;
}

/** Reads a number in words starting at `from`, or undefined (e.g. a lone ordinal "third"). */
function readWords(text: string, from: number): { end: number; value: Rational; fraction: boolean } | undefined {
  let total = 0n;
  let current = 0n;
  let any = false;
  let end = from;
  let and = false;
  let article = false;
  WORD.lastIndex = from;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    if (m.index > from && !m[1]) break;
    if (m[1].includes('\n')) break;
    const w = m[2].toLowerCase();
    const wordEnd = m.index + m[0].length;
    if (w === 'and') {
      if (!any || and || article) break;
      and = true;
      continue;
    }
    if (w === 'a' || w === 'an') {
      if (article || (any && !and)) break;
      article = true;
      continue;
    }
    if (w in PARTS) {
      const d = PARTS[w];
      const singular = w === 'half' || !w.endsWith('s');
      if (and && article && singular) return { end: wordEnd, value: add(rational(total + current), rational(1n, d)), fraction: true };
      if (and) break;
      if (article && singular && !any) return { end: wordEnd, value: rational(1n, d), fraction: true };
      if (!any) return w === 'half' || w === 'quarter' ? { end: wordEnd, value: rational(1n, d), fraction: true } : undefined;
      return { end: wordEnd, value: rational(total + current, d), fraction: true };
    }
    if (article && and) break;
    if (w in UNITS) {
      const v = BigInt(UNITS[w]);
      if (article || (any && !canAdd(current, v)) || (and && current % 100n !== 0n && current !== 0n)) break;
      current += v;
    } else if (w === 'hundred' || w === 'dozen') {
      // A bare "dozen" ("12 eggs/dozen", "3 dozen") is a unit, not a number; "a dozen" is 12.
      if (and || (current % 100n === 0n && current !== 0n) || (!any && !article)) break;
      current = (current || 1n) * (w === 'hundred' ? 100n : 12n);
    } else if (w in SCALES) {
      if (and || (!any && !article)) break;
      total += (current || 1n) * SCALES[w];
      current = 0n;
    } else break;
    any = true;
    article = false;
    and = false;
    end = wordEnd;
  }
  return any ? { end, value: rational(total + current), fraction: false } : undefined;
}

/** A number in digits. Its value is worked out when a step or an answer asks for it: most numbers in a text never are. */
class DigitToken implements NumberToken {
  readonly words = false;
  readonly fraction = false;
  private read: { value: Rational; decimals: number } | undefined;
  constructor(readonly start: number, readonly end: number, private readonly raw: string) {}
  get value(): Rational {
    return this.parsed().value;
  }
  get decimals(): number {
    return this.parsed().decimals;
  }
  private parsed() {
    // DIGITS only matches what digitsValue reads, so the fallback is never taken.
    return (this.read ??= digitsValue(this.raw) ?? { value: rational(0n), decimals: 0 });
  }
}

const WORD_BEFORE = /[\w.,]/;
const DIGIT_CHAR = /\d/;
const WORD_OR_POINT = /[\w.]/;

/** Every number in `text`, in order, digits and words. */
export function numberTokens(text: string): NumberToken[] {
  const out: NumberToken[] = [];
  DIGIT.lastIndex = 0;
  for (let d = DIGIT.exec(text); d; d = DIGIT.exec(text)) {
    let i = d.index;
    const before = i > 0 ? text[i - 1] : ' ';
    if (WORD_BEFORE.test(before) && !(before === '.' && !DIGIT_CHAR.test(text[i - 2] ?? ''))) continue;
    DIGITS.lastIndex = i;
    const m = DIGITS.exec(text);
    if (!m) continue;
    let raw = m[0];
    const end = i + raw.length;
    // A leading ".25" belongs to the number: take the point when it is not a sentence's end.
    if (before === '.' && PLAIN_DIGITS.test(raw) && !WORD_OR_POINT.test(text[i - 2] ?? ' ')) {
      raw = `.${raw}`;
      i--;
    }
    out.push(new DigitToken(i, end, raw));
    DIGIT.lastIndex = end;
  }
  WORD_START.lastIndex = 0;
  let words: NumberToken[] | undefined;
  for (let m = WORD_START.exec(text); m; m = WORD_START.exec(text)) {
    const r = readWords(text, m.index);
    if (!r) continue;
    (words ??= []).push({ start: m.index, end: r.end, value: r.value, decimals: 0, words: true, fraction: r.fraction });
    WORD_START.lastIndex = Math.max(r.end, m.index + 1);
  }
  return words ? [...out, ...words].sort((a, b) => a.start - b.start) : out;
}
