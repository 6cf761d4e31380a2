// The texts a sample is made of (each turn, instruction, input, output, question, answer), named
// by a stable part id. The panel marks the selected part with its id; `e` then edits that text
// alone in an editor tab, and saving writes it back into the sample as a new revision.
import { markedFinalAnswer } from './sampleFormats';
import type { NormalizedSample, Turn } from './sampleModel';
import { turnPartId, type PartId, type TurnListName } from './samplePartIds';

export interface TextPart {
  readonly id: PartId;
  /** How a reviewer names it: `turn 3 (assistant)`, `chosen turn 1 (assistant)`, `instruction`. */
  readonly label: string;
  readonly text: string;
}

function turnParts(list: TurnListName, turns: readonly Turn[]): TextPart[] {
  const prefix = list === 'turn' ? '' : `${list} `;
  return turns.map((t, i) => ({ id: turnPartId(list, i), label: `${prefix}turn ${i + 1} (${t.role})`, text: t.content }));
}

/** Every text of the sample, in the order the panel shows them (preference pairs unswapped). */
export function textParts(s: NormalizedSample): TextPart[] {
  switch (s.kind) {
    case 'chat':
      return turnParts('turn', s.turns);
    case 'instruction':
      return [
        ...(s.system !== undefined ? [{ id: 'system', label: 'system', text: s.system }] : []),
        ...turnParts('history', s.history ?? []),
        { id: 'instruction', label: 'instruction', text: s.instruction },
        { id: 'input', label: 'input', text: s.input },
        { id: 'output', label: 'output', text: s.output },
      ];
    case 'preference':
      return [...turnParts('prompt', s.prompt), ...turnParts('chosen', s.chosen), ...turnParts('rejected', s.rejected)];
    case 'qa':
      return [{ id: 'question', label: 'question', text: s.question }, { id: 'answer', label: 'answer', text: s.answer }];
  }
}

export function partOf(s: NormalizedSample, id: PartId): TextPart | undefined {
  return textParts(s).find((p) => p.id === id);
}

function replaceTurn(turns: readonly Turn[], list: TurnListName, id: PartId, text: string): Turn[] | undefined {
  const m = new RegExp(`^${list}(\\d+)$`).exec(id);
  const i = m ? Number(m[1]) - 1 : -1;
  if (i < 0 || i >= turns.length) return undefined;
  return turns.map((t, j) => (j === i ? { ...t, content: text } : t));
}

/** The sample with one part's text replaced; throws when the sample has no such part. */
export function withPartText(s: NormalizedSample, id: PartId, text: string): NormalizedSample {
  const missing = (): never => {
    throw new Error(`the sample has no part "${id}" any more (its shape changed since the tab was opened)`);
  };
  switch (s.kind) {
    case 'chat':
      return { ...s, turns: replaceTurn(s.turns, 'turn', id, text) ?? missing() };
    case 'instruction': {
      if (id === 'instruction' || id === 'input' || id === 'output') return { ...s, [id]: text };
      if (id === 'system' && s.system !== undefined) return { ...s, system: text };
      return { ...s, history: replaceTurn(s.history ?? [], 'history', id, text) ?? missing() };
    }
    case 'preference': {
      for (const list of ['prompt', 'chosen', 'rejected'] as const) {
        const turns = replaceTurn(s[list], list, id, text);
        if (turns) return { ...s, [list]: turns };
      }
      return missing();
    }
    case 'qa': {
      if (id === 'question') return { ...s, question: text };
      if (id !== 'answer') return missing();
      // The marked final answer is read from the solution, so it follows an edit of the solution.
      const { finalAnswer: _old, ...rest } = s;
      const finalAnswer = markedFinalAnswer(text);
      return { ...rest, answer: text, ...(finalAnswer !== undefined ? { finalAnswer } : {}) };
    }
  }
}
