// Labels, the rating and the note on the selected sample: from the webview's keys and from the
// palette's quick picks and input box. Each is one undoable step in the store.
import * as vscode from 'vscode';
import type { CurationStore } from '../../core/store/curationStore';
import { labelInSlot } from '../../core/store/labelTaxonomy';
import { swapChosenRejected } from '../../core/formats/preferenceSwap';
import { toNormalizedJson } from '../../core/formats/normalizedJson';
import type { PanelContext } from './panelContext';

export class AnnotationActions {
  constructor(private readonly ctx: PanelContext) {}

  /** Toggles the label in key slot `slot` (1–9) on the selected sample. */
  async toggleLabel(slot: number): Promise<void> {
    const labels = this.ctx.state.labels;
    const label = labelInSlot(labels, slot);
    if (!label) {
      this.ctx.webview.post({ type: 'error', message: `No label is in slot ${slot}; the taxonomy has slots ${labels.filter((l) => l.slot).map((l) => l.slot).join(', ')}.` });
      return;
    }
    await this.#annotate('label', (store, i, id) => store.setLabel([i], label.name, !store.annotationsAt(i).labels.includes(label.name), id === undefined ? undefined : [id]));
  }

  /** Palette: choose a label to toggle on the selected sample. */
  async pickLabel(): Promise<void> {
    const pick = await vscode.window.showQuickPick(
      this.ctx.state.labels.map((l) => ({ label: l.name, description: l.slot ? `key ${l.slot}` : undefined, detail: l.description, slot: l.slot })),
      { title: 'Toggle a label on the current sample' },
    );
    if (!pick) return;
    const name = pick.label;
    await this.#annotate('label', (store, i, id) => store.setLabel([i], name, !store.annotationsAt(i).labels.includes(name), id === undefined ? undefined : [id]));
  }

  /** Palette: choose a rating for the selected sample. */
  async pickRating(): Promise<void> {
    const pick = await vscode.window.showQuickPick(['1', '2', '3', '4', '5'].map((r) => ({ label: r, description: `Shift+${r}` })), { title: 'Rate the current sample (the same rating again clears it)' });
    if (pick) await this.rate(Number(pick.label));
  }

  /** Rates the selected sample 1–5; the same rating again clears it. */
  rate(rating: number): Promise<void> {
    return this.#annotate('rating', (store, i, id) => store.setRating(i, store.annotationsAt(i).rating === rating ? undefined : rating, id));
  }

  async editNote(): Promise<void> {
    const store = await this.ctx.stores.open();
    const i = this.ctx.state.selected;
    if (i === undefined) return;
    const note = await vscode.window.showInputBox({
      title: `Note on ${store.row(i).source}:${store.row(i).line}`, value: store.annotationsAt(i).note ?? '',
      prompt: 'Empty clears the note. Saved with the sample (undoable).', ignoreFocusOut: true,
    });
    if (note === undefined) return;
    await this.#annotate('note', (s, idx, id) => s.setNote(idx, note.trim() ? note : undefined, id));
  }

  /**
   * Swaps the selected preference pair's chosen and rejected answers as a recorded edit: a revision
   * in the journal (exported as such, undone by u), unlike x, which only swaps what is shown.
   */
  async swapChosenRejected(): Promise<void> {
    const store = await this.ctx.stores.open();
    const i = this.ctx.state.selected;
    if (i === undefined) return;
    const swapped = swapChosenRejected(store.sample(i).normalized);
    if (typeof swapped === 'string') {
      this.ctx.webview.post({ type: 'error', message: `Not swapped: ${swapped}.` });
      return;
    }
    await this.#annotate('swap of chosen and rejected', (s, idx, id) => s.addRevision(idx, toNormalizedJson(swapped), id));
  }

  /** A change to the selected sample; `id` is the sample the reviewer saw there (the store refuses another). */
  async #annotate(what: string, change: (store: CurationStore, index: number, id: string | undefined) => Promise<readonly number[]>): Promise<void> {
    const store = await this.ctx.stores.open();
    const i = this.ctx.state.selected;
    if (i === undefined) return;
    try {
      const changed = await change(store, i, this.ctx.state.selectedId);
      this.ctx.draw.showChanged(store, changed, i, i);
    } catch (e) {
      this.ctx.fail(`Could not save the ${what}`, e);
    }
  }
}
