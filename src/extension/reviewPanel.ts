// The review panel controller: owns the webview panel, answers its messages from the store.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { CurationStore } from '../core/curationStore';
import { peekFirstSample, type LoadedSample } from '../core/storeSamples';
import {
  assertNever, parseFromWebview, type DecisionVerdict, type FileProblemsView, type FromWebviewMessage, type SampleView, type ToWebviewMessage,
} from '../protocol';
import { PANEL_ACTIVE_CONTEXT, REVIEW_PANEL_VIEW_TYPE } from './commandIds';
import { reviewPanelHtml } from './panelHtml';
import type { StoreHost } from './storeHost';

const MAX_LISTED_ROWS = 5000;

function sampleView(s: LoadedSample): SampleView {
  return { row: s.row, format: s.format, normalized: s.normalized, error: s.error, provenance: s.provenance };
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

  async undo(): Promise<void> {
    const store = await this.stores.open();
    try {
      const result = await store.undo();
      if (!result) {
        this.#post({ type: 'error', message: 'Nothing to undo.' });
        return;
      }
      this.#selected = result.index;
      this.#post({ type: 'rowsChanged', rows: result.changed.map((i) => store.row(i)), counts: store.counts(), select: result.index });
      this.#post({ type: 'sample', sample: sampleView(store.sample(result.index)) });
    } catch (e) {
      this.#fail('Could not save the undo', e);
    }
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
        this.#post({ type: 'sample', sample: sampleView(store.sample(msg.index)) });
        return;
      }
      case 'decide':
        return this.#decide(msg.index, msg.verdict);
      case 'undo':
        return this.undo();
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
    // Until the list is virtualized (issue 5), the panel lists the first rows only; every row costs a parse.
    const rows = Array.from({ length: Math.min(store.size, MAX_LISTED_ROWS) }, (_, i) => store.row(i));
    const selected = this.#selected ?? store.nextPending(0) ?? (store.size ? 0 : undefined);
    this.#selected = selected;
    this.#post({
      type: 'snapshot', storeName: store.name, reviewer: store.reviewer, counts: store.counts(), rows, selected,
      sample: selected === undefined ? undefined : sampleView(store.sample(selected)),
      problems: [
        ...store.problems.map((p) => p.message),
        ...(store.size > MAX_LISTED_ROWS ? [`the list shows the first ${MAX_LISTED_ROWS} of ${store.size} samples for now`] : []),
      ],
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
      this.#post({ type: 'rowsChanged', rows: changed.map((i) => store.row(i)), counts: store.counts(), select: this.#selected });
      this.#post({ type: 'sample', sample: sampleView(store.sample(this.#selected)) });
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

