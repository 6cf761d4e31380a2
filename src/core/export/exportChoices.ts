// The choices of the last export, remembered per project (in the project document) so the next
// export's questions start where the last one ended. Read defensively: the document is a file a
// person may edit, so each field falls back to its default on its own.
import { EXPORT_FORMAT_IDS, type ExportFormatId } from './exportFormats';
import { checkSplitOptions, type SplitOptions } from './exportSplit';
import { DEFAULT_MAX_SHARD_BYTES, DEFAULT_ROW_GROUP_ROWS, type ParquetOptions } from './parquetShards';
import type { ParquetCodec } from './parquetCodecs';
import { parseQueryFilter } from '../query/queryFilter';
import type { SampleQuery } from '../query/sampleQuery';

export type ExportSelection =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'label'; readonly label: string }
  | { readonly kind: 'filter'; readonly text: string };

export interface ExportChoices {
  readonly selection: ExportSelection;
  readonly format: ExportFormatId;
  /** The folder the export folder was created in (absolute); empty: not chosen yet. */
  readonly parentFolder: string;
  readonly split: SplitOptions | null;
  readonly useEdits: boolean;
  /** The data files: JSON Lines, or Parquet shards (as the `sampleCurator.export.parquet.*` settings say). */
  readonly fileType: ExportFileType;
}

export type ExportFileType = 'jsonl' | 'parquet';

export const DEFAULT_EXPORT_CHOICES: ExportChoices = {
  selection: { kind: 'accepted' }, format: 'openai-chat', parentFolder: '', split: null, useEdits: true, fileType: 'jsonl',
};

type Obj = { readonly [key: string]: unknown };

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readSelection(v: unknown): ExportSelection {
  if (!isObj(v)) return DEFAULT_EXPORT_CHOICES.selection;
  if (v.kind === 'label' && typeof v.label === 'string' && v.label) return { kind: 'label', label: v.label };
  if (v.kind === 'filter' && typeof v.text === 'string') return { kind: 'filter', text: v.text };
  return DEFAULT_EXPORT_CHOICES.selection;
}

function readSplit(v: unknown): SplitOptions | null {
  if (!isObj(v) || typeof v.ratio !== 'number' || typeof v.seed !== 'number') return null;
  try {
    checkSplitOptions({ ratio: v.ratio, seed: v.seed });
    return { ratio: v.ratio, seed: v.seed };
  } catch {
    return null;
  }
}

/** The remembered choices (the project document's `export` value), each invalid field replaced by its default. */
export function readExportChoices(stored: unknown): ExportChoices {
  if (!isObj(stored)) return DEFAULT_EXPORT_CHOICES;
  return {
    selection: readSelection(stored.selection),
    format: EXPORT_FORMAT_IDS.includes(stored.format as ExportFormatId) ? (stored.format as ExportFormatId) : DEFAULT_EXPORT_CHOICES.format,
    parentFolder: typeof stored.parentFolder === 'string' ? stored.parentFolder : '',
    split: readSplit(stored.split),
    useEdits: typeof stored.useEdits === 'boolean' ? stored.useEdits : true,
    fileType: stored.fileType === 'parquet' ? 'parquet' : 'jsonl',
  };
}

/** The query a selection runs, and how the manifest describes it. Throws QueryError for a bad filter. */
export function selectionQuery(selection: ExportSelection): { readonly query: SampleQuery; readonly description: string } {
  switch (selection.kind) {
    case 'accepted':
      return { query: { verdicts: ['accepted'] }, description: 'accepted samples' };
    case 'label':
      return { query: { verdicts: ['accepted'], labels: [selection.label] }, description: `accepted samples labelled “${selection.label}”` };
    case 'filter':
      return { query: parseQueryFilter(selection.text), description: `filter “${selection.text}”` };
  }
}

/** The split as typed: "share, seed" (e.g. "0.1, 42"; the seed defaults to 42); a message saying what to write otherwise. */
export function parseSplitText(text: string): SplitOptions | string {
  const m = /^\s*(\d*\.\d+|\d+)\s*(?:[,;\s]\s*(-?\d+))?\s*$/.exec(text);
  if (!m) return 'Write the validation share and a seed, e.g. 0.1, 42';
  const ratio = Number(m[1]);
  if (!(ratio > 0 && ratio < 1)) return 'The validation share is between 0 and 1, e.g. 0.1';
  return { ratio, seed: m[2] === undefined ? 42 : Number(m[2]) };
}

/** A new folder name for an export: store, format and time (to the second), e.g. `demo-openai-chat-20261124-221500`. */
export function exportFolderName(storeName: string, format: ExportFormatId, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const safe = storeName.replace(/[^A-Za-z0-9._-]+/g, '_') || 'export';
  return `${safe}-${format}-${stamp}`;
}

/** Puts the remembered item first, so Enter on the quick pick repeats the last choice. */
export function rememberedFirst<T>(items: readonly T[], isRemembered: (item: T) => boolean): T[] {
  const at = items.findIndex(isRemembered);
  return at <= 0 ? [...items] : [items[at], ...items.slice(0, at), ...items.slice(at + 1)];
}

/** The settings' names for the codecs (`none`: uncompressed). */
const CODEC_SETTINGS: Readonly<Record<string, ParquetCodec>> = { snappy: 'SNAPPY', zstd: 'ZSTD', gzip: 'GZIP', none: 'UNCOMPRESSED' };

/** The `sampleCurator.export.parquet` settings as export options; a value out of range falls back to its default. */
export function readParquetSettings(settings: { readonly codec?: unknown; readonly rowGroupRows?: unknown; readonly maxShardMB?: unknown }): Required<ParquetOptions> {
  const rows = settings.rowGroupRows;
  const mb = settings.maxShardMB;
  return {
    codec: (typeof settings.codec === 'string' && CODEC_SETTINGS[settings.codec]) || 'SNAPPY',
    rowGroupRows: typeof rows === 'number' && Number.isInteger(rows) && rows >= 1 ? rows : DEFAULT_ROW_GROUP_ROWS,
    maxShardBytes: typeof mb === 'number' && mb >= 1 ? mb * 1e6 : DEFAULT_MAX_SHARD_BYTES,
  };
}
