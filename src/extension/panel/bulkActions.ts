// A verdict or a label on every sample of the current list, after a confirmation naming the count;
// each is one undo step, and the panel redraws from a fresh snapshot.
import * as vscode from 'vscode';
import { formatCount } from '../../core/store/curationPace';
import type { DecisionVerdict } from '../../protocol';
import type { PanelContext } from './panelContext';

/** Asks before a bulk action; resolves true to go ahead. Tests pass their own. */
export type Confirm = (message: string, action: string) => Promise<boolean>;

const confirmModal: Confirm = async (message, action) =>
  (await vscode.window.showWarningMessage(message, { modal: true }, action)) === action;

export class BulkActions {
  constructor(private readonly ctx: PanelContext) {}

  /** Where the bulk action applies, as the confirmation says it. */
  #where(): string {
    const list = this.ctx.state.list;
    return list.filtered ? `in the current list (${list.description})` : 'in the whole store';
  }

  async bulkDecide(verdict: DecisionVerdict, confirm: Confirm = confirmModal): Promise<void> {
    const store = await this.ctx.stores.open();
    const indices = this.ctx.state.list.allIndices();
    const verb = verdict === 'accepted' ? 'Accept' : verdict === 'rejected' ? 'Reject' : 'Skip';
    // As a single accept warns of a benchmark item, a bulk accept's question names how many it holds.
    const r = this.ctx.checks.result;
    const benchmark = verdict === 'accepted' && r ? indices.filter((i) => i < r.count && r.contaminated[i] >= 0).length : 0;
    const warning = benchmark ? ` ${formatCount(benchmark)} of them ${benchmark === 1 ? 'is a benchmark item' : 'are benchmark items'} (contamination).` : '';
    if (!(await confirm(`${verb} all ${formatCount(indices.length)} samples ${this.#where()}?${warning} One undo (u) reverts it.`, `${verb} ${formatCount(indices.length)}`))) return;
    try {
      await store.decideMany(indices, verdict);
      this.ctx.draw.snapshot(store);
    } catch (e) {
      this.ctx.fail(`Could not save the bulk ${verb.toLowerCase()}`, e);
    }
  }

  async bulkLabel(): Promise<void> {
    const store = await this.ctx.stores.open();
    const pick = await vscode.window.showQuickPick(this.ctx.state.labels.map((l) => ({ label: l.name, detail: l.description })), { title: 'Label every sample in the current list' });
    if (!pick) return;
    const indices = this.ctx.state.list.allIndices();
    const ok = await vscode.window.showWarningMessage(
      `Label all ${formatCount(indices.length)} samples ${this.#where()} “${pick.label}”? One undo (u) reverts it.`, { modal: true }, `Label ${formatCount(indices.length)}`,
    );
    if (!ok) return;
    try {
      await store.setLabel(indices, pick.label, true);
      this.ctx.draw.snapshot(store);
    } catch (e) {
      this.ctx.fail('Could not save the bulk label', e);
    }
  }
}
