// Runs the checks for the open store (in one worker, after the store's index pass), keeps their
// results, and turns them into what the panel and the status bar show: row flags, a sample's
// findings, the header's figures and the warnings at accept. Settings: sampleCurator.checks.*.
import * as vscode from 'vscode';
import { benchmarkSpecs, type BenchmarkSpec } from '../core/checks/benchmarkFingerprints';
import { verifySolution } from '../core/checks/answerVerifier';
import { checkText, referenceOf } from '../core/checks/checkText';
import { VERIFIER_CODES, type ChecksResult } from '../core/checks/checkRunner';
import { acceptedInCluster, acceptedMeters, checksSummary, clusterMembers, type ChecksSummary } from '../core/checks/checksSummary';
import { distinct2, meanPairwiseSimilarity, syntheticShareWarning, teacherCapWarning } from '../core/checks/curationMeters';
import type { CurationStore } from '../core/store/curationStore';
import type { LoadedSample } from '../core/store/storeSamples';
import { storeChecks } from '../core/store/storeChecks';
import type { CheckFlag, ChecksHeaderView, SampleChecksView } from '../protocol';

export interface ChecksSettings {
  readonly threshold: number;
  readonly benchmarks: readonly BenchmarkSpec[];
  readonly blockAcceptOnVerifierFail: boolean;
  readonly teacherCap: number;
  readonly syntheticShareLimit: number;
}

/** Accepted samples read for the diversity meter (evenly spread over the accepted set). */
const DIVERSITY_SAMPLE = 200;

function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

export class ChecksHost implements vscode.Disposable {
  #result: ChecksResult | undefined;
  #state: ChecksHeaderView['state'] = 'off';
  #progress = 0;
  readonly #onDidChange = new vscode.EventEmitter<void>();
  /** Fires when the checks start, finish or fail. */
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

  /** Whether a run was started for the open store (running, done or failed). */
  get started(): boolean {
    return this.#state !== 'off';
  }

