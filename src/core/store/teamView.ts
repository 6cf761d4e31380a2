// The team's view of a store: every reviewer's journal in `.curator/journal/` read side by side
// (core/team), joined to the store's samples by identity, with the consensus under a policy, the
// conflicts, the agreement figures and each reviewer's progress. Read-only and rebuilt whole when
// journals change (a pull, a checkout, another reviewer's window): it never writes and takes no
// lock, so it cannot disturb the reviewer's own journal.
import { VERDICTS, type Verdict } from '../formats/sampleModel';
import { queueOf, type OverlapPlan } from '../team/assignment';
import { DEFAULT_POLICY, REFUSAL_CODES, RULE_CODES, resolveConsensus, LABEL_CONFLICT, VERDICT_CONFLICT, type Consensus, type ConsensusPolicy, type ConsensusRule, type Refusal } from '../team/consensus';
import { teamAgreement, type TeamAgreement } from '../team/teamAgreement';
import { ACCEPTED, ADJUDICATIONS_DIFFER, readTeamJournals, REJECTED, type TeamJournals } from '../team/teamJournals';
import { agreementOf, type AgreementFigures } from '../team/agreement';

/** What the team view needs of a store. */
export interface TeamStore {
  readonly folder: string;
  readonly size: number;
  readonly reviewer: string;
  idAt(index: number): string;
  indicesOfId(id: string): readonly number[];
  /** The first store index whose identity has these hash words, or −1; the next through nextIndexOfId. */
  firstIndexOfIdWords(hi: number, lo: number): number;
  nextIndexOfId(index: number): number;
  sourceAt(index: number): string;
}

/** One reviewer's standing decision on a sample. */
export interface Opinion {
  readonly reviewer: string;
  readonly verdict: Verdict;
  readonly labels: readonly string[];
  readonly rating?: number;
  readonly note?: string;
  /** The verdict this reviewer set as the team's resolution (adjudication), if any. */
  readonly adjudicated?: Verdict;
}

/** The team's verdict on a sample: resolved by a rule, or refused with a reason. */
export interface TeamVerdict {
  readonly verdict?: Verdict;
  readonly rule?: ConsensusRule;
  readonly refusal?: Refusal;
}

export interface ReviewerProgress {
  readonly reviewer: string;
  /** Samples of this store the reviewer accepted, rejected or skipped. */
  readonly decided: number;
  readonly accepted: number;
  readonly rejected: number;
  /** Samples the overlap plan gives this reviewer (undefined without a plan). */
  readonly queue?: number;
  /** Of those, decided. */
  readonly queueDecided?: number;
}

export interface TeamSummary {
  readonly reviewers: readonly string[];
  readonly progress: readonly ReviewerProgress[];
  /** Store samples where deciding reviewers differ on the verdict or a label. */
  readonly conflicts: number;
  readonly verdictConflicts: number;
  readonly labelConflicts: number;
  /** Conflicting samples no adjudication has resolved yet. */
  readonly openConflicts: number;
  /** Store samples whose team verdict (under the policy) is accepted: what export's "accepted" selects. */
  readonly accepted: number;
  readonly policy: ConsensusPolicy;
  readonly resolved: Readonly<Record<ConsensusRule, number>>;
  readonly refused: Readonly<Record<Refusal, number>>;
  /** Verdict agreement over the samples decided by ≥ 2 reviewers. */
  readonly verdictAgreement: AgreementFigures;
}

export interface TeamOptions {
  readonly policy?: ConsensusPolicy;
  readonly plan?: OverlapPlan;
}

/** Team flags a sample can carry (filter `flag:…`). */
export const TEAM_FLAGS = ['conflict', 'adjudicated', 'my-queue'] as const;
export type TeamFlag = (typeof TEAM_FLAGS)[number];

export class TeamView {
  /** Per store index the team sample index (TeamJournals), −1 when no journal names it. */
  readonly #teamIndex: Int32Array;
  readonly #consensus: Consensus;
  readonly #inMyQueue: ((index: number) => boolean) | undefined;
  #agreement: TeamAgreement | undefined;
  #summary: TeamSummary | undefined;

