// Finds and opens the curation store on first use (never during activation), and shares it.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CurationStore, type StoreOpenProgress } from '../core/curationStore';
import { buildLineIndexInWorkers } from '../core/parallelIndex';

/** Opening a store that needs no indexing takes well under this; only longer opens show a notification. */
const PROGRESS_NOTIFICATION_DELAY_MS = 400;

export class StoreHost implements vscode.Disposable {
  #opening: Promise<CurationStore> | undefined;
  #store: CurationStore | undefined;
  readonly #onDidOpen = new vscode.EventEmitter<CurationStore>();
  /** Fires once the store has been opened. */
  readonly onDidOpen = this.#onDidOpen.event;
  readonly #onProgress = new vscode.EventEmitter<StoreOpenProgress>();
  /** Index progress while the store opens. */
  readonly onProgress = this.#onProgress.event;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    /** out/indexWorker.js: files are indexed on worker threads, never on the extension host's thread. */
    private readonly indexWorkerScript: string,
  ) {}

  get current(): CurationStore | undefined {
    return this.#store;
  }

  /** The store folder: the `sampleCurator.storePath` setting, else the first workspace folder. */
  folder(): string {
    // In a restricted workspace VS Code ignores the workspace value of this setting
    // (`restrictedConfigurations` in package.json), so a workspace cannot point us elsewhere.
    const configured = vscode.workspace.getConfiguration('sampleCurator').get<string>('storePath', '').trim();
    const ws = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (configured) {
      if (path.isAbsolute(configured)) return configured;
      if (ws) return path.join(ws.fsPath, configured);
    }
    if (!ws) throw new Error('Open a folder of sample files (or set "sampleCurator.storePath") to start curating.');
    return ws.fsPath;
  }

  reviewer(): string {
    const configured = vscode.workspace.getConfiguration('sampleCurator').get<string>('reviewer', '').trim();
    if (configured) return configured;
    try {
      return os.userInfo().username || 'reviewer';
    } catch {
      return 'reviewer';
    }
  }

  open(): Promise<CurationStore> {
    this.#opening ??= (async () => {
      const folder = this.folder();
      const started = Date.now();
      const store = await this.#openWithProgress(folder);
      this.log.info(`opened store ${folder}: ${store.size} samples in ${store.sourcePaths.length} files (${Date.now() - started} ms)`);
      for (const p of store.problems) this.log.warn(p.message);
      this.#store = store;
      this.#onDidOpen.fire(store);
      return store;
    })();
    this.#opening.catch(() => (this.#opening = undefined));
    return this.#opening;
  }

  /** Opens the store; if that takes a while, a cancellable notification shows the indexing. */
  async #openWithProgress(folder: string): Promise<CurationStore> {
    const abort = new AbortController();
    let report: ((p: StoreOpenProgress) => void) | undefined;
    let last: StoreOpenProgress | undefined;
    const opening = CurationStore.open(folder, {
      reviewer: this.reviewer(),
      signal: abort.signal,
      indexer: (path, onProgress, signal) =>
        buildLineIndexInWorkers(path, { workerScript: this.indexWorkerScript, workers: 2, onProgress, signal }),
      onProgress: (p) => {
        last = p;
        this.#onProgress.fire(p);
        report?.(p);
      },
    });
    const timer = setTimeout(() => {
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Sample Curator: indexing the store', cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => abort.abort(new Error('indexing cancelled')));
          let shown = 0;
          report = (p) => {
            const pct = p.bytesTotal ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 100;
            const overall = Math.floor(((p.fileNumber - 1) * 100 + pct) / p.files);
            progress.report({ message: `${p.file} (${p.fileNumber}/${p.files}) ${pct}%`, increment: overall - shown });
            shown = overall;
          };
          if (last) report(last);
          return opening.then(() => undefined, () => undefined);
        },
      );
    }, PROGRESS_NOTIFICATION_DELAY_MS);
    try {
      return await opening;
    } finally {
      clearTimeout(timer);
    }
  }

  dispose(): void {
    this.#onDidOpen.dispose();
    this.#onProgress.dispose();
    void this.#store?.close();
  }
}
