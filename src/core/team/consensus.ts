// The team's verdict on each sample, under a policy, and where reviewers disagree.
//
// Rules, strongest first: an adjudication (a verdict marked `adjudication` in someone's journal)
// > every deciding reviewer gave the same verdict > a strict majority of them did. The policy says
// which rules may resolve a sample; a sample none of the allowed rules resolves is refused, with
// its reason counted (export refuses it and says how many, never guesses).
// Only accepted and rejected are opinions: pending and skipped are "not decided" here.
// A conflict is a sample whose deciding reviewers gave different verdicts, or on which a label is
// present for some of them and absent for others (`flag:conflict`); an adjudication resolves the
// verdict but leaves the conflict visible.
import { ACCEPTED, ADJUDICATIONS_DIFFER, REJECTED, type TeamJournals } from './teamJournals';

export type ConsensusRule = 'adjudicated' | 'unanimous' | 'majority';

export interface ConsensusPolicy {
  /** The rules that may resolve a sample (their order of strength is fixed). */
  readonly allow: readonly ConsensusRule[];
  /** Deciding reviewers needed for `unanimous` or `majority` (default 1: one review is unanimous). */
  readonly minReviewers?: number;
}

export const DEFAULT_POLICY: ConsensusPolicy = { allow: ['adjudicated', 'unanimous', 'majority'] };

/** Per sample in `rules`: which rule resolved it. */
export const RULE_NONE = 0;
export const RULE_CODES: readonly ConsensusRule[] = ['adjudicated', 'unanimous', 'majority']; // code = index + 1

export type Refusal = 'undecided' | 'too few reviewers' | 'not unanimous' | 'no majority' | 'not adjudicated' | 'adjudications differ';
/** Per sample in `refusals`: 0 none, else index + 1. */
export const REFUSAL_CODES: readonly Refusal[] = ['undecided', 'too few reviewers', 'not unanimous', 'no majority', 'not adjudicated', 'adjudications differ'];

/** Bits of `conflicts`. */
export const VERDICT_CONFLICT = 1;
export const LABEL_CONFLICT = 2;

export interface Consensus {
  /** Per sample the resolved verdict code (teamJournals' VERDICT_CODES), 0 when not resolved. */
  readonly verdicts: Uint8Array;
  /** Per sample the rule that resolved it (RULE_CODES index + 1), 0 none. */
  readonly rules: Uint8Array;
  /** Per sample why it was not resolved (REFUSAL_CODES index + 1), 0 when it was. */
  readonly refusals: Uint8Array;
  /** Per sample VERDICT_CONFLICT | LABEL_CONFLICT bits. */
  readonly conflicts: Uint8Array;
  readonly counts: {
    readonly resolved: Readonly<Record<ConsensusRule, number>>;
    readonly refused: Readonly<Record<Refusal, number>>;
    readonly verdictConflicts: number;
    readonly labelConflicts: number;
    /** Samples with either conflict. */
    readonly conflicts: number;
  };
}

/** The consensus over every sample of `team`. */
export function resolveConsensus(team: TeamJournals, policy: ConsensusPolicy = DEFAULT_POLICY): Consensus {
  const n = team.sampleCount;
  const R = team.reviewers.length;
  const allow = new Set(policy.allow);
  const minReviewers = Math.max(1, policy.minReviewers ?? 1);
  const verdicts = new Uint8Array(n);
  const rules = new Uint8Array(n);
  const refusals = new Uint8Array(n);
  const conflicts = new Uint8Array(n);
  const resolved = { adjudicated: 0, unanimous: 0, majority: 0 };
  const refused = Object.fromEntries(REFUSAL_CODES.map((r) => [r, 0])) as Record<Refusal, number>;
  const deciders = new Uint8Array(n); // accepted + rejected per sample (for the label pass)
  let verdictConflicts = 0;
  for (let i = 0; i < n; i++) {
    let accepted = 0;
    let rejected = 0;
    for (let r = 0, cell = i * R; r < R; r++, cell++) {
      const v = team.verdicts[cell];
      if (v === ACCEPTED) accepted++;
      else if (v === REJECTED) rejected++;
    }
    const m = accepted + rejected;
    deciders[i] = Math.min(m, 255);
    if (accepted && rejected) {
      conflicts[i] = VERDICT_CONFLICT;
      verdictConflicts++;
    }
    let rule: ConsensusRule | undefined;
    let refusal: Refusal | undefined;
    const adjudication = team.adjudications[i];
    if (adjudication !== 0 && allow.has('adjudicated')) {
      if (adjudication === ADJUDICATIONS_DIFFER) refusal = 'adjudications differ';
      else {
        rule = 'adjudicated';
        verdicts[i] = adjudication;
      }
    }
    if (!rule && !refusal) {
      if (m === 0) refusal = 'undecided';
      else if (m < minReviewers) refusal = 'too few reviewers';
      else if (!(accepted && rejected) && allow.has('unanimous')) rule = 'unanimous';
      else if (accepted !== rejected && allow.has('majority')) rule = 'majority';
      else if (!allow.has('unanimous') && !allow.has('majority')) refusal = 'not adjudicated';
      else refusal = allow.has('majority') ? 'no majority' : 'not unanimous';
      if (rule) verdicts[i] = accepted > rejected ? ACCEPTED : REJECTED;
    }
    if (rule) {
      rules[i] = RULE_CODES.indexOf(rule) + 1;
      resolved[rule]++;
    } else if (refusal) {
      refusals[i] = REFUSAL_CODES.indexOf(refusal) + 1;
      refused[refusal]++;
    }
  }
  const labelConflicts = markLabelConflicts(team, deciders, conflicts);
  let either = 0;
  for (let i = 0; i < n; i++) if (conflicts[i]) either++;
  return { verdicts, rules, refusals, conflicts, counts: { resolved, refused, verdictConflicts, labelConflicts, conflicts: either } };
}

/** Sets LABEL_CONFLICT where a label is on some deciding reviewers' copy and not others'; returns how many samples. */
function markLabelConflicts(team: TeamJournals, deciders: Uint8Array, conflicts: Uint8Array): number {
  const R = team.reviewers.length;
  let count = 0;
  for (const cells of team.labelCells) {
    // Cells are ascending, so one sample's cells are adjacent.
    for (let j = 0; j < cells.length;) {
      const i = Math.floor(cells[j] / R);
      let present = 0;
      for (; j < cells.length && Math.floor(cells[j] / R) === i; j++) {
        const v = team.verdicts[cells[j]];
        if (v === ACCEPTED || v === REJECTED) present++;
      }
      if (present > 0 && present < deciders[i] && !(conflicts[i] & LABEL_CONFLICT)) {
        conflicts[i] |= LABEL_CONFLICT;
        count++;
      }
    }
  }
  return count;
}
