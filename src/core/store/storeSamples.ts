// One sample as the store hands it out, and the reading of sample files that needs no index:
// which files of a folder are sample files, a record's bytes as a sample, the first sample early.
import { closeSync, openSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { contentHash, readLineBytes } from '../ingest/lineIndex';
import { SOURCE_FILE_PATTERN } from '../ingest/preparedSource';
import { hubDataFiles } from './hubDatasetFiles';
import { firstParquetRow } from '../ingest/parquetFirstRow';
import { extractProvenance, type Provenance, type ProvenanceDefaults } from '../formats/provenance';
import { readRecord } from '../ingest/recordReader';
import { previewText, type FormatId } from '../formats/sampleFormats';
import type { NormalizedSample, SampleRow } from '../formats/sampleModel';

export interface LoadedSample {
  readonly row: SampleRow;
  readonly format?: FormatId;
  readonly normalized?: NormalizedSample;
  /** Why the record could not be read as a sample (file and line are in `row`). */
  readonly error?: string;
  /** The original record's text, exactly as in the file. */
  readonly raw: string;
  /** Who and what made the sample, from the record and the file's recorded defaults. */
  readonly provenance?: Provenance;
  /** The current revision: 0 is the record in the source file, n the n-th edit (then `normalized` is that edit). */
  readonly revision: number;
  /** With a revision above 0: the source record's normalized view, which `normalized` replaced. */
  readonly original?: NormalizedSample;
}

/** Reads one record's bytes as a sample; a record that cannot be read says why, with file:line. */
export function describeSample(base: Omit<SampleRow, 'kind' | 'preview'>, bytes: Uint8Array, defaults?: ProvenanceDefaults): LoadedSample {
  const read = readRecord(bytes, { file: base.source, line: base.line });
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (!read.ok) return { row: { ...base, kind: 'invalid', preview: read.message }, error: read.message, raw, revision: 0 };
  return {
    row: { ...base, kind: read.normalized.kind, preview: previewText(read.normalized) },
    format: read.format, normalized: read.normalized, provenance: extractProvenance(read.record, defaults), raw, revision: 0,
  };
}

/**
 * The sample files of a store folder, sorted: those directly in it, and in a Hugging Face dataset
 * folder those its card names in subfolders (hubDatasetFiles.ts), as relative paths with `/`;
 * `.json` files count only when they hold an array. `problems`: what could not be read of the card.
 *
 * `only` (a name directly in the folder): a one-file store ("Open With… Sample Curator" on a file).
 * The store is still the file's folder, so decisions land in the `.curator/` beside the file, the
 * same journal the whole folder's store reads (decisions follow samples by content): reviewing one
 * file and then the folder loses nothing and makes no second `.curator/` anywhere.
 */
export function storeFileList(folder: string, only?: string): { names: string[]; problems: string[] } {
  if (only !== undefined) return oneFile(folder, only);
  const entries = readdirSync(folder, { withFileTypes: true });
  // An export folder opened as a store: its per-sample manifest lists samples, it holds none.
  const exported = entries.some((e) => e.isFile() && e.name === 'manifest.json');
  const top = entries
    .filter((e) => e.isFile() && SOURCE_FILE_PATTERN.test(e.name) && !(exported && e.name === 'manifest.samples.jsonl'))
    .map((e) => e.name);
  const hub = hubDataFiles(folder);
  const names = [...top, ...hub.files].filter((n) => !/\.json$/i.test(n) || startsWithBracket(join(folder, n))).sort();
  return { names, problems: hub.problems };
}

function oneFile(folder: string, name: string): { names: string[]; problems: string[] } {
  if (name !== basename(name) || !SOURCE_FILE_PATTERN.test(name)) return { names: [], problems: [`${name}: not a sample file this store can read (JSON Lines, a JSON array, gzip or Parquet)`] };
  if (/\.json$/i.test(name) && !startsWithBracket(join(folder, name))) return { names: [], problems: [`${name}: a JSON file is read as samples only when it holds an array`] };
  return { names: [name], problems: [] };
}

/** The sample files of a store folder (storeFileList's names). */
export function sampleFileNames(folder: string): string[] {
  return storeFileList(folder).names;
}

function startsWithBracket(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = readLineBytes(fd, 0, 4096).toString('utf8').replace(/^\uFEFF/, '').trimStart();
    return head.startsWith('[');
  } finally {
    closeSync(fd);
  }
}

/**
 * The first sample of a store folder, read from the first 64 KiB of its first sample file: shown
 * while the store is still being indexed. Undefined when there is none (or it is longer). `names`:
 * the folder's sample files when the caller has listed them already.
 */
export function peekFirstSample(folder: string, names: readonly string[] = sampleFileNames(folder)): LoadedSample | undefined {
  const name = names.find((n) => /\.(jsonl|ndjson)$/i.test(n));
  if (!name) return undefined;
  const fd = openSync(join(folder, name), 'r');
  try {
    const head = readLineBytes(fd, 0, 64 * 1024).toString('utf8');
    const lines = head.split('\n');
    for (let i = 0; i < lines.length - 1; i++) {
      const raw = lines[i].replace(/\r$/, '');
      if (!raw.trim()) continue;
      const bytes = Buffer.from(raw, 'utf8');
      return describeSample({ index: 0, id: contentHash(bytes), source: name, line: i + 1, verdict: 'pending' }, bytes);
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * When the folder's first sample file is Parquet: its first row, read alone (the footer and the
 * first pages of the first row group), as a sample, while the file is converted and indexed.
 */
export async function peekFirstParquetSample(folder: string, names: readonly string[] = sampleFileNames(folder)): Promise<LoadedSample | undefined> {
  const name = names[0];
  if (!name || !/\.parquet$/i.test(name)) return undefined;
  const text = await firstParquetRow(join(folder, name));
  if (text === undefined) return undefined;
  const bytes = Buffer.from(text, 'utf8');
  return describeSample({ index: 0, id: contentHash(bytes), source: name, line: 1, verdict: 'pending' }, bytes);
}
