// Runs the checks for the open store (in one worker, after the store's index pass) and keeps their
// results. What the panel and the status bar show of them is in checksPresentation.ts; what they
// say before an accept, in acceptPolicy.ts.
import * as vscode from 'vscode';
import { type ChecksResult } from '../../core/checks/checkRunner';
import { checksSummary } from '../../core/checks/checksSummary';
import type { CurationStore } from '../../core/store/curationStore';
import { storeChecks } from '../../core/store/storeChecks';
import type { ChecksHeaderView } from '../../protocol';
import { readChecksSettings, type ChecksSettings } from './checksSettings';

export class ChecksHost implements vscode.Disposable {
  #result: ChecksResult | undefined;
  #state: ChecksHeaderView['state'] = 'off';
  #progress = 0;
  readonly #onDidChange = new vscode.EventEmitter<void>();
  /** Fires when the checks start, finish or fail, and as a run progresses (every 5%). */
  readonly onDidChange = this.#onDidChange.event;
  #abort: AbortController | undefined;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    /** out/checksWorker.js */
    private readonly workerScript: string,
    /** media/benchmarks/gsm8k-test.json */
    private readonly shippedBenchmark: string,
  ) {}

  get result(): ChecksResult | undefined {
    return this.#result;
  }

  get state(): ChecksHeaderView['state'] {
    return this.#state;
  }

  /** Percent done of the run in progress. */
  get progress(): number {
    return this.#progress;
  }

  /** Whether a run was started for the open store (running, done or failed). */
  get started(): boolean {
    return this.#state !== 'off';
  }

  settings(store?: CurationStore): ChecksSettings {
    return readChecksSettings(this.log, store?.folder);
  }

  /** Drops the results (and stops a run): they were for a store that was opened again since. */
  forget(): void {
    if (this.#state === 'off') return;
    this.#abort?.abort();
    this.#result = undefined;
    this.#state = 'off';
    this.#onDidChange.fire();
  }

  /** Runs the checks for `store` (or loads them from its cache); the panel is told through onDidChange. */
  async run(store: CurationStore): Promise<void> {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    const s = this.settings(store);
    this.#state = 'running';
    this.#progress = 0;
    this.#onDidChange.fire();
    const started = Date.now();
    try {
      const { result, cached } = await storeChecks(store, {
        workerScript: this.workerScript, threshold: s.threshold, shippedBenchmark: this.shippedBenchmark, benchmarks: s.benchmarks, signal: abort.signal,
        onProgress: (done, total) => {
          const p = Math.floor((100 * done) / Math.max(1, total));
          if (p >= this.#progress + 5) {
            this.#progress = p;
            this.#onDidChange.fire();
          }
        },
      });
      if (abort.signal.aborted) return;
      this.#result = result;
      this.#state = 'done';
      this.log.info(`checks ${cached ? 'loaded from the cache' : `ran in ${((Date.now() - started) / 1000).toFixed(1)} s`}: ${this.#line(result)}`);
    } catch (e) {
      if (abort.signal.aborted) return;
      this.#state = 'failed';
      this.log.error(`checks failed: ${(e as Error).message}`);
    }
    this.#onDidChange.fire();
  }

  #line(r: ChecksResult): string {
    const s = checksSummary(r, []);
    return `${s.nearDuplicateSamples} near-duplicate samples in ${s.nearDuplicateClusters} clusters · ${s.contaminated} benchmark matches · verifier ${s.verifier.fail} fail, ${s.verifier.pass} pass`;
  }

  dispose(): void {
    this.#abort?.abort();
    this.#onDidChange.dispose();
  }
}
