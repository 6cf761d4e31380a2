// Turns any supported sample file into a plain UTF-8 JSONL file for the line index
// (lineIndex.ts buildLineIndex), streaming, and caches the conversion.
//
//   .jsonl / .ndjson (UTF-8, no BOM)   used in place: no copy, not even read here
//   .jsonl with a UTF-8 BOM            copied without the BOM (the BOM is not part of record 1)
//   UTF-16 LE/BE with a BOM            transcoded to UTF-8, with a note
//   .json (a JSON array of records)    one element per line (jsonArrayLines.ts), with a line map
//   any of the above + .gz             stream-gunzipped first; a damaged tail keeps what came before
//   .parquet                           one row per line, row group by row group (parquetLines.ts),
//                                      with a line map to the file's row numbers
//
// Line numbers: a converted JSONL file keeps the original's line structure, so its line N is the
// original's line N. A JSON array is the exception: `lineMap` gives, for each cache line, the line
// of the original file where that record starts — use originalLine() when naming a line. For
// Parquet the "line" is the row: lineMap gives each cache line's 1-based row in the file.
//
// The cache: files in `cacheDir` named `<file>.<path hash>.<content key>.*`. The key covers the
// converter version, path and the file's identity (fileIdentity.ts), so reopening an
// unchanged file reuses the conversion. `*.meta.json` is written last; without it, or if the data
// file's size disagrees with it, the entry is rebuilt. Older entries for the same path are removed.
//
// Content never makes prepareSource fail: damaged or odd content becomes `notes`, and the records
// are read one by one later (recordReader.ts). It rejects only when a file cannot be read or the
// cache cannot be written.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { fileIdentity } from './fileIdentity';
import { JsonArrayLines, type SplitNote } from './jsonArrayLines';
import { convertParquet, type ParquetConversion, type ParquetNoteCode, type ParquetProgress } from './parquetLines';
import { convertParquetOnWorkers } from './parquetOnWorkers';

/** Sample files the store can open: JSONL (or NDJSON) and JSON arrays, optionally gzipped, and Parquet. */
export const SOURCE_FILE_PATTERN = /\.(?:(?:jsonl|ndjson|json)(?:\.gz)?|parquet)$/i;

export type SourceNoteCode =
  | 'empty-file'
  | 'no-records'
  | 'utf8-bom'
  | 'utf16'
  | 'bad-gzip'
  | SplitNote['code']
  | ParquetNoteCode;

/** Something about the file as a whole. `message` starts with the file name (and line, if any). */
export interface SourceNote {
  readonly code: SourceNoteCode;
  readonly message: string;
  /** 1-based line in the original file, when the note is about one place. */
  readonly line?: number;
}

export interface PreparedSource {
  /** The original file, as given. */
  readonly originalPath: string;
  /** How messages name the original file (default: its base name). */
  readonly displayName: string;
  /** The plain UTF-8 JSONL file to index: the original itself, or a file in the cache. */
  readonly jsonlPath: string;
  /** `jsonl` (one record per line), `json` (an array of records, or top-level values) or `parquet` (rows). */
  readonly container: 'jsonl' | 'json' | 'parquet';
  readonly gzip: boolean;
  readonly encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';
  /** `none`: jsonlPath is the original; `converted`: written now; `reused`: from an earlier open. */
  readonly cache: 'none' | 'converted' | 'reused';
  /** For JSON arrays: lineMap[k - 1] is the original line where the record on cache line k starts; for Parquet, its row. */
  readonly lineMap?: Uint32Array;
  readonly notes: readonly SourceNote[];
}

/** Options for naming (`displayName` defaults to the file's base name) and for converting Parquet. */
export interface PrepareOptions {
  readonly displayName?: string;
  /** out/parquetWorker.js: Parquet is converted on a worker thread (default: on this one). */
  readonly parquetWorker?: string;
  /** A Parquet file's conversion, after each row group. */
  readonly onProgress?: (p: ParquetProgress) => void;
  /** Stops a conversion on a worker (the source is then not opened). */
  readonly signal?: AbortSignal;
}

