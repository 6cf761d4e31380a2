// Turns the panel's state and the store into messages: rows at their list positions, the selected
// sample with its annotations and findings, the full snapshot, and the pair every change sends.
import { FILTER_KEYS, formatQueryFilter } from '../../core/query/queryFilter';
import type { CurationStore } from '../../core/store/curationStore';
import type { RowView, SampleView } from '../../protocol';
import type { ChecksPresentation } from '../checks/checksPresentation';
import { labelViews } from '../labelSettings';
import type { StoreHost } from '../storeHost';
import type { PanelState } from './panelState';
import type { PanelWebview } from './panelWebview';
import { sampleView } from './sampleViews';
import { judgeFields } from '../judgeSettings';
import { rowConflict, teamHeader, teamSampleView } from '../team/teamPresentation';
import { auditHeaderView } from '../slices/auditPresentation';

/** Rows sent with the snapshot; the rest are requested as the list scrolls. */
const FIRST_WINDOW = 100;

export class PanelDrawing {
  constructor(
    private readonly stores: StoreHost,
    private readonly state: PanelState,
    private readonly checksView: ChecksPresentation,
    private readonly webview: PanelWebview,
  ) {}

  /** Rows for these samples, at their list positions; samples the filter hides are left out. */
  rows(store: CurationStore, indices: readonly number[]): RowView[] {
    const rows: RowView[] = [];
    for (const index of indices) {
      const position = this.state.list.positionOf(index);
      if (position >= 0) {
        const flags = this.checksView.flagsAt(index);
        const conflict = rowConflict(store, index);
        rows.push({ ...store.row(index), index: position, sample: index, labels: store.annotationsAt(index).labels, ...(flags.length ? { flags } : {}), ...(conflict ? { conflict } : {}) });
      }
    }
    return rows;
  }

  /** The list position of a sample, undefined when hidden (or none). */
  pos(index: number | undefined): number | undefined {
    if (index === undefined) return undefined;
    const p = this.state.list.positionOf(index);
    return p >= 0 ? p : undefined;
  }

  /** A sample as the panel shows it; drawing the selected one records its id (what a palette verdict is about). */
  view(store: CurationStore, index: number): SampleView {
    const a = store.annotationsAt(index);
    const loaded = store.sample(index);
    if (index === this.state.selected) this.state.selectedId = loaded.row.id;
    const view = sampleView(loaded, judgeFields());
    const checks = this.checksView.sampleChecks(store, index, loaded);
    const flags = this.checksView.flagsAt(index);
    const conflict = rowConflict(store, index);
    const team = teamSampleView(store, index);
    return {
      ...view, row: { ...view.row, index: this.state.list.positionOf(index), sample: index, ...(flags.length ? { flags } : {}), ...(conflict ? { conflict } : {}) },
      ...(checks ? { checks } : {}),
      ...(team ? { team } : {}),
      annotations: { labels: a.labels, ...(a.rating ? { rating: a.rating } : {}), ...(a.note !== undefined ? { note: a.note } : {}) },
    };
  }

  /**
   * After any change: the changed rows with the new counts and the selection's position, then the
   * sample `shown`. `select` is passed apart because a refresh may show a sample other than the
   * selected one.
   */
  showChanged(store: CurationStore, changed: readonly number[], shown: number, select: number | undefined): void {
    const audit = this.state.audit ? auditHeaderView(store, this.state.audit, this.state.auditJudge) : undefined;
    this.webview.post({ type: 'rowsChanged', rows: this.rows(store, changed), counts: store.counts(), unreadable: store.unreadablePending(), select: this.pos(select), ...(audit ? { audit } : {}) });
    this.webview.post({ type: 'sample', sample: this.view(store, shown) });
  }

  /** The whole state for the current list: first window of rows, counts, labels, the selection. */
  snapshot(store: CurationStore): void {
    const state = this.state;
    state.drawn = store;
    // The list is virtual: the snapshot carries the first window, the webview asks for the rest.
    const first = state.list.allIndices().slice(0, FIRST_WINDOW);
    if (this.pos(state.selected) === undefined) {
      const p = state.list.after(-1, store, 'nextPending') ?? (state.list.size ? 0 : undefined);
      state.selected = p === undefined ? undefined : state.list.indexAt(p);
    }
    const selected = state.selected;
    this.webview.post({
      type: 'snapshot', storeName: store.name, reviewer: store.reviewer, counts: store.counts(), unreadable: store.unreadablePending(), total: state.list.size,
      rows: this.rows(store, first), labels: labelViews(state.labels), selected: this.pos(selected),
      sample: selected === undefined ? undefined : this.view(store, selected),
      problems: store.problems.map((p) => p.message), filter: state.list.description,
      query: formatQueryFilter(state.query), ...(state.query.text ? { search: state.query.text } : {}),
      filterKeys: FILTER_KEYS.map(({ key, help }) => ({ key, help })), checks: this.checksView.header(store),
      team: teamHeader(store),
      ...(state.audit ? { audit: auditHeaderView(store, state.audit, state.auditJudge) } : {}),
    });
  }

  /** Draws the selected sample again (after a verdict was refused because another sample is there now). */
  async redrawSelected(): Promise<void> {
    const store = await this.stores.open();
    const selected = this.state.selected;
    if (selected === undefined || selected >= store.size) return;
    this.showChanged(store, [selected], selected, selected);
  }
}
