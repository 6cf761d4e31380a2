// Seeded variants of the 1,319 GSM8K test reference solutions for `npm run bench:verifier`: each
// solution corrupted in the ways the verifier used to miss (one stated step made wrong, the final
// `####` line untouched, so only the step can catch it) and rewritten correctly in the styles it
// used to flag. The same seed always gives the same variants. The generator's arithmetic is its
// own (plain numbers, results taken from the dataset's own annotations), not the verifier's.

export interface GsmRow {
  readonly question: string;
  readonly answer: string;
}

export const CORRUPTIONS = ['wrong step in words', 'wrong percentage', 'wrong fraction-of', 'wrong step with units', 'annotation/visible mismatch', 'unannotated wrong step'] as const;
export const STYLES = [
  'step in words', 'percent-of step', 'fraction-of step', 'step with units', 'no annotations', 'answer in words', 'answer with units',
  'percent answer', 'no ####', 'boxed', 'unicode minus', '1 000 separators', 'decimal comma', 'e-notation',
] as const;
export type Corruption = (typeof CORRUPTIONS)[number];
export type Style = (typeof STYLES)[number];

export interface Variant {
  readonly row: number;
  readonly kind: Corruption | Style;
  readonly text: string;
  readonly reference: string;
  readonly question: string;
  /** Where the changed step is (corruptions): a catch must mark a step overlapping it. */
  readonly changed?: readonly [number, number];
}

/** One annotated step: the visible expression (when written), the annotation, the number shown after it. */
interface AnnotatedStep {
  readonly start: number;
  readonly annotationStart: number;
  readonly annotationEnd: number;
  readonly end: number;
  readonly visible: boolean;
  readonly expression: string;
  readonly result: number;
  readonly binary?: { readonly a: number; readonly op: string; readonly b: number };
}

const ANNOTATION = /<<([^<>=]*)=([^<>]*)>>/g;

function annotatedSteps(answer: string): AnnotatedStep[] {
  const out: AnnotatedStep[] = [];
  for (const m of answer.matchAll(ANNOTATION)) {
    const at = m.index ?? 0;
    const result = Number(m[2]);
    const shown = /^\d[\d,]*(?:\.\d+)?/.exec(answer.slice(at + m[0].length));
    if (!Number.isFinite(result) || !shown || Number(shown[0].replace(/,/g, '')) !== result) continue;
    const lineStart = answer.lastIndexOf('\n', at) + 1;
    const prefix = /(\$?\.?\d[\d,]*(?:\.\d+)?(?:\s*[-+*/x]\s*\$?\.?\d[\d,]*(?:\.\d+)?)+)\s*=\s*\$?$/.exec(answer.slice(lineStart, at));
    const dollar = answer[at - 1] === '$' ? 1 : 0;
    const bin = /^\s*(\d+(?:\.\d+)?)\s*([-+*/])\s*(\d+(?:\.\d+)?)\s*$/.exec(m[1]);
    out.push({
      start: prefix ? lineStart + (prefix.index ?? 0) : at - dollar, annotationStart: at, annotationEnd: at + m[0].length,
      end: at + m[0].length + shown[0].length, visible: !!prefix, expression: m[1], result,
      ...(bin ? { binary: { a: Number(bin[1]), op: bin[2], b: Number(bin[3]) } } : {}),
    });
  }
  return out;
}

const SMALL = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen',
  'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** A whole number below a billion in English words ("one hundred twenty-five thousand"). */
export function inWords(n: number): string {
  if (n < 20) return SMALL[n];
  if (n < 100) return TENS[Math.floor(n / 10)] + (n % 10 ? `-${SMALL[n % 10]}` : '');
  if (n < 1000) return `${SMALL[Math.floor(n / 100)]} hundred${n % 100 ? ` ${inWords(n % 100)}` : ''}`;
  if (n < 1e6) return `${inWords(Math.floor(n / 1000))} thousand${n % 1000 ? ` ${inWords(n % 1000)}` : ''}`;
  return `${inWords(Math.floor(n / 1e6))} million${n % 1e6 ? ` ${inWords(n % 1e6)}` : ''}`;
}

