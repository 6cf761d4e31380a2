// What an export records of the checks: one line per check that ran (manifest `checks`, the card's
// "checks" list) and the meters of the exported set — teacher mix, synthetic share and generation
// depth — with the warnings their limits give (manifest `meters`). Computed over the samples the
// export wrote (not those it selected: a refused or left-out sample is not in the set a trainer sees).
import type { ChecksSummary } from '../checks/checksSummary';
import { syntheticShareWarning, teacherCapWarning, topTeacher, type SyntheticShare, type TeacherMix } from '../checks/curationMeters';
import type { CheckRun, ExportMeters } from './exportManifest';

const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)}%` : '0%');

/** The manifest's check lines but the meters', for a summary over the exported samples (`summary.accepted` = exported). */
export function exportCheckRuns(s: ChecksSummary, ranAt?: string): CheckRun[] {
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
  return runs;
}

/**
 * The meters line, from the meters the export counted over the samples it wrote (curatedExport.ts):
 * the same tally as the manifest's `byModel` and `byOrigin`, so the card's teacher line, its
 * teacher table and the manifest can never disagree.
 */
export function metersCheckRun(m: ExportMeters, ranAt?: string): CheckRun {
  const top = topTeacher(m.teacherMix);
  const syn = m.synthetic;
  const teacher = top ? `${top.name} ${pct(top.count, m.teacherMix.total)}` : 'none named';
  return {
    name: 'meters',
    summary: `${syn.total} exported: top teacher ${teacher}; model-generated ${syn.counts.model + syn.counts['model-from-model']} (of which model-from-model ${syn.counts['model-from-model']}), human ${syn.counts.human}, unknown ${syn.counts.unknown}${syn.maxDepth !== undefined ? `; generation depth up to ${syn.maxDepth}` : ''}`,
    ...(ranAt ? { ranAt } : {}),
  };
}

/** The exported set's meters with the warnings its limits give. */
export function exportMeters(teacherMix: TeacherMix, synthetic: SyntheticShare, limits: ExportMeters['limits']): ExportMeters {
  const warnings = [teacherCapWarning(teacherMix, limits.teacherCap), syntheticShareWarning(synthetic, limits.syntheticShareLimit)]
    .filter((w): w is string => w !== undefined)
    // The meters' words speak of "accepted samples"; here the set is the export.
    .map((w) => w.replace('of the accepted samples', 'of the exported samples'));
  return { teacherMix, synthetic, limits, warnings };
}

/** The meters of a checks summary's set (the selection, asked about before an export writes anything). */
export function selectionMeters(s: ChecksSummary, limits: ExportMeters['limits']): ExportMeters {
  return exportMeters(s.accepted.teacherMix, s.accepted.synthetic, limits);
}
