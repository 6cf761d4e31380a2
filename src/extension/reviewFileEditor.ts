// "Open With… → Sample Curator" on a sample file, the explorer's "Review in Sample Curator" on a
// file or folder, and the editor title action on JSONL files: each opens the review panel on what
// was chosen. A file becomes a one-file store in its own folder, a folder a store of its files
// (StoreHost.openOn; where decisions land: storeFileList). The custom editor is read-only (a
// CustomReadonlyEditorProvider): the panel never writes the file, only `.curator/`; its webview
// panel becomes the review panel itself (ReviewPanel.adopt), so there is one panel either way.
import * as vscode from 'vscode';
import type { ReviewPanel } from './panel/reviewPanel';
import type { StoreHost } from './storeHost';

/** The custom editor's view type (package.json `customEditors`). */
export const REVIEW_FILE_EDITOR_VIEW_TYPE = 'sampleCurator.reviewFile';

export class ReviewFileEditor implements vscode.CustomReadonlyEditorProvider {
  constructor(
    private readonly stores: StoreHost,
    private readonly panel: ReviewPanel,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  register(): vscode.Disposable {
    return vscode.window.registerCustomEditorProvider(REVIEW_FILE_EDITOR_VIEW_TYPE, this, {
      webviewOptions: { retainContextWhenHidden: true },
      supportsMultipleEditorsPerDocument: false,
    });
  }

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, webviewPanel: vscode.WebviewPanel): Promise<void> {
    this.panel.adopt(webviewPanel);
    await openOn(this.stores, document.uri, this.log);
  }

  /**
   * "Review in Sample Curator": the panel on `uri` (a file or folder); from the palette, with no
   * uri, the active editor's file, else a file or folder the reviewer picks.
   */
  async review(uri?: vscode.Uri): Promise<void> {
    const target = uri ?? activeFile() ?? (await vscode.window.showOpenDialog({
      canSelectFiles: true, canSelectFolders: true, canSelectMany: false,
      title: vscode.l10n.t('Review which sample file or folder?'), openLabel: vscode.l10n.t('Review'),
    }))?.[0];
    if (!target) return;
    // A file opens in the custom editor (its tab named after the file, like Open With); a folder in
    // a panel of the extension's own.
    if ((await vscode.workspace.fs.stat(target)).type & vscode.FileType.Directory) {
      this.panel.show(true);
      await openOn(this.stores, target, this.log);
    } else {
      await vscode.commands.executeCommand('vscode.openWith', target, REVIEW_FILE_EDITOR_VIEW_TYPE);
    }
  }
}

function activeFile(): vscode.Uri | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri?.scheme === 'file' ? uri : undefined;
}

/** Opens the store on `uri`; a failure is shown once, with the log a click away. */
async function openOn(stores: StoreHost, uri: vscode.Uri, log: vscode.LogOutputChannel): Promise<void> {
  try {
    await stores.openOn(uri);
  } catch (e) {
    const message = vscode.l10n.t('Sample Curator: {0} could not be opened for review: {1}', uri.fsPath, (e as Error).message);
    log.error(message);
    const openLog = vscode.l10n.t('Open Log');
    void vscode.window.showErrorMessage(message, openLog).then((choice) => choice && log.show());
  }
}
