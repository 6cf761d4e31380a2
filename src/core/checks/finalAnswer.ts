// Which part of a solution is its final answer: the explicit forms first (`#### N`, the last
// `\boxed{…}`, "the answer is …"), else the final line (the result of its last calculation, else
// the number after its last "is"/"makes"/…, else its last number).
import type { TextSpan } from './contamination';
import { numberTokens } from './numberReading';

export interface FinalAnswer {
  /** The answer as written, e.g. "$1,200", "\frac{3}{4}" or "twelve". */
  readonly text: string;
  readonly span: TextSpan;
  readonly how: '####' | 'boxed' | 'the answer is' | 'final line';
}

/** The closing brace matching the one before `from`, or -1. */
function closeBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

const SAID = /\b(?:the\s+)?(?:final\s+)?answer\s*(?:is|:|=|would\s+be|will\s+be)\s*:?\s*/gi;
const COPULA = /\b(?:is|are|was|were|equals|makes|made|earns|earned|gets|got|has|had|have|needs|costs|pays|paid|spends|spent|saves|saved|total|left|remain|round(?:s|ed)?(?:\s+(?:down|up))?\s+to|about|approximately)\s*[:$€£]?\s*$/i;

const span = (from: number, text: string): TextSpan => [from, from + text.length];

export function extractFinalAnswer(solution: string): FinalAnswer | undefined {
  const hashes = solution.lastIndexOf('####');
  if (hashes >= 0) {
    const lineEnd = solution.indexOf('\n', hashes);
    const raw = solution.slice(hashes + 4, lineEnd < 0 ? undefined : lineEnd);
    const text = raw.trim();
    if (text) return { text, span: span(hashes + 4 + raw.indexOf(text), text), how: '####' };
  }
  const boxed = solution.lastIndexOf('\\boxed{');
  if (boxed >= 0) {
    const end = closeBrace(solution, boxed + 7);
    if (end > 0) return { text: solution.slice(boxed + 7, end).trim(), span: [boxed + 7, end], how: 'boxed' };
  }
  const said = [...solution.matchAll(SAID)].pop();
  if (said?.index !== undefined) {
    const from = said.index + said[0].length;
    const rest = solution.slice(from).split(/\n|\.(?:\s|$)|,\s|;|!|\?/)[0].trim().replace(/[*_]+$/, '');
    if (rest) return { text: rest, span: span(from, rest), how: 'the answer is' };
  }
  return finalLine(solution);
}

/**
 * The answer in the solution's last line: in its last sentence that holds a number (the main
 * clause when it says "because" or "since"), the result of its last calculation unless a number
 * after it is named by "is", "rounds to", …; else the last number so named; else the first number,
 * in digits when there is one ("It would take 15 hours to clean 45 rooms", "Eight doses hold 448 mL").
 */
function finalLine(solution: string): FinalAnswer | undefined {
  const trimmed = solution.trimEnd();
  const lineStart = trimmed.lastIndexOf('\n') + 1;
  const blankLine = trimmed.slice(lineStart).replace(/<<[^<>]*>>/g, (a) => '\u0000'.repeat(a.length));
  const all = numberTokens(blankLine);
  if (!all.length) return undefined;
  const lastNumber = all[all.length - 1].start;
  let from = 0;
  let to = blankLine.length;
  for (const m of blankLine.matchAll(/(?<!\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr))[.!?](?=\s+[A-Z])/g)) {
    const end = (m.index ?? 0) + 1;
    if (end <= lastNumber) from = end;
  }
  // "Since 1.76 is less than 2 inches, he will recycle it in 2 days": the main clause.
  const lead = /^\s*(?:since|because|as|if)\b[^,]*,/i.exec(blankLine.slice(from));
  if (lead && numberTokens(blankLine.slice(from + lead[0].length)).length) from += lead[0].length;
  const because = /\s(?:because|since)\s/i.exec(blankLine.slice(from));
  if (because && numberTokens(blankLine.slice(from, from + because.index)).length) to = from + because.index;
  const start = lineStart + from;
  const blank = blankLine.slice(from, to);
  const tokens = numberTokens(blank);
  if (!tokens.length) return undefined;
  const at = (t: { start: number; end: number }) => {
    // A sign or a fraction's denominator belongs to the answer.
    const s = /[-−]$/.test(blank.slice(0, t.start)) ? t.start - 1 : t.start;
    const e = t.end + (/^\/\d+/.exec(blank.slice(t.end))?.[0].length ?? 0);
    const text = solution.slice(start + s, start + e);
    return { text, span: span(start + s, text), how: 'final line' as const };
  };
  const named = (t: { start: number }) => COPULA.test(blank.slice(Math.max(0, t.start - 24), t.start).replace(/[-−]$/, ''));
  let result: (typeof tokens)[number] | undefined;
  const lastAnnotation = blank.lastIndexOf('\u0000');
  if (lastAnnotation >= 0) result = tokens.find((t) => t.start > lastAnnotation && !blank.slice(lastAnnotation + 1, t.start).trim().replace(/^[$€£]/, ''));
  const lastEquals = blank.lastIndexOf('=');
  if (!result && lastEquals >= 0) {
    const r = tokens.find((t) => t.start > lastEquals);
    if (r && /^\s*[-−]?\s*[$€£]?\s*$/.test(blank.slice(lastEquals + 1, r.start))) result = r;
  }
  const lastNamed = [...tokens].reverse().find(named);
  if (result) return at(lastNamed && lastNamed.start > result.start ? lastNamed : result);
  return at(lastNamed ?? tokens.find((t) => !t.words) ?? tokens[0]);
}
