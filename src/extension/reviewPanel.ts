// The review panel controller: owns the webview panel, answers its messages from the store.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { CurationStore } from '../core/curationStore';
import { peekFirstSample, type LoadedSample } from '../core/storeSamples';
import {
  assertNever, parseFromWebview, type DecisionVerdict, type FileProblemsView, type FromWebviewMessage, type RowView, type SampleView, type ToWebviewMessage,
} from '../protocol';
import { DEFAULT_LABELS, labelInSlot, type LabelDefinition } from '../core/labelTaxonomy';
import { CommandIds, PANEL_ACTIVE_CONTEXT, REVIEW_PANEL_VIEW_TYPE } from './commandIds';
import { labelViews, resolveTaxonomy } from './labelSettings';
import { reviewPanelHtml } from './panelHtml';
import type { StoreHost } from './storeHost';

/** Rows sent with the snapshot; the rest are requested as the list scrolls. */
const FIRST_WINDOW = 100;

function sampleView(s: LoadedSample): SampleView {
  return {
    row: s.row, format: s.format, normalized: s.normalized, error: s.error, provenance: s.provenance,
    ...(s.revision ? { revision: s.revision, original: s.original } : {}),
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
  ) {}

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
    panel.webview.onDidReceiveMessage((raw: unknown) => void this.#receive(raw), undefined, this.#disposables);
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

  /** Gives a verdict on the selected sample (palette commands and webview keys share this). */
  async decideSelected(verdict: DecisionVerdict): Promise<void> {
    if (this.#selected === undefined) {
      void vscode.window.showInformationMessage('Sample Curator: no sample is selected.');
      return;
    }
    await this.#decide(this.#selected, verdict);
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
      this.#post({ type: 'rowsChanged', rows: result.changed.map((i) => this.#row(store, i)), counts: store.counts(), select: result.index });
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
    await this.#annotate('label', (store, i) => store.setLabel([i], label.name, !store.annotationsAt(i).labels.includes(label.name)));
  }

  /** Palette: choose a label to toggle on the selected sample. */
  async pickLabel(): Promise<void> {
    const pick = await vscode.window.showQuickPick(
      this.#labels.map((l) => ({ label: l.name, description: l.slot ? `key ${l.slot}` : undefined, detail: l.description, slot: l.slot })),
      { title: 'Toggle a label on the current sample' },
    );
    if (!pick) return;
    const name = pick.label;
    await this.#annotate('label', (store, i) => store.setLabel([i], name, !store.annotationsAt(i).labels.includes(name)));
  }

  /** Palette: choose a rating for the selected sample. */
  async pickRating(): Promise<void> {
    const pick = await vscode.window.showQuickPick(['1', '2', '3', '4', '5'].map((r) => ({ label: r, description: `Shift+${r}` })), { title: 'Rate the current sample (the same rating again clears it)' });
    if (pick) await this.rate(Number(pick.label));
  }

  /** Rates the selected sample 1–5; the same rating again clears it. */
  rate(rating: number): Promise<void> {
    return this.#annotate('rating', (store, i) => store.setRating(i, store.annotationsAt(i).rating === rating ? undefined : rating));
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
    await this.#annotate('note', (s, idx) => s.setNote(idx, note.trim() ? note : undefined));
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
    this.#post({ type: 'rowsChanged', rows: [this.#row(store, i)], counts: store.counts(), select: i });
    this.#post({ type: 'sample', sample: this.#view(store, i) });
  }

  async #annotate(what: string, change: (store: CurationStore, index: number) => Promise<readonly number[]>): Promise<void> {
    const store = await this.stores.open();
    const i = this.#selected;
    if (i === undefined) return;
    try {
      const changed = await change(store, i);
      this.#post({ type: 'rowsChanged', rows: changed.map((k) => this.#row(store, k)), counts: store.counts(), select: i });
      this.#post({ type: 'sample', sample: this.#view(store, i) });
    } catch (e) {
      this.#fail(`Could not save the ${what}`, e);
    }
  }

  #labels: LabelDefinition[] = [...DEFAULT_LABELS];

  #row(store: CurationStore, index: number): RowView {
    return { ...store.row(index), labels: store.annotationsAt(index).labels };
  }

  #view(store: CurationStore, index: number): SampleView {
    const a = store.annotationsAt(index);
    return {
      ...sampleView(store.sample(index)),
      annotations: { labels: a.labels, ...(a.rating ? { rating: a.rating } : {}), ...(a.note !== undefined ? { note: a.note } : {}) },
    };
  }

  /** Selects a sample, as a click in the list does (for commands and the integration tests). */
  async select(index: number): Promise<void> {
    const store = await this.stores.open();
    if (!Number.isInteger(index) || index < 0 || index >= store.size) throw new RangeError(`no sample at index ${index}`);
    this.#selected = index;
    this.#post({ type: 'rowsChanged', rows: [this.#row(store, index)], counts: store.counts(), select: index });
    this.#post({ type: 'sample', sample: this.#view(store, index) });
  }

  /** Draws these samples again after they changed outside the panel (an edit saved in a tab). */
  refreshSamples(indices: readonly number[]): void {
    const store = this.stores.current;
    if (!store || !indices.length) return;
    this.#post({ type: 'rowsChanged', rows: indices.map((i) => this.#row(store, i)), counts: store.counts(), select: this.#selected });
    const shown = indices.find((i) => i === this.#selected) ?? indices[0];
    this.#post({ type: 'sample', sample: this.#view(store, shown) });
  }

  async #receive(raw: unknown): Promise<void> {
    const msg: FromWebviewMessage | undefined = parseFromWebview(raw);
    if (!msg) {
      this.log.warn(`ignored a malformed message from the review panel: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (msg.type) {
      case 'ready':
        return this.#sendSnapshot();
      case 'select': {
        const store = await this.stores.open();
        if (msg.index >= store.size) return;
        this.#selected = msg.index;
        this.#post({ type: 'sample', sample: this.#view(store, msg.index) });
        return;
      }
      case 'decide':
        return this.#decide(msg.index, msg.verdict);
      case 'undo':
        return this.undo();
      case 'redo':
        return this.redo();
      case 'rowsRequest': {
        const store = await this.stores.open();
        const end = Math.min(store.size, msg.start + msg.count);
        const rows = [];
        for (let i = msg.start; i < end; i++) rows.push(this.#row(store, i));
        this.#post({ type: 'rows', start: msg.start, rows });
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
      case 'edit':
      case 'diff':
        // The editor side lives in sampleEditor.ts, behind these commands (also in the palette).
        await vscode.commands.executeCommand(msg.type === 'edit' ? CommandIds.edit : CommandIds.diff);
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
    // The list is virtual: the snapshot carries the first window, the webview asks for the rest.
    const rows = Array.from({ length: Math.min(store.size, FIRST_WINDOW) }, (_, i) => this.#row(store, i));
    const selected = this.#selected ?? store.nextPending(0) ?? (store.size ? 0 : undefined);
    this.#selected = selected;
    this.#labels = await resolveTaxonomy(store, this.log);
    this.#post({
      type: 'snapshot', storeName: store.name, reviewer: store.reviewer, counts: store.counts(), total: store.size, rows,
      labels: labelViews(this.#labels), selected,
      sample: selected === undefined ? undefined : this.#view(store, selected),
      problems: store.problems.map((p) => p.message),
    });
    if (this.#fileProblems.length) this.#post({ type: 'fileProblems', files: this.#fileProblems });
    this.#onDidHandshake.fire();
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

  async #decide(index: number, verdict: DecisionVerdict): Promise<void> {
    const store = await this.stores.open();
    if (index >= store.size) return;
    try {
      const changed = await store.decide(index, verdict);
      const next = store.nextPending(index + 1);
      this.#selected = next ?? index;
      this.#post({ type: 'rowsChanged', rows: changed.map((i) => this.#row(store, i)), counts: store.counts(), select: this.#selected });
      this.#post({ type: 'sample', sample: this.#view(store, this.#selected) });
    } catch (e) {
      this.#fail(`Could not save the decision on sample ${index + 1}; it stays pending`, e);
    }
  }

  #fail(what: string, e: unknown): void {
    const message = `${what}: ${(e as Error).message ?? String(e)}`;
    this.log.error(message);
    this.#post({ type: 'error', message });
    void vscode.window.showErrorMessage(`Sample Curator: ${message}`, 'Open Log').then((choice) => {
      if (choice) this.log.show();
    });
  }

  #post(msg: ToWebviewMessage): void {
    this.sent.push(msg);
    if (this.sent.length > 50) this.sent.shift();
    void this.#panel?.webview.postMessage(msg);
  }

  dispose(): void {
    this.#panel?.dispose();
    this.#onDidHandshake.dispose();
  }
}

