// Renders one sample in full: chat turns by role (tool calls with their arguments, each tool
// result tied to its call), instruction/input/output, preference pairs side by side, question with
// its final answer marked; beside it who made it, the reviewer's annotations, a model judge's
// score (a suggestion), the team's opinions and what the checks found.
// Every text carries its part id (`data-part`), so a turn can be selected and edited alone.
import type { JsonValue, ToolCall, Turn } from '../core/formats/sampleModel';
import { turnPartId, type TurnListName } from '../core/formats/samplePartIds';
import { formatToolArguments, toolResultCalls, type CallRef } from '../core/formats/toolUse';
import type { JudgeScoreRead } from '../core/formats/judgeScores';
import type { CandidateLine, JudgeSides, LabelView, NormalizedSample, Provenance, SampleChecksView, SampleView, TeamSampleView } from '../protocol';
import { el, markedTextBlock, textBlock } from './dom';
import { labelChip } from './labelChips';

/**
 * Element ids for the jumps between a call and its result (unique per turn list). Jumps are
 * buttons with `data-jump`, not links: the panel makes no anchors but its own source link.
 */
const callAnchor = (name: TurnListName, ref: CallRef) => `${turnPartId(name, ref.turn)}-call${ref.call + 1}`;
const resultAnchor = (name: TurnListName, turn: number) => `${turnPartId(name, turn)}-result`;

function jump(to: string, label: string): HTMLElement {
  return el('button', { type: 'button', class: 'tool-link', 'data-jump': to }, label);
}

/** One call: the function's name and id, then its arguments (pretty JSON, or the text as written). */
function toolCallBox(c: ToolCall, name: TurnListName, ref: CallRef, resultTurn: number | undefined): HTMLElement {
  return el('div', { class: 'tool-call', id: callAnchor(name, ref) },
    el('div', { class: 'tool-call-head' }, 'calls ', el('code', { class: 'tool-name' }, c.name),
      ...(c.id !== undefined ? [' · ', el('code', { class: 'tool-call-id' }, c.id)] : []),
      ...(resultTurn !== undefined
        ? [' · ', jump(resultAnchor(name, resultTurn), `result in turn ${resultTurn + 1}`)]
        : [' · ', el('span', { class: 'tool-unanswered' }, 'no result in this list')])),
    textBlock(formatToolArguments(c.arguments), 'text tool-arguments'));
}

/** What a tool turn answers: a link back to its call, or what the record names when no call matches. */
function toolResultHead(t: Turn, name: TurnListName, i: number, call: { readonly ref: CallRef; readonly call: ToolCall } | undefined): HTMLElement {
  const what = call
    ? ['result of ', el('code', { class: 'tool-name' }, call.call.name), ...(call.call.id !== undefined ? [' ', el('code', { class: 'tool-call-id' }, call.call.id)] : []),
        ' · ', jump(callAnchor(name, call.ref), `call in turn ${call.ref.turn + 1}`)]
    : ['result of ', ...(t.name !== undefined ? [el('code', { class: 'tool-name' }, t.name)] : ['a call']),
        ...(t.toolCallId !== undefined ? [' ', el('code', { class: 'tool-call-id' }, t.toolCallId)] : []), ' (no matching call in this list)'];
  return el('div', { class: 'tool-result-head', id: resultAnchor(name, i) }, ...what);
}

function turns(list: readonly Turn[], name: TurnListName): HTMLElement {
  const results = toolResultCalls(list);
  const answeredBy = new Map<string, number>();
  for (const [turn, ref] of results) answeredBy.set(`${ref.turn}:${ref.call}`, turn);
  return el('div', { class: 'turns' }, ...list.map((t, i) => {
    const ref = results.get(i);
    const call = ref ? { ref, call: (list[ref.turn].toolCalls ?? [])[ref.call] } : undefined;
    const calls = t.toolCalls ?? [];
    return el('div', { class: `turn role-${t.role}${t.weight === 0 ? ' weight-0' : ''}`, 'data-part': turnPartId(name, i) },
      el('div', { class: 'role' }, t.role, ...(t.weight !== undefined ? [` · weight ${t.weight}`] : []),
        ...(t.name !== undefined && t.role !== 'tool' ? [` · ${t.name}`] : [])),
      ...(t.role === 'tool' && (call || t.toolCallId !== undefined || t.name !== undefined) ? [toolResultHead(t, name, i, call)] : []),
      // A turn that only calls tools has no text to show: its calls are its content.
      ...(t.content !== '' || !calls.length ? [textBlock(t.content)] : []),
      ...calls.map((c, k) => toolCallBox(c, name, { turn: i, call: k }, answeredBy.get(`${i}:${k}`))));
  }));
}