/** The original file's line for a (1-based) line of `jsonlPath`, e.g. from LineIndex.lineNumbers. */
export function originalLine(source: PreparedSource, jsonlLine: number): number {
  return source.lineMap?.[jsonlLine - 1] ?? jsonlLine;
}

// Bump when the conversion output changes, so old cache entries are rebuilt.
const CONVERTER_VERSION = 1;
const READ_CHUNK = 1 << 20;

interface StoredNote {
  readonly code: SourceNoteCode;
  readonly text: string;
  readonly line?: number;
}

interface CacheMeta {
  readonly version: number;
  readonly originalPath: string;
  readonly container: PreparedSource['container'];
  readonly gzip: boolean;
  readonly encoding: PreparedSource['encoding'];
  readonly notes: readonly StoredNote[];
  readonly dataSize: number;
  readonly lineMap: boolean;
}

function toNote(displayName: string, n: StoredNote): SourceNote {
  const where = n.line === undefined ? displayName : `${displayName}:${n.line}`;
  return { code: n.code, message: `${where}: ${n.text}`, ...(n.line === undefined ? {} : { line: n.line }) };
}

function encodingOf(head: Uint8Array): PreparedSource['encoding'] {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buf.subarray(0, got);
}

/** The cache entry's key: the converter version, the path and the file's identity (fileIdentity.ts). */
function contentKey(absPath: string): string {
  return createHash('sha256').update(`${CONVERTER_VERSION}\0${absPath}\0${fileIdentity(absPath).key}`).digest('hex').slice(0, 20);
}

function cachePrefix(absPath: string): string {
  const safe = basename(absPath).replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
  return `${safe}.${createHash('sha256').update(absPath).digest('hex').slice(0, 8)}.`;
}

async function readCached(base: string): Promise<{ meta: CacheMeta; lineMap?: Uint32Array } | undefined> {
  try {
    const meta = JSON.parse(await readFile(`${base}.meta.json`, 'utf8')) as CacheMeta;
    if (meta.version !== CONVERTER_VERSION || (await stat(`${base}.jsonl`)).size !== meta.dataSize) return undefined;
    if (!meta.lineMap) return { meta };
    const bytes = await readFile(`${base}.lines`);
    const lineMap = new Uint32Array(bytes.length >> 2);
    for (let i = 0; i < lineMap.length; i++) lineMap[i] = bytes.readUInt32LE(i * 4);
    return { meta, lineMap };
  } catch {
    return undefined;
  }
}

/** The decompressed (if .gz) bytes of the file, chunk by chunk. */
function rawChunks(absPath: string, gzip: boolean): AsyncIterable<Buffer> {
  const input = createReadStream(absPath, { highWaterMark: READ_CHUNK });
  if (!gzip) return input;
  // pipeline forwards a read error to the gunzip stream, whose iteration then rejects with it.
  return pipeline(input, createGunzip({ chunkSize: READ_CHUNK }), () => undefined);
}

/** Decodes to UTF-8 without a BOM. UTF-16 goes through a streaming TextDecoder (bad pairs become U+FFFD). */
function utf8Transcoder(encoding: PreparedSource['encoding']): { push(chunk: Buffer, first: boolean): Buffer; end(): Buffer } {
  if (encoding === 'utf-8') return { push: (c) => c, end: () => Buffer.alloc(0) };
  if (encoding === 'utf-8-bom') return { push: (c, first) => (first ? c.subarray(3) : c), end: () => Buffer.alloc(0) };
  const decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: false });
  return {
    push: (c) => Buffer.from(decoder.decode(c, { stream: true }), 'utf8'),
    end: () => Buffer.from(decoder.decode(), 'utf8'),
  };
}

interface Conversion {
  readonly encoding: PreparedSource['encoding'];
  readonly notes: StoredNote[];
  readonly dataSize: number;
  readonly records: number;
}

