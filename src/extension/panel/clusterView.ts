// `c`: the selected sample's near-duplicate cluster side by side, and "keep this one, reject the
// rest" as one undoable step.
import { checkText } from '../../core/checks/checkText';
import { clusterMembers } from '../../core/checks/checksSummary';
import type { ClusterMemberView } from '../../protocol';
import type { PanelContext } from './panelContext';

/** Members drawn side by side: the selected one and the most similar others. */
const MEMBERS_SHOWN = 12;

export class ClusterView {
  constructor(private readonly ctx: PanelContext) {}

  async openCluster(): Promise<void> {
    const { stores, checks, state, webview } = this.ctx;
    const store = await stores.open();
    const r = checks.result;
    const i = state.selected;
    if (i === undefined) return;
    if (!r) {
      webview.post({ type: 'error', message: 'The checks have not finished yet; the cluster view opens once they have.' });
      return;
    }
    const members = clusterMembers(r, i);
    if (!members.length) {
      webview.post({ type: 'error', message: 'This sample is in no near-duplicate cluster.' });
      return;
    }
    const similarity = (k: number) => (k === i ? 1 : r.pairs.find(([a, b]) => (a === i && b === k) || (a === k && b === i))?.[2] ?? 0);
    const ordered = [i, ...members.filter((k) => k !== i).sort((a, b) => similarity(b) - similarity(a))].slice(0, MEMBERS_SHOWN);
    const views: ClusterMemberView[] = ordered.map((k) => {
      const loaded = store.sample(k);
      const normalized = loaded.original ?? loaded.normalized;
      return { sample: k, row: { ...loaded.row, index: state.list.positionOf(k), sample: k }, text: normalized ? checkText(normalized).all : loaded.raw, similarity: similarity(k) };
    });
    webview.post({ type: 'cluster', members: views, total: members.length });
  }

  /** Keeps cluster member `keep` (its verdict unchanged) and rejects every other member: one undoable step. */
  async keepOne(keep: number): Promise<void> {
    const { stores, checks, state, draw, webview } = this.ctx;
    const store = await stores.open();
    const r = checks.result;
    const members = r && keep < r.count ? clusterMembers(r, keep) : [];
    if (!members.includes(keep)) {
      this.ctx.log.warn(`keepOne: sample ${keep} is in no near-duplicate cluster; ignored`);
      return;
    }
    const rest = members.filter((k) => k !== keep);
    try {
      const changed = await store.decideMany(rest, 'rejected');
      state.selected = keep;
      draw.showChanged(store, [...changed, keep], keep, keep);
      webview.post({ type: 'checks', header: this.ctx.checksView.header(store) });
    } catch (e) {
      this.ctx.fail('Could not save keeping one sample of the cluster', e);
    }
  }
}