const pick = <T>(next: () => number, xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
const isWhole = (x: number) => Number.isInteger(x) && x >= 0 && x < 1e9;
/** Two decimals at most, as a JS number prints it. */
const plain = (x: number) => String(+x.toFixed(2));
const tidy = (x: number) => Math.abs(x - +x.toFixed(2)) < 1e-9;

/** A wrong result near `c`: off by a small amount or a few percent, never equal, same sign, as precise as `c`. */
function wrong(c: number, next: () => number): number {
  const whole = Number.isInteger(c);
  for (;;) {
    const d = pick(next, [1, 2, 3, 5, 10, Math.max(1, Math.round(c * 0.1)), Math.max(1, Math.round(c * 0.25))]);
    const w = next() < 0.5 ? c + d : c - d;
    const v = whole ? w : +w.toFixed(2);
    if (v !== c && v >= 0) return v;
  }
}

const OP_WORDS: Record<string, string> = { '+': 'plus', '-': 'minus', '*': 'times', '/': 'divided by' };
const PERCENTS = [10, 20, 25, 40, 50, 75, 150, 200];
const FRACTIONS: readonly [number, number, string][] = [[1, 2, 'half'], [1, 3, 'a third'], [2, 3, 'two thirds'], [1, 4, 'a quarter'], [3, 4, 'three quarters'], [1, 5, 'a fifth'], [2, 5, 'two fifths'], [3, 5, 'three fifths']];
const UNIT_TEMPLATES: Record<string, readonly ((a: string, b: string, c: string) => string)[]> = {
  '*': [
    (a, b, c) => `${a} kg x ${b} = ${c} kg`, (a, b, c) => `${a} km/h × ${b} h = ${c} km`, (a, b, c) => `${a} hours * ${b} min/hour = ${c} min`,
    (a, b, c) => `$${a} per hour * ${b} hours = $${c}`, (a, b, c) => `${a} boxes * ${b} pencils = ${c} pencils`,
  ],
  '+': [(a, b, c) => `${a} m + ${b} m = ${c} m`, (a, b, c) => `$${a} + $${b} = $${c}`],
  '-': [(a, b, c) => `${a} kg - ${b} kg = ${c} kg`, (a, b, c) => `${a} minutes - ${b} minutes = ${c} minutes`],
  '/': [(a, b, c) => `${a} km / ${b} h = ${c} km/h`, (a, b, c) => `${a} cookies / ${b} friends = ${c} cookies each`],
};

/** Replaces the step's written region (visible expression, annotation, shown result) with `sentence`. */
function replaceStep(answer: string, s: AnnotatedStep, sentence: string): { text: string; changed: [number, number] } | undefined {
  // Only a step that stands alone in its sentence: not after an operator or a number ("L + ",
  // "9 hours * ", "0."), not before a multiplier ("7 dozen").
  if (/(?:[-+*/x×(]\s*|\d\.?\s*|\d\s*[a-z]+\s*)\$?$/i.test(answer.slice(Math.max(0, s.start - 12), s.start))) return undefined;
  if (/^(?:[A-Za-z]|\s*(?:dozen|hundred|thousand|million|[-+*/x×(]))/i.test(answer.slice(s.end, s.end + 12))) return undefined;
  return { text: answer.slice(0, s.start) + sentence + answer.slice(s.end), changed: [s.start, s.start + sentence.length] };
}

type Rewrite = { text: string; changed: [number, number] } | undefined;

/** The step rewritten in one of the step styles, stating `c` (the true result, or a wrong one). */
function stepRewrite(kind: 'words' | 'percent' | 'fraction' | 'units', answer: string, s: AnnotatedStep, c: number, next: () => number): Rewrite {
  const r = s.result;
  if (kind === 'words') {
    const b = s.binary;
    if (!b || !isWhole(b.a) || !isWhole(b.b) || !isWhole(r) || !isWhole(c) || r >= 1e7) return undefined;
    return replaceStep(answer, s, `${inWords(b.a)} ${OP_WORDS[b.op]} ${inWords(b.b)} is ${inWords(c)}`);
  }
  if (kind === 'percent') {
    if (r <= 0 || !tidy(r)) return undefined;
    const ps = PERCENTS.filter((p) => tidy((r * 100) / p));
    if (!ps.length) return undefined;
    const p = pick(next, ps);
    return replaceStep(answer, s, `${p}${next() < 0.8 ? '%' : ' percent'} of ${plain((r * 100) / p)} is ${plain(c)}`);
  }
  if (kind === 'fraction') {
    if (r <= 0 || !tidy(r)) return undefined;
    const fs = FRACTIONS.filter(([n, d]) => Number.isInteger((r * d) / n) || tidy((r * d) / n));
    if (!fs.length) return undefined;
    const [n, d, words] = pick(next, fs);
    const of = plain((r * d) / n);
    return replaceStep(answer, s, next() < 0.5 ? `${n}/${d} of ${of} is ${plain(c)}` : `${words} of ${of} is ${plain(c)}`);
  }
  const b = s.binary;
  if (!b || !tidy(b.a) || !tidy(b.b) || !tidy(c)) return undefined;
  return replaceStep(answer, s, pick(next, UNIT_TEMPLATES[b.op])(plain(b.a), plain(b.b), plain(c)));
}

/** One corrupted variant of `answer`, or undefined when it has no step of the kind. */
export function corrupt(kind: Corruption, answer: string, next: () => number): Rewrite {
  const steps = annotatedSteps(answer);
  if (!steps.length) return undefined;
  const tries = [...steps].sort(() => next() - 0.5);
  for (const s of tries) {
    const c = wrong(s.result, next);
    let out: Rewrite;
    if (kind === 'wrong step in words') out = stepRewrite('words', answer, s, c, next);
    else if (kind === 'wrong percentage') out = stepRewrite('percent', answer, s, c, next);
    else if (kind === 'wrong fraction-of') out = stepRewrite('fraction', answer, s, c, next);
    else if (kind === 'wrong step with units') out = stepRewrite('units', answer, s, c, next);
    else if (kind === 'annotation/visible mismatch') {
      out = { text: answer.slice(0, s.annotationEnd) + plain(c) + answer.slice(s.end), changed: [s.annotationStart, s.annotationEnd + plain(c).length] };
    } else {
      if (!s.visible) continue;
      // Every annotation removed, then this step's shown result changed.
      const before = stripAnnotations(answer.slice(0, s.annotationStart));
      const after = stripAnnotations(answer.slice(s.end));
      const text = before + plain(c) + after;
      out = { text, changed: [before.lastIndexOf('\n') + 1, before.length + plain(c).length] };
    }
    if (out) return out;
  }
  return undefined;
}

const stripAnnotations = (s: string) => s.replace(ANNOTATION, '');

const finalOf = (answer: string) => answer.slice(answer.lastIndexOf('####') + 4).trim();
const withFinal = (answer: string, line: string) => `${answer.slice(0, answer.lastIndexOf('####'))}${line}`;

/** Numbers written outside annotations, with their positions. */
function visibleNumbers(answer: string): { start: number; end: number; raw: string }[] {
  const blank = answer.replace(ANNOTATION, (a) => '\u0000'.repeat(a.length));
  return [...blank.matchAll(/(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|(?<![\d.,])\d+(?:\.\d+)?(?![\d,])/g)]
    .map((m) => ({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, raw: m[0] }));
}

function replaceNumbers(answer: string, f: (raw: string) => string | undefined): string | undefined {
  let out = '';
  let at = 0;
  let changed = false;
  for (const n of visibleNumbers(answer)) {
    const r = f(n.raw);
    if (r === undefined || r === n.raw) continue;
    out += answer.slice(at, n.start) + r;
    at = n.end;
    changed = true;
  }
  return changed ? out + answer.slice(at) : undefined;
}

const SEPARATORS = [' ', '\u2009', '\u202f'];

/** One correct rewrite of `answer` in `style`, or undefined when the style does not apply to it. */
export function restyle(style: Style, row: GsmRow, next: () => number): string | undefined {
  const { answer, question } = row;
  const final = finalOf(answer);
  const n = Number(final.replace(/,/g, ''));
  const steps = annotatedSteps(answer);
  const someStep = (kind: 'words' | 'percent' | 'fraction' | 'units') => {
    for (const s of [...steps].sort(() => next() - 0.5)) {
      const out = stepRewrite(kind, answer, s, s.result, next);
      if (out) return out.text;
    }
    return undefined;
  };
  switch (style) {
    case 'step in words': return someStep('words');
    case 'percent-of step': return someStep('percent');
    case 'fraction-of step': return someStep('fraction');
    case 'step with units': return someStep('units');
    case 'no annotations': return steps.length ? stripAnnotations(answer) : undefined;
    case 'answer in words': return isWhole(n) ? withFinal(answer, pick(next, [`The answer is ${inWords(n)}.`, `#### ${inWords(n)}`, `So the final answer is ${inWords(n)}`])) : undefined;
    case 'answer with units': {
      const unit = /\$|dollars?/.test(question) ? undefined : /how (?:many|much) ([a-z]+)/i.exec(question)?.[1];
      return withFinal(answer, unit ? `#### ${final} ${unit}` : pick(next, [`#### $${final}`, `The answer is $${final}.`, `#### ${final} dollars`]));
    }
    case 'percent answer': {
      if (!/percent|%/i.test(question.split(/(?<=[.?!])\s+/).filter((x) => x.includes('?')).pop() ?? '')) return undefined;
      return withFinal(answer, pick(next, [
        `#### ${final}%`, `#### ${final} %`, `#### ${final} percent`, `#### ${final} per cent`, `The answer is ${final}%.`, `Answer: ${final}%`,
        `\\boxed{${final}\\%}`, `#### ${plain(n / 100)}`, `The answer is ${plain(n / 100)}.`, `So ${final}% of them.`,
      ]));
    }
    case 'no ####': return answer.slice(0, answer.lastIndexOf('####')).trimEnd();
    case 'boxed': return withFinal(answer, pick(next, [`\\boxed{${final}}`, `The answer is $\\boxed{${final}}$.`]));
    case 'unicode minus': {
      const blank = answer.replace(ANNOTATION, (a) => '\u0000'.repeat(a.length));
      if (!/\d\s*-\s*\$?\d/.test(blank)) return undefined;
      let out = '';
      for (let i = 0; i < answer.length; i++) out += answer[i] === '-' && blank[i] === '-' && /\d\s*$/.test(blank.slice(0, i)) ? '\u2212' : answer[i];
      return out;
    }
    case '1 000 separators': {
      const sep = pick(next, SEPARATORS);
      const group = (raw: string) => {
        const [whole, frac] = raw.replace(/,/g, '').split('.');
        if (whole.length < 4) return undefined;
        return whole.replace(/\B(?=(\d{3})+(?!\d))/g, sep) + (frac ? `.${frac}` : '');
      };
      return replaceNumbers(answer, group);
    }
    case 'decimal comma': {
      // A writer with a decimal comma groups thousands with a space and writes money as "18,00";
      // numbers with three decimals are left alone (there a comma would group thousands).
      const commas = replaceNumbers(answer, (raw) => {
        const [whole, frac] = raw.replace(/,/g, '').split('.');
        if (frac?.length === 3) return undefined;
        const w = whole.length >= 4 ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, pick(next, SEPARATORS)) : whole;
        return frac ? `${w},${frac}` : w;
      }) ?? answer;
      const last = finalOf(commas);
      return /,\d/.test(last) || next() < 0.5 ? (commas === answer ? withFinal(answer, `#### ${last},00`) : commas) : withFinal(commas, `#### ${last},00`);
    }
    case 'e-notation': {
      if (!isWhole(n) || n < 10) return undefined;
      const e = String(n).length - 1;
      const mantissa = String(n / 10 ** e);
      return withFinal(answer, `#### ${mantissa}e${e}`);
    }
  }
}