/** A Parquet file's rows into `dataPath`, its line map into `linesPath`: on workers when options name their script. */
async function parquetLines(absPath: string, dataPath: string, linesPath: string, options: PrepareOptions): Promise<ParquetConversion> {
  const [data, lines] = [await open(dataPath, 'w'), await open(linesPath, 'w')];
  try {
    return options.parquetWorker
      ? await convertParquetOnWorkers(absPath, data, lines, {
        workerScript: options.parquetWorker, ...(options.signal ? { signal: options.signal } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      })
      : await convertParquet(absPath, data, lines, options.onProgress);
  } finally {
    await data.close();
    await lines.close();
  }
}

async function convert(
  absPath: string, gzip: boolean, container: PreparedSource['container'], dataTmp: string, linesTmp: string, options: PrepareOptions,
): Promise<Conversion> {
  const notes: StoredNote[] = [];
  if (container === 'parquet') {
    const parquet = await parquetLines(absPath, dataTmp, linesTmp, options);
    notes.push(...parquet.notes);
    if (parquet.rows === 0 && !parquet.notes.some((n) => n.code === 'bad-parquet')) notes.push({ code: 'no-records', text: 'holds no rows' });
    return { encoding: 'utf-8', notes, dataSize: parquet.dataSize, records: parquet.records };
  }
  const data = await open(dataTmp, 'w');
  const lines = container === 'json' ? await open(linesTmp, 'w') : undefined;
  const splitter = container === 'json' ? new JsonArrayLines() : undefined;
  let encoding: PreparedSource['encoding'] = 'utf-8';
  let transcoder: ReturnType<typeof utf8Transcoder> | undefined;
  let head = Buffer.alloc(0);
  let dataSize = 0;
  let rawBytes = 0;
  let records = 0;
  const write = async (utf8: Buffer) => {
    const out = splitter ? splitter.push(utf8) : utf8;
    if (out.length) await data.write(out);
    dataSize += out.length;
    if (splitter && lines) {
      const starts = splitter.takeRecordLines();
      if (starts.length) {
        const buf = Buffer.allocUnsafe(starts.length * 4);
        starts.forEach((l, i) => buf.writeUInt32LE(l, i * 4));
        await lines.write(buf);
      }
    }
  };
  const feed = async (chunk: Buffer) => {
    if (!transcoder) {
      // The encoding is judged from the first bytes, so hold back until there are three.
      head = Buffer.concat([head, chunk]);
      if (head.length < 3) return;
      encoding = encodingOf(head);
      transcoder = utf8Transcoder(encoding);
      chunk = head;
      await write(transcoder.push(chunk, true));
      return;
    }
    await write(transcoder.push(chunk, false));
  };
  try {
    try {
      for await (const chunk of rawChunks(absPath, gzip)) {
        rawBytes += (chunk as Buffer).length;
        await feed(chunk as Buffer);
      }
    } catch (e) {
      if (!gzip) throw e;
      const why = (e as Error).message;
      notes.push({
        code: 'bad-gzip',
        text: rawBytes === 0
          ? `not readable as gzip (${why}); check that the file really is gzip-compressed, or remove the .gz ending`
          : `the gzip data is damaged after ${rawBytes} bytes of text (${why}); the records before that point are kept — re-download or recompress the file`,
      });
    }
    if (!transcoder && head.length) {
      encoding = encodingOf(head);
      transcoder = utf8Transcoder(encoding);
      await write(transcoder.push(head, true));
    }
    if (transcoder) await write(transcoder.end());
    if (splitter) {
      const tail = splitter.end();
      if (tail.length) await data.write(tail);
      dataSize += tail.length;
      records = splitter.records;
      notes.push(...splitter.notes);
    }
  } finally {
    await data.close();
    await lines?.close();
  }
  if (encoding === 'utf-8-bom') notes.unshift({ code: 'utf8-bom', text: 'starts with a UTF-8 byte-order mark; it is read without the mark (from a converted copy)' });
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    const name = encoding === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE';
    notes.unshift({ code: 'utf16', text: `is ${name} text; it was converted to UTF-8 in the cache. Save it as UTF-8 to read it in place` });
  }
  if (rawBytes === 0 && !notes.some((n) => n.code === 'bad-gzip')) {
    notes.push({ code: 'empty-file', text: 'the file is empty (after decompression): there are no samples to review' });
  } else if (splitter && records === 0 && !notes.some((n) => n.code === 'bad-gzip')) {
    notes.push({ code: 'no-records', text: 'holds no records (an empty array, or only whitespace)' });
  }
  return { encoding, notes, dataSize, records };
}