/** The function a tool schema declares (OpenAI/TRL `{type: "function", function: {name}}`), if it names one. */
function schemaName(schema: JsonValue): string {
  const o = typeof schema === 'object' && schema !== null && !Array.isArray(schema) ? schema as { readonly [key: string]: JsonValue } : {};
  const fn = o.function;
  const name = typeof fn === 'object' && fn !== null && !Array.isArray(fn) ? (fn as { readonly [key: string]: JsonValue }).name : o.name;
  return typeof name === 'string' ? name : '(unnamed)';
}

/** The tool schemas the sample offers, folded: their names in the summary, each schema as JSON. */
function toolSchemas(tools: readonly JsonValue[] | undefined): HTMLElement[] {
  if (!tools?.length) return [];
  return [el('details', { class: 'tool-schemas' }, el('summary', {}, `Tools (${tools.length}): ${tools.map(schemaName).join(', ')}`),
    ...tools.map((t) => textBlock(JSON.stringify(t, null, 2), 'text tool-schema')))];
}

/** One line of who/what made the sample; unknown fields are said to be unknown, not hidden. */
function provenanceLine(p: Provenance): HTMLElement {
  const parts: string[] = [
    // A human-written sample had no teacher: "unknown" would read as a gap to fill.
    `model: ${p.model ?? (p.origin === 'human' ? 'none (human-written)' : 'unknown')}${p.modelVersion ? ` ${p.modelVersion}` : ''}`,
    `licence: ${p.licence ?? 'unknown'}`,
    `origin: ${p.origin}${p.depth !== undefined ? `, depth ${p.depth}` : ''}`,
  ];
  if (p.template) parts.push(`template: ${p.template}`);
  if (p.parent) parts.push(`parent: ${p.parent}`);
  if (p.source) parts.push(`source: ${p.source}`);
  const params = Object.entries(p.params);
  if (params.length) parts.push(params.map(([k, v]) => `${k}=${String(v)}`).join(' '));
  return el('p', { class: 'provenance' }, parts.join(' · '));
}

/** A score as a reviewer reads it: at most three decimals, no trailing zeros (4.333, 8.5, 3). */
const scoreText = (x: number) => String(Number(x.toFixed(3)));

/**
 * A generator's candidate answers in one line: the ones the sample shows first (`chosen gpt-4 8.5`),
 * then the rest, which are in the record only, so the reviewer knows what the pair was drawn from.
 */
function candidatesLine(list: readonly CandidateLine[]): HTMLElement {
  const name = (c: CandidateLine, i: number) => `${c.model ?? `candidate ${i + 1}`}${c.failed ? ' (failed)' : c.score !== undefined ? ` ${scoreText(c.score)}` : ' (unscored)'}`;
  const shown = (['chosen', 'rejected', 'answer'] as const).flatMap((side) => list.flatMap((c, i) => (c.shown === side ? [`${side} ${name(c, i)}`] : [])));
  const rest = list.flatMap((c, i) => (c.shown ? [] : [name(c, i)]));
  return el('p', { class: 'candidates', title: 'The candidate answers of the record, with their models and scores; only the ones marked are shown below' },
    `${list.length} candidates: ${shown.join(' · ')}${rest.length ? ` · not shown: ${rest.join(', ')}` : ''}`);
}

const RATIONALE_PREVIEW = 80;

/**
 * The judge's score, compact: `judge 4.5 (ratings) — rationale…`, the rationale in full when the
 * line is opened; both sides of a pair scored per side. A judge field holding something that is not
 * a number is said so (a problem of the data), never hidden. Text only: the rationale is model output.
 */
