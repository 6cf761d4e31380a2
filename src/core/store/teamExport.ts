// Export in a team: the verdict that stands for a sample is the team's (teamView.ts: adjudicated >
// unanimous > majority, as the policy allows), not the exporting reviewer's; samples without
// consensus are not selected and are counted by reason in the manifest. Labels and rating are
// those every reviewer behind the team's verdict gave (the adjudicator's, for an adjudication).
import type { Verdict } from '../formats/sampleModel';
import type { ExportableStore } from '../export/exportPlan';
import type { TeamExport } from '../export/exportManifest';
import type { SampleAnnotations } from '../journal/ledgerState';
import type { TeamView } from './teamView';

/** `store` as export sees it in a team: verdicts and annotations are the team's. */
export function teamExportView(store: ExportableStore, team: TeamView): ExportableStore {
  const annotationsAt = (i: number): SampleAnnotations => {
    const own = store.annotationsAt(i);
    const { verdict } = team.verdictAt(i);
    if (!verdict) return { ...own, verdict: 'pending', labels: [], rating: undefined };
    const deciders = new Set(team.decidedBy(i));
    const opinions = team.opinionsAt(i).filter((o) => deciders.has(o.reviewer));
    const labels = opinions.length ? opinions.map((o) => o.labels).reduce((a, b) => a.filter((l) => b.includes(l))) : [];
    const ratings = new Set(opinions.map((o) => o.rating));
    return { ...own, verdict, labels: [...labels], rating: ratings.size === 1 ? [...ratings][0] : undefined };
  };
  const overrides: Partial<ExportableStore> = {
    verdictAt: (i: number): Verdict => team.verdictAt(i).verdict ?? 'pending',
    annotationsAt,
  };
  // Everything else is the store's, called on the store itself (its private fields need `this`);
  // each method bound once, not on every call of a million-sample export.
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, key) {
      if (key in overrides) return overrides[key as keyof ExportableStore];
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      let fn = bound.get(key);
      if (!fn) bound.set(key, (fn = (value as (...a: unknown[]) => unknown).bind(target)));
      return fn;
    },
  });
}

/** The team part of an export's manifest, for the samples `indices` selected. */
export function teamExportRecord(team: TeamView, indices: ArrayLike<number>): TeamExport {
  const summary = team.summary();
  return {
    reviewers: team.reviewers,
    policy: summary.policy,
    resolved: summary.resolved,
    noConsensus: summary.refused,
    agreement: team.agreementOver(indices),
    decisionAt: (i) => {
      const v = team.verdictAt(i);
      return v.rule ? { decidedBy: team.decidedBy(i), rule: v.rule } : undefined;
    },
  };
}
