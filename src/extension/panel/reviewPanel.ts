// The review panel as the commands and the integration tests see it. It builds the panel's parts
// (one file each in this folder) around one shared state and hands each call to the part that owns
// it; messages from the webview go through the router.
import type * as vscode from 'vscode';
import type { DecisionVerdict, FileProblemsView, PanelOnlyAction } from '../../protocol';
import type { CurationStore } from '../../core/store/curationStore';
import { describeQuery } from '../../core/query/queryFilter';
import type { ChecksHost } from '../checks/checksHost';
import type { ChecksPresentation } from '../checks/checksPresentation';
import type { SourceDocuments } from '../sourceDocuments';
import type { StoreHost } from '../storeHost';
import type { Slice, SliceAudit } from '../../core/store/sliceAudit';
import type { SliceRegistry } from '../slices/sliceRegistry';
import { AnnotationActions } from './annotationActions';
import { AuditMode } from './auditMode';
import { BulkActions, type Confirm } from './bulkActions';
import { ClusterView } from './clusterView';
import { PanelHandshake } from './handshake';
import { ListQueries } from './listQueries';
import { MessageRouter } from './messageRouter';
import { PanelNavigation } from './navigation';
import { PanelNotices } from './panelNotices';
import type { PanelContext } from './panelContext';
import { PanelDrawing } from './panelDrawing';
import { reportPanelFailure } from './panelFailure';
import type { PanelProbe } from './panelProbe';
import { PanelState } from './panelState';
import { PanelWebview } from './panelWebview';
import { RedrawTriggers } from './redrawTriggers';
import { openSelectedSource } from './sourceLink';
import { VerdictActions } from './verdictActions';

export class ReviewPanel implements vscode.Disposable {
  readonly #state = new PanelState();
  readonly #webview: PanelWebview;
  readonly #ctx: PanelContext;
  readonly #handshake: PanelHandshake;
  readonly #navigation: PanelNavigation;
  readonly #verdicts: VerdictActions;
  readonly #annotations: AnnotationActions;
  readonly #queries: ListQueries;
  readonly #bulk: BulkActions;
  readonly #cluster: ClusterView;
  readonly #router: MessageRouter;
  readonly #redraws: RedrawTriggers;
  readonly #audit: AuditMode;
  /** Fires each time the webview completed the ready → snapshot handshake. */
  readonly onDidHandshake: vscode.Event<void>;
  /** What concerns the reviewer now, in the panel's banner (and as notifications, by whoever shows them). */
  readonly notices = new PanelNotices();
  readonly #disposables: vscode.Disposable[] = [];

