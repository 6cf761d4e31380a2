// The review panel in the browser. Talks to the host only through src/protocol.ts messages.
import {
  assertNever, type AuditHeaderView, type ChecksHeaderView, type TeamHeaderView, type ClusterMemberView, type FilterKeyView, type FromWebviewMessage, type LabelView, type NoticeView, type SampleView, type ToWebviewMessage, type VerdictCounts,
} from '../protocol';
import { el, markSampleText, textBlock } from './dom';
import { KEYMAP, KeyDispatcher, type KeyMatch } from './keymap';
import { bannerLines, fileProblemLine, NearbySamples, progressAnnouncement, warningsKey, type BannerParts } from './panelModel';
import { PaintTiming, type TimedKey } from './paintTiming';
import { SampleList } from './sampleList';
import { renderSample } from './sampleRenderer';

/** What the panel keeps across a reload of the webview (VS Code's webview state). */
interface SavedState {
  /** The banner's warning lines the reviewer dismissed (shown again once they change). */
  readonly dismissedBanner?: string;
}
declare function acquireVsCodeApi(): { postMessage(msg: FromWebviewMessage): void; getState(): SavedState | undefined; setState(s: SavedState): void };
const vscode = acquireVsCodeApi();

/**
 * Messages held until the frame now being drawn is out: the webview shares its thread with the
 * workbench, which relays each message to the host, so a message posted with a key's answer
 * delays that answer's paint. Only messages the frame does not wait for are held (the selection of
 * a sample drawn from the prefetched copy, prefetches); any other message sends them first, so
 * the host sees every message in the order the panel made it.
 */
let held: FromWebviewMessage[] = [];

function post(msg: FromWebviewMessage): void {
  if (held.length) sendHeld();
  vscode.postMessage(msg);
}

function postAfterPaint(msg: FromWebviewMessage): void {
  // A hidden panel (kept alive in a background tab; the palette can still move it) draws no frames.
  if (document.hidden) return post(msg);
  if (!held.length) requestAnimationFrame(() => setTimeout(sendHeld, 0));
  held.push(msg);
}

function sendHeld(): void {
  const out = held;
  held = [];
  for (const msg of out) vscode.postMessage(msg);
}
// Hidden before its frame came, the panel would hold them until it is shown again.
document.addEventListener('visibilitychange', sendHeld);

interface State {
  counts: VerdictCounts;
  /** Pending samples not readable as samples: shown apart from the pending ones. */
  unreadable: number;
  storeName: string;
  reviewer: string;
  /** The filter / search / sort the list shows, in words; empty for every sample. */
  filter: string;
  /** The same in the filter box's syntax; empty for every sample. */
  query: string;
  /** The search marked in the sample's text. */
  search: string | undefined;
  filterKeys: readonly FilterKeyView[];
  labels: readonly LabelView[];
  sample: SampleView | undefined;
  /** Preference pairs drawn with the rejected side first (`x`); a view choice, never stored. */
  swapped: boolean;
  /** The turn or field selected with `t` or a click (a sampleParts id): `e` and `d` then work on its text alone. */
  part: string | undefined;
  /** The checks' state and the accepted set's figures. */
  checks: ChecksHeaderView;
  /** Team review's header line (absent with one reviewer). */
  team: TeamHeaderView | undefined;
  /** The slice audit the list shows (absent outside audit mode). */
  audit: AuditHeaderView | undefined;
}
let state: State | undefined;
/**
 * The judge's rationale drawn open: a reviewer who opened it reads it on every sample, and a redraw
 * of the same sample (the checks' results arriving) must not fold it again. A view choice, never stored.
 */
let judgeOpen = false;

