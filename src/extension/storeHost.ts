// Finds and opens the curation store on first use (never during activation), and shares it.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CurationStore } from '../core/curationStore';

export class StoreHost implements vscode.Disposable {
  #opening: Promise<CurationStore> | undefined;
  #store: CurationStore | undefined;
  readonly #onDidOpen = new vscode.EventEmitter<CurationStore>();
  /** Fires once the store has been opened. */
  readonly onDidOpen = this.#onDidOpen.event;

  constructor(private readonly log: vscode.LogOutputChannel) {}

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
      const store = await CurationStore.open(folder, { reviewer: this.reviewer() });
      this.log.info(`opened store ${folder}: ${store.size} samples in ${store.sourcePaths.length} files (${Date.now() - started} ms)`);
      for (const p of store.problems) this.log.warn(`${p.source}: ${p.message}`);
      this.#store = store;
      this.#onDidOpen.fire(store);
      return store;
    })();
    this.#opening.catch(() => (this.#opening = undefined));
    return this.#opening;
  }

  dispose(): void {
    this.#onDidOpen.dispose();
    void this.#store?.close();
  }
}