function judgeLine(judge: JudgeSides, open: boolean): HTMLElement {
  const sides = ([['chosen', judge.chosen], ['rejected', judge.rejected]] as const)
    .filter((s): s is readonly ['chosen' | 'rejected', JudgeScoreRead] => s[1] !== undefined);
  const paired = judge.rejected !== undefined;
  // The score in bold, its field after it: the number is what a reviewer looks for.
  const words = sides.flatMap(([name, r], k) => [
    ...(k ? [' · '] : []), paired ? `${name}${'score' in r ? ' ' : ': '}` : '',
    ...('score' in r ? [el('strong', {}, scoreText(r.score)), ` (${r.field})`] : [r.problem]),
  ]);
  // `judge 4.5 (ratings)`, but `judge: ratings holds a list with no number in it`.
  const lead = !paired && sides[0] && 'problem' in sides[0][1] ? 'judge: ' : 'judge ';
  const problem = sides.some(([, r]) => 'problem' in r);
  const rationales = sides.flatMap(([name, r]) => ('rationale' in r && r.rationale ? [{ name, text: r.rationale }] : []));
  const cls = `judge${problem ? ' judge-problem' : ''}`;
  if (!rationales.length) return el('p', { class: cls, ...(problem ? { role: 'note' } : {}), title: 'A model judge\'s score read from the record: a suggestion, not a decision' }, lead, ...words);
  const first = rationales[0].text.replace(/\s+/g, ' ').trim();
  const preview = first.length > RATIONALE_PREVIEW ? `${first.slice(0, RATIONALE_PREVIEW - 1)}…` : first;
  return el('details', { class: cls, ...(open ? { open: '' } : {}) },
    el('summary', { title: 'A model judge\'s score read from the record: a suggestion, not a decision. Open for the rationale' }, lead, ...words, el('span', { class: 'judge-preview' }, ` — ${preview}`)),
    ...rationales.map((r) => el('section', { class: 'judge-rationale' }, ...(paired ? [el('h4', {}, `${r.name} side`)] : []), textBlock(r.text, 'judge-text'))));
}

function field(label: string, text: string, part: string): HTMLElement {
  return el('section', { class: 'field', 'data-part': part }, el('h3', {}, label), textBlock(text));
}

export interface RenderOptions {
  /** Draw a preference pair's rejected side first (the `x` key). */
  readonly swapped: boolean;
  readonly labels: readonly LabelView[];
  /** Draw the judge's rationale open. */
  readonly judgeOpen?: boolean;
}

