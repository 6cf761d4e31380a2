// The webview's `ready` answered with a full snapshot (a reloaded webview replays nothing else).
// While the store is still opening, the panel first gets the first sample straight from the first
// file and the index's progress. Per-file problems are kept here so a reopened panel shows them again.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CurationStore } from '../../core/store/curationStore';
import { peekFirstParquetSample, peekFirstSample, sampleFileNames } from '../../core/store/storeSamples';
import type { FileProblemsView, OpeningProgress, SampleView } from '../../protocol';
import { resolveTaxonomy } from '../labelSettings';
import { PanelListModel } from './listModel';
import type { PanelContext } from './panelContext';
import { sampleView } from './sampleViews';
import { judgeFields } from '../judgeSettings';

export class PanelHandshake implements vscode.Disposable {
  readonly #onDidHandshake = new vscode.EventEmitter<void>();
  /** Fires each time the webview completed the ready → snapshot handshake. */
  readonly onDidHandshake = this.#onDidHandshake.event;
  #fileProblems: readonly FileProblemsView[] = [];

  constructor(private readonly ctx: PanelContext) {}

  /** Shows per-file problem counts (kept, so a reopened panel shows them again). */
  showFileProblems(files: readonly FileProblemsView[]): void {
    this.#fileProblems = files;
    this.ctx.webview.post({ type: 'fileProblems', files, unreadable: this.ctx.stores.current?.unreadablePending() ?? 0 });
  }

  async sendSnapshot(): Promise<void> {
    const { stores, state, draw, webview, log } = this.ctx;
    let store: CurationStore;
    const progress = stores.current ? undefined : this.#showOpening();
    try {
      store = await stores.open();
    } catch (e) {
      this.ctx.fail('Could not open the curation store', e);
      return;
    } finally {
      progress?.dispose();
    }
    if (state.list.size !== store.size && !state.list.filtered) state.list = new PanelListModel(store.size);
    state.labels = await resolveTaxonomy(store, log);
    draw.snapshot(store);
    if (this.#fileProblems.length) webview.post({ type: 'fileProblems', files: this.#fileProblems, unreadable: store.unreadablePending() });
    this.#onDidHandshake.fire();
  }

  /** While the store opens: the first sample straight from the first file, then index progress. */
  #showOpening(): vscode.Disposable {
    const { stores, log, webview } = this.ctx;
    let folder: string;
    try {
      folder = stores.folder();
    } catch {
      return new vscode.Disposable(() => undefined);
    }
    const storeName = path.basename(folder);
    let sample: SampleView | undefined;
    // The folder (and a Hub card) listed once for both early reads below.
    let names: string[] = [];
    try {
      names = sampleFileNames(folder);
      const first = peekFirstSample(folder, names);
      sample = first && sampleView(first, judgeFields());
    } catch (e) {
      log.warn(`could not read the first sample early: ${(e as Error).message}`);
    }
    webview.post({ type: 'opening', storeName, sample, progress: undefined });
    let lastPost = 0;
    let progress: OpeningProgress | undefined;
    let opening = true;
    // A Parquet file's first row takes a read of its footer and first pages: shown when it comes,
    // unless the store has opened by then (the panel has moved on from "opening").
    if (!sample) {
      void peekFirstParquetSample(folder, names).then((first) => {
        if (!first || !opening) return;
        sample = sampleView(first, judgeFields());
        webview.post({ type: 'opening', storeName, sample, progress });
      }, (e: Error) => log.warn(`could not read the first sample early: ${e.message}`));
    }
    const listening = stores.onProgress((p) => {
      const now = Date.now();
      if (now - lastPost < 200) return; // at most five updates a second
      lastPost = now;
      const percent = p.bytesTotal ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 100;
      progress = { file: p.file, fileNumber: p.fileNumber, files: p.files, percent };
      webview.post({ type: 'opening', storeName, sample, progress });
    });
    return new vscode.Disposable(() => {
      opening = false;
      listening.dispose();
    });
  }

  dispose(): void {
    this.#onDidHandshake.dispose();
  }
}
