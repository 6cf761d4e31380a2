// A store two reviewers have already worked on, for the team demo and the team UI test: each opens
// the store under their own name (their own journal, through the real ledger) and decides the same
// first `overlap` samples of a file, disagreeing on `disagree` of them (every other one, from the
// start), and on one more, a label only one of them gives. Deterministic: the same store every run.
import { CurationStore } from '../../src/core/store/curationStore';

export interface SeededTeam {
  readonly reviewers: readonly [string, string];
  /** Store indices where the two verdicts differ. */
  readonly disagreements: readonly number[];
  /** Store index where only the first reviewer gave the label `needs-check`. */
  readonly labelConflict: number;
}

export const TEAM_REVIEWERS: readonly [string, string] = ['Ана Иванова', 'ben'];

export async function seedTeamReviews(folder: string, options: { overlap?: number; disagree?: number } = {}): Promise<SeededTeam> {
  const overlap = options.overlap ?? 60;
  const disagree = Math.min(options.disagree ?? 20, Math.floor(overlap / 2));
  const disagreements = Array.from({ length: disagree }, (_, k) => 2 * k);
  const labelConflict = 2 * disagree + 1;
  for (const [r, reviewer] of TEAM_REVIEWERS.entries()) {
    const store = await CurationStore.open(folder, { reviewer });
    try {
      for (let i = 0; i < Math.min(overlap, store.size); i++) {
        const differs = disagreements.includes(i);
        // The first reviewer accepts what the second rejects where they differ; elsewhere one in five is rejected by both.
        const verdict = differs ? (r === 0 ? 'accepted' : 'rejected') : i % 5 === 4 ? 'rejected' : 'accepted';
        await store.decide(i, verdict);
      }
      if (r === 0) await store.setLabel([labelConflict], 'needs-check', true);
    } finally {
      await store.close();
    }
  }
  return { reviewers: TEAM_REVIEWERS, disagreements, labelConflict };
}
