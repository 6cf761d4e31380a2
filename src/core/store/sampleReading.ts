// Reading one sample for the panel: its record's bytes (checked against the indexed hash),
// described as a row and a normalized sample, shown at its latest revision when it was edited.
import { fromNormalizedJson } from '../formats/normalizedJson';
import type { ProvenanceDefaults } from '../formats/provenance';
import { previewText } from '../formats/sampleFormats';
import type { SampleRow } from '../formats/sampleModel';
import { checkLineLength } from '../ingest/recordReader';
import { SourceChangedError } from '../ingest/sourceChanged';
import type { SourceFile, SourceFiles } from './sourceFiles';
import { describeSample, type LoadedSample } from './storeSamples';

/**
 * Record `i` of source `s` as a loaded sample with the row fields in `base`. A record over the
 * size limit, or whose bytes are no longer the indexed ones, loads as an invalid row saying why
 * (bytes that are not the indexed sample are never shown); otherwise `revisions()` (texts of
 * revisions 1..n) decides which version shows.
 */
export function readSample(
  sources: SourceFiles, s: SourceFile, i: number, base: Omit<SampleRow, 'kind' | 'preview'>,
  defaults: ProvenanceDefaults | undefined, revisions: () => readonly string[],
): LoadedSample {
  const tooLarge = checkLineLength(s.index.lengths[i], { file: base.source, line: base.line });
  if (tooLarge) return { row: { ...base, kind: 'invalid', preview: tooLarge.message }, error: tooLarge.message, raw: '', revision: 0 };
  let bytes: Buffer;
  try {
    bytes = sources.bytesAt(s, i);
  } catch (e) {
    if (!(e instanceof SourceChangedError)) throw e;
    return { row: { ...base, kind: 'invalid', preview: e.message }, error: e.message, raw: '', revision: 0 };
  }
  return withRevision(describeSample(base, bytes, defaults), revisions());
}

/** A sample with edits shows its latest revision; the source record's view stays as `original`. */
function withRevision(loaded: LoadedSample, texts: readonly string[]): LoadedSample {
  if (!texts.length) return loaded;
  const revision = texts.length;
  try {
    const normalized = fromNormalizedJson(texts[revision - 1]);
    return {
      ...loaded, row: { ...loaded.row, kind: normalized.kind, preview: previewText(normalized) }, normalized, revision, original: loaded.normalized,
    };
  } catch (e) {
    // addRevision refuses such text, so only a hand-edited journal gets here: show the original and say why.
    return { ...loaded, revision, error: `${loaded.row.source}:${loaded.row.line}: revision ${revision} is not a readable sample (${(e as Error).message}); showing the original` };
  }
}
