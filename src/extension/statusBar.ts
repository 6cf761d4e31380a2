// The status bar item: curation counts; clicking it opens the review panel.
import * as vscode from 'vscode';
import type { CurationStore } from '../core/curationStore';
import { CommandIds } from './commandIds';

export class CurationStatusBar implements vscode.Disposable {
  readonly #item = vscode.window.createStatusBarItem('sampleCurator.status', vscode.StatusBarAlignment.Left, 100);
  #unsubscribe: (() => void) | undefined;

  constructor() {
    this.#item.name = 'Sample Curator';
    this.#item.command = CommandIds.openReviewPanel;
    this.#item.text = '$(checklist) Sample Curator';
    this.#item.tooltip = 'Sample Curator: open the review panel';
    this.#item.show();
  }

  get text(): string {
    return this.#item.text;
  }

  /** Shows the counts of `store` and follows its changes. */
  track(store: CurationStore): void {
    this.#unsubscribe?.();
    this.#unsubscribe = store.onDidChange(() => this.#render(store));
    this.#render(store);
  }

  #render(store: CurationStore): void {
    const c = store.counts();
    const decided = c.total - c.pending;
    this.#item.text = `$(checklist) ${decided}/${c.total} reviewed · ${c.accepted} accepted · ${c.rejected} rejected`;
    const tip = new vscode.MarkdownString(
      `**Sample Curator** — ${store.name}\n\n` +
        `| | |\n|---|---:|\n| accepted | ${c.accepted} |\n| rejected | ${c.rejected} |\n| skipped | ${c.skipped} |\n| pending | ${c.pending} |\n\n` +
        'Click to open the review panel.',
    );
    this.#item.tooltip = tip;
  }

  dispose(): void {
    this.#unsubscribe?.();
    this.#item.dispose();
  }
}
