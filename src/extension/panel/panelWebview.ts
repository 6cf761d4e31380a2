// The review panel's webview: created on first show (revealed after), its HTML, the context key
// that gates the panel's keybindings, and the two directions of messages. It owns the
// subscriptions on the webview panel and drops them when the panel closes.
import * as vscode from 'vscode';
import type { ToWebviewMessage } from '../../protocol';
import { PANEL_ACTIVE_CONTEXT, REVIEW_PANEL_VIEW_TYPE } from '../commandIds';
import { reviewPanelHtml } from './panelHtml';
import type { PanelProbe } from './panelProbe';

export class PanelWebview implements vscode.Disposable {
  #panel: vscode.WebviewPanel | undefined;
  /** The open panel is a custom editor's (its tab named after one file), not one this class created. */
  #adopted = false;
  /** Subscriptions on the open panel; disposed when it closes. */
  readonly #disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly probe: PanelProbe,
    /** Every message from the webview, unchecked (the router checks it). */
    private readonly onMessage: (raw: unknown) => void,
  ) {}

  get isOpen(): boolean {
    return this.#panel !== undefined;
  }

  /**
   * Reveals the panel, or creates it. `own`: the panel must be one of ours, not a custom editor's
   * tab named after a file (the store about to open is a folder): such a tab is closed first.
   */
  show(own = false): vscode.WebviewPanel {
    if (own && this.#adopted) this.#release()?.dispose();
    if (this.#panel) {
      this.#panel.reveal();
      return this.#panel;
    }
    const panel = vscode.window.createWebviewPanel(REVIEW_PANEL_VIEW_TYPE, 'Sample Curator', vscode.ViewColumn.Active, {
      ...this.webviewOptions(),
      retainContextWhenHidden: true,
    });
    return this.#setUp(panel);
  }

  /** What the panel's webview may do: scripts, and resources only from the bundle and `media/`. */
  webviewOptions(): vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'out'), vscode.Uri.joinPath(this.extensionUri, 'media')] };
  }

  /**
   * Makes a webview panel VS Code created (a custom editor's: "Open With… Sample Curator") the
   * review panel. There is one review panel: one already open is closed (its tab with it).
   */
  adopt(panel: vscode.WebviewPanel): void {
    if (this.#panel === panel) return;
    this.#release()?.dispose();
    panel.webview.options = this.webviewOptions();
    this.#setUp(panel);
    this.#adopted = true;
  }

  /** Lets go of the open panel (its subscriptions dropped) and returns it, for the caller to close. */
  #release(): vscode.WebviewPanel | undefined {
    const old = this.#panel;
    this.#panel = undefined;
    this.#adopted = false;
    while (this.#disposables.length) this.#disposables.pop()?.dispose();
    return old;
  }

  #setUp(panel: vscode.WebviewPanel): vscode.WebviewPanel {
    this.#panel = panel;
    this.#adopted = false;
    panel.webview.html = reviewPanelHtml(panel.webview, this.extensionUri);
    const setActive = (active: boolean) => void vscode.commands.executeCommand('setContext', PANEL_ACTIVE_CONTEXT, active);
    setActive(true);
    panel.onDidChangeViewState((e) => setActive(e.webviewPanel.active), undefined, this.#disposables);
    panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw), undefined, this.#disposables);
    panel.onDidDispose(() => {
      if (this.#panel !== panel) return; // replaced by another panel: its subscriptions are gone already
      setActive(false);
      this.#release();
    });
    return panel;
  }

  /** Posts to the webview if it is open (a closed panel gets the whole state in the next handshake). */
  post(msg: ToWebviewMessage): void {
    this.probe.recordSent(msg);
    void this.#panel?.webview.postMessage(msg);
  }

  dispose(): void {
    this.#panel?.dispose();
  }
}
