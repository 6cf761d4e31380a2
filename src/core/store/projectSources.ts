// What the project document (`.curator/project.json`) records of the sources and reviewers: each
// source's format, first sighting and identity key, and the provenance the reviewer gave for a
// whole file (asked once per file when its first records leave model or licence unknown).
import { missingForFile, type Provenance, type ProvenanceDefaults } from '../formats/provenance';
import { detectFileFormat, FILE_FORMAT_SAMPLE, type FormatId } from '../formats/sampleFormats';
import { originalLine } from '../ingest/preparedSource';
import type { ProjectDb } from './projectDocument';
import type { SourceFile, SourceFiles, StoreProblem } from './sourceFiles';

/** Adds new sources (with their format) and the reviewer, updates changed keys; writes only on a change. */
export async function recordSourcesAndReviewer(project: ProjectDb, sources: SourceFiles, reviewer: string, now: Date, problems: StoreProblem[]): Promise<void> {
  const doc = project.data;
  let changed = false;
  for (const s of sources.list) {
    const known = doc.sources.find((e) => e.path === s.relPath);
    if (known?.key === s.key) continue;
    if (known) known.key = s.key;
    else doc.sources.push({ path: s.relPath, format: fileFormat(sources, s, problems), firstSeen: now.toISOString(), key: s.key });
    changed = true;
  }
  if (!doc.reviewers.includes(reviewer)) {
    doc.reviewers.push(reviewer);
    changed = true;
  }
  if (changed) await project.write();
}

/** The file's format from its first records; 'unknown' (with the reason among the problems) if they disagree. */
function fileFormat(sources: SourceFiles, s: SourceFile, problems: StoreProblem[]): FormatId | 'unknown' {
  const n = Math.min(s.index.starts.length, FILE_FORMAT_SAMPLE);
  const records: unknown[] = [];
  const lines: number[] = [];
  for (let i = 0; i < n; i++) {
    try {
      records.push(JSON.parse(sources.bytesAt(s, i).toString('utf8')));
      lines.push(originalLine(s.prepared, s.index.lineNumbers[i]));
    } catch {
      // unreadable records are reported when shown; the format comes from the readable ones
    }
  }
  try {
    return detectFileFormat(records, { lines });
  } catch (e) {
    problems.push({ source: s.relPath, message: `${s.relPath}: ${(e as Error).message}` });
    return 'unknown';
  }
}

/** The provenance the reviewer gave for a whole source file. */
export function provenanceDefaultsOf(project: ProjectDb, source: string): ProvenanceDefaults | undefined {
  return project.data.sources.find((e) => e.path === source)?.defaults;
}

/**
 * Files whose first records do not say which model wrote them or under which licence, and whose
 * reviewer has not been asked yet. `provenanceAt` reads a sample's provenance by store index.
 */
export function provenanceGaps(
  project: ProjectDb, sources: SourceFiles, provenanceAt: (index: number) => Provenance | undefined,
): { readonly source: string; readonly missing: readonly ('model' | 'licence')[] }[] {
  const gaps: { source: string; missing: ('model' | 'licence')[] }[] = [];
  for (const s of sources.list) {
    const entry = project.data.sources.find((e) => e.path === s.relPath);
    if (!entry || entry.defaults) continue;
    const provenances = [];
    for (let i = 0; i < Math.min(s.index.starts.length, FILE_FORMAT_SAMPLE); i++) {
      const p = provenanceAt(s.offset + i);
      if (p) provenances.push(p);
    }
    const missing = missingForFile(provenances);
    if (missing.length) gaps.push({ source: s.relPath, missing });
  }
  return gaps;
}

/** Records the reviewer's answer for a file (an empty object: asked, nothing known). */
export async function setSourceDefaults(project: ProjectDb, source: string, defaults: ProvenanceDefaults): Promise<void> {
  const entry = project.data.sources.find((e) => e.path === source);
  if (!entry) throw new Error(`${source} is not a source of this store`);
  entry.defaults = defaults;
  await project.write();
}