  settings(store?: CurationStore): ChecksSettings {
    const c = vscode.workspace.getConfiguration('sampleCurator.checks');
    const benchmarks = benchmarkSpecs(c.get<unknown[]>('benchmarks', []), store?.folder, (b) =>
      this.log.warn(`sampleCurator.checks.benchmarks: an entry needs "path" and "fields.text"; ignored: ${JSON.stringify(b)}`));
    return {
      threshold: Math.min(1, Math.max(0.05, c.get<number>('nearDuplicateThreshold', 0.8))),
      benchmarks,
      blockAcceptOnVerifierFail: c.get<boolean>('blockAcceptOnVerifierFail', false),
      teacherCap: c.get<number>('teacherCap', 0.5),
      syntheticShareLimit: c.get<number>('syntheticShareLimit', 1),
    };
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

  /** The check results of a sample, as the list's `flag:` filter names them. */
  flagsAt(i: number): CheckFlag[] {
    const r = this.#result;
    if (!r || i >= r.count) return [];
    const flags: CheckFlag[] = [];
    if (r.dupCluster[i] >= 0) flags.push('duplicate');
    if (r.contaminated[i] >= 0) flags.push('contaminated');
    if (VERIFIER_CODES[r.verifier[i]] === 'fail') flags.push('verifier-fail');
    return flags;
  }

  /** Flags plus the verifier's other results, for the `flag:` filter. */
  filterFlagsAt(i: number): string[] {
    const r = this.#result;
    if (!r || i >= r.count) return [];
    const v = VERIFIER_CODES[r.verifier[i]];
    return [...this.flagsAt(i), ...(v === 'fail' ? [] : [v === 'pass' ? 'verifier-pass' : 'no-reference'])];
  }

  /** What the checks found on a sample (undefined: nothing, or the checks have not run). */
  sampleChecks(store: CurationStore, i: number, loaded: LoadedSample): SampleChecksView | undefined {
    const r = this.#result;
    if (!r || i >= r.count) return undefined;
    const view: { -readonly [K in keyof SampleChecksView]: SampleChecksView[K] } = {};
    if (r.dupCluster[i] >= 0) {
      const members = clusterMembers(r, i);
      const similarity = Math.max(0, ...r.pairs.filter(([a, b]) => a === i || b === i).map(([, , j]) => j));
      view.duplicate = { members: members.length, acceptedOthers: acceptedInCluster(r, i, (k) => store.verdictAt(k) === 'accepted').length, similarity };
    }
    // The checks read the source record; an edited sample is still judged by its original.
    const normalized = loaded.original ?? loaded.normalized;
    const match = r.matches.get(i);
    const item = match && r.items.get(match.item);
    if (match && item && normalized) {
      view.contamination = {
        benchmark: item.benchmark, item: item.position + 1, itemText: item.text, itemRanges: match.itemSpans,
        sampleText: checkText(normalized).all, sampleRanges: match.sampleSpans, method: match.method, overlaps: match.overlaps,
      };
    }
    const solution = normalized && checkText(normalized).solution;
    if (solution !== undefined) {
      // Failures come with the results; a pass or no-reference is verified again here (one
      // sample: cheap), with the record's reference or the matched benchmark item's answer.
      const v = r.verdicts.get(i) ?? verifySolution(solution, this.#referenceFor(loaded, VERIFIER_CODES[r.verifier[i]] === 'pass' ? item?.answer : undefined));
      if (v.status !== 'no-reference' || v.steps > 0) {
        view.verifier = {
          status: v.status, ...(v.reason ? { reason: v.reason } : {}),
          ...(v.final ? { finalAnswer: v.final.text } : {}), ...(v.reference !== undefined ? { reference: v.reference } : {}),
          solution, wrongSteps: v.wrongSteps.map((w) => ({ range: w.span, expected: w.expected })), steps: v.steps,
        };
      }
    }
    return Object.keys(view).length ? view : undefined;
  }

  #referenceFor(loaded: LoadedSample, benchmarkAnswer: string | undefined): string | undefined {
    try {
      return referenceOf(JSON.parse(loaded.raw)) ?? benchmarkAnswer;
    } catch {
      return benchmarkAnswer;
    }
  }

  #accepted(store: CurationStore): number[] {
    const out: number[] = [];
    for (let i = 0; i < store.size; i++) if (store.verdictAt(i) === 'accepted') out.push(i);
    return out;
  }

  /** The export manifest's view of the checks (undefined before they ran). */
  summary(store: CurationStore): ChecksSummary | undefined {
    return this.#result && checksSummary(this.#result, this.#accepted(store));
  }

