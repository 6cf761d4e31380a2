// When the panel draws itself again unasked: the store opened again after a re-index (sources
// changed on disk), the journal read again (another window, git), and the checks' progress or results.
import type * as vscode from 'vscode';
import type { CurationStore } from '../../core/store/curationStore';
import { PanelListModel } from './listModel';
import type { ListQueries } from './listQueries';
import type { PanelContext } from './panelContext';

export class RedrawTriggers implements vscode.Disposable {
  readonly #subscriptions: vscode.Disposable[] = [];
  /** The check results the rows on screen were drawn with. */
  #flagsShown: unknown;

  constructor(private readonly ctx: PanelContext, private readonly queries: ListQueries) {
    const { checks, stores } = ctx;
    checks.onDidChange(() => this.#checksChanged(), undefined, this.#subscriptions);
    stores.onDidOpen((store) => void this.#storeOpened(store), undefined, this.#subscriptions);
    // The journal read again: verdicts may differ anywhere; draw it all again.
    stores.onDidChangeJournal(() => {
      const store = stores.current;
      if (ctx.webview.isOpen && store) ctx.draw.snapshot(store);
    }, undefined, this.#subscriptions);
    // Other reviewers' journals read again: the header's team line, the conflict marks, the sample's side-by-side view.
    stores.onDidChangeTeam((store) => {
      if (!ctx.webview.isOpen || store !== stores.current || ctx.state.drawn !== store) return;
      if (ctx.state.list.filtered) return void this.queries.applyQuery(ctx.state.query);
      ctx.draw.snapshot(store);
    }, undefined, this.#subscriptions);
  }

  /**
   * After a re-index: the reviewer stays on the same sample (by id) where it still exists, the
   * filter is run again over the new index, and the panel gets a fresh snapshot.
   */
  async #storeOpened(store: CurationStore): Promise<void> {
    const { state, webview, draw } = this.ctx;
    const previous = state.drawn;
    if (!previous || previous === store) return;
    const at = state.selectedId === undefined ? undefined : store.indexOfId(state.selectedId);
    state.selected = at ?? (state.selected !== undefined && state.selected < store.size ? state.selected : undefined);
    state.warnedAccept = undefined;
    if (webview.isOpen && state.list.filtered) return this.queries.applyQuery(state.query);
    // A closed panel drops its filter's result (positions in the old index); the handshake draws the rest.
    state.list = new PanelListModel(store.size);
    if (!webview.isOpen) {
      state.query = {};
      state.drawn = store;
      return;
    }
    draw.snapshot(store);
  }

  /** When the checks finish, rows and the sample are drawn again with their flags; while they run, the header. */
  #checksChanged(): void {
    const { stores, checks, checksView, webview, draw } = this.ctx;
    const store = stores.current;
    if (!webview.isOpen || !store) return;
    if (checks.result && this.#flagsShown !== checks.result) {
      this.#flagsShown = checks.result;
      draw.snapshot(store);
    } else webview.post({ type: 'checks', header: checksView.header(store) });
  }

  dispose(): void {
    while (this.#subscriptions.length) this.#subscriptions.pop()?.dispose();
  }
}