const app = document.getElementById('app') as HTMLElement;
const header = el('header', { class: 'header' });
const listElement = el('div', { id: 'list', class: 'list', role: 'listbox', tabindex: '0', 'aria-label': 'Samples' });
const detail = el('main', { id: 'detail', class: 'detail', tabindex: '-1' });
const live = el('div', { id: 'live', class: 'sr-only', 'aria-live': 'polite' });
const banner = el('div', { id: 'banner', class: 'banner', role: 'alert', hidden: '' });
/** The host's notices (provenance to record, a failed save, an export's result), with their buttons. */
const noticeBar = el('div', { id: 'notices', class: 'notices', role: 'status', 'aria-live': 'polite', hidden: '' });
const help = el('div', { id: 'help', class: 'help', role: 'dialog', 'aria-label': 'Keyboard help', hidden: '' });
const clusterView = el('div', { id: 'cluster', class: 'cluster', role: 'dialog', 'aria-label': 'Near-duplicate cluster', hidden: '' });
const keys = new KeyDispatcher();
const list = new SampleList(listElement, (start, count) => post({ type: 'rowsRequest', start, count }), (i) => {
  select(i);
  listElement.focus();
});

// The list shrinks when the header wraps (a longer audit or filter line, a narrower panel): the
// selected row is brought back into view, as a key would.
new ResizeObserver(() => {
  if (list.selected !== undefined) list.select(list.selected);
}).observe(listElement);

/** The help sheet: the key table's rows, with the label slots named from the taxonomy. */
function renderHelp(): void {
  const labelOf = (slot: number) => state?.labels.find((l) => l.slot === slot);
  const rows = KEYMAP.map((b) => {
    const label = b.action === 'label' && b.arg ? labelOf(b.arg) : undefined;
    const text = label ? `Toggle label “${label.name}” — ${label.description}` : b.description;
    return el('tr', {}, el('td', {}, ...b.keys.map((k) => el('kbd', {}, k))), el('td', {}, text));
  });
  // The filter keys come from the parser's own table (sent with the snapshot), so none is missing.
  const filterRows = (state?.filterKeys ?? []).map((k) => el('tr', {}, el('td', {}, el('code', {}, `${k.key}:`)), el('td', {}, k.help)));
  help.replaceChildren(el('h2', {}, 'Keys'), el('table', {}, el('tbody', {}, ...rows)),
    ...(filterRows.length ? [el('h2', {}, 'Filter keys (f)'), el('table', { class: 'filter-keys' }, el('tbody', {}, ...filterRows))] : []));
}

function renderHeader(): void {
  if (!state) return;
  const c = state.counts;
  header.replaceChildren(
    el('span', { class: 'store' }, state.storeName),
    el('span', { class: 'counts', id: 'counts' },
      el('span', { class: 'count accepted' }, `${c.accepted} accepted`),
      el('span', { class: 'count rejected' }, `${c.rejected} rejected`),
      el('span', { class: 'count skipped' }, `${c.skipped} skipped`),
      el('span', { class: 'count pending' }, `${c.pending - state.unreadable} pending`),
      ...(state.unreadable ? [el('span', { class: 'count unreadable', title: 'Records not readable as samples: they cannot be accepted (fix the line in the file, or reject it)' }, `${state.unreadable} unreadable`)] : [])),
    ...(state.audit
      ? [el('span', { class: `audit-summary${state.audit.pending ? '' : ' audit-drawn-decided'}`, id: 'audit-summary', title: state.audit.details.join('\n') }, state.audit.text)]
      : state.filter ? [el('span', { class: 'filter', id: 'filter', title: 'f changes the filter; an empty filter shows every sample' }, `filter: ${state.filter}`)] : []),
    ...(state.checks.text ? [el('span', { class: `checks-summary checks-${state.checks.state}`, id: 'checks-summary', title: state.checks.details.join('\n') }, state.checks.text)] : []),
    ...(state.checks.details.length ? [el('span', { class: 'teacher-mix', id: 'teacher-mix' }, state.checks.details[0])] : []),
    ...state.checks.warnings.map((w) => el('span', { class: 'checks-warning', role: 'note' }, w)),
    ...(state.team ? [el('span', { class: `team-summary${state.team.openConflicts ? ' team-open' : ''}`, id: 'team-summary', title: state.team.details.join('\n') }, state.team.text)] : []),
    el('span', { class: 'reviewer' }, `reviewer: ${state.reviewer}`),
    el('span', { class: 'hint' }, keys.waiting ? 'g …' : 'press ? for keys'));
}

/**
 * Samples near the selection, sent ahead by the host, so moving to the next one paints at once
 * (the host is a round trip away, over a network in remote setups). Dropped when their row changes.
 */
