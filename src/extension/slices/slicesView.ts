// The Slices view (activity bar, "Sample Curator"): every slice of the open store with its size,
// how many of its audit's samples are decided and the estimate, or the slice decision that stands.
// Sizes come from the registry's queries, run one after another in the background (progress on
// the view, cancelled when the store opens again); the view draws what is known meanwhile. It is
// drawn again when a decision lands (once decisions pause), when a slice becomes known, and when
// the audit settings change. With no store open it is empty and shows its welcome content.
import * as vscode from 'vscode';
import { auditFigures, auditShort, percentOneDecimal } from '../../core/store/auditHeadline';
import type { CurationStore } from '../../core/store/curationStore';
import type { Slice, SliceKind } from '../../core/store/sliceAudit';
import { CommandIds } from '../commandIds';
import { PauseTimer } from '../pauseTimer';
import type { StoreHost } from '../storeHost';
import { auditState } from './auditPresentation';
import type { SliceRegistry } from './sliceRegistry';

export const SLICES_VIEW_ID = 'sampleCurator.slices';

export interface SliceNode {
  readonly slice: Slice;
}

const ICONS: Readonly<Record<SliceKind, string>> = { source: 'file', model: 'hubot', flag: 'warning', saved: 'filter' };

export class SlicesView implements vscode.TreeDataProvider<SliceNode>, vscode.Disposable {
  readonly #onDidChangeTreeData = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.#onDidChangeTreeData.event;
  readonly #subscriptions: vscode.Disposable[] = [this.#onDidChangeTreeData];
  readonly #redraw = new PauseTimer(() => this.#onDidChangeTreeData.fire(), 400, 2000);
  #unwatch: (() => void) | undefined;
  #computing: { readonly store: CurationStore; readonly abort: AbortController } | undefined;

  constructor(private readonly registry: SliceRegistry, private readonly stores: StoreHost) {
    registry.onDidChange(() => this.#onDidChangeTreeData.fire(), undefined, this.#subscriptions);
    stores.onDidOpen((store) => {
      this.#computing?.abort.abort();
      this.#unwatch?.();
      this.#unwatch = store.onDidChange(() => this.#redraw.poke());
    }, undefined, this.#subscriptions);
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('sampleCurator.audit')) this.#onDidChangeTreeData.fire();
    }, undefined, this.#subscriptions);
  }

  getChildren(node?: SliceNode): SliceNode[] {
    const store = this.stores.current;
    if (node || !store) return [];
    const slices = this.registry.slices(store);
    if (slices.some((s) => !this.registry.known(s) && !this.registry.failure(s))) this.#computeAll(store, slices);
    // A ready flag or model slice is listed once counted and holding samples (or failing to count):
    // one listed while counting would appear and vanish when the checks find nothing — a row moving
    // under the reviewer's click.
    return slices.filter((s) => s.kind === 'source' || s.kind === 'saved' || (this.registry.known(s)?.indices.length ?? 0) > 0 || this.registry.failure(s) !== undefined)
      .map((slice) => ({ slice }));
  }

  getTreeItem(node: SliceNode): vscode.TreeItem {
    const { slice } = node;
    const item = new vscode.TreeItem(slice.name, vscode.TreeItemCollapsibleState.None);
    item.contextValue = 'slice';
    item.iconPath = new vscode.ThemeIcon(ICONS[slice.kind]);
    item.command = { command: CommandIds.auditSlice, title: 'Audit Slice', arguments: [node] };
    const store = this.stores.current;
    const known = this.registry.known(slice);
    const failure = this.registry.failure(slice);
    if (!store || !known) {
      item.description = failure ? 'cannot be counted' : 'counting…';
      item.tooltip = failure ? `${slice.query}\n\n${failure}` : slice.query;
      return item;
    }
    const decided = store.sliceDecisions().filter((d) => d.record.slice.query === slice.query).at(-1);
    const state = auditState(store, known.audit);
    const size = `${known.indices.length} samples`;
    if (decided) {
      const e = decided.record.estimate;
      item.description = `${size} · rest ${decided.verdict} at ${percentOneDecimal(e.rate)} [${percentOneDecimal(e.lower)}, ${percentOneDecimal(e.upper)}]`;
      item.iconPath = new vscode.ThemeIcon(decided.verdict === 'accepted' ? 'pass' : 'error');
    } else {
      item.description = `${size} · ${auditShort(state)}`;
    }
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(`${slice.query || 'every sample'}\n\n${size}; audit: ${auditFigures(state)}`);
    if (decided) tooltip.appendText(`\n\nThe rest (${decided.samples}) ${decided.verdict} on ${decided.at}: ${decided.record.rule.text}`);
    item.tooltip = tooltip;
    return item;
  }

  /** Computes the slices not known yet, one query after another, with progress on the view. */
  #computeAll(store: CurationStore, slices: readonly Slice[]): void {
    if (this.#computing?.store === store && !this.#computing.abort.signal.aborted) return;
    const abort = new AbortController();
    this.#computing = { store, abort };
    void vscode.window.withProgress({ location: { viewId: SLICES_VIEW_ID } }, async () => {
      for (const slice of slices) {
        if (abort.signal.aborted) return;
        if (this.registry.known(slice) || this.registry.failure(slice)) continue;
        await this.registry.entry(store, slice, abort.signal).catch(() => undefined); // the registry keeps why; the item shows it
      }
    }).then(() => {
      if (this.#computing?.abort === abort) this.#computing = undefined;
    });
  }

  dispose(): void {
    this.#computing?.abort.abort();
    this.#unwatch?.();
    while (this.#subscriptions.length) this.#subscriptions.pop()?.dispose();
  }
}