  constructor(
    extensionUri: vscode.Uri,
    stores: StoreHost,
    log: vscode.LogOutputChannel,
    checks: ChecksHost,
    checksView: ChecksPresentation,
    private readonly sources: SourceDocuments,
    probe: PanelProbe,
    slices: SliceRegistry,
  ) {
    this.#webview = new PanelWebview(extensionUri, probe, (raw) => void this.receive(raw));
    const state = this.#state;
    const webview = this.#webview;
    const draw = new PanelDrawing(stores, state, checksView, webview);
    const ctx: PanelContext = {
      stores, checks, checksView, log, webview, state, draw,
      fail: (what, e) => reportPanelFailure(ctx, what, e),
    };
    this.#ctx = ctx;
    this.#handshake = new PanelHandshake(ctx);
    this.onDidHandshake = this.#handshake.onDidHandshake;
    this.#navigation = new PanelNavigation(ctx);
    this.#verdicts = new VerdictActions(ctx);
    this.#annotations = new AnnotationActions(ctx);
    this.#queries = new ListQueries(ctx);
    this.#bulk = new BulkActions(ctx);
    this.#cluster = new ClusterView(ctx);
    this.#redraws = new RedrawTriggers(ctx, this.#queries);
    this.#audit = new AuditMode(ctx, this.#queries, slices);
    this.#router = new MessageRouter({
      handshake: this.#handshake, navigation: this.#navigation, verdicts: this.#verdicts, annotations: this.#annotations,
      queries: this.#queries, cluster: this.#cluster, audit: this.#audit, notices: this.notices, openSource: () => this.openSource(),
    }, log, probe);
    const postNotices = () => webview.post({ type: 'notices', notices: this.notices.views() });
    // A reloaded webview replays nothing: the notices follow every snapshot.
    this.#disposables.push(this.notices, this.notices.onDidChange(postNotices), this.onDidHandshake(postNotices));
  }

  get isOpen(): boolean {
    return this.#webview.isOpen;
  }

  get selected(): number | undefined {
    return this.#state.selected;
  }

  /** Reveals or creates the panel; `own`: never a custom editor's tab named after one file (see PanelWebview.show). */
  show(own = false): vscode.WebviewPanel {
    return this.#webview.show(own);
  }

  /** Makes a custom editor's webview panel the review panel ("Open With… Sample Curator"). */
  adopt(panel: vscode.WebviewPanel): void {
    this.#webview.adopt(panel);
  }

  /** Handles one message from the webview; untrusted input, checked before anything acts on it. */
  receive(raw: unknown): Promise<void> {
    return this.#router.receive(raw);
  }

  showFileProblems(files: readonly FileProblemsView[]): void {
    this.#handshake.showFileProblems(files);
  }

  // Selection
  select(index: number): Promise<void> {
    return this.#navigation.select(index);
  }

  goPending(which: 'first' | 'last'): Promise<void> {
    return this.#navigation.goPending(which);
  }

  refreshSamples(indices: readonly number[]): void {
    this.#navigation.refreshSamples(indices);
  }

  runInPanel(action: PanelOnlyAction): void {
    this.#navigation.runInPanel(action);
  }

  // Verdicts
  decideSelected(verdict: DecisionVerdict): Promise<void> {
    return this.#verdicts.decideSelected(verdict);
  }

  /** Adjudicates the selected sample (palette; the panel's Shift+A / Shift+R send the list position). */
  adjudicateSelected(verdict: 'accepted' | 'rejected'): Promise<void> {
    return this.#verdicts.adjudicateSelected(verdict);
  }

  undo(): Promise<void> {
    return this.#verdicts.undo();
  }

  redo(): Promise<void> {
    return this.#verdicts.redo();
  }

  // Labels, rating, note
  toggleLabel(slot: number): Promise<void> {
    return this.#annotations.toggleLabel(slot);
  }

  pickLabel(): Promise<void> {
    return this.#annotations.pickLabel();
  }

  pickRating(): Promise<void> {
    return this.#annotations.pickRating();
  }

  rate(rating: number): Promise<void> {
    return this.#annotations.rate(rating);
  }

  editNote(): Promise<void> {
    return this.#annotations.editNote();
  }

  /** Draws everything again (a file's provenance changed: every sample of it shows another line). */
  redrawAll(): void {
    const store = this.#ctx.stores.current;
    if (store && this.#webview.isOpen) this.#ctx.draw.snapshot(store);
  }

  swapChosenRejected(): Promise<void> {
    return this.#annotations.swapChosenRejected();
  }

  // The list: search, filter, bulk
  search(): Promise<void> {
    return this.#queries.search();
  }

  filter(): Promise<void> {
    return this.#queries.filter();
  }

  applyFilter(input: string): Promise<void> {
    return this.#queries.applyFilter(input);
  }

  clearFilter(): Promise<void> {
    return this.#queries.clearFilter();
  }

  acceptedDespiteVerifierFail(): Promise<void> {
    return this.#queries.acceptedDespiteVerifierFail();
  }

  /**
   * The samples the list shows (store indices, in list order) and its filter in words: what a
   * report over "the current filter" reads. Every sample while the panel has not drawn `store`.
   */
  listed(store: CurationStore): { readonly indices: readonly number[]; readonly filter: string } {
    const state = this.#state;
    if (state.drawn !== store) return { indices: Array.from({ length: store.size }, (_, i) => i), filter: 'all samples' };
    return { indices: state.list.allIndices(), filter: describeQuery(state.query) };
  }

  /** `confirm`: tests answer the question themselves; the palette asks with a modal. */
  bulkDecide(verdict: DecisionVerdict, confirm?: Confirm): Promise<void> {
    return this.#bulk.bulkDecide(verdict, confirm);
  }

  bulkLabel(): Promise<void> {
    return this.#bulk.bulkLabel();
  }

  // Slice audits
  /** The audit the list shows (audit mode), if any. */
  get audit(): SliceAudit | undefined {
    return this.#state.audit;
  }

  /** Opens the panel on the audit of `slice`. */
  async auditSlice(slice: Slice): Promise<void> {
    this.show();
    await this.#audit.enter(slice);
  }

  auditMore(): Promise<void> {
    return this.#audit.more();
  }

  leaveAudit(): Promise<void> {
    return this.#audit.leave();
  }

  /** The list's query in the filter box's syntax. */
  currentFilter(): string {
    return this.#queries.currentFilter();
  }

  /** Draws the whole panel again from the store (after a change made outside it: a slice decision). */
  redraw(): void {
    const store = this.#ctx.stores.current;
    if (this.#webview.isOpen && store) this.#ctx.draw.snapshot(store);
  }

  // Source link and cluster view
  openSource(): Promise<void> {
    return openSelectedSource(this.#ctx, this.sources);
  }

  openCluster(): Promise<void> {
    return this.#cluster.openCluster();
  }

  keepOne(keep: number): Promise<void> {
    return this.#cluster.keepOne(keep);
  }

  dispose(): void {
    this.#redraws.dispose();
    this.#verdicts.dispose();
    this.#webview.dispose();
    this.#handshake.dispose();
    for (const d of this.#disposables.splice(0)) d.dispose();
  }
}
