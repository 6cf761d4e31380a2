// Swapping a preference pair's chosen and rejected answers, as an edit (a new revision): the
// reviewer judged the pair the wrong way round. The panel's `x` only swaps what is shown.
import type { NormalizedSample } from './sampleModel';

/** The pair with its sides exchanged, or why it cannot be (not a preference pair). */
export function swapChosenRejected(sample: NormalizedSample | undefined): NormalizedSample | string {
  if (!sample) return 'the sample is not readable, so it has no pair to swap';
  if (sample.kind !== 'preference') return `a ${sample.kind} sample has no chosen and rejected answers to swap`;
  return { ...sample, chosen: sample.rejected, rejected: sample.chosen };
}
