// What the checks found on one sample, as the panel draws it beside the sample: its near-duplicate
// cluster, the benchmark item it overlaps, and the verifier's reading of its solution.
import { verifySolution } from '../../core/checks/answerVerifier';
import { checkText, referenceOf } from '../../core/checks/checkText';
import { VERIFIER_CODES, type ChecksResult } from '../../core/checks/checkRunner';
import { acceptedInCluster, clusterMembers } from '../../core/checks/checksSummary';
import type { CurationStore } from '../../core/store/curationStore';
import type { LoadedSample } from '../../core/store/storeSamples';
import type { SampleChecksView } from '../../protocol';

/** Undefined: nothing found, or the checks have not run (`r` undefined). */
export function sampleFindings(r: ChecksResult | undefined, store: CurationStore, i: number, loaded: LoadedSample): SampleChecksView | undefined {
  if (!r || i >= r.count) return undefined;
  const view: { -readonly [K in keyof SampleChecksView]: SampleChecksView[K] } = {};
  if (r.dupCluster[i] >= 0) {
    const members = clusterMembers(r, i);
    const similarity = Math.max(0, ...r.pairs.filter(([a, b]) => a === i || b === i).map(([, , j]) => j));
    view.duplicate = { members: members.length, acceptedOthers: acceptedInCluster(r, i, (k) => store.verdictAt(k) === 'accepted').length, similarity };
  }
  // The checks read the source record; an edited sample is still judged by its original.
  const normalized = loaded.original ?? loaded.normalized;
  const match = r.matches.get(i);
  const item = match && r.items.get(match.item);
  if (match && item && normalized) {
    view.contamination = {
      benchmark: item.benchmark, item: item.position + 1, itemText: item.text, itemRanges: match.itemSpans,
      sampleText: checkText(normalized).all, sampleRanges: match.sampleSpans, method: match.method, overlaps: match.overlaps,
    };
  }
  const text = normalized && checkText(normalized);
  const solution = text?.solution;
  if (solution !== undefined) {
    // Failures come with the results; a pass or no-reference is verified again here (one
    // sample: cheap), with the record's reference or the matched benchmark item's answer.
    const v = r.verdicts.get(i) ?? verifySolution(solution, referenceFor(loaded, VERIFIER_CODES[r.verifier[i]] === 'pass' ? item?.answer : undefined), text?.question);
    if (v.status !== 'no-reference' || v.steps > 0) {
      view.verifier = {
        status: v.status, ...(v.reason ? { reason: v.reason } : {}),
        ...(v.final ? { finalAnswer: v.final.text } : {}), ...(v.reference !== undefined ? { reference: v.reference } : {}),
        solution, wrongSteps: v.wrongSteps.map((w) => ({ range: w.span, expected: w.expected, ...(w.note ? { note: w.note } : {}) })), steps: v.steps,
      };
    }
  }
  return Object.keys(view).length ? view : undefined;
}

function referenceFor(loaded: LoadedSample, benchmarkAnswer: string | undefined): string | undefined {
  try {
    return referenceOf(JSON.parse(loaded.raw)) ?? benchmarkAnswer;
  } catch {
    return benchmarkAnswer;
  }
}
