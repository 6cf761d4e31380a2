// A Parquet file as JSONL: each row becomes one line, the row as JSON, so the line index, the
// record reader, the checks and export treat a row exactly like a JSONL record (issue 16).
//
// Streamed by row group (hyparquet reads one row group's column chunks and decodes them; the
// rows become lines, written while the next group is decoded), so a file of any size is never
// whole in memory: the high-water mark is two row groups' rows and lines. Files the Hub serves
// come in groups of 1,000 to 100,000 rows.
//
// What a row becomes, so the same file always gives the same bytes (the content hashes and
// decisions rest on them): keys in the schema's column order; strings as they are; INT64 as its
// exact decimal digits (JSON allows any length; a JavaScript number would round past 2^53);
// timestamps and dates as ISO-8601 text; bytes without a string annotation as text when they are
// valid UTF-8, else as base64; NaN and infinities as null (JSON has no such numbers) — each of
// these lossy or changed cases is a note naming the column, once per file. A shard Sample Curator
// exported is read back as the records it was written from (recordOfFile).
//
// The extension runs this on one or two worker threads (parquetWorker.ts, parquetOnWorkers.ts,
// via preparedSource.ts); convertParquet is the same conversion on the calling thread.
//
// Bad input never fails the open: a file whose footer cannot be read (truncated, not Parquet)
// holds no rows and says why; a row group that fails to decode (an unsupported codec or type,
// damaged pages) is named with its rows, and the other row groups open.
import { parquetMetadataAsync, parquetRead, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { compressors as jsDecompressors } from 'hyparquet-compressors';
import * as zlib from 'node:zlib';
import { randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { COLUMNS_METADATA_KEY, columnsFromMetadata, recordOfRow } from '../formats/parquetColumns';
import { openParquetFile } from './parquetFileReads';
import { parquetParts, type ParquetPart } from './parquetParts';

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

/** What a reader of a few rows may ask besides (parquetFirstRow.ts). */
export interface ParquetRowsOptions {
  /** Told of each page decoded, per column. */
  readonly onPage?: (page: { pathInSchema: string[]; rowEnd: number }) => void;
  /** The top-level columns, named: hyparquet then reads the column chunks' ranges apart, not as one span with what lies between. */
  readonly columns?: string[];
}

/** Rows [start, end) of the file, as objects (one row group's worth at a time is what the callers ask). */
export async function readParquetRows(file: AsyncBuffer, metadata: FileMetaData, start: number, end: number, options: ParquetRowsOptions = {}): Promise<Record<string, unknown>[]> {
  let rows: Record<string, unknown>[] = [];
  await parquetRead({
    // utf8: false leaves bytes without a string annotation as bytes (the stringifier decides), not U+FFFD.
    // useOffsetIndex: a part of a row group reads only its pages, where the file has a page index.
    file, metadata, compressors, utf8: false, useOffsetIndex: true, rowStart: start, rowEnd: end, rowFormat: 'object', ...options,
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
export function recordOfFile(metadata: FileMetaData): (row: Record<string, unknown>) => Record<string, unknown> {
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

/** One part of the file (a row group, or part of one: parquetParts.ts) as JSONL: what the cache file gets for it. */
export interface PartLines {
  /** Its index among the file's parts, in row order. */
  readonly part: number;
  /** The rows' lines, each ending in a line break, UTF-8; empty when the part failed. */
  readonly text: Buffer;
  /** For each line the file's 1-based row, a little-endian uint32 (the line map of preparedSource.ts). */
  readonly rows: Buffer;
  readonly records: number;
  /** Why the part's rows are left out, when it cannot be decoded. */
  readonly note?: ParquetNote;
}

/** A Parquet file opened for conversion, part by part (in any order, on any thread). */
export interface ParquetPartsReader {
  readonly metadata: FileMetaData;
  readonly parts: readonly ParquetPart[];
  readonly rows: number;
  /**
   * Part `p` as lines; never rejects for a part that fails to decode (it says so in `note`).
   * `into`: memory to write the lines in when it is large enough (an earlier part's, written).
   */
  lines(p: number, into?: ArrayBuffer): Promise<PartLines>;
  /** The values this reader had to change to write them as JSON (a column of bytes, a NaN), once per kind. */
  valueNotes(): ParquetNote[];
  close(): Promise<void>;
}

/** The note for a file whose footer cannot be read. */
function badParquet(e: unknown): ParquetNote {
  return { code: 'bad-parquet', text: `not a readable Parquet file (${why(e)}): its footer, which lists the columns and row groups, is missing or damaged — a truncated download or copy leaves it so; fetch the file again` };
}

/** Opens the file for conversion in parts of at most `maxPartBytes` where it can be cut (parquetParts.ts); a note instead when it is not readable Parquet. */
export async function openParquetParts(absPath: string, maxPartBytes?: number): Promise<ParquetPartsReader | ParquetNote> {
  const file = await openParquetFile(absPath);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    await file.close();
    return badParquet(e);
  }
  const changed = new Set<string>();
  const stringify = parquetRowStringifier(metadata, changed);
  const asRecord = recordOfFile(metadata);
  const parts = parquetParts(metadata, maxPartBytes);
  const groups = metadata.row_groups.length;
  return {
    metadata, parts, rows: parts.length ? parts[parts.length - 1].end : 0,
    async lines(p, into) {
      const { group, start, end, bytes, whole } = parts[p];
      let rows: Record<string, unknown>[];
      try {
        rows = await readParquetRows(file, metadata, start, end);
      } catch (e) {
        const which = whole ? `row group ${group + 1} of ${groups} (rows ${start + 1}–${end})` : `rows ${start + 1}–${end} of row group ${group + 1} of ${groups}`;
        return {
          part: p, text: Buffer.alloc(0), rows: Buffer.alloc(0), records: 0,
          note: { code: 'parquet-row-group', line: start + 1, text: `${which} cannot be decoded (${why(e)}); its rows are left out, the other row groups are read` },
        };
      }
      const text = jsonLines(rows, (row) => stringify(asRecord(row)), bytes, into);
      return { part: p, text, rows: rowNumbers(start, rows.length), records: rows.length };
    },
    valueNotes: () => [...changed].map((c) => ({ code: 'parquet-values', text: `column ${c}` })),
    close: () => file.close(),
  };
}

/**
 * The rows as lines in one buffer that owns its memory (so a worker can hand it over whole), the
 * start of `into` when that is large enough. Each row's text is written as soon as it is made, so
 * it dies young instead of waiting for a join.
 */
function jsonLines(rows: readonly Record<string, unknown>[], stringify: (row: Record<string, unknown>) => string, sizeHint: number, into?: ArrayBuffer): Buffer {
  // JSON adds keys, quotes and escapes to the values' own bytes: a quarter more holds a chat set's rows.
  const size = Math.ceil(sizeHint * 1.25) + 65536;
  let buf = into && into.byteLength >= size ? Buffer.from(into) : Buffer.allocUnsafeSlow(size);
  let at = 0;
  for (const row of rows) {
    const line = stringify(row);
    const worst = line.length * 3 + 1; // a UTF-16 unit is at most three UTF-8 bytes
    if (at + worst > buf.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(Math.ceil(buf.length * 1.5), at + worst));
      buf.copy(grown, 0, 0, at);
      buf = grown;
    }
    at += buf.write(line, at, 'utf8');
    buf[at++] = 0x0a;
  }
  return buf.subarray(0, at);
}

/** The file's 1-based rows start+1 … start+n as little-endian uint32s. */
function rowNumbers(start: number, n: number): Buffer {
  const map = Buffer.allocUnsafeSlow(n * 4);
  for (let i = 0; i < n; i++) map.writeUInt32LE(start + i + 1, i * 4);
  return map;
}

/** What a conversion writes for a part and how far it got, as conversions on one thread or several add up. */
export class ConversionTally {
  readonly notes: ParquetNote[] = [];
  dataSize = 0;
  records = 0;
  rowsDone = 0;

  add(part: ParquetPart, lines: { readonly text: Uint8Array; readonly records: number; readonly note?: ParquetNote }): void {
    if (lines.note) this.notes.push(lines.note);
    this.dataSize += lines.text.length;
    this.records += lines.records;
    this.rowsDone += part.end - part.start;
  }

  result(rows: number, valueNotes: readonly ParquetNote[]): ParquetConversion {
    return { notes: [...this.notes, ...valueNotes], dataSize: this.dataSize, records: this.records, rows };
  }
}

/**
 * Converts the Parquet file at `absPath` into JSONL lines written to `data`, and for each line the
 * file's 1-based row number as a little-endian uint32 to `lines` (the line map of preparedSource.ts),
 * on this thread, row group by row group; a group's writes go on while the next is decoded.
 */
export async function convertParquet(absPath: string, data: FileHandle, lines: FileHandle, onProgress?: (p: ParquetProgress) => void): Promise<ParquetConversion> {
  const file = await openParquetParts(absPath);
  if ('code' in file) return { notes: [file], dataSize: 0, records: 0, rows: 0 };
  const tally = new ConversionTally();
  try {
    let writing: Promise<unknown> = Promise.resolve();
    for (let p = 0; p < file.parts.length; p++) {
      const part = await file.lines(p);
      await writing;
      writing = Promise.all([writeAll(data, part.text), writeAll(lines, part.rows)]);
      tally.add(file.parts[p], part);
      onProgress?.({ rowsDone: tally.rowsDone, rowsTotal: file.rows });
    }
    await writing;
    return tally.result(file.rows, file.valueNotes());
  } finally {
    await file.close();
  }
}

/** Writes all of `bytes` at the file's position (a write may take fewer bytes than it is given). */
export async function writeAll(fh: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let done = 0; done < bytes.length;) done += (await fh.write(bytes, done, bytes.length - done)).bytesWritten;
}
