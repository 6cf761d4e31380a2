// What the checks read of a sample: all of its text (near-duplicates, contamination), and for
// the verifier the question, the solution and a reference answer when the record carries one.
import type { NormalizedSample, Turn } from './sampleModel';

export interface CheckText {
  /** Every text of the sample, turns joined by blank lines. */
  readonly all: string;
  /** The question or first user turn. */
  readonly question?: string;
  /** The answer to verify: the QA answer, the instruction's output, the last assistant turn. */
  readonly solution?: string;
}

const join = (turns: readonly Turn[]) => turns.map((t) => t.content).join('\n\n');
const last = (turns: readonly Turn[], role: Turn['role']) => [...turns].reverse().find((t) => t.role === role)?.content;
const first = (turns: readonly Turn[], role: Turn['role']) => turns.find((t) => t.role === role)?.content;

export function checkText(s: NormalizedSample): CheckText {
  switch (s.kind) {
    case 'qa':
      return { all: `${s.question}\n\n${s.answer}`, question: s.question, solution: s.answer };
    case 'instruction':
      return {
        all: [s.system, ...(s.history ?? []).map((t) => t.content), s.instruction, s.input, s.output].filter(Boolean).join('\n\n'),
        question: s.input ? `${s.instruction}\n\n${s.input}` : s.instruction,
        solution: s.output,
      };
    case 'chat':
      return { all: join(s.turns), question: first(s.turns, 'user'), solution: last(s.turns, 'assistant') };
    case 'preference':
      return { all: `${join(s.prompt)}\n\n${join(s.chosen)}\n\n${join(s.rejected)}`, question: first(s.prompt, 'user'), solution: last(s.chosen, 'assistant') };
  }
}

const REFERENCE_FIELDS = ['reference_answer', 'reference', 'gold_answer', 'gold', 'ground_truth', 'expected_answer', 'target_answer'];
const NESTED = ['metadata', 'meta', 'info', 'provenance'];

/** A reference answer the record carries (top level, then metadata objects), if any. */
export function referenceOf(record: unknown): string | undefined {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return undefined;
  const r = record as Record<string, unknown>;
  const places = [r, ...NESTED.map((k) => r[k]).filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v))];
  for (const p of places) {
    for (const f of REFERENCE_FIELDS) {
      const v = Object.hasOwn(p, f) ? p[f] : undefined;
      if (typeof v === 'string' && v.trim()) return v.trim();
      if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    }
  }
  return undefined;
}
