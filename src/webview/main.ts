// The review panel in the browser. Talks to the host only through src/protocol.ts messages.
import { assertNever, type FromWebviewMessage, type RowView, type SampleView, type ToWebviewMessage, type VerdictCounts } from '../protocol';
import { el } from './dom';
import { actionForKey, KEYMAP, type PanelAction } from './keymap';
import { renderSample } from './sampleRenderer';

declare function acquireVsCodeApi(): { postMessage(msg: FromWebviewMessage): void };
const vscode = acquireVsCodeApi();
const post = (msg: FromWebviewMessage) => vscode.postMessage(msg);

interface State {
  rows: RowView[];
  counts: VerdictCounts;
  selected: number | undefined;
  storeName: string;
  reviewer: string;
}
let state: State | undefined;

const app = document.getElementById('app') as HTMLElement;
const header = el('header', { class: 'header' });
const list = el('div', { id: 'list', class: 'list', role: 'listbox', tabindex: '0', 'aria-label': 'Samples' });
const detail = el('main', { id: 'detail', class: 'detail', tabindex: '-1' });
const live = el('div', { id: 'live', class: 'sr-only', 'aria-live': 'polite' });
const banner = el('div', { id: 'banner', class: 'banner', role: 'alert', hidden: '' });
const help = el('div', { id: 'help', class: 'help', role: 'dialog', 'aria-label': 'Keyboard help', hidden: '' },
  el('h2', {}, 'Keys'),
  el('table', {}, el('tbody', {}, ...KEYMAP.map((b) => el('tr', {}, el('td', {}, ...b.keys.map((k) => el('kbd', {}, k === ' ' ? 'Space' : k))), el('td', {}, b.description))))));

function renderHeader(): void {
  if (!state) return;
  const c = state.counts;
  header.replaceChildren(
    el('span', { class: 'store' }, state.storeName),
    el('span', { class: 'counts', id: 'counts' },
      el('span', { class: 'count accepted' }, `${c.accepted} accepted`),
      el('span', { class: 'count rejected' }, `${c.rejected} rejected`),
      el('span', { class: 'count skipped' }, `${c.skipped} skipped`),
      el('span', { class: 'count pending' }, `${c.pending} pending`)),
    el('span', { class: 'reviewer' }, `reviewer: ${state.reviewer}`),
    el('span', { class: 'hint' }, 'press ? for keys'));
}

function rowElement(row: RowView): HTMLElement {
  return el('div', {
    id: `row-${row.index}`, class: `row verdict-${row.verdict}`, role: 'option', 'aria-selected': 'false', 'data-index': String(row.index),
  }, el('span', { class: 'badge', title: row.verdict }, row.verdict === 'pending' ? '·' : row.verdict[0].toUpperCase()),
  el('span', { class: 'preview' }, row.preview));
}

function renderList(): void {
  if (!state) return;
  list.replaceChildren(...state.rows.map(rowElement));
  markSelected();
}

function markSelected(): void {
  list.querySelector('[aria-selected="true"]')?.setAttribute('aria-selected', 'false');
  if (state?.selected === undefined) {
    list.removeAttribute('aria-activedescendant');
    return;
  }
  const node = document.getElementById(`row-${state.selected}`);
  if (!node) return;
  node.setAttribute('aria-selected', 'true');
  list.setAttribute('aria-activedescendant', node.id);
  node.scrollIntoView({ block: 'nearest' });
}

function select(index: number): void {
  if (!state || index < 0 || index >= state.rows.length) return;
  state.selected = index;
  markSelected();
  post({ type: 'select', index });
}

function showSample(sample: SampleView | undefined): void {
  detail.replaceChildren(sample ? renderSample(sample) : el('p', { class: 'empty' }, 'No samples in this store.'));
}

/** The banner lists store notes, per-file problem counts and the last error, each on its own line. */
const bannerParts: { notes: string[]; files: string[]; error: string[] } = { notes: [], files: [], error: [] };

