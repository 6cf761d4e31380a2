// The Exports view (activity bar, "Sample Curator"): the export folders the open store has written,
// newest first, each with its format, sample count and time (found on disk by their manifests:
// core/store/exportFolders.ts). Actions: open the manifest, reveal the folder. Read again when the
// store opens, after an export, and from the view's refresh button.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readExportChoices } from '../../core/export/exportChoices';
import { findExportFolders, type ExportFolder } from '../../core/store/exportFolders';
import { CommandIds } from '../commandIds';
import type { StoreHost } from '../storeHost';

export const EXPORTS_VIEW_ID = 'sampleCurator.exports';

export class ExportsView implements vscode.TreeDataProvider<ExportFolder>, vscode.Disposable {
  readonly #onDidChangeTreeData = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.#onDidChangeTreeData.event;
  readonly #subscriptions: vscode.Disposable[] = [this.#onDidChangeTreeData];

  constructor(private readonly stores: StoreHost) {
    stores.onDidOpen(() => this.refresh(), undefined, this.#subscriptions);
  }

  refresh(): void {
    this.#onDidChangeTreeData.fire();
  }

  /** The open store's export folders, newest first (none with no store open). */
  folders(): ExportFolder[] {
    const store = this.stores.current;
    if (!store) return [];
    const last = readExportChoices(store.project.data.export).parentFolder;
    return findExportFolders([...(last ? [last] : []), store.folder, path.dirname(store.folder)], store.name);
  }

  getChildren(node?: ExportFolder): ExportFolder[] {
    return node ? [] : this.folders();
  }

  getTreeItem(e: ExportFolder): vscode.TreeItem {
    const item = new vscode.TreeItem(path.basename(e.folder), vscode.TreeItemCollapsibleState.None);
    item.contextValue = 'export';
    item.iconPath = new vscode.ThemeIcon('package');
    item.description = vscode.l10n.t('{0} · {1} samples · {2}', e.format, e.exported, e.exportedAt.slice(0, 16).replace('T', ' '));
    item.tooltip = vscode.l10n.t('{0}\n{1} samples as {2} ({3}), exported {4}', e.folder, e.exported, e.format, e.fileType, e.exportedAt);
    item.command = { command: CommandIds.openExportManifest, title: vscode.l10n.t('Open Export Manifest'), arguments: [e] };
    return item;
  }

  dispose(): void {
    while (this.#subscriptions.length) this.#subscriptions.pop()?.dispose();
  }
}
