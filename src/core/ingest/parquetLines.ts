// A Parquet file as JSONL: each row becomes one line, the row as JSON, so the line index, the
// record reader, the checks and export treat a row exactly like a JSONL record (issue 16).
//
// Streamed by row group (hyparquet reads one row group's column chunks, decodes them, and hands
// the rows over; the next one is read only after these are written), so a file of any size is
// never whole in memory: the high-water mark is one row group's rows. Files the Hub serves come in
// groups of 1,000 to 100,000 rows.
//
// What a row becomes, so the same file always gives the same bytes (the content hashes and
// decisions rest on them): keys in the schema's column order; strings as they are; INT64 as its
// exact decimal digits (JSON allows any length; a JavaScript number would round past 2^53);
// timestamps and dates as ISO-8601 text; bytes without a string annotation as text when they are
// valid UTF-8, else as base64; NaN and infinities as null (JSON has no such numbers) — each of
// these lossy or changed cases is a note naming the column, once per file. A shard Sample Curator
// exported is read back as the records it was written from (recordOfFile).
//
// The extension runs this on a worker thread (parquetWorker.ts, via preparedSource.ts).
//
// Bad input never fails the open: a file whose footer cannot be read (truncated, not Parquet)
// holds no rows and says why; a row group that fails to decode (an unsupported codec or type,
// damaged pages) is named with its rows, and the other row groups open.
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { compressors as jsDecompressors } from 'hyparquet-compressors';
import * as zlib from 'node:zlib';
import { randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { COLUMNS_METADATA_KEY, columnsFromMetadata, recordOfRow } from '../formats/parquetColumns';

export type ParquetNoteCode = 'bad-parquet' | 'parquet-row-group' | 'parquet-values';

export interface ParquetNote {
  readonly code: ParquetNoteCode;
  readonly text: string;
  /** 1-based row of the file, when the note is about one place. */
  readonly line?: number;
}

/** Rows converted so far, of the file's rows (after each row group). */
export interface ParquetProgress {
  readonly rowsDone: number;
  readonly rowsTotal: number;
}

export interface ParquetConversion {
  readonly notes: ParquetNote[];
  readonly dataSize: number;
  /** Rows written, one line each. */
  readonly records: number;
  /** Rows in the file (records plus the rows of row groups that failed). */
  readonly rows: number;
}

/** The JSON text of rows whose values may be BigInt, Date, bytes or non-finite numbers. */
function richStringifier(changed: Set<string>): (row: Record<string, unknown>) => string {
  // A BigInt leaves JSON.stringify as a marked string and is put back as bare digits; the marker
  // holds a random nonce, so no sample text can forge one.
  const mark = `\u0000${randomBytes(6).toString('hex')}:`;
  const marked = new RegExp(`"${JSON.stringify(mark).slice(1, -1).replace(/\\/g, '\\\\')}(-?\\d+)"`, 'g');
  let column = '';
  const replacer = function (this: unknown, key: string, value: unknown): unknown {
    if (this !== null && typeof this === 'object' && (this as { [ROW_MARK]?: boolean })[ROW_MARK]) column = key;
    if (typeof value === 'bigint') return `${mark}${value.toString()}`;
    if (typeof value === 'number' && !Number.isFinite(value)) {
      changed.add(`${column}: NaN or an infinity written as null (JSON has no such number)`);
      return null;
    }
    if (value instanceof Uint8Array) {
      // Bytes without a string annotation: older writers store text so; text they are when valid UTF-8.
      try {
        return utf8.decode(value);
      } catch {
        changed.add(`${column}: binary that is not UTF-8 text, written as base64`);
        return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
      }
    }
    return value; // a Date has toJSON: ISO-8601 text
  };
  return (row) => {
    Object.defineProperty(row, ROW_MARK, { value: true, enumerable: false });
    return JSON.stringify(row, replacer).replace(marked, '$1');
  };
}

const ROW_MARK = Symbol('parquet row');

/**
 * hyparquet-compressors decodes every codec in JavaScript or wasm (nothing to build); zstd, the
 * Hub's common codec, is decoded natively instead where this Node has it (22.15 and later, as in
 * recent VS Code): the same bytes out, several times faster, and no JIT warm-up on the first page.
 */
const nativeZstd = (zlib as { zstdDecompressSync?: (input: Uint8Array) => Buffer }).zstdDecompressSync;
const compressors = nativeZstd ? { ...jsDecompressors, ZSTD: (input: Uint8Array) => new Uint8Array(nativeZstd(input)) } : jsDecompressors;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The JSON text of a row of a file with `metadata` (see the top of this file); what it had to
 * change to write a value (a column of bytes, a NaN) is added to `changed`, in words.
 */
export function parquetRowStringifier(metadata: FileMetaData, changed: Set<string>): (row: Record<string, unknown>) => string {
  return needsRichJson(metadata) ? richStringifier(changed) : (row) => JSON.stringify(row);
}

/** Rows [start, end) of the file, as objects (one row group's worth at a time is what the callers ask). */
export async function readParquetRows(file: AsyncBuffer, metadata: FileMetaData, start: number, end: number): Promise<Record<string, unknown>[]> {
  let rows: Record<string, unknown>[] = [];
  await parquetRead({
    // utf8: false leaves bytes without a string annotation as bytes (the stringifier decides), not U+FFFD.
    // useOffsetIndex: a part of a row group reads only its pages, where the file has a page index.
    file, metadata, compressors, utf8: false, useOffsetIndex: true, rowStart: start, rowEnd: end, rowFormat: 'object',
    onComplete: (r) => {
      rows = r;
    },
  });
  return rows;
}

/**
 * A row as the record it stands for. A shard Sample Curator exported names its columns in its
 * metadata (formats/parquetColumns.ts): a null there may mean "absent", and the record read back
 * is the exported one exactly, so it opens under the same content hash. Any other file: the row.
 */
function recordOfFile(metadata: FileMetaData): (row: Record<string, unknown>) => Record<string, unknown> {
  const columns = columnsFromMetadata(metadata.key_value_metadata?.find((kv) => kv.key === COLUMNS_METADATA_KEY)?.value);
  return columns ? (row) => recordOfRow(row, columns) : (row) => row;
}

/** Leaf types whose values are not plain JSON (strings, doubles, booleans, int32). */
function needsRichJson(metadata: FileMetaData): boolean {
  return metadata.schema.some((e) => e.type === 'INT64' || e.type === 'INT96' || e.type === 'FIXED_LEN_BYTE_ARRAY'
    || e.type === 'FLOAT' || e.type === 'DOUBLE' || (e.type === 'BYTE_ARRAY' && !e.converted_type && !e.logical_type)
    || e.converted_type === 'DATE' || e.converted_type === 'TIME_MILLIS' || e.logical_type !== undefined);
}

/** The message of a decoding error, without the library's "parquet " prefix. */
function why(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/^parquet /, '');
}