const nearby = new NearbySamples();

function prefetchAround(position: number): void {
  const want = nearby.want(position, list.total);
  if (want.length) postAfterPaint({ type: 'prefetch', positions: want });
}

function select(index: number): void {
  if (!state || index < 0 || index >= list.total) return;
  list.select(index);
  const ready = nearby.get(index);
  if (ready) showSample(ready);
  // Drawn from the prefetched copy: the host hears of it once the frame is out.
  if (ready) postAfterPaint({ type: 'select', index });
  else post({ type: 'select', index });
  prefetchAround(index);
}

function showSample(sample: SampleView | undefined): void {
  if (state) {
    // The selected part stays while the same sample is redrawn (a label, an edit), not on another one.
    if (state.sample?.row.index !== sample?.row.index) state.part = undefined;
    state.sample = sample;
  }
  detail.replaceChildren(sample ? renderSample(sample, { swapped: state?.swapped ?? false, labels: state?.labels ?? [], judgeOpen }) : emptyLine());
  if (sample) markSampleText(detail, state?.search);
  if (state?.part) markPart(state.part);
  timing.answered();
}

/** What the detail says with no sample to show: a filter that matches nothing is not an empty store. */
function emptyLine(): HTMLElement {
  if (!state?.query) return el('p', { class: 'empty' }, 'No samples in this store.');
  return el('p', { class: 'empty', id: 'no-match', role: 'status' }, 'No sample matches ', el('code', {}, state.query), ' (clear with Esc)');
}

function sameView(a: SampleView | undefined, b: SampleView): boolean {
  return a !== undefined && a.row.index === b.row.index && JSON.stringify(a) === JSON.stringify(b);
}

/** Key → paint of the keys that move to another sample (bench/uiBench.ts reads it). */
const timing = new PaintTiming();

/** The keys timed from press to paint, by what they wait for. */
const TIMED: Partial<Record<KeyMatch['action'], TimedKey>> = {
  next: 'key', previous: 'key', accept: 'verdict', reject: 'verdict', skip: 'verdict', firstPending: 'jump', lastPending: 'jump',
};

/** The banner lists the last error, store notes and per-file problem counts, each on its own line. */
let bannerParts: BannerParts = { notes: [], files: [], error: [] };
/** The warnings dismissed with the banner's close button: hidden while they stay the same. */
let dismissedBanner = vscode.getState()?.dismissedBanner;

function showBanner(part: keyof BannerParts, lines: string[]): void {
  bannerParts = { ...bannerParts, [part]: lines };
  const shown = bannerLines(bannerParts, dismissedBanner);
  const close = el('button', { type: 'button', class: 'banner-close', 'aria-label': 'Dismiss these warnings', title: 'Dismiss these warnings (they come back when they change)' }, '×');
  banner.replaceChildren(...(shown.length ? [close] : []), ...shown.map((l) => el('div', { class: `banner-${l.kind}` }, l.text)));
  banner.hidden = shown.length === 0;
}

banner.addEventListener('click', (e) => {
  if (!(e.target as HTMLElement).closest('.banner-close')) return;
  dismissedBanner = warningsKey(bannerParts);
  vscode.setState({ ...vscode.getState(), dismissedBanner });
  showBanner('error', []);
  listElement.focus();
});

function showNotices(notices: readonly NoticeView[]): void {
  noticeBar.replaceChildren(...notices.map((n) => el('div', { class: `notice notice-${n.kind}`, 'data-notice': String(n.id) },
    el('span', { class: 'notice-text' }, n.text),
    ...n.actions.map((label, k) => el('button', { type: 'button', class: 'notice-action', 'data-action': String(k) }, label)),
    el('button', { type: 'button', class: 'notice-close', 'aria-label': 'Dismiss this notice', title: 'Dismiss this notice' }, '×'))));
  noticeBar.hidden = notices.length === 0;
}

noticeBar.addEventListener('click', (e) => {
  const target = e.target as HTMLElement;
  const id = Number(target.closest<HTMLElement>('[data-notice]')?.dataset.notice);
  if (!Number.isInteger(id)) return;
  const action = target.closest<HTMLElement>('[data-action]')?.dataset.action;
  if (action !== undefined) post({ type: 'notice', id, action: Number(action) });
  else if (target.closest('.notice-close')) post({ type: 'notice', id });
});

