// Verdicts and the undo / redo steps: the checks' accept policy first, then the store's durable
// write, then the selection moves on (setting sampleCurator.afterVerdict) and the panel redraws.
import * as vscode from 'vscode';
import type { CurationStore } from '../../core/store/curationStore';
import { UnreadableSampleError } from '../../core/store/unreadableSample';
import type { DecisionVerdict } from '../../protocol';
import { beforeAccept } from '../checks/acceptPolicy';
import type { AfterVerdict } from './listModel';
import type { PanelContext } from './panelContext';
import { rowConflict } from '../team/teamPresentation';
import { PauseTimer } from '../pauseTimer';

/** The header's accepted-set figures are computed once accepts pause this long, and at least this often. */
const FIGURES_QUIET_MS = 400;
const FIGURES_MAX_WAIT_MS = 10_000;

export class VerdictActions {
  #figures: { readonly timer: PauseTimer; store: CurationStore } | undefined;

  constructor(private readonly ctx: PanelContext) {}

  /** Gives a verdict on the selected sample (palette commands and webview keys share this). */
  async decideSelected(verdict: DecisionVerdict): Promise<void> {
    const { selected, selectedId } = this.ctx.state;
    if (selected === undefined) {
      void vscode.window.showInformationMessage('Sample Curator: no sample is selected.');
      return;
    }
    await this.#decide(selected, verdict, selectedId);
  }

  /** A verdict key in the webview: `position` in the list, `id` the sample the reviewer saw there. */
  decideAt(position: number, verdict: DecisionVerdict, id: string | undefined): Promise<void> {
    const index = this.ctx.state.list.indexAt(position);
    return index === undefined ? Promise.resolve() : this.#decide(index, verdict, id);
  }

  /**
   * Settles the team's disagreement on the sample at list `position` (Shift+A / Shift+R): an
   * adjudication in this reviewer's journal, then the team read again so the panel, the status bar
   * and export see it at once.
   */
  /** Adjudicates the selected sample (the palette's Adjudicate commands). */
  async adjudicateSelected(verdict: 'accepted' | 'rejected'): Promise<void> {
    const { selected, selectedId } = this.ctx.state;
    if (selected === undefined) {
      void vscode.window.showInformationMessage('Sample Curator: no sample is selected.');
      return;
    }
    await this.adjudicateIndex(selected, verdict, selectedId);
  }

  adjudicateAt(position: number, verdict: 'accepted' | 'rejected', id: string | undefined): Promise<void> {
    const index = this.ctx.state.list.indexAt(position);
    return index === undefined ? Promise.resolve() : this.adjudicateIndex(index, verdict, id);
  }

  /** Adjudicates the sample at store `index`; `id` as for a verdict. */
  async adjudicateIndex(index: number, verdict: 'accepted' | 'rejected', id: string | undefined): Promise<void> {
    const { stores, state, draw, webview } = this.ctx;
    const store = await stores.open();
    if (!store.peekTeam()?.isTeam) {
      webview.post({ type: 'error', message: 'Adjudication settles a disagreement between reviewers; only one reviewer has a journal in this store.' });
      return;
    }
    try {
      const changed = await store.adjudicate(index, verdict, id);
      // On to the next conflict still open below in the list (the conflict queue's flow), else stay.
      const next = this.#nextOpenConflict(store, index);
      state.selected = next;
      await stores.refreshTeam();
      draw.showChanged(store, changed, next, next);
    } catch (e) {
      this.ctx.fail(`Could not save the adjudication of sample ${index + 1}`, e);
    }
  }

  /** The next sample below `index` in the list whose conflict no adjudication settled (looking at most 10,000 rows on), else `index`. */
  #nextOpenConflict(store: CurationStore, index: number): number {
    const list = this.ctx.state.list;
    const from = list.positionOf(index);
    for (let p = from + 1; p >= 1 && p < Math.min(list.size, from + 10_001); p++) {
      const i = list.indexAt(p);
      if (i !== undefined && i !== index && rowConflict(store, i) === 'open') return i;
    }
    return index;
  }

  undo(): Promise<void> {
    return this.#step('undo');
  }

  redo(): Promise<void> {
    return this.#step('redo');
  }

  async #step(which: 'undo' | 'redo'): Promise<void> {
    const { stores, state, draw, webview } = this.ctx;
    const store = await stores.open();
    try {
      const result = which === 'undo' ? await store.undo() : await store.redo();
      if (!result) {
        webview.post({ type: 'error', message: `Nothing to ${which}.` });
        return;
      }
      state.selected = result.index;
      draw.showChanged(store, result.changed, result.index, result.index);
    } catch (e) {
      this.ctx.fail(`Could not save the ${which}`, e);
    }
  }

  /** `expectedId`: the sample the reviewer saw at `index`; the store records nothing if it holds another there now. */
  async #decide(index: number, verdict: DecisionVerdict, expectedId: string | undefined): Promise<void> {
    const { stores, state, draw, webview, checks } = this.ctx;
    const store = await stores.open();
    if (index >= store.size) return;
    // A read-only window records nothing, whatever the checks would say: the store says so at once
    // (a benchmark warning first would ask for a second key that records nothing either).
    if (verdict === 'accepted' && !store.readOnly) {
      const { block, warn } = beforeAccept(checks, store, index);
      if (block) {
        webview.post({ type: 'error', message: block });
        return;
      }
      if (warn && state.warnedAccept !== index) {
        state.warnedAccept = index;
        webview.post({ type: 'error', message: warn });
        return;
      }
    }
    state.warnedAccept = undefined;
    try {
      const changed = await store.decide(index, verdict, expectedId);
      const mode = vscode.workspace.getConfiguration('sampleCurator').get<AfterVerdict>('afterVerdict', 'nextPending');
      const next = state.list.after(state.list.positionOf(index), store, mode);
      state.selected = next === undefined ? index : state.list.indexAt(next);
      draw.showChanged(store, changed, state.selected as number, state.selected);
      if (verdict === 'accepted' && checks.result) this.#afterAccept(store);
    } catch (e) {
      // Not a failure: the record cannot be accepted, and the panel says why and what to do.
      if (e instanceof UnreadableSampleError) return webview.post({ type: 'error', message: e.message });
      this.ctx.fail(`Could not save the decision on sample ${index + 1}; it stays pending`, e);
    }
  }

  /**
   * After an accept, off the decision's path: the header's figures, and the teacher-cap /
   * synthetic-share warnings. Once the reviewer's accepts pause (or every FIGURES_MAX_WAIT_MS in a
   * long burst): at a million samples a pass is tens of milliseconds, and one after every accept,
   * or on a fixed clock, held the next key behind it.
   */
  #afterAccept(store: CurationStore): void {
    if (!this.#figures) {
      const figures = {
        store,
        timer: new PauseTimer(() => {
          const header = this.ctx.checksView.header(figures.store);
          this.ctx.webview.post({ type: 'checks', header });
          if (header.warnings.length) this.ctx.webview.post({ type: 'error', message: `Accepted. ${header.warnings.join('; ')}.` });
        }, FIGURES_QUIET_MS, FIGURES_MAX_WAIT_MS),
      };
      this.#figures = figures;
    }
    this.#figures.store = store;
    this.#figures.timer.poke();
  }

  dispose(): void {
    this.#figures?.timer.dispose();
  }
}