/** The first row of the file as JSON text, read alone (the panel shows it while the rest converts); undefined when it has none. */
export async function firstParquetRow(absPath: string): Promise<string | undefined> {
  const file = await asyncBufferFromFile(absPath);
  const metadata = await parquetMetadataAsync(file);
  if (Number(metadata.num_rows) === 0) return undefined;
  const [row] = await readParquetRows(file, metadata, 0, 1);
  return row && parquetRowStringifier(metadata, new Set())(recordOfFile(metadata)(row));
}

/**
 * Converts the Parquet file at `absPath` into JSONL lines written to `data`, and for each line the
 * file's 1-based row number as a little-endian uint32 to `lines` (the line map of preparedSource.ts).
 */
export async function convertParquet(absPath: string, data: FileHandle, lines: FileHandle, onProgress?: (p: ParquetProgress) => void): Promise<ParquetConversion> {
  const notes: ParquetNote[] = [];
  const file = await asyncBufferFromFile(absPath);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    notes.push({ code: 'bad-parquet', text: `not a readable Parquet file (${why(e)}): its footer, which lists the columns and row groups, is missing or damaged — a truncated download or copy leaves it so; fetch the file again` });
    return { notes, dataSize: 0, records: 0, rows: 0 };
  }
  const changed = new Set<string>();
  const stringify = parquetRowStringifier(metadata, changed);
  const asRecord = recordOfFile(metadata);
  let dataSize = 0;
  let records = 0;
  let start = 0;
  for (let g = 0; g < metadata.row_groups.length; g++) {
    const count = Number(metadata.row_groups[g].num_rows);
    let rows: Record<string, unknown>[] | undefined;
    try {
      rows = await readParquetRows(file, metadata, start, start + count);
    } catch (e) {
      notes.push({ code: 'parquet-row-group', line: start + 1, text: `row group ${g + 1} of ${metadata.row_groups.length} (rows ${start + 1}–${start + count}) cannot be decoded (${why(e)}); its rows are left out, the other row groups are read` });
    }
    if (rows) {
      const text: string[] = [];
      const map = Buffer.allocUnsafe(rows.length * 4);
      for (let i = 0; i < rows.length; i++) {
        text.push(stringify(asRecord(rows[i])));
        map.writeUInt32LE(start + i + 1, i * 4);
      }
      rows = undefined;
      const bytes = Buffer.from(text.length ? `${text.join('\n')}\n` : '', 'utf8');
      await data.write(bytes);
      await lines.write(map);
      dataSize += bytes.length;
      records += text.length;
    }
    start += count;
    onProgress?.({ rowsDone: start, rowsTotal: Number(metadata.num_rows) });
  }
  for (const c of changed) notes.push({ code: 'parquet-values', text: `column ${c}` });
  return { notes, dataSize, records, rows: start };
}
