// What the checks say before an accept lands. The panel shows `block` and records nothing; it shows
// `warn` once per sample, and the same accept again goes ahead: a benchmark item or a near-duplicate
// of an accepted sample is the reviewer's to accept, but never silently.
import { VERIFIER_CODES } from '../../core/checks/checkRunner';
import { acceptedInCluster } from '../../core/checks/checksSummary';
import type { CurationStore } from '../../core/store/curationStore';
import type { ChecksHost } from './checksHost';

export interface AcceptAdvice {
  /** The setting sampleCurator.checks.blockAcceptOnVerifierFail refuses this accept. */
  readonly block?: string;
  /** The sample is a benchmark (contamination) item, or a near-duplicate of an accepted one. */
  readonly warn?: string;
}

export function beforeAccept(checks: ChecksHost, store: CurationStore, i: number): AcceptAdvice {
  const r = checks.result;
  if (!r || i >= r.count) return {};
  if (VERIFIER_CODES[r.verifier[i]] === 'fail' && checks.settings(store).blockAcceptOnVerifierFail) {
    return { block: `Not accepted: the verifier failed this sample (${r.verdicts.get(i)?.reason ?? 'see the sample'}). The setting sampleCurator.checks.blockAcceptOnVerifierFail is on.` };
  }
  const warnings: string[] = [];
  const match = r.matches.get(i);
  const item = match ? r.items.get(match.item) : undefined;
  if (r.contaminated[i] >= 0) {
    const which = item ? `${item.benchmark} item ${item.position + 1}` : 'a benchmark item';
    warnings.push(`Benchmark item: this sample matches ${which}${match ? ` (${match.method} overlap)` : ''}; training on it contaminates that evaluation.`);
  }
  const others = acceptedInCluster(r, i, (k) => store.verdictAt(k) === 'accepted');
  if (others.length) {
    const where = others.slice(0, 3).map((k) => `${store.row(k).source}:${store.row(k).line}`).join(', ');
    warnings.push(`Near-duplicate of ${others.length} accepted sample${others.length === 1 ? '' : 's'} (${where}); c to compare.`);
  }
  if (!warnings.length) return {};
  return { warn: `${warnings.join(' ')} Press a again to accept anyway.` };
}
