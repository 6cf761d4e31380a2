// What the checks read of a sample: all of its text (near-duplicates, contamination), and for
// the verifier the question, the solution and a reference answer when the record carries one.
// `all` is built from pieces (each a turn or a named field) so a position in it can be traced back
// to the text it came from (the language server underlines it in the line).
import type { NormalizedSample, Turn } from '../formats/sampleModel';

/** One text of the sample: a turn, or a field of an instruction or QA sample (by normalized name). */
export interface TextPiece {
  readonly text: string;
  readonly turn?: Turn;
  readonly field?: 'question' | 'answer' | 'instruction' | 'input' | 'output' | 'system';
}

/** What joins the pieces in `all`. */
export const PIECE_SEPARATOR = '\n\n';

export interface CheckText {
  /** Every text of the sample, the pieces joined by PIECE_SEPARATOR. */
  readonly all: string;
  readonly pieces: readonly TextPiece[];
  /** The question or first user turn. */
  readonly question?: string;
  /** The answer to verify: the QA answer, the instruction's output, the last assistant turn. */
  readonly solution?: string;
  /** Which of `pieces` the solution is, when it is one of them. */
  readonly solutionPiece?: number;
}

const turnPieces = (turns: readonly Turn[]): TextPiece[] => turns.map((turn) => ({ text: turn.content, turn }));
const lastIndex = (pieces: readonly TextPiece[], role: Turn['role'], from = 0, to = pieces.length) => {
  for (let i = to - 1; i >= from; i--) if (pieces[i].turn?.role === role) return i;
  return -1;
};
const first = (turns: readonly Turn[], role: Turn['role']) => turns.find((t) => t.role === role)?.content;

function withSolution(pieces: readonly TextPiece[], question: string | undefined, at: number, solution?: string): CheckText {
  const text = at >= 0 ? pieces[at].text : solution;
  return {
    all: pieces.map((p) => p.text).join(PIECE_SEPARATOR), pieces,
    ...(question !== undefined ? { question } : {}), ...(text !== undefined ? { solution: text } : {}), ...(at >= 0 ? { solutionPiece: at } : {}),
  };
}

export function checkText(s: NormalizedSample): CheckText {
  switch (s.kind) {
    case 'qa':
      return withSolution([{ text: s.question, field: 'question' }, { text: s.answer, field: 'answer' }], s.question, 1);
    case 'instruction': {
      const all: TextPiece[] = [
        { text: s.system ?? '', field: 'system' }, ...turnPieces(s.history ?? []),
        { text: s.instruction, field: 'instruction' }, { text: s.input, field: 'input' }, { text: s.output, field: 'output' },
      ];
      const pieces = all.filter((p) => p.text);
      return withSolution(pieces, s.input ? `${s.instruction}\n\n${s.input}` : s.instruction, pieces.findIndex((p) => p.field === 'output'), s.output);
    }
    case 'chat': {
      const pieces = turnPieces(s.turns);
      return withSolution(pieces, first(s.turns, 'user'), lastIndex(pieces, 'assistant'));
    }
    case 'preference': {
      // An empty group still counts as one (empty) piece, as `all` has always joined three groups.
      const group = (turns: readonly Turn[]) => (turns.length ? turnPieces(turns) : [{ text: '' }]);
      const prompt = group(s.prompt);
      const chosen = group(s.chosen);
      const pieces = [...prompt, ...chosen, ...group(s.rejected)];
      return withSolution(pieces, first(s.prompt, 'user'), lastIndex(pieces, 'assistant', prompt.length, prompt.length + chosen.length));
    }
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