/** The sample's texts in the order they are drawn (so swapped pairs cycle as they look). */
function partElements(): HTMLElement[] {
  return [...detail.querySelectorAll<HTMLElement>('[data-part]')];
}

/** Marks the part selected, or (undefined) none; returns whether the sample has that part. */
function markPart(part: string | undefined): boolean {
  let found = false;
  for (const node of partElements()) {
    const on = node.dataset.part === part;
    node.classList.toggle('part-selected', on);
    if (on) {
      node.setAttribute('aria-current', 'true');
      node.scrollIntoView({ block: 'nearest' });
      found = true;
    } else node.removeAttribute('aria-current');
  }
  return found;
}

function selectPart(part: string | undefined): void {
  if (!state) return;
  const found = part !== undefined && markPart(part);
  if (!found) markPart(undefined);
  state.part = found ? part : undefined;
  const label = state.part ? partElements().find((n) => n.dataset.part === state?.part)?.querySelector('.role, h3')?.textContent : undefined;
  live.textContent = state.part ? `Selected ${label ?? state.part} (${state.part}); e edits its text, d diffs it.` : 'Whole sample selected; e edits its JSON (its structure); t selects a turn to edit its text.';
}

/** `t` / Shift+T: the next or previous text, wrapping through "the whole sample". */
function stepPart(delta: 1 | -1): void {
  const ids = partElements().map((n) => n.dataset.part as string);
  if (!ids.length || !state) return;
  const at = state.part === undefined ? (delta === 1 ? -1 : ids.length) : ids.indexOf(state.part);
  const next = at + delta;
  selectPart(next < 0 || next >= ids.length ? undefined : ids[next]);
}

/** The cluster side by side: each member's text, similarity and verdict, and "keep this one, reject the rest". */
function showCluster(members: readonly ClusterMemberView[], total: number): void {
  const columns = members.map((m) => {
    const keep = el('button', { class: 'keep-one', type: 'button', 'data-keep': String(m.sample) }, 'Keep this one, reject the rest');
    return el('section', { class: `cluster-member verdict-${m.row.verdict}`, 'data-sample': String(m.sample) },
      el('h3', {}, `${m.row.source}:${m.row.line}`),
      el('p', { class: 'meta' }, `${m.row.verdict} · similarity ${m.similarity.toFixed(2)}`), keep, textBlock(m.text));
  });
  clusterView.replaceChildren(
    el('h2', {}, `Near-duplicate cluster: ${total} samples${total > members.length ? ` (the ${members.length} most similar shown)` : ''}`),
    el('p', { class: 'hint' }, 'Keep one: the others are rejected in one step (u undoes it). Esc or c closes.'),
    el('div', { class: 'cluster-columns' }, ...columns));
  markSampleText(clusterView, state?.search);
  clusterView.hidden = false;
  (clusterView.querySelector('button.keep-one') as HTMLElement | null)?.focus();
}

clusterView.addEventListener('click', (e) => {
  const keep = (e.target as HTMLElement).closest<HTMLElement>('[data-keep]')?.dataset.keep;
  if (keep === undefined) return;
  post({ type: 'keepOne', sample: Number(keep) });
  clusterView.hidden = true;
  listElement.focus();
});

