// The review panel controller: owns the webview panel, answers its messages from the store.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { CurationStore } from '../core/store/curationStore';
import { peekFirstSample, type LoadedSample } from '../core/store/storeSamples';
import {
  assertNever, parseFromWebview, type DecisionVerdict, type FileProblemsView, type FromWebviewMessage, type PanelOnlyAction, type RowView, type SampleView, type ToWebviewMessage,
} from '../protocol';
import { DEFAULT_LABELS, labelInSlot, type LabelDefinition } from '../core/store/labelTaxonomy';
import { CommandIds, PANEL_ACTIVE_CONTEXT, REVIEW_PANEL_VIEW_TYPE } from './commandIds';
import { labelViews, resolveTaxonomy } from './labelSettings';
import { reviewPanelHtml } from './panelHtml';
import { PanelListModel, type AfterVerdict } from './panel/listModel';
import { lineDiff } from '../core/formats/lineDiff';
import { toNormalizedJson } from '../core/formats/normalizedJson';
import { formatCount } from '../core/store/curationPace';
import { describeQuery, parseQueryFilter } from '../core/query/queryFilter';
import { runQuery, type QueryableStore, type SampleQuery } from '../core/query/sampleQuery';
import { compileTextMatcher } from '../core/query/textMatcher';
import type { StoreHost } from './storeHost';
import type { ChecksHost } from './checks/checksHost';
import type { ChecksPresentation } from './checks/checksPresentation';
import { beforeAccept } from './checks/acceptPolicy';
import type { ClusterMemberView } from '../protocol';
import { checkText } from '../core/checks/checkText';
import { clusterMembers } from '../core/checks/checksSummary';
import { SourceChangedError, StaleSampleError } from '../core/ingest/sourceChanged';
import type { SourceDocuments } from './sourceDocuments';

/** Rows sent with the snapshot; the rest are requested as the list scrolls. */
const FIRST_WINDOW = 100;

/** Asks before a bulk action; resolves true to go ahead. Tests pass their own. */
export type Confirm = (message: string, action: string) => Promise<boolean>;

const confirmModal: Confirm = async (message, action) =>
  (await vscode.window.showWarningMessage(message, { modal: true }, action)) === action;

function sampleView(s: LoadedSample): SampleView {
  const diff = s.revision && s.original && s.normalized ? lineDiff(toNormalizedJson(s.original), toNormalizedJson(s.normalized)) : undefined;
  return {
    row: s.row, format: s.format, normalized: s.normalized, error: s.error, provenance: s.provenance,
    ...(s.revision ? { revision: s.revision, original: s.original } : {}),
    ...(diff ? { revisionDiff: diff } : {}),
  };
}

