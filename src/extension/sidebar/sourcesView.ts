// The Sources view (activity bar, "Sample Curator"): each source file of the open store with its
// format, sample count and problem count (what opening it noted, and the records the record check
// found unreadable once it ran). Context actions: open the file, re-index it. Drawn again when the
// store opens (a re-index too) and when the record check reports. Empty with no store open (its
// welcome content shows then).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileProblemSummary } from '../../core/ingest/recordReader';
import type { CurationStore } from '../../core/store/curationStore';
import { CommandIds } from '../commandIds';
import type { StoreHost } from '../storeHost';

export const SOURCES_VIEW_ID = 'sampleCurator.sources';

export interface SourceNode {
  /** The source's path relative to the store folder (`data/train.jsonl` in a Hub dataset folder). */
  readonly relPath: string;
  /** The file on disk (the original, not the prepared copy a gzip or Parquet file is read from). */
  readonly uri: vscode.Uri;
  readonly format: string;
  readonly samples: number;
  readonly problems: number;
}

export class SourcesView implements vscode.TreeDataProvider<SourceNode>, vscode.Disposable {
  readonly #onDidChangeTreeData = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.#onDidChangeTreeData.event;
  readonly #subscriptions: vscode.Disposable[] = [this.#onDidChangeTreeData];
  /** The record check's counts per file, for the store they were found in. */
  #recordProblems: { readonly store: CurationStore; readonly byFile: ReadonlyMap<string, number> } | undefined;

  constructor(private readonly stores: StoreHost) {
    stores.onDidOpen(() => this.#onDidChangeTreeData.fire(), undefined, this.#subscriptions);
  }

  /** The record check's result for `store` (after the index pass). */
  showRecordProblems(store: CurationStore, files: readonly FileProblemSummary[]): void {
    this.#recordProblems = { store, byFile: new Map(files.map((f) => [f.file, f.total])) };
    this.#onDidChangeTreeData.fire();
  }

  /** The open store's sources, in store order. */
  nodes(): SourceNode[] {
    const store = this.stores.current;
    if (!store) return [];
    const records = this.#recordProblems?.store === store ? this.#recordProblems.byFile : undefined;
    return store.checkSources().map((s) => ({
      relPath: s.file,
      uri: vscode.Uri.file(path.join(store.folder, s.file)),
      format: store.project.data.sources.find((e) => e.path === s.file)?.format ?? 'unknown',
      samples: s.starts.length,
      problems: store.problems.filter((p) => p.source === s.file).length + (records?.get(s.file) ?? 0),
    }));
  }

  getChildren(node?: SourceNode): SourceNode[] {
    return node ? [] : this.nodes();
  }

  getTreeItem(node: SourceNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.relPath, vscode.TreeItemCollapsibleState.None);
    item.contextValue = 'source';
    item.resourceUri = node.uri;
    item.iconPath = node.problems ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon('file');
    item.description = sourceDescription(node);
    item.tooltip = vscode.l10n.t('{0}: {1} samples, format {2}, {3} problems', node.relPath, node.samples, node.format, node.problems);
    item.command = { command: CommandIds.openSourceFile, title: vscode.l10n.t('Open Source File'), arguments: [node] };
    return item;
  }

  dispose(): void {
    while (this.#subscriptions.length) this.#subscriptions.pop()?.dispose();
  }
}

/** "openai-chat · 120 samples · 2 problems" */
export function sourceDescription(node: Pick<SourceNode, 'format' | 'samples' | 'problems'>): string {
  const samples = node.samples === 1 ? vscode.l10n.t('1 sample') : vscode.l10n.t('{0} samples', node.samples);
  const problems = node.problems === 0 ? vscode.l10n.t('no problems') : node.problems === 1 ? vscode.l10n.t('1 problem') : vscode.l10n.t('{0} problems', node.problems);
  return `${node.format} · ${samples} · ${problems}`;
}
