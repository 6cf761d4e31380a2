// The slices of the open store and what each costs to know: its samples (a paced, cancellable
// query; kept, since a slice is a filter on what does not change with decisions: sliceQuery) and
// its audit (the seeded draw, shared by the slices view and the panel's audit mode, so "+50" in
// the panel shows in the view). Dropped whole when the store opens again (a re-index renumbers
// samples) or the checks finish (flag and model slices change).
import * as vscode from 'vscode';
import type { CurationStore } from '../../core/store/curationStore';
import { savedSlices } from '../../core/store/savedSlices';
import { readySlices, sliceIndices, SliceAudit, type Slice } from '../../core/store/sliceAudit';
import { sliceJudgeScores, type SliceJudgeScores } from '../../core/store/sliceJudge';
import type { ChecksHost } from '../checks/checksHost';
import type { ChecksPresentation } from '../checks/checksPresentation';
import { queryableStore } from '../panel/listQueries';
import type { StoreHost } from '../storeHost';
import { judgeFields } from '../judgeSettings';
import { auditSettings } from './auditSettings';

export interface SliceEntry {
  readonly slice: Slice;
  readonly indices: Int32Array;
  readonly audit: SliceAudit;
}

export class SliceRegistry implements vscode.Disposable {
  #store: CurationStore | undefined;
  readonly #entries = new Map<string, Promise<SliceEntry>>();
  readonly #known = new Map<string, SliceEntry>();
  /**
   * The judge's scores over the slice (read once per store, every record of the slice: started
   * when a slice is audited, for the prediction-powered estimate beside the audit's).
   */
  judge(store: CurationStore, entry: SliceEntry, signal?: AbortSignal): Promise<SliceJudgeScores> {
    let judged = this.#judged.get(entry.slice.query);
    if (!judged) {
      judged = sliceJudgeScores(store, entry.indices, { signal, fields: judgeFields() });
      this.#judged.set(entry.slice.query, judged);
      judged.catch(() => {
        if (this.#judged.get(entry.slice.query) === judged) this.#judged.delete(entry.slice.query);
      });
    }
    return judged;
  }

  /** Why a slice could not be counted (a query sliceQuery refuses, a bad regex), by query. */
  readonly #failed = new Map<string, string>();
  readonly #judged = new Map<string, Promise<SliceJudgeScores>>();
  readonly #onDidChange = new vscode.EventEmitter<void>();
  /** A slice's samples or audit became known, or everything was dropped. */
  readonly onDidChange = this.#onDidChange.event;
  readonly #subscriptions: vscode.Disposable[] = [this.#onDidChange];

  constructor(
    readonly stores: StoreHost,
    private readonly checks: ChecksHost,
    private readonly checksView: ChecksPresentation,
  ) {
    stores.onDidOpen(() => this.#drop(), undefined, this.#subscriptions);
    // Where judge scores are read changes judge: slices and the judge's scores over every slice.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('sampleCurator.judge.fields')) this.#drop();
    }, undefined, this.#subscriptions);
    checks.onDidChange(() => {
      if (checks.result !== this.#checksSeen) {
        this.#checksSeen = checks.result;
        this.#drop();
      }
    }, undefined, this.#subscriptions);
  }

  #checksSeen: unknown;

  /** Ready slices (per source, per teacher model the checks found, per check flag) and the saved ones. */
  slices(store: CurationStore): Slice[] {
    const models = (this.checks.result?.models ?? []).filter((m) => m !== '');
    const flags = this.checks.result ? undefined : [];
    return [...readySlices(store.sourcePaths, models, flags), ...savedSlices(store.project).map((s): Slice => ({ ...s, kind: 'saved' }))];
  }

  /** What is known of a slice without running anything (undefined: not computed yet). */
  known(slice: Slice): SliceEntry | undefined {
    return this.#known.get(slice.query);
  }

  /** Why the slice could not be counted, if it could not. */
  failure(slice: Slice): string | undefined {
    return this.#failed.get(slice.query);
  }

  /** The slice's samples and audit, computed once per store (a query with progress, cancellable). */
  entry(store: CurationStore, slice: Slice, signal?: AbortSignal): Promise<SliceEntry> {
    if (this.#store !== store) this.#drop(store);
    let entry = this.#entries.get(slice.query);
    if (!entry) {
      entry = (async () => {
        const indices = await sliceIndices(queryableStore(store, this.checksView), slice, { signal, judgeFields: judgeFields() });
        const found: SliceEntry = { slice, indices, audit: SliceAudit.open(store, slice, indices, auditSettings()) };
        if (this.#store === store) {
          this.#known.set(slice.query, found);
          this.#onDidChange.fire();
        }
        return found;
      })();
      this.#entries.set(slice.query, entry);
      // A failed or cancelled query is asked again next time.
      entry.catch((e: Error) => {
        if (this.#entries.get(slice.query) === entry) this.#entries.delete(slice.query);
        if (e.name !== 'AbortError' && this.#store === store) {
          this.#failed.set(slice.query, e.message);
          this.#onDidChange.fire();
        }
      });
    }
    return entry;
  }

  /** Counts every slice again (the view's Refresh). */
  refresh(): void {
    this.#drop();
  }

  /** The list of slices changed (one saved): the view draws again. */
  changed(): void {
    this.#onDidChange.fire();
  }

  #drop(store?: CurationStore): void {
    this.#store = store;
    this.#entries.clear();
    this.#known.clear();
    this.#failed.clear();
    this.#judged.clear();
    this.#onDidChange.fire();
  }

  dispose(): void {
    while (this.#subscriptions.length) this.#subscriptions.pop()?.dispose();
  }
}