  /**
   * The header's line, its details (teacher mix, synthetic share, and unless `cheap` the diversity,
   * which reads up to 200 accepted samples) and warnings.
   */
  header(store: CurationStore | undefined, cheap = false): ChecksHeaderView {
    const r = this.#result;
    if (this.#state === 'running' && !r) return { state: 'running', text: `checks running… ${this.#progress}%`, details: [], warnings: [] };
    if (!r || !store) return { state: this.#state, text: this.#state === 'failed' ? 'checks failed (see the log)' : '', details: [], warnings: [] };
    const s = this.settings(store);
    const accepted = this.#accepted(store);
    const summary = checksSummary(r, accepted);
    const { teacherMix, synthetic } = acceptedMeters(r, accepted);
    const text = `checks: ${summary.nearDuplicateSamples} near-dup · ${summary.contaminated} benchmark · ${summary.verifier.fail} verifier fail` +
      (summary.accepted.verifierFailed ? ` · ${summary.accepted.verifierFailed} accepted despite fail` : '');
    const details = [
      `Teacher mix (accepted): ${teacherMix.models.map((m) => `${m.name} ${percent(m.share)}`).join(', ') || 'none yet'}`,
      `Templates (accepted): ${teacherMix.templates.map((m) => `${m.name} ${percent(m.share)}`).join(', ') || 'none yet'}`,
      `Synthetic share (accepted): ${percent(synthetic.syntheticShare)} — human ${synthetic.counts.human}, model ${synthetic.counts.model}, model-from-model ${synthetic.counts['model-from-model']}, unknown ${synthetic.counts.unknown}` +
        (synthetic.meanDepth !== undefined ? `; mean depth ${synthetic.meanDepth.toFixed(2)}` : ''),
      ...(accepted.length >= 2 && !cheap ? [this.#diversity(store, accepted)] : []),
    ];
    const warnings = [teacherCapWarning(teacherMix, s.teacherCap), syntheticShareWarning(synthetic, s.syntheticShareLimit)].filter((w): w is string => !!w);
    return { state: this.#state, text, details, warnings };
  }

  #diversityLine = { at: 0, count: -1, text: '', result: undefined as ChecksResult | undefined };

  /**
   * The panel header is drawn after every accept: the diversity line (200 samples read from disk,
   * ~20,000 signature pairs) is computed again only when the accepted set changed and the last one
   * is 2 s old, so a run of accepts does not pay for it each time.
   */
  #diversity(store: CurationStore, accepted: readonly number[], now = Date.now()): string {
    const cached = this.#diversityLine;
    const fresh = cached.result === this.#result && (cached.count === accepted.length || now - cached.at < 2000);
    if (fresh && cached.count >= 2) return cached.text;
    const text = this.#computeDiversity(store, accepted);
    this.#diversityLine = { at: now, count: accepted.length, text, result: this.#result };
    return text;
  }

  #computeDiversity(store: CurationStore, accepted: readonly number[]): string {
    const step = Math.max(1, Math.floor(accepted.length / DIVERSITY_SAMPLE));
    const texts: string[] = [];
    for (let k = 0; k < accepted.length && texts.length < DIVERSITY_SAMPLE; k += step) {
      const n = store.sample(accepted[k]).normalized;
      if (n) texts.push(checkText(n).all);
    }
    const r = this.#result as ChecksResult;
    const clustered = accepted.filter((i) => r.dupCluster[i] >= 0).length;
    return `Diversity (accepted${texts.length < accepted.length ? `, ${texts.length} sampled` : ''}): distinct-2 ${distinct2(texts).toFixed(3)}, mean pairwise MinHash similarity ${meanPairwiseSimilarity(texts).toFixed(3)}; ${clustered} in near-duplicate clusters`;
  }

  /**
   * What to say before an accept lands: `block` when the setting refuses accepting a verifier
   * failure, `warn` when the sample is a near-duplicate of an accepted one (accept again to go ahead).
   */
  beforeAccept(store: CurationStore, i: number): { readonly block?: string; readonly warn?: string } {
    const r = this.#result;
    if (!r || i >= r.count) return {};
    if (VERIFIER_CODES[r.verifier[i]] === 'fail' && this.settings(store).blockAcceptOnVerifierFail) {
      return { block: `Not accepted: the verifier failed this sample (${r.verdicts.get(i)?.reason ?? 'see the sample'}). The setting sampleCurator.checks.blockAcceptOnVerifierFail is on.` };
    }
    const others = acceptedInCluster(r, i, (k) => store.verdictAt(k) === 'accepted');
    if (others.length) {
      const where = others.slice(0, 3).map((k) => `${store.row(k).source}:${store.row(k).line}`).join(', ');
      return { warn: `Near-duplicate of ${others.length} accepted sample${others.length === 1 ? '' : 's'} (${where}). Press a again to accept anyway, or c to compare.` };
    }
    return {};
  }

  #tooltip = { at: 0, text: '', result: undefined as ChecksResult | undefined };

  /**
   * Markdown lines for the status bar tooltip (teacher mix and synthetic share of the accepted set).
   * The status bar draws on every decision, inside the store's change event: the figures are
   * recomputed at most every 2 s (a pass over the verdicts), so a burst of keys never waits on them.
   */
  tooltip(store: CurationStore, now = Date.now()): string {
    if (now - this.#tooltip.at < 2000 && this.#tooltip.result === this.#result) return this.#tooltip.text;
    const h = this.header(store, true);
    const text = h.text ? `${h.text}\n\n${h.details.slice(0, 3).map((d) => `- ${d}`).join('\n')}${h.warnings.length ? `\n\n**${h.warnings.join('; ')}**` : ''}\n\n` : '';
    this.#tooltip = { at: now, text, result: this.#result };
    return text;
  }

  dispose(): void {
    this.#abort?.abort();
    this.#onDidChange.dispose();
  }
}
