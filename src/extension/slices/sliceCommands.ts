// The slice commands (Slices view context menu and palette): audit a slice, decide the rest of it
// on its audit (a modal confirmation naming the count, the estimate and what the rule says), save
// the panel's current filter as a slice.
import * as vscode from 'vscode';
import { formatCount } from '../../core/store/curationPace';
import { estimateText } from '../../core/store/auditHeadline';
import { describeQuery } from '../../core/query/queryFilter';
import { saveSlice } from '../../core/store/savedSlices';
import { decideSlice, sliceQuery, sliceRest, type Slice } from '../../core/store/sliceAudit';
import type { SliceDecisionRecord } from '../../core/journal/journalEvents';
import type { ReviewPanel } from '../panel/reviewPanel';
import { auditSettings, sliceRule } from './auditSettings';
import type { SliceRegistry } from './sliceRegistry';

/**
 * What a slice command is called with: a Slices view node, `{ query }` naming a slice (tests,
 * scripts; `confirmed` skips the question), or nothing (the palette: the slice being audited, else
 * a pick).
 */
export type SliceArg = { readonly slice: Slice } | { readonly query: string; readonly confirmed?: boolean } | undefined;

/** What a slice decision did, for the caller (tests, scripts). */
export interface SliceDecided {
  readonly changed: number;
  readonly record: SliceDecisionRecord;
}

export class SliceCommands {
  constructor(
    private readonly registry: SliceRegistry,
    private readonly panel: ReviewPanel,
  ) {}

  async audit(arg?: SliceArg): Promise<void> {
    const slice = await this.#slice(arg, 'Audit which slice?');
    if (slice) await this.panel.auditSlice(slice);
  }

  /** Accepts or rejects every sample of the slice this reviewer has not decided, as one undoable step. */
  async decideRest(verdict: 'accepted' | 'rejected', arg?: SliceArg): Promise<SliceDecided | undefined> {
    const verb = verdict === 'accepted' ? 'Accept' : 'Reject';
    const slice = await this.#slice(arg, `${verb} the rest of which slice?`);
    if (!slice) return undefined;
    const store = await this.registry.stores.open();
    try {
      // The audit the panel shows when it is this slice's (it may have been drawn further than its
      // decisions reach), else the slice's audit found again from its decisions.
      const shown = this.panel.audit?.slice.query === slice.query ? this.panel.audit : undefined;
      const { audit, indices } = shown ? { audit: shown, indices: shown.indices } : await this.registry.entry(store, slice);
      const settings = auditSettings();
      const rule = sliceRule();
      const { record, outcome } = audit.record(store, settings, rule);
      const rest = sliceRest(store, indices);
      if (rest === 0) {
        void vscode.window.showInformationMessage(`Sample Curator: every sample of ${slice.name} is decided already.`);
        return undefined;
      }
      const { estimate } = record;
      const figures = `${record.audit.k} defect${record.audit.k === 1 ? '' : 's'} of ${record.audit.n} audited · ${estimateText(estimate.rate, estimate.lower, estimate.upper, estimate.method, estimate.level)}`;
      const against = outcome.outcome === (verdict === 'accepted' ? 'accept' : 'reject') ? '' : ` The rule says ${outcome.outcome}: you ${verb.toLowerCase()} against it, and the journal records both.`;
      const action = `${verb} ${formatCount(rest)} Samples`;
      const confirmed = arg && 'confirmed' in arg && arg.confirmed === true;
      if (!confirmed) {
        const answer = await vscode.window.showWarningMessage(
          `${verb} the rest of “${slice.name}”: ${formatCount(rest)} samples you have not decided?`,
          {
            modal: true,
            detail: `Audit: ${figures}.\nRule: ${record.rule.text} → ${outcome.outcome} (${outcome.because}).${against}\nYour own decisions stay. One undo restores all ${formatCount(rest)}.`,
          },
          action,
        );
        if (answer !== action) return undefined;
      }
      // Recorded as the audit stands when it is written (the record shown above, unless a decision landed meanwhile).
      const decided = await decideSlice(store, audit, verdict, rule, settings);
      const { changed } = decided;
      this.panel.redraw();
      // Said until the next change (an undo makes it untrue), at most 8 s.
      const said = vscode.window.setStatusBarMessage(`Sample Curator: ${verb.toLowerCase()}ed the rest of ${slice.name} (${formatCount(changed.length)}); undo restores them`, 8000);
      const unsubscribe = store.onDidChange(() => {
        said.dispose();
        unsubscribe();
      });
      return { changed: changed.length, record: decided.record };
    } catch (e) {
      void vscode.window.showErrorMessage(`Sample Curator: could not ${verb.toLowerCase()} the rest of ${slice.name}: ${(e as Error).message}`);
      return undefined;
    }
  }

  /** Keeps the panel's current filter as a named slice (in the project document). */
  async saveCurrentFilter(name?: string): Promise<Slice | undefined> {
    const query = this.panel.currentFilter();
    try {
      sliceQuery(query);
    } catch (e) {
      void vscode.window.showErrorMessage(`Sample Curator: the current filter cannot be a slice: ${(e as Error).message}`);
      return undefined;
    }
    if (query === '') {
      void vscode.window.showInformationMessage('Sample Curator: no filter is applied; filter the list first (f in the panel), then save it as a slice.');
      return undefined;
    }
    const store = await this.registry.stores.open();
    const chosen = name ?? (await vscode.window.showInputBox({ title: 'Save the current filter as a slice', prompt: query, value: describeQuery(sliceQuery(query)), ignoreFocusOut: true }))?.trim();
    if (!chosen) return undefined;
    try {
      await saveSlice(store.project, { name: chosen, query }, store.readOnly !== undefined);
    } catch (e) {
      void vscode.window.showErrorMessage(`Sample Curator: ${(e as Error).message}`);
      return undefined;
    }
    this.registry.changed();
    return { name: chosen, query, kind: 'saved' };
  }

  async #slice(arg: SliceArg, title: string): Promise<Slice | undefined> {
    if (arg && 'slice' in arg) return arg.slice;
    const store = await this.registry.stores.open();
    const slices = this.registry.slices(store);
    if (arg && 'query' in arg) return slices.find((s) => s.query === arg.query) ?? { name: arg.query, query: arg.query, kind: 'saved' };
    const audited = this.panel.audit?.slice;
    if (audited) return audited;
    const pick = await vscode.window.showQuickPick(slices.map((s) => ({ label: s.name, description: s.query, slice: s })), { title });
    return pick?.slice;
  }
}