function body(s: NormalizedSample, options: RenderOptions): HTMLElement {
  switch (s.kind) {
    case 'chat':
      return el('div', { class: 'chat' }, ...toolSchemas(s.tools), turns(s.turns, 'turn'),
        ...(s.label !== undefined ? [el('p', { class: `unpaired-label ${s.label ? 'good' : 'bad'}` }, `Label: ${s.label ? 'desirable' : 'undesirable'} completion`)] : []));
    case 'instruction':
      return el('div', { class: 'instruction' },
        ...(s.system ? [field('System', s.system, 'system')] : []),
        ...(s.history?.length ? [el('section', { class: 'field' }, el('h3', {}, 'History'), turns(s.history, 'history'))] : []),
        field('Instruction', s.instruction, 'instruction'),
        ...(s.input ? [field('Input', s.input, 'input')] : []), field('Output', s.output, 'output'));
    case 'preference':
      return el('div', { class: 'preference' }, ...toolSchemas(s.tools),
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
  const chips = a.labels.map((name) => labelChip(name, options.labels.find((l) => l.name === name)?.color));
  return el('div', { class: 'annotations' }, ...chips,
    ...(a.rating ? [el('span', { class: 'rating', 'aria-label': `rated ${a.rating} of 5` }, `${'★'.repeat(a.rating)}${'☆'.repeat(5 - a.rating)}`)] : []),
    ...(a.note !== undefined ? [el('span', { class: 'note' }, `Note: ${a.note}`)] : []));
}

const RULE_WORDS: Readonly<Record<string, string>> = { adjudicated: 'by adjudication', unanimous: 'unanimously', majority: 'by majority' };

/**
 * Team review: every reviewer's verdict, labels, rating and note side by side, and the verdict that
 * stands for export (or why none does). Names and notes are text, never markup.
 */
function teamSection(team: TeamSampleView): HTMLElement {
  const standing = team.verdict
    ? el('p', { class: 'team-verdict' }, 'Team verdict: ', el('span', { class: `verdict verdict-${team.verdict}` }, team.verdict), ` ${RULE_WORDS[team.rule ?? ''] ?? ''}`)
    : el('p', { class: 'team-verdict team-none' }, `No team verdict: ${team.refusal ?? 'undecided'}`,
      ...(team.conflict ? [' · press ', el('kbd', {}, 'Shift+A'), ' or ', el('kbd', {}, 'Shift+R'), ' to adjudicate'] : []));
  const what = team.conflict ? [team.conflict.verdict ? 'verdict' : '', team.conflict.labels ? 'labels' : ''].filter(Boolean).join(' and ') : '';
  const columns = team.opinions.map((o) => el('section', { class: `opinion verdict-${o.verdict}${o.you ? ' opinion-you' : ''}`, 'aria-label': `Reviewer ${o.reviewer}` },
    el('h4', {}, o.reviewer, o.you ? ' (you)' : ''),
    // An adjudicator who gave no opinion of their own shows only the ruling.
    el('p', {}, ...(o.adjudicated && o.verdict === 'pending' ? [] : [el('span', { class: `verdict verdict-${o.verdict}` }, o.verdict)]),
      ...(o.adjudicated ? [...(o.verdict === 'pending' ? [] : [' · ']), el('strong', { class: 'adjudicated' }, `adjudicated: ${o.adjudicated}`)] : [])),
    ...(o.labels.length ? [el('p', { class: 'opinion-labels' }, ...o.labels.map((l) => el('span', { class: 'chip' }, l)))] : []),
    ...(o.rating ? [el('p', { class: 'rating', 'aria-label': `rated ${o.rating} of 5` }, `${'★'.repeat(o.rating)}${'☆'.repeat(5 - o.rating)}`)] : []),
    ...(o.note !== undefined ? [el('p', { class: 'note' }, `Note: ${o.note}`)] : [])));
  return el('section', { class: `team${team.conflict ? ' team-conflict' : ''}`, id: 'team', 'aria-label': 'Reviewers' },
    el('h3', {}, team.conflict ? `Reviewers disagree on the ${what}` : 'Reviewers'), standing,
    el('div', { class: 'opinions' }, ...columns));
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
        el('ul', {}, ...v.wrongSteps.map((w) => el('li', {}, `${v.solution.slice(w.range[0], w.range[1])} — ${w.note ?? `should give ${+w.expected.toFixed(6)}`}`))))] : [])));
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
    return el('article', { class: 'sample invalid', 'aria-label': `Sample ${row.index + 1}` }, meta,
      ...(view.judge ? [judgeLine(view.judge, options.judgeOpen ?? false)] : []), el('p', { class: 'error', role: 'note' }, view.error ?? 'unreadable sample'));
  }
  const annotations = annotationsLine(view, options);
  const changes = view.revisionDiff
    ? [el('details', { class: 'revision-diff' }, el('summary', {}, `Changes in revision ${view.revision ?? ''} (original → current)`),
        el('div', { class: 'diff' }, ...view.revisionDiff.map((l) =>
          el('div', { class: `diff-line diff-${l.op}` }, `${l.op === 'add' ? '+' : l.op === 'del' ? '-' : ' '} ${l.text}`))))]
    : [];
  return el('article', { class: `sample kind-${view.normalized.kind}`, 'aria-label': `Sample ${row.index + 1}` }, meta,
    ...(view.provenance ? [provenanceLine(view.provenance)] : []), ...(view.candidates ? [candidatesLine(view.candidates)] : []),
    ...(view.judge ? [judgeLine(view.judge, options.judgeOpen ?? false)] : []), ...(annotations ? [annotations] : []),
    ...(view.team ? [teamSection(view.team)] : []),
    ...(view.checks ? [checksSection(view.checks)] : []), ...changes, body(view.normalized, options));
}