export class ReviewPanel implements vscode.Disposable {
  #panel: vscode.WebviewPanel | undefined;
  #selected: number | undefined;
  readonly #disposables: vscode.Disposable[] = [];
  /** Messages posted to the webview, kept for the integration tests' inspection (last 50). */
  readonly sent: ToWebviewMessage[] = [];
  readonly #onDidHandshake = new vscode.EventEmitter<void>();
  /** Fires each time the webview completed the ready → snapshot handshake. */
  readonly onDidHandshake = this.#onDidHandshake.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly stores: StoreHost,
    private readonly log: vscode.LogOutputChannel,
    private readonly checks: ChecksHost,
    private readonly checksView: ChecksPresentation,
    private readonly sources: SourceDocuments,
  ) {
    checks.onDidChange(() => this.#checksChanged(), undefined, this.#own);
    stores.onDidOpen((store) => void this.#storeOpened(store), undefined, this.#own);
    // The journal read again (another window, git): verdicts may differ anywhere; draw it all again.
    stores.onDidChangeJournal(() => {
      const store = this.stores.current;
      if (this.#panel && store) this.#postSnapshot(store);
    }, undefined, this.#own);
  }

  /** The store the panel last drew; another one from onDidOpen means a re-index (sources changed on disk). */
  #drawn: CurationStore | undefined;

  /**
   * After a re-index: the reviewer stays on the same sample (by id) where it still exists, the
   * filter is run again over the new index, and the panel gets a fresh snapshot.
   */
  async #storeOpened(store: CurationStore): Promise<void> {
    const previous = this.#drawn;
    if (!previous || previous === store) return;
    const at = this.#selectedId === undefined ? undefined : store.indexOfId(this.#selectedId);
    this.#selected = at ?? (this.#selected !== undefined && this.#selected < store.size ? this.#selected : undefined);
    this.#warnedAccept = undefined;
    if (this.#panel && this.#list.filtered) return this.#applyQuery(this.#query);
    // A closed panel drops its filter's result (positions in the old index); the handshake draws the rest.
    this.#list = new PanelListModel(store.size);
    if (!this.#panel) {
      this.#query = {};
      this.#drawn = store;
      return;
    }
    this.#postSnapshot(store);
  }

  /** Subscriptions that live as long as the controller (the panel's own are in #disposables). */
  readonly #own: vscode.Disposable[] = [];

  /** When the checks finish, rows and the sample are drawn again with their flags. */
  #checksChanged(): void {
    const store = this.stores.current;
    if (!this.#panel || !store) return;
    if (this.checks.result && this.#flagsShown !== this.checks.result) {
      this.#flagsShown = this.checks.result;
      this.#postSnapshot(store);
    } else this.#post({ type: 'checks', header: this.checksView.header(store) });
  }

  /** The check results the rows on screen were drawn with. */
  #flagsShown: unknown;

  /** A sample whose accept was warned about (near-duplicate of an accepted one): the next accept of it goes ahead. */
  #warnedAccept: number | undefined;

  /** `c`: the selected sample's near-duplicate cluster, side by side. */
  async openCluster(): Promise<void> {
    const store = await this.stores.open();
    const r = this.checks.result;
    const i = this.#selected;
    if (i === undefined) return;
    if (!r) {
      this.#post({ type: 'error', message: 'The checks have not finished yet; the cluster view opens once they have.' });
      return;
    }
    const members = clusterMembers(r, i);
    if (!members.length) {
      this.#post({ type: 'error', message: 'This sample is in no near-duplicate cluster.' });
      return;
    }
    const similarity = (k: number) => (k === i ? 1 : r.pairs.find(([a, b]) => (a === i && b === k) || (a === k && b === i))?.[2] ?? 0);
    const ordered = [i, ...members.filter((k) => k !== i).sort((a, b) => similarity(b) - similarity(a))].slice(0, 12);
    const views: ClusterMemberView[] = ordered.map((k) => {
      const loaded = store.sample(k);
      const normalized = loaded.original ?? loaded.normalized;
      return { sample: k, row: { ...loaded.row, index: this.#list.positionOf(k), sample: k }, text: normalized ? checkText(normalized).all : loaded.raw, similarity: similarity(k) };
    });
    this.#post({ type: 'cluster', members: views, total: members.length });
  }

  /** Keeps cluster member `keep` (its verdict unchanged) and rejects every other member: one undoable step. */
  async keepOne(keep: number): Promise<void> {
    const store = await this.stores.open();
    const r = this.checks.result;
    const members = r && keep < r.count ? clusterMembers(r, keep) : [];
    if (!members.includes(keep)) {
      this.log.warn(`keepOne: sample ${keep} is in no near-duplicate cluster; ignored`);
      return;
    }
    const rest = members.filter((k) => k !== keep);
    try {
      const changed = await store.decideMany(rest, 'rejected');
      this.#selected = keep;
      this.#post({ type: 'rowsChanged', rows: this.#rows(store, [...changed, keep]), counts: store.counts(), select: this.#pos(keep) });
      this.#post({ type: 'sample', sample: this.#view(store, keep) });
      this.#post({ type: 'checks', header: this.checksView.header(store) });
    } catch (e) {
      this.#fail('Could not save keeping one sample of the cluster', e);
    }
  }

  /** Palette: the queue of samples the reviewer accepted although the verifier failed them. */
  acceptedDespiteVerifierFail(): Promise<void> {
    return this.applyFilter('verdict:accepted flag:verifier-fail');
  }

  get isOpen(): boolean {
    return this.#panel !== undefined;
  }

  get selected(): number | undefined {
    return this.#selected;
  }

  show(): vscode.WebviewPanel {
    if (this.#panel) {
      this.#panel.reveal();
      return this.#panel;
    }
    const panel = vscode.window.createWebviewPanel(REVIEW_PANEL_VIEW_TYPE, 'Sample Curator', vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'out'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    });
    this.#panel = panel;
    panel.webview.html = reviewPanelHtml(panel.webview, this.extensionUri);
    const setActive = (active: boolean) => void vscode.commands.executeCommand('setContext', PANEL_ACTIVE_CONTEXT, active);
    setActive(true);
    panel.onDidChangeViewState((e) => setActive(e.webviewPanel.active), undefined, this.#disposables);
    panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw), undefined, this.#disposables);
    panel.onDidDispose(() => {
      setActive(false);
      this.#panel = undefined;
      while (this.#disposables.length) this.#disposables.pop()?.dispose();
    });
    return panel;
  }

  /** Shows per-file problem counts (kept, so a reopened panel shows them again). */
  showFileProblems(files: readonly FileProblemsView[]): void {
    this.#fileProblems = files;
    this.#post({ type: 'fileProblems', files });
  }

  #fileProblems: readonly FileProblemsView[] = [];

  /** The id of the selected sample as last drawn in the panel: what a palette verdict is about. */
  #selectedId: string | undefined;

  /** Gives a verdict on the selected sample (palette commands and webview keys share this). */
  async decideSelected(verdict: DecisionVerdict): Promise<void> {
    if (this.#selected === undefined) {
      void vscode.window.showInformationMessage('Sample Curator: no sample is selected.');
      return;
    }
    await this.#decide(this.#selected, verdict, this.#selectedId);
  }

  undo(): Promise<void> {
    return this.#step('undo');
  }

  redo(): Promise<void> {
    return this.#step('redo');
  }

  async #step(which: 'undo' | 'redo'): Promise<void> {
    const store = await this.stores.open();
    try {
      const result = which === 'undo' ? await store.undo() : await store.redo();
      if (!result) {
        this.#post({ type: 'error', message: `Nothing to ${which}.` });
        return;
      }
      this.#selected = result.index;
      this.#post({ type: 'rowsChanged', rows: this.#rows(store, result.changed), counts: store.counts(), select: this.#pos(result.index) });
      this.#post({ type: 'sample', sample: this.#view(store, result.index) });
    } catch (e) {
      this.#fail(`Could not save the ${which}`, e);
    }
  }

  /** Toggles the label in key slot `slot` (1–9) on the selected sample. */
  async toggleLabel(slot: number): Promise<void> {
    const label = labelInSlot(this.#labels, slot);
    if (!label) {
      this.#post({ type: 'error', message: `No label is in slot ${slot}; the taxonomy has slots ${this.#labels.filter((l) => l.slot).map((l) => l.slot).join(', ')}.` });
      return;
    }
    await this.#annotate('label', (store, i, id) => store.setLabel([i], label.name, !store.annotationsAt(i).labels.includes(label.name), id === undefined ? undefined : [id]));
  }

  /** Palette: choose a label to toggle on the selected sample. */
  async pickLabel(): Promise<void> {
    const pick = await vscode.window.showQuickPick(
      this.#labels.map((l) => ({ label: l.name, description: l.slot ? `key ${l.slot}` : undefined, detail: l.description, slot: l.slot })),
      { title: 'Toggle a label on the current sample' },
    );
    if (!pick) return;
    const name = pick.label;
    await this.#annotate('label', (store, i, id) => store.setLabel([i], name, !store.annotationsAt(i).labels.includes(name), id === undefined ? undefined : [id]));
  }

  /** Palette: choose a rating for the selected sample. */
  async pickRating(): Promise<void> {
    const pick = await vscode.window.showQuickPick(['1', '2', '3', '4', '5'].map((r) => ({ label: r, description: `Shift+${r}` })), { title: 'Rate the current sample (the same rating again clears it)' });
    if (pick) await this.rate(Number(pick.label));
  }

  /** Rates the selected sample 1–5; the same rating again clears it. */
  rate(rating: number): Promise<void> {
    return this.#annotate('rating', (store, i, id) => store.setRating(i, store.annotationsAt(i).rating === rating ? undefined : rating, id));
  }

  async editNote(): Promise<void> {
    const store = await this.stores.open();
    const i = this.#selected;
    if (i === undefined) return;
    const note = await vscode.window.showInputBox({
      title: `Note on ${store.row(i).source}:${store.row(i).line}`, value: store.annotationsAt(i).note ?? '',
      prompt: 'Empty clears the note. Saved with the sample (undoable).', ignoreFocusOut: true,
    });
    if (note === undefined) return;
    await this.#annotate('note', (s, idx, id) => s.setNote(idx, note.trim() ? note : undefined, id));
  }

  /** Selects the first or last pending sample. */
  async goPending(which: 'first' | 'last'): Promise<void> {
    const store = await this.stores.open();
    const i = which === 'first' ? store.nextPending(0) : store.previousPending(store.size - 1);
    if (i === undefined) {
      this.#post({ type: 'error', message: 'No sample is pending.' });
      return;
    }
    this.#selected = i;
    this.#post({ type: 'rowsChanged', rows: this.#rows(store, [i]), counts: store.counts(), select: this.#pos(i) });
    this.#post({ type: 'sample', sample: this.#view(store, i) });
  }

  /** A change to the selected sample; `id` is the sample the reviewer saw there (the store refuses another). */
  async #annotate(what: string, change: (store: CurationStore, index: number, id: string | undefined) => Promise<readonly number[]>): Promise<void> {
    const store = await this.stores.open();
    const i = this.#selected;
    if (i === undefined) return;
    try {
      const changed = await change(store, i, this.#selectedId);
      this.#post({ type: 'rowsChanged', rows: this.#rows(store, changed), counts: store.counts(), select: this.#pos(i) });
      this.#post({ type: 'sample', sample: this.#view(store, i) });
    } catch (e) {
      this.#fail(`Could not save the ${what}`, e);
    }
  }

  #labels: LabelDefinition[] = [...DEFAULT_LABELS];

  /** The query behind the list, and the filter text the reviewer typed (to edit it next time). */
  #query: SampleQuery = {};
  #filterInput = '';

  /** `/`: a phrase or /regex/ over sample text, within the current filter. Empty clears the search. */
  async search(): Promise<void> {
    const text = await vscode.window.showInputBox({
      title: 'Search sample text', value: this.#query.text ?? '', ignoreFocusOut: true,
      prompt: 'A phrase (case-insensitive) or /regex/flags, within the current filter. Empty shows every sample the filter keeps.',
      validateInput: (t) => {
        try {
          if (t.trim()) compileTextMatcher(t.trim());
          return undefined;
        } catch (e) {
          return (e as Error).message;
        }
      },
    });
    if (text === undefined) return;
    await this.#applyQuery({ ...this.#query, text: text.trim() || undefined });
  }

  /** `f`: verdict:, label:, source:, model:, licence:, sort: and free text. Empty shows every sample. */
  async filter(): Promise<void> {
    const input = await vscode.window.showInputBox({
      title: 'Filter and sort', value: this.#filterInput, ignoreFocusOut: true,
      prompt: 'e.g. verdict:pending label:incorrect source:gsm8k.jsonl model:teacher-a licence:unknown sort:length desc refund',
      validateInput: (t) => {
        try {
          parseQueryFilter(t);
          return undefined;
        } catch (e) {
          return (e as Error).message;
        }
      },
    });
    if (input === undefined) return;
    await this.applyFilter(input);
  }

  /** Shows the samples a typed filter selects (what `f` does after its input box). */
  async applyFilter(input: string): Promise<void> {
    this.#filterInput = input;
    await this.#applyQuery(parseQueryFilter(input));
  }

  /** Runs a query over the store (cancellable, with progress) and shows its result as the list. */
  async #applyQuery(query: SampleQuery): Promise<void> {
    const store = await this.stores.open();
    const description = describeQuery(query);
    const narrows = !!query.text || [query.verdicts, query.labels, query.sources, query.models, query.licences, query.flags].some((l) => l?.length);
    if (!narrows && (query.sort ?? 'order') === 'order' && !query.descending) {
      this.#query = {};
      this.#list = new PanelListModel(store.size);
      this.#postSnapshot(store);
      return;
    }
    try {
      const indices = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Sample Curator: ${description}`, cancellable: true },
        (progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          let shown = 0;
          return runQuery(this.#queryable(store), query, {
            signal: abort.signal,
            onProgress: (p) => {
              const pct = Math.floor((100 * p.done) / Math.max(1, p.total));
              progress.report({ increment: pct - shown, message: `${p.matches} match${p.matches === 1 ? '' : 'es'}` });
              shown = pct;
            },
          });
        },
      );
      this.#query = query;
      this.#list = new PanelListModel(store.size, indices, `${description} — ${indices.length} of ${store.size}`);
      this.#postSnapshot(store);
    } catch (e) {
      if ((e as Error).name === 'AbortError') this.#post({ type: 'error', message: 'Search cancelled; the list is as it was.' });
      else this.#fail('Could not run the filter', e);
    }
  }

  /** The store as queries read it, with the checks' results for `flag:`. */
  #queryable(store: CurationStore): QueryableStore {
    return {
      size: store.size,
      verdictAt: (i) => store.verdictAt(i),
      annotationsAt: (i) => store.annotationsAt(i),
      sourceAt: (i) => store.sourceAt(i),
      byteLengthAt: (i) => store.byteLengthAt(i),
      recordAt: (i) => store.recordAt(i),
      provenanceDefaultsOf: (source) => store.provenanceDefaultsOf(source),
      flagsAt: (i) => this.checksView.filterFlagsAt(i),
    };
  }

  /** Palette commands for what the webview does alone (moving, swapping sides, the help sheet). */
  runInPanel(action: PanelOnlyAction): void {
    if (!this.#panel) {
      void vscode.window.showInformationMessage('Sample Curator: open the review panel first.');
      return;
    }
    this.#post({ type: 'run', action });
  }

  /**
   * Opens the selected sample's source file at its line, beside the panel: read-only (a data file
   * is never edited from here) and without taking the focus, so the next review keys stay here.
   */
  async openSource(): Promise<void> {
    const store = await this.stores.open();
    if (this.#selected === undefined) return;
    const { path: file, line } = store.sourceLocation(this.#selected);
    await this.sources.show(file, line);
  }

  /** Shows every sample again, in store order. */
  async clearFilter(): Promise<void> {
    this.#filterInput = '';
    await this.#applyQuery({});
  }

  /** Bulk verdict on every sample of the current list, after a confirmation naming the count; one undo step. */
  async bulkDecide(verdict: DecisionVerdict, confirm: Confirm = confirmModal): Promise<void> {
    const store = await this.stores.open();
    const indices = this.#list.allIndices();
    const verb = verdict === 'accepted' ? 'Accept' : verdict === 'rejected' ? 'Reject' : 'Skip';
    const where = this.#list.filtered ? `in the current list (${this.#list.description})` : 'in the whole store';
    if (!(await confirm(`${verb} all ${formatCount(indices.length)} samples ${where}? One undo (u) reverts it.`, `${verb} ${formatCount(indices.length)}`))) return;
    try {
      await store.decideMany(indices, verdict);
      this.#postSnapshot(store);
    } catch (e) {
      this.#fail(`Could not save the bulk ${verb.toLowerCase()}`, e);
    }
  }

  /** Bulk label on every sample of the current list, after a confirmation naming the count. */
  async bulkLabel(): Promise<void> {
    const store = await this.stores.open();
    const pick = await vscode.window.showQuickPick(this.#labels.map((l) => ({ label: l.name, detail: l.description })), { title: 'Label every sample in the current list' });
    if (!pick) return;
    const indices = this.#list.allIndices();
    const where = this.#list.filtered ? `in the current list (${this.#list.description})` : 'in the whole store';
    const ok = await vscode.window.showWarningMessage(
      `Label all ${formatCount(indices.length)} samples ${where} “${pick.label}”? One undo (u) reverts it.`, { modal: true }, `Label ${formatCount(indices.length)}`,
    );
    if (!ok) return;
    try {
      await store.setLabel(indices, pick.label, true);
      this.#postSnapshot(store);
    } catch (e) {
      this.#fail('Could not save the bulk label', e);
    }
  }

  /** The list the panel shows (all samples, or a filter's result); the webview knows only positions in it. */
  #list = new PanelListModel(0);

  /** Rows for these samples, at their list positions; samples the filter hides are left out. */
  #rows(store: CurationStore, indices: readonly number[]): RowView[] {
    const rows: RowView[] = [];
    for (const index of indices) {
      const position = this.#list.positionOf(index);
      if (position >= 0) {
        const flags = this.checksView.flagsAt(index);
        rows.push({ ...store.row(index), index: position, sample: index, labels: store.annotationsAt(index).labels, ...(flags.length ? { flags } : {}) });
      }
    }
    return rows;
  }

  /** The list position of a sample, undefined when hidden (or none). */
  #pos(index: number | undefined): number | undefined {
    if (index === undefined) return undefined;
    const p = this.#list.positionOf(index);
    return p >= 0 ? p : undefined;
  }

  #view(store: CurationStore, index: number): SampleView {
    const a = store.annotationsAt(index);
    const loaded = store.sample(index);
    if (index === this.#selected) this.#selectedId = loaded.row.id;
    const view = sampleView(loaded);
    const checks = this.checksView.sampleChecks(store, index, loaded);
    const flags = this.checksView.flagsAt(index);
    return {
      ...view, row: { ...view.row, index: this.#list.positionOf(index), sample: index, ...(flags.length ? { flags } : {}) },
      ...(checks ? { checks } : {}),
      annotations: { labels: a.labels, ...(a.rating ? { rating: a.rating } : {}), ...(a.note !== undefined ? { note: a.note } : {}) },
    };
  }

  /** Selects a sample, as a click in the list does (for commands and the integration tests). */
  async select(index: number): Promise<void> {
    const store = await this.stores.open();
    if (!Number.isInteger(index) || index < 0 || index >= store.size) throw new RangeError(`no sample at index ${index}`);
    this.#selected = index;
    this.#post({ type: 'rowsChanged', rows: this.#rows(store, [index]), counts: store.counts(), select: this.#pos(index) });
    this.#post({ type: 'sample', sample: this.#view(store, index) });
  }

  /** Draws these samples again after they changed outside the panel (an edit saved in a tab). */
  refreshSamples(indices: readonly number[]): void {
    const store = this.stores.current;
    if (!store || !indices.length) return;
    this.#post({ type: 'rowsChanged', rows: this.#rows(store, indices), counts: store.counts(), select: this.#pos(this.#selected) });
    const shown = indices.find((i) => i === this.#selected) ?? indices[0];
    this.#post({ type: 'sample', sample: this.#view(store, shown) });
  }

  /** Messages from the webview that failed validation (each logged and dropped). */
  rejectedMessages = 0;

  /** Handles one message from the webview; untrusted input, checked before anything acts on it. */
  async receive(raw: unknown): Promise<void> {
    const msg: FromWebviewMessage | undefined = parseFromWebview(raw);
    if (!msg) {
      this.rejectedMessages++;
      let shown: string;
      try {
        shown = String(JSON.stringify(raw)).slice(0, 200);
      } catch {
        shown = typeof raw;
      }
      this.log.warn(`ignored a malformed message from the review panel: ${shown}`);
      return;
    }
    switch (msg.type) {
      case 'ready':
        return this.#sendSnapshot();
      case 'select': {
        const store = await this.stores.open();
        const index = this.#list.indexAt(msg.index);
        if (index === undefined) return;
        this.#selected = index;
        this.#post({ type: 'sample', sample: this.#view(store, index) });
        return;
      }
      case 'decide': {
        const index = this.#list.indexAt(msg.index);
        return index === undefined ? undefined : this.#decide(index, msg.verdict, msg.id);
      }
      case 'undo':
        return this.undo();
      case 'redo':
        return this.redo();
      case 'rowsRequest': {
        const store = await this.stores.open();
        const end = Math.min(this.#list.size, msg.start + msg.count);
        const indices: number[] = [];
        for (let p = msg.start; p < end; p++) indices.push(this.#list.indexAt(p) as number);
        this.#post({ type: 'rows', start: msg.start, rows: this.#rows(store, indices) });
        return;
      }
      case 'toggleLabel':
        return this.toggleLabel(msg.slot);
      case 'rate':
        return this.rate(msg.rating);
      case 'note':
        return this.editNote();
      case 'goPending':
        return this.goPending(msg.which);
      case 'openSource':
        return this.openSource();
      case 'prefetch': {
        const store = await this.stores.open();
        for (const p of msg.positions) {
          const index = this.#list.indexAt(p);
          if (index !== undefined) this.#post({ type: 'sample', sample: this.#view(store, index), prefetched: true });
        }
        return;
      }
      case 'search':
        return this.search();
      case 'filter':
        return this.filter();
      case 'openCluster':
        return this.openCluster();
      case 'keepOne':
        return this.keepOne(msg.sample);
      case 'edit':
      case 'diff':
        // The editor side lives in sampleEditor.ts, behind these commands (also in the palette).
        await vscode.commands.executeCommand(msg.type === 'edit' ? CommandIds.edit : CommandIds.diff, msg.part);
        return;
      default:
        return assertNever(msg);
    }
  }

  async #sendSnapshot(): Promise<void> {
    let store: CurationStore;
    const progress = this.stores.current ? undefined : this.#showOpening();
    try {
      store = await this.stores.open();
    } catch (e) {
      this.#fail('Could not open the curation store', e);
      return;
    } finally {
      progress?.dispose();
    }
    if (this.#list.size !== store.size && !this.#list.filtered) this.#list = new PanelListModel(store.size);
    this.#labels = await resolveTaxonomy(store, this.log);
    this.#postSnapshot(store);
    if (this.#fileProblems.length) this.#post({ type: 'fileProblems', files: this.#fileProblems });
    this.#onDidHandshake.fire();
  }

  /** The whole state for the current list: first window of rows, counts, labels, the selection. */
  #postSnapshot(store: CurationStore): void {
    this.#drawn = store;
    // The list is virtual: the snapshot carries the first window, the webview asks for the rest.
    const first = this.#list.allIndices().slice(0, FIRST_WINDOW);
    if (this.#pos(this.#selected) === undefined) {
      const p = this.#list.after(-1, store, 'nextPending') ?? (this.#list.size ? 0 : undefined);
      this.#selected = p === undefined ? undefined : this.#list.indexAt(p);
    }
    const selected = this.#selected;
    this.#post({
      type: 'snapshot', storeName: store.name, reviewer: store.reviewer, counts: store.counts(), total: this.#list.size,
      rows: this.#rows(store, first), labels: labelViews(this.#labels), selected: this.#pos(selected),
      sample: selected === undefined ? undefined : this.#view(store, selected),
      problems: store.problems.map((p) => p.message), filter: this.#list.description, checks: this.checksView.header(store),
    });
  }

  /** While the store opens: the first sample straight from the first file, then index progress. */
  #showOpening(): vscode.Disposable {
    let folder: string;
    try {
      folder = this.stores.folder();
    } catch {
      return new vscode.Disposable(() => undefined);
    }
    const storeName = path.basename(folder);
    let sample: SampleView | undefined;
    try {
      const first = peekFirstSample(folder);
      sample = first && sampleView(first);
    } catch (e) {
      this.log.warn(`could not read the first sample early: ${(e as Error).message}`);
    }
    this.#post({ type: 'opening', storeName, sample, progress: undefined });
    let lastPost = 0;
    return this.stores.onProgress((p) => {
      const now = Date.now();
      if (now - lastPost < 200) return; // at most five updates a second
      lastPost = now;
      const percent = p.bytesTotal ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 100;
      this.#post({ type: 'opening', storeName, sample, progress: { file: p.file, fileNumber: p.fileNumber, files: p.files, percent } });
    });
  }

  /** `expectedId`: the sample the reviewer saw at `index`; the store records nothing if it holds another there now. */
  async #decide(index: number, verdict: DecisionVerdict, expectedId: string | undefined): Promise<void> {
    const store = await this.stores.open();
    if (index >= store.size) return;
    if (verdict === 'accepted') {
      const { block, warn } = beforeAccept(this.checks, store, index);
      if (block) {
        this.#post({ type: 'error', message: block });
        return;
      }
      if (warn && this.#warnedAccept !== index) {
        this.#warnedAccept = index;
        this.#post({ type: 'error', message: warn });
        return;
      }
    }
    this.#warnedAccept = undefined;
    try {
      const changed = await store.decide(index, verdict, expectedId);
      const mode = vscode.workspace.getConfiguration('sampleCurator').get<AfterVerdict>('afterVerdict', 'nextPending');
      const next = this.#list.after(this.#list.positionOf(index), store, mode);
      this.#selected = next === undefined ? index : this.#list.indexAt(next);
      this.#post({ type: 'rowsChanged', rows: this.#rows(store, changed), counts: store.counts(), select: this.#pos(this.#selected) });
      this.#post({ type: 'sample', sample: this.#view(store, this.#selected as number) });
      if (verdict === 'accepted' && this.checks.result) this.#afterAccept(store);
    } catch (e) {
      this.#fail(`Could not save the decision on sample ${index + 1}; it stays pending`, e);
    }
  }

  /** After an accept, off the decision's path: the header's figures, and the teacher-cap / synthetic-share warnings. */
  #afterAccept(store: CurationStore): void {
    setImmediate(() => {
      const header = this.checksView.header(store);
      this.#post({ type: 'checks', header });
      if (header.warnings.length) this.#post({ type: 'error', message: `Accepted. ${header.warnings.join('; ')}.` });
    });
  }

  #fail(what: string, e: unknown): void {
    if (e instanceof SourceChangedError || e instanceof StaleSampleError) {
      // Not a failure to report with the log: the store is re-indexing (or has), the panel redraws.
      const message = `${what}: ${e.message}`;
      this.log.warn(message);
      this.#post({ type: 'error', message });
      if (e instanceof SourceChangedError && this.#drawn) this.stores.noticeChange(path.join(this.#drawn.folder, e.source));
      else void this.#redrawSelected();
      return;
    }
    const message = `${what}: ${(e as Error).message ?? String(e)}`;
    this.log.error(message);
    this.#post({ type: 'error', message });
    void vscode.window.showErrorMessage(`Sample Curator: ${message}`, 'Open Log').then((choice) => {
      if (choice) this.log.show();
    });
  }

  /** Draws the selected sample again (after a verdict was refused because another sample is there now). */
  async #redrawSelected(): Promise<void> {
    const store = await this.stores.open();
    if (this.#selected === undefined || this.#selected >= store.size) return;
    this.#post({ type: 'rowsChanged', rows: this.#rows(store, [this.#selected]), counts: store.counts(), select: this.#pos(this.#selected) });
    this.#post({ type: 'sample', sample: this.#view(store, this.#selected) });
  }

  #post(msg: ToWebviewMessage): void {
    this.sent.push(msg);
    if (this.sent.length > 50) this.sent.shift();
    void this.#panel?.webview.postMessage(msg);
  }

  dispose(): void {
    while (this.#own.length) this.#own.pop()?.dispose();
    this.#panel?.dispose();
    this.#onDidHandshake.dispose();
  }
}

