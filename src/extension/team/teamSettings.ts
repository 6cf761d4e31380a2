// The team settings: which consensus rules may decide what export writes, and the optional overlap
// plan (reviewers and how many review each sample). Read whenever the team view is rebuilt.
import * as vscode from 'vscode';
import type { ConsensusRule } from '../../core/team/consensus';
import type { TeamOptions } from '../../core/store/teamView';

const RULES: readonly ConsensusRule[] = ['adjudicated', 'unanimous', 'majority'];

export function teamOptions(): TeamOptions {
  const config = vscode.workspace.getConfiguration('sampleCurator.team');
  const allow = config.get<string[]>('consensus', [...RULES]).filter((r): r is ConsensusRule => (RULES as readonly string[]).includes(r));
  const reviewers = config.get<string[]>('reviewers', []).filter((r) => typeof r === 'string' && r.trim()).map((r) => r.trim());
  const perSample = config.get<number>('reviewersPerSample', 0);
  return {
    policy: { allow: allow.length ? allow : [...RULES], minReviewers: Math.max(1, config.get<number>('minReviewers', 1)) },
    ...(reviewers.length && perSample >= 1 ? { plan: { reviewers, perSample: Math.floor(perSample) } } : {}),
  };
}