/** Removes cache entries for this path other than the current one (the file has changed). */
async function removeStale(cacheDir: string, prefix: string, keep: string): Promise<void> {
  for (const name of await readdir(cacheDir)) {
    if (name.startsWith(prefix) && !name.startsWith(keep)) await rm(join(cacheDir, name), { force: true });
  }
}

/** Prepares `absPath` for indexing; see the comment at the top of this file. */
export function prepareSource(absPath: string, cacheDir: string, options: PrepareOptions = {}): Promise<PreparedSource> {
  return prepareAttempt(absPath, cacheDir, options, 1);
}

async function prepareAttempt(absPath: string, cacheDir: string, options: PrepareOptions, attempt: number): Promise<PreparedSource> {
  const displayName = options.displayName ?? basename(absPath);
  const gzip = /\.gz$/i.test(absPath);
  const container: PreparedSource['container'] = /\.parquet$/i.test(absPath) ? 'parquet' : /\.json(?:\.gz)?$/i.test(absPath) ? 'json' : 'jsonl';
  const info = await stat(absPath);
  const base = { originalPath: absPath, displayName, container, gzip } as const;
  if (info.size === 0) {
    return {
      ...base, jsonlPath: absPath, encoding: 'utf-8', cache: 'none',
      notes: [toNote(displayName, { code: 'empty-file', text: 'the file is empty: there are no samples to review' })],
    };
  }
  if (!gzip && container === 'jsonl') {
    const fh = await open(absPath, 'r');
    const encoding = encodingOf(await readAt(fh, 0, 3).finally(() => fh.close()));
    if (encoding === 'utf-8') return { ...base, jsonlPath: absPath, encoding, cache: 'none', notes: [] };
  }

  await mkdir(cacheDir, { recursive: true });
  const prefix = cachePrefix(absPath);
  const key = contentKey(absPath);
  const entry = join(cacheDir, `${prefix}${key}`);
  const hit = await readCached(entry);
  if (hit) {
    return {
      ...base, jsonlPath: `${entry}.jsonl`, encoding: hit.meta.encoding, cache: 'reused',
      ...(hit.lineMap ? { lineMap: hit.lineMap } : {}), notes: hit.meta.notes.map((n) => toNote(displayName, n)),
    };
  }

  // Temp + rename without fsync (not journal/durableWrite.ts): a derived cache, rebuilt from the
  // source when lost, checked by size on reuse and by each record's hash on read; fsyncing
  // gigabytes of converted data would cost seconds at every conversion.
  const tmp = `${entry}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    // A file replaced while it converts (a git pull, a download finishing) would leave a copy of
    // neither version under the old version's key: convert again until the file stays the same.
    const result = await convert(absPath, gzip, container, `${tmp}.jsonl`, `${tmp}.lines`, options);
    if (contentKey(absPath) !== key) {
      if (attempt === 3) throw new Error('kept changing while it was converted; it is left out until the store is opened again');
      return await prepareAttempt(absPath, cacheDir, options, attempt + 1);
    }
    await rename(`${tmp}.jsonl`, `${entry}.jsonl`);
    const mapped = container === 'json' || container === 'parquet';
    if (mapped) await rename(`${tmp}.lines`, `${entry}.lines`);
    const meta: CacheMeta = {
      version: CONVERTER_VERSION, originalPath: absPath, container, gzip, encoding: result.encoding, notes: result.notes,
      dataSize: result.dataSize, lineMap: mapped,
    };
    await writeFile(`${tmp}.meta.json`, JSON.stringify(meta));
    await rename(`${tmp}.meta.json`, `${entry}.meta.json`);
    await removeStale(cacheDir, prefix, `${prefix}${key}.`);
    const hitNow = mapped ? await readCached(entry) : undefined;
    return {
      ...base, jsonlPath: `${entry}.jsonl`, encoding: result.encoding, cache: 'converted',
      ...(hitNow?.lineMap ? { lineMap: hitNow.lineMap } : {}), notes: result.notes.map((n) => toNote(displayName, n)),
    };
  } finally {
    await Promise.all(['.jsonl', '.lines', '.meta.json'].map((ext) => rm(`${tmp}${ext}`, { force: true })));
  }
}
