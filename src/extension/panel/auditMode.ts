// Audit mode: the list shows a slice audit's draw (a filter of the list to the drawn samples, in
// draw order), decided with the usual keys; the header's audit line follows each key (PanelDrawing
// sends it with every change). `+` draws more; any other list (a filter, a search, clearing them)
// leaves the audit, which is found again, decisions and all, when the slice is audited again.
import * as vscode from 'vscode';
import { AUDIT_BLOCK, type Slice } from '../../core/store/sliceAudit';
import { auditHeaderView } from '../slices/auditPresentation';
import type { SliceRegistry } from '../slices/sliceRegistry';
import { PanelListModel } from './listModel';
import type { ListQueries } from './listQueries';
import type { PanelContext } from './panelContext';

export class AuditMode {
  constructor(
    private readonly ctx: PanelContext,
    private readonly queries: ListQueries,
    private readonly registry: SliceRegistry,
  ) {}

  /** Shows the audit of `slice` in the panel (its draw as the list), the first undecided sample selected. */
  async enter(slice: Slice): Promise<void> {
    const { stores, state, draw } = this.ctx;
    const store = await stores.open();
    try {
      const entry = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Sample Curator: the samples of ${slice.name}`, cancellable: true },
        (_progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          return this.registry.entry(store, slice, abort.signal);
        },
      );
      const { audit } = entry;
      state.audit = audit;
      state.auditJudge = undefined;
      state.query = {};
      state.selected = undefined;
      this.#showDraw();
      draw.snapshot(store);
      // The judge's scores over the whole slice, read in the background: once known, the audit
      // line gains the prediction-powered estimate (or says why there is none).
      void this.registry.judge(store, entry).then((judged) => {
        if (state.audit !== audit) return;
        state.auditJudge = judged;
        this.ctx.webview.post({ type: 'audit', header: auditHeaderView(store, audit, judged) });
      }, (e: Error) => this.ctx.log.warn(`reading the judge's scores of ${slice.name}: ${e.message}`));
    } catch (e) {
      if ((e as Error).name === 'AbortError') this.ctx.webview.post({ type: 'error', message: 'Cancelled; the list is as it was.' });
      else this.ctx.fail(`Could not audit ${slice.name}`, e);
    }
  }

  /** `+`: draws `count` more samples of the slice, and selects the first of them. */
  async more(count = AUDIT_BLOCK): Promise<void> {
    const { stores, state, draw, webview } = this.ctx;
    const audit = state.audit;
    if (!audit) {
      webview.post({ type: 'error', message: '+ draws more samples in a slice audit; audit a slice first (Slices view, or "Sample Curator: Audit Slice").' });
      return;
    }
    const store = await stores.open();
    const before = audit.draw.indices.length;
    try {
      if (audit.more(count) === 0) {
        webview.post({ type: 'error', message: `Every sample of ${audit.slice.name} is drawn already (${before}).` });
        return;
      }
    } catch (e) {
      this.ctx.fail(`Could not draw more of ${audit.slice.name}`, e);
      return;
    }
    state.selected = audit.draw.indices[before];
    this.#showDraw();
    draw.snapshot(store);
  }

  /** Back to every sample, in store order. */
  leave(): Promise<void> {
    return this.queries.clearFilter();
  }

  #showDraw(): void {
    const { state, stores } = this.ctx;
    const audit = state.audit;
    const store = stores.current;
    if (!audit || !store) return;
    const drawn = audit.draw.indices;
    state.list = new PanelListModel(store.size, new Int32Array(drawn.buffer, drawn.byteOffset, drawn.length), `audit ${audit.slice.name}`);
  }
}
