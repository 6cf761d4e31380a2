// What the panel and the status bar show of the checks: row flags, a sample's findings, the
// header's line, details and warnings, and the status bar tooltip. Reads the results the
// ChecksHost holds; the two caches here keep a run of accepts from paying for the figures each time.
import { checkText } from '../../core/checks/checkText';
import { VERIFIER_CODES, type ChecksResult } from '../../core/checks/checkRunner';
import { acceptedMeters, checksSummary } from '../../core/checks/checksSummary';
import { distinct2, meanPairwiseSimilarity, syntheticShareWarning, teacherCapWarning } from '../../core/checks/curationMeters';
import type { CurationStore } from '../../core/store/curationStore';
import type { LoadedSample } from '../../core/store/storeSamples';
import type { CheckFlag, ChecksHeaderView, SampleChecksView } from '../../protocol';
import type { ChecksHost } from './checksHost';
import { sampleFindings } from './sampleFindings';

/** Accepted samples read for the diversity meter (evenly spread over the accepted set). */
const DIVERSITY_SAMPLE = 200;

function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function acceptedIndices(store: CurationStore): number[] {
  const out: number[] = [];
  for (let i = 0; i < store.size; i++) if (store.verdictAt(i) === 'accepted') out.push(i);
  return out;
}

export class ChecksPresentation {
  constructor(private readonly checks: ChecksHost) {}

  /** The check results of a sample, as the list's `flag:` filter names them. */
  flagsAt(i: number): CheckFlag[] {
    const r = this.checks.result;
    if (!r || i >= r.count) return [];
    const flags: CheckFlag[] = [];
    if (r.dupCluster[i] >= 0) flags.push('duplicate');
    if (r.contaminated[i] >= 0) flags.push('contaminated');
    if (VERIFIER_CODES[r.verifier[i]] === 'fail') flags.push('verifier-fail');
    return flags;
  }

  /** Flags plus the verifier's other results, for the `flag:` filter. */
  filterFlagsAt(i: number): string[] {
    const r = this.checks.result;
    if (!r || i >= r.count) return [];
    const v = VERIFIER_CODES[r.verifier[i]];
    return [...this.flagsAt(i), ...(v === 'fail' ? [] : [v === 'pass' ? 'verifier-pass' : 'no-reference'])];
  }

  /** What the checks found on a sample (undefined: nothing, or the checks have not run). */
  sampleChecks(store: CurationStore, i: number, loaded: LoadedSample): SampleChecksView | undefined {
    return sampleFindings(this.checks.result, store, i, loaded);
  }

  /**
   * The header's line, its details (teacher mix, synthetic share, and unless `cheap` the diversity,
   * which reads up to 200 accepted samples) and warnings.
   */
  header(store: CurationStore | undefined, cheap = false): ChecksHeaderView {
    const r = this.checks.result;
    const state = this.checks.state;
    if (state === 'running' && !r) return { state: 'running', text: `checks running… ${this.checks.progress}%`, details: [], warnings: [] };
    if (!r || !store) return { state, text: state === 'failed' ? 'checks failed (see the log)' : '', details: [], warnings: [] };
    const s = this.checks.settings(store);
    const accepted = acceptedIndices(store);
    const summary = checksSummary(r, accepted);
    const { teacherMix, synthetic } = acceptedMeters(r, accepted);
    const text = `checks: ${summary.nearDuplicateSamples} near-dup · ${summary.contaminated} benchmark · ${summary.verifier.fail} verifier fail` +
      (summary.accepted.verifierFailed ? ` · ${summary.accepted.verifierFailed} accepted despite fail` : '');
    const details = [
      `Teacher mix (accepted): ${teacherMix.models.map((m) => `${m.name} ${percent(m.share)}`).join(', ') || 'none yet'}`,
      `Templates (accepted): ${teacherMix.templates.map((m) => `${m.name} ${percent(m.share)}`).join(', ') || 'none yet'}`,
      `Synthetic share (accepted): ${percent(synthetic.syntheticShare)} — human ${synthetic.counts.human}, model ${synthetic.counts.model}, model-from-model ${synthetic.counts['model-from-model']}, unknown ${synthetic.counts.unknown}` +
        (synthetic.meanDepth !== undefined ? `; mean depth ${synthetic.meanDepth.toFixed(2)}` : ''),
      ...(accepted.length >= 2 && !cheap ? [this.#diversity(store, r, accepted)] : []),
    ];
    const warnings = [teacherCapWarning(teacherMix, s.teacherCap), syntheticShareWarning(synthetic, s.syntheticShareLimit)].filter((w): w is string => !!w);
    return { state, text, details, warnings };
  }

  #diversityLine = { at: 0, count: -1, text: '', result: undefined as ChecksResult | undefined };

  /**
   * The panel header is drawn after every accept: the diversity line (200 samples read from disk,
   * ~20,000 signature pairs) is computed again only when the accepted set changed and the last one
   * is 2 s old, so a run of accepts does not pay for it each time.
   */
  #diversity(store: CurationStore, r: ChecksResult, accepted: readonly number[], now = Date.now()): string {
    const cached = this.#diversityLine;
    const fresh = cached.result === r && (cached.count === accepted.length || now - cached.at < 2000);
    if (fresh && cached.count >= 2) return cached.text;
    const text = computeDiversity(store, r, accepted);
    this.#diversityLine = { at: now, count: accepted.length, text, result: r };
    return text;
  }

  #tooltip = { at: 0, text: '', result: undefined as ChecksResult | undefined };

  /**
   * Markdown lines for the status bar tooltip (teacher mix and synthetic share of the accepted set).
   * The status bar draws on every decision, inside the store's change event: the figures are
   * recomputed at most every 2 s (a pass over the verdicts), so a burst of keys never waits on them.
   */
  tooltip(store: CurationStore, now = Date.now()): string {
    if (now - this.#tooltip.at < 2000 && this.#tooltip.result === this.checks.result) return this.#tooltip.text;
    const h = this.header(store, true);
    const text = h.text ? `${h.text}\n\n${h.details.slice(0, 3).map((d) => `- ${d}`).join('\n')}${h.warnings.length ? `\n\n**${h.warnings.join('; ')}**` : ''}\n\n` : '';
    this.#tooltip = { at: now, text, result: this.checks.result };
    return text;
  }
}

function computeDiversity(store: CurationStore, r: ChecksResult, accepted: readonly number[]): string {
  const step = Math.max(1, Math.floor(accepted.length / DIVERSITY_SAMPLE));
  const texts: string[] = [];
  for (let k = 0; k < accepted.length && texts.length < DIVERSITY_SAMPLE; k += step) {
    const n = store.sample(accepted[k]).normalized;
    if (n) texts.push(checkText(n).all);
  }
  const clustered = accepted.filter((i) => r.dupCluster[i] >= 0).length;
  return `Diversity (accepted${texts.length < accepted.length ? `, ${texts.length} sampled` : ''}): distinct-2 ${distinct2(texts).toFixed(3)}, mean pairwise MinHash similarity ${meanPairwiseSimilarity(texts).toFixed(3)}; ${clustered} in near-duplicate clusters`;
}
