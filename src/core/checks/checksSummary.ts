// What the checks found, over the whole store and over the accepted set: the figures the panel
// header, the status bar and the export manifest show. Pure functions of a ChecksResult and the
// verdicts.
import { ORIGIN_CODES, VERIFIER_CODES, type ChecksResult } from './checkRunner';
import { syntheticShare, teacherMix, type SyntheticShare, type TeacherMix } from './curationMeters';

export interface ChecksSummary {
  /** The checks that ran, e.g. ["near-duplicates", "contamination", "verifier", "meters"]. */
  readonly ran: readonly string[];
  readonly threshold: number;
  readonly benchmarks: readonly string[];
  readonly samples: number;
  readonly nearDuplicateSamples: number;
  readonly nearDuplicateClusters: number;
  readonly contaminated: number;
  readonly verifier: Readonly<Record<'pass' | 'fail' | 'no-reference', number>>;
  readonly accepted: {
    readonly count: number;
    readonly teacherMix: TeacherMix;
    readonly synthetic: SyntheticShare;
    /** Accepted although the verifier failed them. */
    readonly verifierFailed: number;
    readonly contaminated: number;
    /** Accepted samples with another accepted sample in their near-duplicate cluster. */
    readonly nearDuplicates: number;
  };
}

/** The accepted samples' provenance as the meters read it. */
function* acceptedProvenance(r: ChecksResult, accepted: readonly number[]) {
  for (const i of accepted) {
    const depth = r.depth[i];
    yield {
      model: r.model[i] ? r.models[r.model[i] - 1] : undefined,
      template: r.template[i] ? r.templates[r.template[i] - 1] : undefined,
      origin: ORIGIN_CODES[r.origin[i]],
      ...(depth !== 255 ? { depth } : {}),
    };
  }
}

export function acceptedMeters(r: ChecksResult, accepted: readonly number[]): { readonly teacherMix: TeacherMix; readonly synthetic: SyntheticShare } {
  return { teacherMix: teacherMix(acceptedProvenance(r, accepted)), synthetic: syntheticShare(acceptedProvenance(r, accepted)) };
}

/** Accepted samples the verifier failed: the queue the reviewer may want to look at again. */
export function acceptedDespiteVerifierFail(r: ChecksResult, accepted: readonly number[]): number[] {
  return accepted.filter((i) => VERIFIER_CODES[r.verifier[i]] === 'fail');
}

/** Accepted samples (other than `index`) in `index`'s near-duplicate cluster. */
export function acceptedInCluster(r: ChecksResult, index: number, isAccepted: (i: number) => boolean): number[] {
  const c = r.dupCluster[index];
  if (c < 0) return [];
  return clusterMembers(r, index).filter((i) => i !== index && isAccepted(i));
}

/** Every sample of `index`'s cluster, in store order ([] when it is in none). */
export function clusterMembers(r: ChecksResult, index: number): number[] {
  const c = r.dupCluster[index];
  if (c < 0) return [];
  const members = new Set<number>();
  for (const [i, j] of r.pairs) {
    if (r.dupCluster[i] === c) members.add(i);
    if (r.dupCluster[j] === c) members.add(j);
  }
  return [...members].sort((a, b) => a - b);
}

export function checksSummary(r: ChecksResult, accepted: readonly number[]): ChecksSummary {
  const verifier = { pass: 0, fail: 0, 'no-reference': 0 };
  let nearDuplicateSamples = 0;
  let contaminated = 0;
  const clusters = new Set<number>();
  for (let i = 0; i < r.count; i++) {
    verifier[VERIFIER_CODES[r.verifier[i]]]++;
    if (r.dupCluster[i] >= 0) {
      nearDuplicateSamples++;
      clusters.add(r.dupCluster[i]);
    }
    if (r.contaminated[i] >= 0) contaminated++;
  }
  const acceptedSet = new Set(accepted);
  const clusterAccepted = new Map<number, number>();
  for (const i of accepted) if (r.dupCluster[i] >= 0) clusterAccepted.set(r.dupCluster[i], (clusterAccepted.get(r.dupCluster[i]) ?? 0) + 1);
  return {
    ran: ['near-duplicates', ...(r.benchmarks.length ? ['contamination'] : []), 'verifier', 'meters'],
    threshold: r.threshold, benchmarks: r.benchmarks, samples: r.count,
    nearDuplicateSamples, nearDuplicateClusters: clusters.size, contaminated, verifier,
    accepted: {
      count: acceptedSet.size,
      ...acceptedMeters(r, accepted),
      verifierFailed: acceptedDespiteVerifierFail(r, accepted).length,
      contaminated: accepted.filter((i) => r.contaminated[i] >= 0).length,
      nearDuplicates: accepted.filter((i) => (clusterAccepted.get(r.dupCluster[i]) ?? 0) > 1).length,
    },
  };
}