function run(match: KeyMatch): void {
  if (!state) return;
  const current = list.selected;
  switch (match.action) {
    case 'accept':
    case 'reject':
    case 'skip': {
      if (current === undefined) return;
      // The verdict names what the reviewer sees at that position: the sample drawn, else its row.
      const id = state.sample?.row.index === current ? state.sample.row.id : list.row(current)?.id;
      if (id !== undefined) post({ type: 'decide', index: current, id, verdict: match.action === 'accept' ? 'accepted' : match.action === 'reject' ? 'rejected' : 'skipped' });
      return;
    }
    case 'adjudicateAccept':
    case 'adjudicateReject': {
      if (current === undefined) return;
      const id = state.sample?.row.index === current ? state.sample.row.id : list.row(current)?.id;
      if (id !== undefined) post({ type: 'adjudicate', index: current, id, verdict: match.action === 'adjudicateAccept' ? 'accepted' : 'rejected' });
      return;
    }
    case 'undo':
    case 'redo':
    case 'note':
      post({ type: match.action });
      return;
    case 'edit':
    case 'diff':
      post(state.part ? { type: match.action, part: state.part } : { type: match.action });
      return;
    case 'nextPart':
    case 'previousPart':
      stepPart(match.action === 'nextPart' ? 1 : -1);
      return;
    case 'next':
      select((current ?? -1) + 1);
      return;
    case 'previous':
      select((current ?? 1) - 1);
      return;
    case 'firstPending':
    case 'lastPending':
      post({ type: 'goPending', which: match.action === 'firstPending' ? 'first' : 'last' });
      return;
    case 'label':
      if (match.arg) post({ type: 'toggleLabel', slot: match.arg });
      return;
    case 'rating':
      if (match.arg) post({ type: 'rate', rating: match.arg });
      return;
    case 'swap':
      state.swapped = !state.swapped;
      showSample(state.sample);
      live.textContent = state.swapped ? 'Preference sides swapped: rejected on the left.' : 'Preference sides as stored.';
      return;
    case 'search':
    case 'filter':
    case 'auditMore':
    case 'swapChosenRejected':
      post({ type: match.action });
      return;
    case 'cluster':
      if (clusterView.hidden) post({ type: 'openCluster' });
      else clusterView.hidden = true;
      return;
    case 'help':
      renderHelp();
      help.hidden = !help.hidden;
      return;
    case 'close': {
      const open = !help.hidden || !clusterView.hidden || bannerParts.error.length > 0 || state.part !== undefined;
      help.hidden = true;
      clusterView.hidden = true;
      showBanner('error', []);
      if (state.part) selectPart(undefined);
      // Nothing else to close and a filter that matches nothing: Esc clears it (the empty list says so).
      if (!open && list.total === 0 && state.query) post({ type: 'clearFilter' });
      return;
    }
    default:
      assertNever(match.action);
  }
}

// The sample's file:line opens the source at that line (a fixed link we drew, never sample text);
// a tool call's and its result's buttons jump to each other;
// a click on a turn or field selects it for `e` and `d` (a second click, or Esc, lets go).
// `toggle` does not bubble: heard while it goes down to the details element.
detail.addEventListener('toggle', (e) => {
  const target = e.target as HTMLElement;
  if (target instanceof HTMLDetailsElement && target.classList.contains('judge')) judgeOpen = target.open;
}, true);
detail.addEventListener('click', (e) => {
  const target = e.target as HTMLElement;
  if (target.closest('[data-open-source]')) {
    e.preventDefault();
    post({ type: 'openSource' });
    return;
  }
  const jump = target.closest<HTMLElement>('[data-jump]')?.dataset.jump;
  if (jump) {
    // Between a tool call and its result: scroll to the other end and mark it.
    const to = document.getElementById(jump);
    detail.querySelector('.jump-target')?.classList.remove('jump-target');
    to?.classList.add('jump-target');
    to?.scrollIntoView({ block: 'nearest' });
    return;
  }
  const part = target.closest<HTMLElement>('[data-part]')?.dataset.part;
  // A click that ends a text selection is for copying, not for choosing a part.
  if (part && !window.getSelection()?.toString()) selectPart(state?.part === part ? undefined : part);
});

window.addEventListener('keydown', (e) => {
  const t = e.target as HTMLElement | null;
  const inTextField = !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable);
  const waiting = keys.waiting;
  const match = keys.handle({ key: e.key, code: e.code, shiftKey: e.shiftKey, ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey, inTextField }, performance.now());
  if (keys.waiting !== waiting) renderHeader();
  if (!match) return;
  e.preventDefault();
  const timed = TIMED[match.action];
  if (timed) timing.pressed(timed, e.timeStamp);
  run(match);
});

