// What the list holds: `/` search, `f` filter and sort, clearing them, and the queue of accepted
// verifier failures. A query runs over the whole store (cancellable, with progress) and its result
// becomes the list; the webview then gets a fresh snapshot.
import * as vscode from 'vscode';
import type { CurationStore } from '../../core/store/curationStore';
import { describeQuery, FILTER_KEYS, formatQueryFilter, parseQueryFilter } from '../../core/query/queryFilter';
import { runQuery, type QueryableStore, type SampleQuery } from '../../core/query/sampleQuery';
import { compileTextMatcher } from '../../core/query/textMatcher';
import { PanelListModel } from './listModel';
import type { PanelContext } from './panelContext';
import { teamFlagsAt } from '../team/teamPresentation';
import type { ChecksPresentation } from '../checks/checksPresentation';

/** The store as queries read it, with the checks' and the team's results for `flag:`. */
export function queryableStore(store: CurationStore, checksView: ChecksPresentation): QueryableStore {
  return {
    size: store.size,
    verdictAt: (i) => store.verdictAt(i),
    annotationsAt: (i) => store.annotationsAt(i),
    sourceAt: (i) => store.sourceAt(i),
    sourcePaths: store.sourcePaths,
    byteLengthAt: (i) => store.byteLengthAt(i),
    recordAt: (i) => store.recordAt(i),
    provenanceDefaultsOf: (source) => store.provenanceDefaultsOf(source),
    flagsAt: (i) => {
      const team = teamFlagsAt(store, i);
      return team.length ? [...checksView.filterFlagsAt(i), ...team] : checksView.filterFlagsAt(i);
    },
  };
}
import { judgeFields } from '../judgeSettings';

export class ListQueries {
  /** The filter text the reviewer typed, to edit it next time. */
  #filterInput = '';

  constructor(private readonly ctx: PanelContext) {}

  /** `/`: a phrase or /regex/ over sample text, within the current filter. Empty clears the search. */
  async search(): Promise<void> {
    const text = await vscode.window.showInputBox({
      title: 'Search sample text', value: this.ctx.state.query.text ?? '', ignoreFocusOut: true,
      prompt: 'A phrase (case-insensitive) or /regex/flags, within the current filter. Empty shows every sample the filter keeps.',
      validateInput: (t) => {
        try {
          if (t.trim()) compileTextMatcher(t.trim());
          return undefined;
        } catch (e) {
          return (e as Error).message;
        }
      },
    });
    if (text === undefined) return;
    await this.applyQuery({ ...this.ctx.state.query, text: text.trim() || undefined });
  }

  /** `f`: verdict:, label:, source:, model:, licence:, flag:, judge:, sort: and free text. Empty shows every sample. */
  async filter(): Promise<void> {
    const input = await vscode.window.showInputBox({
      title: 'Filter and sort', value: this.#filterInput, ignoreFocusOut: true,
      prompt: `Keys: ${FILTER_KEYS.map((k) => `${k.key}:`).join(' ')} (? lists what each takes); other words search the text. e.g. verdict:pending label:incorrect source:gsm8k judge:>=4 sort:judge desc refund`,
      validateInput: (t) => {
        try {
          parseQueryFilter(t);
          return undefined;
        } catch (e) {
          return (e as Error).message;
        }
      },
    });
    if (input === undefined) return;
    await this.applyFilter(input);
  }

  /** The list's query in the filter box's syntax (what "Save Current Filter as Slice" keeps). */
  currentFilter(): string {
    return formatQueryFilter(this.ctx.state.query);
  }

  /** Shows the samples a typed filter selects (what `f` does after its input box). */
  async applyFilter(input: string): Promise<void> {
    this.#filterInput = input;
    await this.applyQuery(parseQueryFilter(input));
  }

  /** Shows every sample again, in store order. */
  async clearFilter(): Promise<void> {
    this.#filterInput = '';
    await this.applyQuery({});
  }

  /** Palette: the queue of samples the reviewer accepted although the verifier failed them. */
  acceptedDespiteVerifierFail(): Promise<void> {
    return this.applyFilter('verdict:accepted flag:verifier-fail');
  }

  /** Runs a query over the store (cancellable, with progress) and shows its result as the list. */
  async applyQuery(query: SampleQuery): Promise<void> {
    const { stores, state, draw } = this.ctx;
    const store = await stores.open();
    const description = describeQuery(query);
    const narrows = !!query.text || [query.verdicts, query.labels, query.sources, query.models, query.licences, query.flags, query.judge].some((l) => l?.length);
    if (!narrows && (query.sort ?? 'order') === 'order' && !query.descending) {
      state.query = {};
      // Any other list leaves an audit (its draw is found again when the slice is audited again).
      state.audit = undefined;
      state.list = new PanelListModel(store.size);
      draw.snapshot(store);
      return;
    }
    try {
      const indices = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Sample Curator: ${description}`, cancellable: true },
        (progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          let shown = 0;
          return runQuery(queryableStore(store, this.ctx.checksView), query, {
            signal: abort.signal, judgeFields: judgeFields(),
            onProgress: (p) => {
              const pct = Math.floor((100 * p.done) / Math.max(1, p.total));
              progress.report({ increment: pct - shown, message: `${p.matches} match${p.matches === 1 ? '' : 'es'}` });
              shown = pct;
            },
          });
        },
      );
      state.query = query;
      state.audit = undefined;
      state.list = new PanelListModel(store.size, indices, `${description} — ${indices.length} of ${store.size}`);
      draw.snapshot(store);
    } catch (e) {
      if ((e as Error).name === 'AbortError') this.ctx.webview.post({ type: 'error', message: 'Search cancelled; the list is as it was.' });
      else this.ctx.fail('Could not run the filter', e);
    }
  }
}
