// The Sources and Exports views' actions, each also a palette command: from a view they get its
// node; from the palette nothing, and ask which source or export with a quick pick.
import * as vscode from 'vscode';
import type { ExportFolder } from '../../core/store/exportFolders';
import type { StoreHost } from '../storeHost';
import type { ExportsView } from './exportsView';
import type { SourceNode, SourcesView } from './sourcesView';
import { sourceDescription } from './sourcesView';

export class SidebarCommands {
  constructor(
    private readonly stores: StoreHost,
    private readonly sources: SourcesView,
    private readonly exports: ExportsView,
  ) {}

  async openSourceFile(node?: SourceNode): Promise<void> {
    const source = node ?? (await this.#pickSource(vscode.l10n.t('Open which source file?')));
    if (source) await vscode.commands.executeCommand('vscode.open', source.uri);
  }

  /**
   * Reads the source file again: the store is opened again, and a file whose identity changed is
   * indexed anew (an unchanged one keeps its cached index: it is the same file).
   */
  async reindexSource(node?: SourceNode): Promise<void> {
    const source = node ?? (await this.#pickSource(vscode.l10n.t('Re-index which source file?')));
    if (source) await this.stores.reindex([source.uri.fsPath]);
  }

  async openExportManifest(e?: ExportFolder): Promise<void> {
    const folder = e ?? (await this.#pickExport(vscode.l10n.t('Open which export\'s manifest?')));
    if (folder) await vscode.window.showTextDocument(vscode.Uri.file(folder.manifestPath), { preview: true });
  }

  async revealExportFolder(e?: ExportFolder): Promise<void> {
    const folder = e ?? (await this.#pickExport(vscode.l10n.t('Reveal which export folder?')));
    if (folder) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(folder.folder));
  }

  async #pickSource(title: string): Promise<SourceNode | undefined> {
    if (!this.stores.current) await this.stores.open();
    const nodes = this.sources.nodes();
    const picked = await vscode.window.showQuickPick(nodes.map((n) => ({ label: n.relPath, description: sourceDescription(n), node: n })), { title });
    return picked?.node;
  }

  async #pickExport(title: string): Promise<ExportFolder | undefined> {
    if (!this.stores.current) await this.stores.open();
    const folders = this.exports.folders();
    if (!folders.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Sample Curator: this store has no export yet (Export Curated Set writes one).'));
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(folders.map((f) => ({ label: f.folder, description: `${f.format} · ${f.exported}`, folder: f })), { title });
    return picked?.folder;
  }
}
