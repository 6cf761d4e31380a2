// What concerns the reviewer now — a file's provenance to record, a save that failed, an export's
// result — shown in the panel's own banner as well as in a notification, so it stays reachable
// without the notification centre. Each notice's buttons run a palette command with arguments held
// here: the webview names a notice and a button by number, never a command.
import * as vscode from 'vscode';
import type { NoticeView } from '../../protocol';

export interface NoticeAction {
  readonly label: string;
  readonly command: string;
  readonly args?: readonly unknown[];
}

export interface Notice {
  /** Notices with the same key replace each other (one per file's provenance, one export result). */
  readonly key: string;
  readonly kind: NoticeView['kind'];
  readonly text: string;
  readonly actions?: readonly NoticeAction[];
}

export class PanelNotices implements vscode.Disposable {
  readonly #notices = new Map<string, Notice & { readonly id: number }>();
  #nextId = 1;
  readonly #onDidChange = new vscode.EventEmitter<void>();
  /** Fires when a notice is shown or dismissed; the panel posts `views()`. */
  readonly onDidChange = this.#onDidChange.event;

  show(notice: Notice): void {
    this.#notices.delete(notice.key);
    this.#notices.set(notice.key, { ...notice, id: this.#nextId++ });
    this.#onDidChange.fire();
  }

  dismiss(key: string): void {
    if (this.#notices.delete(key)) this.#onDidChange.fire();
  }

  dismissWhere(matches: (key: string) => boolean): void {
    for (const key of [...this.#notices.keys()]) if (matches(key)) this.dismiss(key);
  }

  dismissId(id: number): void {
    for (const [key, n] of this.#notices) if (n.id === id) this.dismiss(key);
  }

  /** The notices, newest first, as the webview draws them. */
  views(): NoticeView[] {
    return [...this.#notices.values()].reverse().map((n) => ({ id: n.id, kind: n.kind, text: n.text, actions: (n.actions ?? []).map((a) => a.label) }));
  }

  /** Runs button `action` of notice `id` (as the webview asked); a notice gone since does nothing. */
  async run(id: number, action: number): Promise<void> {
    const notice = [...this.#notices.values()].find((n) => n.id === id);
    const a = notice?.actions?.[action];
    if (!a) return;
    await vscode.commands.executeCommand(a.command, ...(a.args ?? []));
  }

  dispose(): void {
    this.#onDidChange.dispose();
  }
}
