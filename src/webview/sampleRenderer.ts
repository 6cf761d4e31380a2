// Renders one sample in full: chat turns by role, instruction/input/output, preference pairs side
// by side, question with its final answer marked.
// Every text carries its part id (`data-part`), so a turn can be selected and edited alone.
import { turnPartId, type TurnListName } from '../core/samplePartIds';
import type { LabelView, NormalizedSample, Provenance, SampleChecksView, SampleView } from '../protocol';
import { el, markedTextBlock, textBlock } from './dom';

type Turn = { readonly role: string; readonly content: string; readonly weight?: number };

function turns(list: readonly Turn[], name: TurnListName): HTMLElement {
  return el('div', { class: 'turns' }, ...list.map((t, i) =>
    el('div', { class: `turn role-${t.role}${t.weight === 0 ? ' weight-0' : ''}`, 'data-part': turnPartId(name, i) },
      el('div', { class: 'role' }, t.role, ...(t.weight !== undefined ? [` · weight ${t.weight}`] : [])), textBlock(t.content))));
}

/** One line of who/what made the sample; unknown fields are said to be unknown, not hidden. */
function provenanceLine(p: Provenance): HTMLElement {
  const parts: string[] = [
    `model: ${p.model ?? 'unknown'}${p.modelVersion ? ` ${p.modelVersion}` : ''}`,
    `licence: ${p.licence ?? 'unknown'}`,
    `origin: ${p.origin}${p.depth !== undefined ? `, depth ${p.depth}` : ''}`,
  ];
  if (p.template) parts.push(`template: ${p.template}`);
  if (p.parent) parts.push(`parent: ${p.parent}`);
  const params = Object.entries(p.params);
  if (params.length) parts.push(params.map(([k, v]) => `${k}=${String(v)}`).join(' '));
  return el('p', { class: 'provenance' }, parts.join(' · '));
}

function field(label: string, text: string, part: string): HTMLElement {
  return el('section', { class: 'field', 'data-part': part }, el('h3', {}, label), textBlock(text));
}

export interface RenderOptions {
  /** Draw a preference pair's rejected side first (the `x` key). */
  readonly swapped: boolean;
  readonly labels: readonly LabelView[];
}

function body(s: NormalizedSample, options: RenderOptions): HTMLElement {
  switch (s.kind) {
    case 'chat':
      return el('div', { class: 'chat' }, turns(s.turns, 'turn'),
        ...(s.label !== undefined ? [el('p', { class: `unpaired-label ${s.label ? 'good' : 'bad'}` }, `Label: ${s.label ? 'desirable' : 'undesirable'} completion`)] : []));
    case 'instruction':
      return el('div', { class: 'instruction' },
        ...(s.system ? [field('System', s.system, 'system')] : []),
        ...(s.history?.length ? [el('section', { class: 'field' }, el('h3', {}, 'History'), turns(s.history, 'history'))] : []),
        field('Instruction', s.instruction, 'instruction'),
        ...(s.input ? [field('Input', s.input, 'input')] : []), field('Output', s.output, 'output'));
    case 'preference':
      return el('div', { class: 'preference' },
        el('section', { class: 'field' }, el('h3', {}, 'Prompt'), turns(s.prompt, 'prompt')),
        el('div', { class: 'pair' }, ...(() => {
          const chosen = el('section', { class: 'side chosen' }, el('h3', {}, 'Chosen'), turns(s.chosen, 'chosen'));
          const rejected = el('section', { class: 'side rejected' }, el('h3', {}, 'Rejected'), turns(s.rejected, 'rejected'));
          return options.swapped ? [rejected, chosen] : [chosen, rejected];
        })()));
    case 'qa':
      return el('div', { class: 'qa' }, field('Question', s.question, 'question'), field('Answer', s.answer, 'answer'),
        ...(s.finalAnswer !== undefined ? [el('p', { class: 'final-answer' }, 'Final answer: ', el('strong', {}, s.finalAnswer))] : []));
  }
}

/** Labels as chips in their theme colour, the rating as stars, the note as text. */
function annotationsLine(view: SampleView, options: RenderOptions): HTMLElement | undefined {
  const a = view.annotations;
  if (!a || (!a.labels.length && !a.rating && a.note === undefined)) return undefined;
  const chips = a.labels.map((name) => {
    const chip = el('span', { class: 'chip' }, name);
    const color = options.labels.find((l) => l.name === name)?.color;
    if (color) chip.style.borderColor = color;
    return chip;
  });
  return el('div', { class: 'annotations' }, ...chips,
    ...(a.rating ? [el('span', { class: 'rating', 'aria-label': `rated ${a.rating} of 5` }, `${'★'.repeat(a.rating)}${'☆'.repeat(5 - a.rating)}`)] : []),
    ...(a.note !== undefined ? [el('span', { class: 'note' }, `Note: ${a.note}`)] : []));
}