  private constructor(
    private readonly store: TeamStore,
    readonly journals: TeamJournals,
    readonly options: TeamOptions,
  ) {
    this.#teamIndex = new Int32Array(store.size).fill(-1);
    // By the hash words: no 16-character text per sample (a million of them at scale).
    for (let t = 0; t < journals.sampleCount; t++) {
      const odd = journals.oddIds.size ? journals.oddIds.get(t) : undefined;
      if (odd !== undefined) {
        for (const i of store.indicesOfId(odd)) this.#teamIndex[i] = t;
        continue;
      }
      for (let i = store.firstIndexOfIdWords(journals.idHi[t], journals.idLo[t]); i !== -1; i = store.nextIndexOfId(i)) this.#teamIndex[i] = t;
    }
    this.#consensus = resolveConsensus(journals, options.policy ?? DEFAULT_POLICY);
    const plan = options.plan;
    if (plan) {
      const mine = queueOf(plan, store.reviewer);
      this.#inMyQueue = (i) => mine(store.idAt(i));
    }
  }

  /** Reads every journal under `<store>/.curator/journal/` now, on this thread. */
  static read(store: TeamStore, curatorDir: string, options: TeamOptions = {}): TeamView {
    return new TeamView(store, readTeamJournals(curatorDir), options);
  }

  /** The view of journals already read (e.g. on a worker: core/team/teamInWorker.ts). */
  static of(store: TeamStore, journals: TeamJournals, options: TeamOptions = {}): TeamView {
    return new TeamView(store, journals, options);
  }

  get reviewers(): readonly string[] {
    return this.journals.reviewers;
  }

  /** Whether more than one reviewer has a journal here (the team features apply). */
  get isTeam(): boolean {
    return this.journals.reviewers.length > 1;
  }

  /** Every reviewer's standing decision on the sample at `index`, in reviewer order (decided or labelled ones only). */
  opinionsAt(index: number): Opinion[] {
    const t = this.#teamIndex[index];
    if (t < 0) return [];
    const j = this.journals;
    const R = j.reviewers.length;
    const out: Opinion[] = [];
    for (let r = 0; r < R; r++) {
      const cell = t * R + r;
      const labels = j.labelNames.filter((_, k) => binaryHas(j.labelCells[k], cell));
      const verdict = VERDICTS[j.verdicts[cell]];
      const rating = j.ratings[cell] || undefined;
      const note = j.notes.get(cell);
      const adjudicated = j.adjudicators[t] === r && j.adjudications[t] !== 0 && j.adjudications[t] !== ADJUDICATIONS_DIFFER ? VERDICTS[j.adjudications[t]] : undefined;
      if (verdict === 'pending' && !labels.length && rating === undefined && note === undefined && !adjudicated) continue;
      out.push({ reviewer: j.reviewers[r], verdict, labels, ...(rating ? { rating } : {}), ...(note !== undefined ? { note } : {}), ...(adjudicated ? { adjudicated } : {}) });
    }
    return out;
  }

  /** VERDICT_CONFLICT | LABEL_CONFLICT bits of the sample (0 none). */
  conflictAt(index: number): number {
    const t = this.#teamIndex[index];
    return t < 0 ? 0 : this.#consensus.conflicts[t];
  }

  /** The team's verdict on the sample under the policy. */
  verdictAt(index: number): TeamVerdict {
    const t = this.#teamIndex[index];
    if (t < 0) return { refusal: 'undecided' };
    const c = this.#consensus;
    if (c.rules[t]) return { verdict: VERDICTS[c.verdicts[t]], rule: RULE_CODES[c.rules[t] - 1] };
    return { refusal: REFUSAL_CODES[c.refusals[t] - 1] ?? 'undecided' };
  }

