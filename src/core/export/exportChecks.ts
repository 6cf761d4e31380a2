// What an export records of the checks: one line per check that ran (manifest `checks`, the card's
// "checks" list) and the meters of the exported set — teacher mix, synthetic share and generation
// depth — with the warnings their limits give (manifest `meters`). Computed over the samples the
// export selected, since that is the set a trainer will see.
import type { ChecksSummary } from '../checks/checksSummary';
import { syntheticShareWarning, teacherCapWarning } from '../checks/curationMeters';
import type { CheckRun, ExportMeters } from './exportManifest';

const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)}%` : '0%');

/** The manifest's check lines, for a summary over the exported samples (`summary.accepted` = exported). */
export function exportCheckRuns(s: ChecksSummary, ranAt?: string): CheckRun[] {
  const exported = s.accepted.count;
  const at = ranAt ? { ranAt } : {};
  const runs: CheckRun[] = [];
  if (s.ran.includes('near-duplicates')) {
    runs.push({
      name: 'near-duplicates',
      summary: `MinHash + LSH, Jaccard ≥ ${s.threshold}: ${s.nearDuplicateSamples} of ${s.samples} store samples in ${s.nearDuplicateClusters} clusters; ${s.accepted.nearDuplicates} exported samples share a cluster with another exported sample`,
      ...at,
    });
  }
  if (s.ran.includes('contamination')) {
    runs.push({
      name: 'benchmark contamination',
      summary: `13-gram overlap and 50-character substrings against ${s.benchmarks.join(', ')}: ${s.contaminated} store samples matched; ${s.accepted.contaminated} of them exported`,
      ...at,
    });
  }
  if (s.ran.includes('verifier')) {
    const v = s.verifier;
    runs.push({
      name: 'answer verifier',
      summary: `store: ${v.pass} pass, ${v.fail} fail, ${v['no-reference']} without a reference; ${s.accepted.verifierFailed} exported samples failed it`,
      ...at,
    });
  }
  if (s.ran.includes('meters')) {
    const top = s.accepted.teacherMix.models[0];
    const syn = s.accepted.synthetic;
    runs.push({
      name: 'meters',
      summary: `${exported} exported: top teacher ${top ? `${top.name} ${pct(top.count, s.accepted.teacherMix.total)}` : 'none'}; model-generated ${syn.counts.model + syn.counts['model-from-model']} (of which model-from-model ${syn.counts['model-from-model']}), human ${syn.counts.human}, unknown ${syn.counts.unknown}${syn.maxDepth !== undefined ? `; generation depth up to ${syn.maxDepth}` : ''}`,
      ...at,
    });
  }
  return runs;
}

export function exportMeters(s: ChecksSummary, limits: ExportMeters['limits']): ExportMeters {
  const warnings = [teacherCapWarning(s.accepted.teacherMix, limits.teacherCap), syntheticShareWarning(s.accepted.synthetic, limits.syntheticShareLimit)]
    .filter((w): w is string => w !== undefined)
    // The meters' words speak of "accepted samples"; here the set is the export.
    .map((w) => w.replace('of the accepted samples', 'of the exported samples'));
  return { teacherMix: s.accepted.teacherMix, synthetic: s.accepted.synthetic, limits, warnings };
}