function showBanner(part: keyof typeof bannerParts, lines: string[]): void {
  bannerParts[part] = lines;
  banner.replaceChildren(
    ...bannerParts.error.map((l) => el('div', { class: 'banner-error' }, l)),
    ...[...bannerParts.notes, ...bannerParts.files].map((l) => el('div', { class: 'banner-note' }, l)));
  banner.hidden = banner.childElementCount === 0;
}

function run(action: PanelAction): void {
  if (!state) return;
  const current = state.selected;
  switch (action) {
    case 'accept':
    case 'reject':
    case 'skip':
      if (current !== undefined) post({ type: 'decide', index: current, verdict: action === 'accept' ? 'accepted' : action === 'reject' ? 'rejected' : 'skipped' });
      return;
    case 'undo':
      post({ type: 'undo' });
      return;
    case 'next':
      select((current ?? -1) + 1);
      return;
    case 'previous':
      select((current ?? 1) - 1);
      return;
    case 'help':
      help.hidden = !help.hidden;
      return;
    case 'close':
      help.hidden = true;
      showBanner('error', []);
      return;
    default:
      assertNever(action);
  }
}

window.addEventListener('keydown', (e) => {
  const t = e.target as HTMLElement | null;
  const inTextField = !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable);
  const action = actionForKey({ key: e.key, ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey, inTextField });
  if (!action) return;
  e.preventDefault();
  run(action);
});

list.addEventListener('click', (e) => {
  const row = (e.target as HTMLElement).closest<HTMLElement>('.row');
  if (row?.dataset.index) select(Number(row.dataset.index));
  list.focus();
});

window.addEventListener('message', (e: MessageEvent<ToWebviewMessage>) => {
  const msg = e.data;
  switch (msg.type) {
    case 'opening': {
      const p = msg.progress;
      const status = p ? `Indexing ${p.file} (${p.fileNumber} of ${p.files}): ${p.percent}%` : 'Opening the store…';
      header.replaceChildren(el('span', { class: 'store' }, msg.storeName), el('span', { class: 'opening', role: 'status' }, status));
      if (!app.contains(header)) app.replaceChildren(header, el('div', { class: 'split' }, list, detail), banner, help, live);
      list.replaceChildren(el('p', { class: 'loading' }, 'The list appears when indexing ends. The first sample is shown meanwhile.'));
      showSample(msg.sample);
      return;
    }
    case 'snapshot':
      state = { rows: [...msg.rows], counts: msg.counts, selected: msg.selected, storeName: msg.storeName, reviewer: msg.reviewer };
      app.replaceChildren(header, el('div', { class: 'split' }, list, detail), banner, help, live);
      app.setAttribute('aria-busy', 'false');
      renderHeader();
      renderList();
      showSample(msg.sample);
      showBanner('notes', [...msg.problems]);
      list.focus();
      return;
    case 'rowsChanged': {
      if (!state) return;
      for (const row of msg.rows) {
        state.rows[row.index] = row;
        document.getElementById(`row-${row.index}`)?.replaceWith(rowElement(row));
      }
      state.counts = msg.counts;
      state.selected = msg.select;
      renderHeader();
      markSelected();
      const c = msg.counts;
      live.textContent = `${msg.rows[0]?.verdict ?? ''}. ${c.total - c.pending} of ${c.total} reviewed, ${c.pending} pending.`;
      return;
    }
    case 'fileProblems':
      showBanner('files', msg.files.map((f) =>
        `${f.file}: ${f.total} record${f.total === 1 ? '' : 's'} not readable as samples (${Object.entries(f.byCode).map(([c, n]) => `${c} ${n}`).join(', ')}), first at line ${f.firstLine}`));
      return;
    case 'sample':
      if (state?.selected === msg.sample.row.index || state?.selected === undefined) showSample(msg.sample);
      return;
    case 'error':
      showBanner('error', [msg.message]);
      return;
    default:
      assertNever(msg);
  }
});

post({ type: 'ready' });