/**
 * What the checks found: near-duplicate cluster (c opens it), the benchmark item side by side with
 * the sample, overlaps marked, and the verifier's result with wrong calculations marked.
 */
function checksSection(c: SampleChecksView): HTMLElement {
  const parts: HTMLElement[] = [];
  if (c.duplicate) {
    const d = c.duplicate;
    parts.push(el('p', { class: 'check check-duplicate', role: 'note' },
      el('strong', {}, 'Near-duplicate'), ` · cluster of ${d.members} (similarity up to ${d.similarity.toFixed(2)})`,
      d.acceptedOthers ? ` · ${d.acceptedOthers} already accepted` : '', ' · press ', el('kbd', {}, 'c'), ' to compare'));
  }
  if (c.contamination) {
    const m = c.contamination;
    parts.push(el('section', { class: 'check check-contamination', id: 'contamination', 'aria-label': 'Benchmark match' },
      el('h3', {}, `Benchmark match: ${m.benchmark} item ${m.item} (${m.method}, ${m.overlaps} overlap${m.overlaps === 1 ? '' : 's'})`),
      el('div', { class: 'side-by-side' },
        el('section', { class: 'side' }, el('h4', {}, 'This sample'), markedTextBlock(m.sampleText, m.sampleRanges)),
        el('section', { class: 'side' }, el('h4', {}, `${m.benchmark} #${m.item}`), markedTextBlock(m.itemText, m.itemRanges)))));
  }
  if (c.verifier) {
    const v = c.verifier;
    const status = v.status === 'pass' ? 'pass' : v.status === 'fail' ? 'fail' : 'no reference';
    parts.push(el('section', { class: `check check-verifier verifier-${v.status}`, id: 'verifier', 'aria-label': 'Verifier' },
      el('h3', {}, `Verifier: ${status}`, v.reason ? ` — ${v.reason}` : ''),
      el('p', { class: 'verifier-answers' }, `final answer: ${v.finalAnswer ?? 'none found'}`, v.reference !== undefined ? ` · reference: ${v.reference}` : '', ` · ${v.steps} calculation${v.steps === 1 ? '' : 's'} checked`),
      ...(v.wrongSteps.length ? [el('details', { class: 'verifier-solution', open: '' }, el('summary', {}, `${v.wrongSteps.length} wrong calculation${v.wrongSteps.length === 1 ? '' : 's'} marked`),
        markedTextBlock(v.solution, v.wrongSteps.map((w) => w.range)),
        el('ul', {}, ...v.wrongSteps.map((w) => el('li', {}, `${v.solution.slice(w.range[0], w.range[1])} — should give ${+w.expected.toFixed(6)}`))))] : [])));
  }
  return el('div', { class: 'checks', id: 'checks' }, ...parts);
}

export function renderSample(view: SampleView, options: RenderOptions = { swapped: false, labels: [] }): HTMLElement {
  const { row } = view;
  const meta = el('p', { class: 'meta' },
    el('span', { class: `verdict verdict-${row.verdict}` }, row.verdict), ' · ',
    el('a', { class: 'source-link', href: '#', 'data-open-source': '', title: 'Open the source file at this line' }, `${row.source}:${row.line}`), ' · ', view.format ?? row.kind, ' · ', el('code', {}, row.id),
    ...(row.copy ? [' · ', el('span', { class: 'copy', title: `An exact copy of an earlier record (content hash ${row.copy.contentHash}); it has its own verdict` }, `copy ${row.copy.n}`)] : []),
    ...(view.revision ? [' · ', el('span', { class: 'edited', title: 'Edited in the store; the source file is unchanged (d: diff with the original)' }, `edited (revision ${view.revision})`)] : []));
  if (view.error || !view.normalized) {
    return el('article', { class: 'sample invalid', 'aria-label': `Sample ${row.index + 1}` }, meta, el('p', { class: 'error', role: 'note' }, view.error ?? 'unreadable sample'));
  }
  const annotations = annotationsLine(view, options);
  const changes = view.revisionDiff
    ? [el('details', { class: 'revision-diff' }, el('summary', {}, `Changes in revision ${view.revision ?? ''} (original → current)`),
        el('div', { class: 'diff' }, ...view.revisionDiff.map((l) =>
          el('div', { class: `diff-line diff-${l.op}` }, `${l.op === 'add' ? '+' : l.op === 'del' ? '-' : ' '} ${l.text}`))))]
    : [];
  return el('article', { class: `sample kind-${view.normalized.kind}`, 'aria-label': `Sample ${row.index + 1}` }, meta,
    ...(view.provenance ? [provenanceLine(view.provenance)] : []), ...(annotations ? [annotations] : []),
    ...(view.checks ? [checksSection(view.checks)] : []), ...changes, body(view.normalized, options));
}
