// The check every change makes first: that what the reviewer decides on is still the sample that
// was indexed and shown. Nothing is recorded when it is not.
import { DEFAULT_MAX_LINE_BYTES } from '../ingest/recordReader';
import { stampUnchanged } from '../ingest/fileIdentity';
import { StaleSampleError } from '../ingest/sourceChanged';
import type { SourceFile, SourceFiles } from './sourceFiles';

/**
 * The ids of these samples for a change, after checking that each one's file still has the stamp
 * it was indexed with (one stat per file; SourceChangedError otherwise) and, when given, that each
 * id is the one the reviewer saw (StaleSampleError otherwise). A single sample is also read back
 * and hashed (one small read), which catches even an edit that kept the file's size and mtime.
 */
export function freshIds(
  sources: SourceFiles, idAt: (index: number) => string, indices: readonly number[], expectedIds?: readonly string[],
  /** Told the bytes read back for a single sample (a caller that needs them reads nothing again). */
  onReadBack?: (bytes: Buffer) => void,
): string[] {
  if (expectedIds && expectedIds.length !== indices.length) throw new Error(`${indices.length} samples but ${expectedIds.length} expected ids`);
  const checked = new Set<SourceFile>();
  return indices.map((index, k) => {
    const [s, i] = sources.locate(index);
    if (!checked.has(s)) {
      if (!stampUnchanged(s.absPath, s.stamp)) throw sources.changedOnDisk(s);
      checked.add(s);
      // (Not a record over the size limit: it was never shown, and reading it back could take long.)
      if (indices.length === 1 && s.index.lengths[i] <= DEFAULT_MAX_LINE_BYTES) onReadBack?.(sources.bytesAt(s, i));
    }
    const id = idAt(index);
    const expected = expectedIds?.[k];
    if (expected !== undefined && expected !== id) throw new StaleSampleError(index, expected, id);
    return id;
  });
}