  /** The team flags of a sample (see TEAM_FLAGS): a sample is in `my-queue` when there is no plan. */
  flagsAt(index: number): TeamFlag[] {
    const out: TeamFlag[] = [];
    if (this.conflictAt(index)) out.push('conflict');
    const t = this.#teamIndex[index];
    if (t >= 0 && this.#consensus.rules[t] === RULE_CODES.indexOf('adjudicated') + 1) out.push('adjudicated');
    if (!this.#inMyQueue || this.#inMyQueue(index)) out.push('my-queue');
    return out;
  }

  /** Who decided the sample the way the team resolved it (the adjudicator, or the reviewers who agree). */
  decidedBy(index: number): string[] {
    const t = this.#teamIndex[index];
    if (t < 0 || !this.#consensus.rules[t]) return [];
    const j = this.journals;
    const R = j.reviewers.length;
    if (RULE_CODES[this.#consensus.rules[t] - 1] === 'adjudicated') return j.adjudicators[t] >= 0 ? [j.reviewers[j.adjudicators[t]]] : [];
    const v = this.#consensus.verdicts[t];
    return j.reviewers.filter((_, r) => j.verdicts[t * R + r] === v);
  }

  /** The agreement figures (computed once per view: a pass over every cell). */
  agreement(): TeamAgreement {
    if (!this.#agreement) {
      const names: string[] = [];
      const numberOf = new Map<string, number>();
      const sourceOf = new Int32Array(this.journals.sampleCount).fill(-1);
      for (let i = 0; i < this.#teamIndex.length; i++) {
        const t = this.#teamIndex[i];
        if (t < 0 || sourceOf[t] >= 0) continue;
        const s = this.store.sourceAt(i);
        let n = numberOf.get(s);
        if (n === undefined) numberOf.set(s, (n = names.push(s) - 1));
        sourceOf[t] = n;
      }
      this.#agreement = teamAgreement(this.journals, { sourceOf, names });
    }
    return this.#agreement;
  }

  /** Verdict agreement over the given store samples only (e.g. an export's), each team sample once. */
  agreementOver(indices: ArrayLike<number>): AgreementFigures {
    const j = this.journals;
    const R = j.reviewers.length;
    const seen = new Uint8Array(j.sampleCount);
    const picked: number[] = [];
    for (let k = 0; k < indices.length; k++) {
      const t = this.#teamIndex[indices[k]];
      if (t >= 0 && !seen[t]) {
        seen[t] = 1;
        picked.push(t);
      }
    }
    const values = new Uint8Array(picked.length * R);
    picked.forEach((t, u) => {
      for (let r = 0; r < R; r++) {
        const v = j.verdicts[t * R + r];
        values[u * R + r] = v === ACCEPTED ? 1 : v === REJECTED ? 2 : 0;
      }
    });
    return agreementOf({ units: picked.length, coders: R, categories: 2, values });
  }

  /** The figures of the header, tooltip and report (computed once per view: the view never changes). */
  summary(): TeamSummary {
    this.#summary ??= this.#summarize();
    return this.#summary;
  }

  #summarize(): TeamSummary {
    const j = this.journals;
    const R = j.reviewers.length;
    const decided = new Float64Array(R);
    const accepted = new Float64Array(R);
    const rejected = new Float64Array(R);
    const queue = new Float64Array(R);
    const queueDecided = new Float64Array(R);
    const plan = this.options.plan;
    const queues = plan ? j.reviewers.map((r) => queueOf(plan, r)) : undefined;
    let conflicts = 0;
    let verdictConflicts = 0;
    let labelConflicts = 0;
    let openConflicts = 0;
    let teamAccepted = 0;
    for (let i = 0; i < this.#teamIndex.length; i++) {
      const t = this.#teamIndex[i];
      if (t >= 0 && this.#consensus.rules[t] && this.#consensus.verdicts[t] === ACCEPTED) teamAccepted++;
      const id = queues ? this.store.idAt(i) : '';
      for (let r = 0; r < R; r++) {
        const v = t < 0 ? 0 : j.verdicts[t * R + r];
        if (v) decided[r]++;
        if (v === ACCEPTED) accepted[r]++;
        else if (v === REJECTED) rejected[r]++;
        if (queues?.[r](id)) {
          queue[r]++;
          if (v) queueDecided[r]++;
        }
      }
      if (t < 0) continue;
      const c = this.#consensus.conflicts[t];
      if (c) {
        conflicts++;
        if (this.#consensus.rules[t] !== RULE_CODES.indexOf('adjudicated') + 1) openConflicts++;
      }
      if (c & VERDICT_CONFLICT) verdictConflicts++;
      if (c & LABEL_CONFLICT) labelConflicts++;
    }
    return {
      reviewers: j.reviewers,
      progress: j.reviewers.map((reviewer, r) => ({
        reviewer, decided: decided[r], accepted: accepted[r], rejected: rejected[r],
        ...(queues ? { queue: queue[r], queueDecided: queueDecided[r] } : {}),
      })),
      conflicts, verdictConflicts, labelConflicts, openConflicts, accepted: teamAccepted,
      policy: this.options.policy ?? DEFAULT_POLICY,
      resolved: this.#consensus.counts.resolved,
      refused: this.#consensus.counts.refused,
      verdictAgreement: this.agreement().verdicts.overall,
    };
  }
}

function binaryHas(sorted: Uint32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === value) return true;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
