// The team's agreement figures from its journals: verdicts (nominal: accepted vs rejected),
// ratings (interval and ordinal alpha, nominal AC1), each label (present vs absent), overall and
// per pair of reviewers; verdicts also per source. Only opinions count: a reviewer's verdict is
// accepted or rejected (pending and skipped are no value); a label's value exists for a reviewer
// who decided the sample (present or absent); a rating wherever one was given. Adjudications are
// not opinions (teamJournals.ts) and never enter these figures.
import { agreementFigures, tallyAgreement, tallyWithPairs, type AgreementFigures, type AlphaMetric, type CodedValues } from './agreement';
import { ACCEPTED, REJECTED, type TeamJournals } from './teamJournals';

export interface PairFigures {
  /** Indices in `reviewers`. */
  readonly a: number;
  readonly b: number;
  readonly figures: AgreementFigures;
}

export interface ScaleAgreement {
  readonly overall: AgreementFigures;
  readonly pairs: readonly PairFigures[];
}

export interface TeamAgreement {
  readonly reviewers: readonly string[];
  readonly verdicts: ScaleAgreement & { readonly bySource: readonly { readonly source: string; readonly figures: AgreementFigures }[] };
  /** Alpha under the interval metric (AC1 nominal over the five values). */
  readonly ratingsInterval: ScaleAgreement;
  /** Alpha under the ordinal metric. */
  readonly ratingsOrdinal: ScaleAgreement;
  readonly labels: readonly { readonly label: string; readonly agreement: ScaleAgreement }[];
}

export interface SourceGroups {
  /** Per team sample index (TeamJournals) its source's index in `names`, −1 for none (left out). */
  readonly sourceOf: Int32Array;
  readonly names: readonly string[];
}

/** Verdict values: 1 accepted, 2 rejected, else none. */
function verdictValues(team: TeamJournals): Uint8Array {
  const out = new Uint8Array(team.verdicts.length);
  for (let c = 0; c < out.length; c++) {
    const v = team.verdicts[c];
    out[c] = v === ACCEPTED ? 1 : v === REJECTED ? 2 : 0;
  }
  return out;
}

function figuresOf(t: ReturnType<typeof tallyWithPairs>, metric: AlphaMetric): ScaleAgreement {
  return { overall: agreementFigures(t.overall, metric), pairs: t.pairs.map(({ a, b, tally }) => ({ a, b, figures: agreementFigures(tally, metric) })) };
}

/** Every figure of the team (sources optional: without them `bySource` is empty). */
export function teamAgreement(team: TeamJournals, sources?: SourceGroups): TeamAgreement {
  const units = team.sampleCount;
  const coders = team.reviewers.length;
  const verdicts = verdictValues(team);
  const verdictData: CodedValues = { units, coders, categories: 2, values: verdicts };
  const bySource = sources
    ? tallyAgreement(verdictData, { groupOf: sources.sourceOf, groups: sources.names.length })
      .map((t, g) => ({ source: sources.names[g], figures: agreementFigures(t, 'nominal') }))
    : [];
  const verdictFigures = figuresOf(tallyWithPairs(verdictData), 'nominal');
  const ratings = tallyWithPairs({ units, coders, categories: 5, values: team.ratings });
  // The verdict values are tallied: their buffer holds each label's values in turn (one cell per
  // reviewer and sample is 3 MB at a million samples × three reviewers; one buffer, not two).
  const labelValues = verdicts;
  const labels = team.labelNames.map((label, l) => {
    // absent (1) for every reviewer who decided, present (2) where the label is
    for (let c = 0; c < labelValues.length; c++) {
      const v = team.verdicts[c];
      labelValues[c] = v === ACCEPTED || v === REJECTED ? 1 : 0;
    }
    for (const cell of team.labelCells[l]) if (labelValues[cell]) labelValues[cell] = 2;
    return { label, agreement: figuresOf(tallyWithPairs({ units, coders, categories: 2, values: labelValues }), 'nominal') };
  });
  return {
    reviewers: team.reviewers,
    verdicts: { ...verdictFigures, bySource },
    ratingsInterval: figuresOf(ratings, 'interval'),
    ratingsOrdinal: figuresOf(ratings, 'ordinal'),
    labels,
  };
}