window.addEventListener('message', (e: MessageEvent<ToWebviewMessage>) => {
  const msg = e.data;
  switch (msg.type) {
    case 'opening': {
      const p = msg.progress;
      const status = p ? `Indexing ${p.file} (${p.fileNumber} of ${p.files}): ${p.percent}%` : 'Opening the store…';
      header.replaceChildren(el('span', { class: 'store' }, msg.storeName), el('span', { class: 'opening', role: 'status' }, status));
      if (!app.contains(header)) app.replaceChildren(header, el('div', { class: 'split' }, listElement, detail), noticeBar, banner, help, clusterView, live);
      showSample(msg.sample);
      return;
    }
    case 'snapshot':
      state = {
        counts: msg.counts, unreadable: msg.unreadable, storeName: msg.storeName, reviewer: msg.reviewer, filter: msg.filter, query: msg.query, search: msg.search, filterKeys: msg.filterKeys,
        labels: msg.labels, sample: undefined,
        swapped: state?.swapped ?? false, part: undefined, checks: msg.checks, team: msg.team, audit: msg.audit,
      };
      app.replaceChildren(header, el('div', { class: 'split' }, listElement, detail), noticeBar, banner, help, clusterView, live);
      app.setAttribute('aria-busy', 'false');
      renderHeader();
      nearby.clear();
      list.reset(msg.total, msg.rows, msg.labels);
      list.select(msg.selected);
      showSample(msg.sample);
      showBanner('notes', [...msg.problems]);
      listElement.focus();
      return;
    case 'rows':
      list.setRows(msg.rows);
      return;
    case 'rowsChanged': {
      if (!state) return;
      // The selection first: it reads the list's geometry, which the changes below would make
      // stale (reading it then would force a layout).
      list.select(msg.select);
      for (const r of msg.rows) nearby.drop(r.index);
      // A step that landed makes an earlier error or warning (e.g. "accept again to go ahead") old news.
      if (msg.rows.length) showBanner('error', []);
      list.setRows(msg.rows);
      state.counts = msg.counts;
      state.unreadable = msg.unreadable;
      if (msg.audit) state.audit = msg.audit;
      renderHeader();
      const c = msg.counts;
      // In an audit the estimate is what the reviewer is after: announced with each decision.
      live.textContent = `${progressAnnouncement(msg.rows, c)}${msg.audit ? ` ${msg.audit.text}` : ''}`;
      // After a verdict the next sample is usually prefetched: drawn in this frame, with the verdict,
      // rather than a message later (the host's `sample` that follows redraws it only if it differs).
      const ready = msg.select === undefined ? undefined : nearby.get(msg.select);
      if (ready && ready.row.index !== state.sample?.row.index) showSample(ready);
      // A verdict is answered here: this message is the host's acknowledgement (sent once the
      // decision is durable), and with the next sample prefetched this frame shows both. Waiting
      // for the `sample` that follows could cost a frame: it is a separate task, and a frame may be
      // painted between the two.
      if (ready && timing.pending === 'verdict') timing.answered();
      return;
    }
    case 'fileProblems':
      showBanner('files', msg.files.map(fileProblemLine));
      if (state) {
        state.unreadable = msg.unreadable;
        renderHeader();
      }
      return;
    case 'sample':
      nearby.set(msg.sample);
      if (msg.prefetched) return;
      // The host confirms every selection with the sample; drawn again only if it changed, so the
      // reader's scroll position and text selection stay, and no second layout follows each key.
      if (list.selected === msg.sample.row.index || list.selected === undefined) {
        if (!sameView(state?.sample, msg.sample)) showSample(msg.sample);
        // The answer to a pending key even when nothing changed (the sample as it is drawn).
        timing.answered();
      }
      if (list.selected !== undefined) prefetchAround(list.selected);
      return;
    case 'run':
      run({ action: msg.action });
      return;
    case 'error':
      showBanner('error', [msg.message]);
      timing.answered(true);
      return;
    case 'checks':
      if (!state) return;
      state.checks = msg.header;
      renderHeader();
      return;
    case 'team':
      if (!state) return;
      state.team = msg.header;
      renderHeader();
      return;
    case 'audit':
      if (!state) return;
      state.audit = msg.header;
      renderHeader();
      return;
    case 'cluster':
      showCluster(msg.members, msg.total);
      return;
    case 'notices':
      showNotices(msg.notices);
      return;
    default:
      assertNever(msg);
  }
});

post({ type: 'ready' });
