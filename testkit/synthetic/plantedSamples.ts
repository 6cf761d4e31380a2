// Seeded makers of the planted samples the checks' proofs count: lightly edited benchmark
// questions, GSM8K solutions with one calculation or the final answer changed, and near-duplicate
// texts at a target Jaccard similarity. The same seed always gives the same variants.

export type LightEdit = 'case' | 'punctuation' | 'number' | 'sentence';
export const LIGHT_EDITS: readonly LightEdit[] = ['case', 'punctuation', 'number', 'sentence'];

const pick = <T>(next: () => number, xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];

/** A number in the text changed to another of the same length (or the text unchanged when it has none). */
function changeOneNumber(text: string, next: () => number): string {
  const numbers = [...text.matchAll(/\d+/g)];
  if (!numbers.length) return text;
  const m = pick(next, numbers);
  const at = m.index ?? 0;
  let changed = m[0];
  while (changed === m[0]) changed = String(Number(m[0]) + 1 + Math.floor(next() * 9));
  return text.slice(0, at) + changed + text.slice(at + m[0].length);
}

const ADDED_SENTENCES = [
  'Show your work step by step.', 'Think carefully before you answer.', 'Give the answer as a whole number.',
  'Explain your reasoning to a classmate.', 'Please be concise.',
];

/** The question with one light edit: case, punctuation, one number changed, or a sentence added. */
export function lightlyEdit(question: string, edit: LightEdit, next: () => number): string {
  switch (edit) {
    case 'case':
      return next() < 0.5 ? question.toUpperCase() : question.toLowerCase();
    case 'punctuation':
      return question.replace(/[.,?!]/g, (c) => (c === '.' ? '!' : c === ',' ? ';' : c === '?' ? '.' : '?')).replace(/'/g, '');
    case 'number':
      return changeOneNumber(question, next);
    case 'sentence':
      return next() < 0.5 ? `${pick(next, ADDED_SENTENCES)} ${question}` : `${question} ${pick(next, ADDED_SENTENCES)}`;
  }
}

/**
 * A GSM8K solution with one number of one calculator annotation `<<a op b=c>>` changed (an operand
 * or the result); without annotations, one number of the text before `####`.
 */
export function changeOneCalculation(answer: string, next: () => number): string {
  const calcs = [...answer.matchAll(/<<[^<>]*>>/g)];
  if (!calcs.length) {
    const at = answer.lastIndexOf('####');
    return changeOneNumber(answer.slice(0, at), next) + answer.slice(at);
  }
  const m = pick(next, calcs);
  const at = m.index ?? 0;
  return answer.slice(0, at) + changeOneNumber(m[0], next) + answer.slice(at + m[0].length);
}

/** A GSM8K solution with the number after `####` changed. */
export function changeFinalAnswer(answer: string, next: () => number): string {
  const at = answer.lastIndexOf('####');
  return answer.slice(0, at) + changeOneNumber(answer.slice(at), next);
}

/**
 * A near-duplicate of a text: words replaced at spread-out positions so that about `target` of
 * the 5-gram shingles survive (J = (S − m)/(S + m) for m changed shingles; each replaced word
 * changes up to 5). The caller measures the exact similarity it got.
 */
export function nearDuplicate(text: string, target: number, next: () => number, vocabulary: readonly string[]): string {
  const words = text.split(' ');
  const shingles = Math.max(1, words.length - 4);
  const changedShingles = (shingles * (1 - target)) / (1 + target);
  const replace = Math.round(changedShingles / 5);
  const step = Math.max(1, Math.floor(words.length / Math.max(1, replace)));
  for (let k = 0; k < replace; k++) {
    const at = Math.min(words.length - 1, k * step + Math.floor(next() * Math.max(1, step - 5)));
    words[at] = `${pick(next, vocabulary)}${next() < 0.5 ? 'x' : 'q'}`;
  }
  return words.join(' ');
}
