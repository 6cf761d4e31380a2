// Moving the selection and feeding the virtual list: a click or a command selecting a sample, the
// first / last pending sample, rows and prefetched samples the webview asks for, samples drawn
// again after an edit elsewhere, and the webview-only actions run from the palette.
import * as vscode from 'vscode';
import type { PanelOnlyAction } from '../../protocol';
import type { PanelContext } from './panelContext';

export class PanelNavigation {
  constructor(private readonly ctx: PanelContext) {}

  /** Selects a sample, as a click in the list does (for commands and the integration tests). */
  async select(index: number): Promise<void> {
    const store = await this.ctx.stores.open();
    if (!Number.isInteger(index) || index < 0 || index >= store.size) throw new RangeError(`no sample at index ${index}`);
    this.ctx.state.selected = index;
    this.ctx.draw.showChanged(store, [index], index, index);
  }

  /** A click in the list: only the sample is sent (the webview moved the selection itself). */
  async selectAt(position: number): Promise<void> {
    const { stores, state, draw, webview } = this.ctx;
    const store = await stores.open();
    const index = state.list.indexAt(position);
    if (index === undefined) return;
    state.selected = index;
    webview.post({ type: 'sample', sample: draw.view(store, index) });
  }

  /** Selects the first or last pending sample. */
  async goPending(which: 'first' | 'last'): Promise<void> {
    const store = await this.ctx.stores.open();
    const i = which === 'first' ? store.nextPending(0) : store.previousPending(store.size - 1);
    if (i === undefined) {
      this.ctx.webview.post({ type: 'error', message: 'No sample is pending.' });
      return;
    }
    this.ctx.state.selected = i;
    this.ctx.draw.showChanged(store, [i], i, i);
  }

  /** Rows `start` to `start + count` of the list, as the webview scrolls to them. */
  async sendRows(start: number, count: number): Promise<void> {
    const { stores, state, draw, webview } = this.ctx;
    const store = await stores.open();
    const end = Math.min(state.list.size, start + count);
    const indices: number[] = [];
    for (let p = start; p < end; p++) indices.push(state.list.indexAt(p) as number);
    webview.post({ type: 'rows', start, rows: draw.rows(store, indices) });
  }

  /** Samples the webview expects to show next, sent ahead so `j` draws without a round trip. */
  async prefetch(positions: readonly number[]): Promise<void> {
    const { stores, state, draw, webview } = this.ctx;
    const store = await stores.open();
    for (const p of positions) {
      const index = state.list.indexAt(p);
      if (index !== undefined) webview.post({ type: 'sample', sample: draw.view(store, index), prefetched: true });
    }
  }

  /** Draws these samples again after they changed outside the panel (an edit saved in a tab). */
  refreshSamples(indices: readonly number[]): void {
    const store = this.ctx.stores.current;
    if (!store || !indices.length) return;
    const selected = this.ctx.state.selected;
    const shown = indices.find((i) => i === selected) ?? indices[0];
    this.ctx.draw.showChanged(store, indices, shown, selected);
  }

  /** Palette commands for what the webview does alone (moving, swapping sides, the help sheet). */
  runInPanel(action: PanelOnlyAction): void {
    if (!this.ctx.webview.isOpen) {
      void vscode.window.showInformationMessage('Sample Curator: open the review panel first.');
      return;
    }
    this.ctx.webview.post({ type: 'run', action });
  }
}
