// Renders one sample in full: chat turns by role, instruction/input/output, preference pairs side
// by side, question with its final answer marked.
import type { NormalizedSample, SampleView } from '../protocol';
import { el, textBlock } from './dom';

type Turn = { readonly role: string; readonly content: string };

function turns(list: readonly Turn[]): HTMLElement {
  return el('div', { class: 'turns' }, ...list.map((t) => el('div', { class: `turn role-${t.role}` }, el('div', { class: 'role' }, t.role), textBlock(t.content))));
}

function field(label: string, text: string): HTMLElement {
  return el('section', { class: 'field' }, el('h3', {}, label), textBlock(text));
}

function body(s: NormalizedSample): HTMLElement {
  switch (s.kind) {
    case 'chat':
      return turns(s.turns);
    case 'instruction':
      return el('div', { class: 'instruction' },
        ...(s.system ? [field('System', s.system)] : []), field('Instruction', s.instruction),
        ...(s.input ? [field('Input', s.input)] : []), field('Output', s.output));
    case 'preference':
      return el('div', { class: 'preference' },
        el('section', { class: 'field' }, el('h3', {}, 'Prompt'), turns(s.prompt)),
        el('div', { class: 'pair' },
          el('section', { class: 'side chosen' }, el('h3', {}, 'Chosen'), turns(s.chosen)),
          el('section', { class: 'side rejected' }, el('h3', {}, 'Rejected'), turns(s.rejected))));
    case 'qa':
      return el('div', { class: 'qa' }, field('Question', s.question), field('Answer', s.answer),
        ...(s.finalAnswer !== undefined ? [el('p', { class: 'final-answer' }, 'Final answer: ', el('strong', {}, s.finalAnswer))] : []));
  }
}

export function renderSample(view: SampleView): HTMLElement {
  const { row } = view;
  const meta = el('p', { class: 'meta' },
    el('span', { class: `verdict verdict-${row.verdict}` }, row.verdict), ' · ',
    `${row.source}:${row.line}`, ' · ', view.format ?? row.kind, ' · ', el('code', {}, row.id));
  if (view.error || !view.normalized) {
    return el('article', { class: 'sample invalid', 'aria-label': `Sample ${row.index + 1}` }, meta, el('p', { class: 'error', role: 'note' }, view.error ?? 'unreadable sample'));
  }
  return el('article', { class: `sample kind-${view.normalized.kind}`, 'aria-label': `Sample ${row.index + 1}` }, meta, body(view.normalized));
}
