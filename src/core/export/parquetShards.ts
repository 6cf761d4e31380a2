// An export's data as Parquet shards: rows gathered into row groups of at most `rowGroupRows` rows
// (or GROUP_CHARS of text, for very long records), each group encoded by hyparquet-writer
// (parquetShardEncoder.ts) — here, or on a worker in a large export (parquetEncoding.ts) — and its
// bytes written into a HashedFile (buffered, hashed, fsynced like every export file), a new shard
// begun once a shard reaches `maxShardBytes`. Memory holds, per split, the group being gathered and
// at most one more: a full group waits while the one before it is still being encoded.
// Shards are `data/<split>-00000.parquet`, `-00001`, …: the Hub's `data/<split>-…` prefix without
// its `-of-NNNNN` total, which is known only when the last row is written, after each sample's
// manifest entry has named its shard; the dataset card's `configs` list every shard by name.
// A row's shard is known once the group before it is encoded (did that close the shard?): until
// then its place says so (file undefined), and the export holds the sample's manifest entry.
import { join } from 'node:path';
import { HashedFile, type ExportFs } from './exportFolder';
import type { ExportFormatId, JsonRecord } from './exportFormats';
import type { WrittenFile } from './exportManifest';
import type { SplitName } from './exportSplit';
import type { FileHash } from './fileHash';
import { columnsOfFirstRecord, recordMisfit, type ColumnField } from '../formats/parquetColumns';
import { parquetColumnsOf } from './parquetFormats';
import { parquetCompressors, type ParquetCodec } from './parquetCodecs';
import { EncodingOnThisThread, EncodingOnWorker, type EncodedOutput, type GroupEncoding, type GroupRows } from './parquetEncoding';
import type { ShardSpec } from './parquetShardEncoder';

export interface ParquetOptions {
  /** Default SNAPPY (pyarrow's and the Hub's default); ZSTD needs a Node with zlib's zstd (22.15+). */
  readonly codec?: ParquetCodec;
  /** Rows per row group (default 1,000: the largest row group `datasets` writes by default; small groups keep memory and the pause per group small). */
  readonly rowGroupRows?: number;
  /** A shard is closed once it holds this many bytes (default 500 MB, `push_to_hub`'s shard size). */
  readonly maxShardBytes?: number;
}

export const DEFAULT_ROW_GROUP_ROWS = 1_000;
export const DEFAULT_MAX_SHARD_BYTES = 500e6;
/** A row group is written early when its records' JSON text reaches this many characters. */
const GROUP_CHARS = 64 << 20;

export const PARQUET_FOLDER = 'data';

/** `data/train-00000.parquet`. */
export function shardName(split: SplitName, index: number): string {
  return `${PARQUET_FOLDER}/${split}-${String(index).padStart(5, '0')}.parquet`;
}

/** What writeExport waits on and abandons, for JSONL files and Parquet shards alike. */
export interface DataSink {
  readonly backedUp: boolean;
  drained(): Promise<void>;
  abandon(): void;
}

export interface ParquetSettings {
  readonly codec: ParquetCodec;
  readonly rowGroupRows: number;
  readonly maxShardBytes: number;
}

/** Where a group's rows are: its shard (undefined until the group before it is encoded) and the rows before it there. */
export interface GroupPlace {
  readonly file: string | undefined;
  readonly first: number;
}

/** A row's place: its group's, and its 0-based index in the group. */
export interface RowPlace {
  readonly group: GroupPlace;
  readonly index: number;
}

interface Group {
  readonly rows: GroupRows;
  readonly place: { file: string | undefined; first: number; shard: number };
}

/** One split's shards. */
class SplitShards {
  #gathering: Group;
  /** Sent to be encoded, not written yet. */
  #encoding: Group | undefined;
  /** Full, waiting for #encoding to be written. */
  #waiting: Group | undefined;
  #file: HashedFile | undefined;
  #fileRows = 0;
  #opened = 0;
  readonly #closing: Promise<WrittenFile>[] = [];

  constructor(
    private readonly split: SplitName,
    private readonly named: boolean,
    private readonly settings: ParquetSettings,
    private readonly encoding: GroupEncoding,
    private readonly open: (name: string) => HashedFile,
  ) {
    this.#gathering = { rows: encoding.rows(), place: { file: shardName(split, 0), first: 0, shard: 0 } };
  }

  get current(): HashedFile | undefined {
    return this.#file;
  }

  /** A full group waits for the one before it to be encoded. */
  get waiting(): boolean {
    return this.#waiting !== undefined;
  }

  /** Adds the row; returns its place and the content hash of `line`, its JSON text. */
  add(spec: ShardSpec, record: JsonRecord, line: string): { at: RowPlace; contentHash: string } {
    const g = this.#gathering;
    const contentHash = g.rows.add(record, line);
    const at = { group: g.place, index: g.rows.rows - 1 };
    if (g.rows.rows >= this.settings.rowGroupRows || g.rows.chars >= GROUP_CHARS) this.#seal(spec);
    return { at, contentHash };
  }

  /** Seals what is gathered (when there is any); true while a group still waits to be sent or encoded. */
  flush(spec: ShardSpec): boolean {
    if (this.#gathering.rows.rows) this.#seal(spec);
    return this.#waiting !== undefined || this.#encoding !== undefined;
  }

  /** The shards, once the encoding's end has closed the last (an empty one when the split has no row). */
  closed(): Promise<WrittenFile[]> {
    return Promise.all(this.#closing);
  }

  /** The next bytes of the open shard (opened with the first). */
  bytes(chunk: Uint8Array): void {
    (this.#file ??= this.open(shardName(this.split, this.#opened++))).writeBytes(chunk);
  }

  /** The group sent first, or the split's end, is encoded: its bytes are written. */
  written(closed: boolean, group: boolean, spec: () => ShardSpec): void {
    if (group) {
      const done = this.#encoding as Group;
      this.#encoding = undefined;
      this.#fileRows += done.rows.rows;
      // The next group's place: the same shard after these rows, or the start of the next.
      const next = (this.#waiting ?? this.#gathering).place;
      next.shard = closed ? done.place.shard + 1 : done.place.shard;
      next.first = closed ? 0 : done.place.first + done.rows.rows;
      next.file = shardName(this.split, next.shard);
    }
    if (closed) this.#close();
    if (this.#waiting) {
      const w = this.#waiting;
      this.#waiting = undefined;
      this.#send(w, spec());
    }
  }

  abandon(): void {
    this.#file?.abandon();
    this.#file = undefined;
    // A shard being closed settles on its own; its failure is the export's, reported once elsewhere.
    for (const c of this.#closing) c.catch(() => undefined);
  }

  #seal(spec: ShardSpec): void {
    const full = this.#gathering;
    // Its place is known once `full` is written; a group sent at once is placed already.
    this.#gathering = { rows: this.encoding.rows(), place: { file: undefined, first: 0, shard: 0 } };
    if (this.#encoding) this.#waiting = full;
    else this.#send(full, spec);
  }

  #send(g: Group, spec: ShardSpec): void {
    this.#encoding = g;
    this.encoding.encode(this.split, spec, g.rows);
  }

  #close(): void {
    // Every shard has bytes (its header at least) before it closes: its file is open.
    const file = this.#file as HashedFile;
    const rows = this.#fileRows;
    this.#file = undefined;
    this.#fileRows = 0;
    this.#closing.push(file.finish(this.named ? this.split : undefined).then((w) => ({ ...w, lines: rows })));
  }
}

/**
 * The Parquet side of an export: the format's columns (or, for `original`, the first fitting
 * record's), the check that a record fits them exactly, and one SplitShards per split.
 */
export class ParquetExport implements DataSink {
  #columns: readonly ColumnField[] | undefined;
  #spec: ShardSpec | undefined;
  readonly #splits: Map<SplitName, SplitShards>;
  readonly #encoding: GroupEncoding;
  #failure: Error | undefined;
  #wake: (() => void) | undefined;
  readonly settings: ParquetSettings;

  /**
   * `splits`: the splits written (train, and validation with a split), each with at least one shard.
   * `hashOf`: the hash of a new shard (a worker's, in a large export); undefined: on this thread.
   * `workerScript`: out/parquetExportWorker.js, to encode the row groups there; undefined: on this thread.
   */
  constructor(
    fsOps: ExportFs, folder: string, private readonly format: ExportFormatId, options: ParquetOptions, splits: readonly SplitName[],
    hashOf: (name: string) => FileHash | undefined, workerScript?: string,
  ) {
    this.settings = {
      codec: options.codec ?? 'SNAPPY',
      rowGroupRows: Math.max(1, Math.floor(options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS)),
      maxShardBytes: Math.max(1, options.maxShardBytes ?? DEFAULT_MAX_SHARD_BYTES),
    };
    const compressors = parquetCompressors(this.settings.codec);
    if (typeof compressors === 'string') throw new Error(compressors);
    this.#columns = parquetColumnsOf(format);
    fsOps.mkdirSync(join(folder, PARQUET_FOLDER));
    const open = (name: string) => new HashedFile(fsOps, join(folder, name), name, hashOf(name));
    const named = splits.length > 1;
    const out: EncodedOutput = {
      bytes: (split, chunk) => this.#split(split).bytes(chunk),
      written: (split, closed, group) => {
        this.#split(split).written(closed, group, () => this.#specOf());
        this.#wakeUp();
      },
      failed: (e) => {
        this.#failure = e;
        this.#wakeUp();
      },
    };
    this.#encoding = workerScript ? new EncodingOnWorker(workerScript, out) : new EncodingOnThisThread(out);
    this.#splits = new Map(splits.map((s) => [s, new SplitShards(s, named, this.settings, this.#encoding, open)]));
  }

  /** Why `record` cannot be a row of these shards exactly; undefined when it can. The first record that fits an `original` export fixes its columns. */
  misfit(record: JsonRecord): string | undefined {
    if (this.#columns) return recordMisfit(record, this.#columns);
    const columns = columnsOfFirstRecord(record);
    const m = recordMisfit(record, columns);
    if (!m) this.#columns = columns;
    return m;
  }

  /**
   * Adds a record that fits (misfit said so), whose JSON text is `line`; returns its place (known
   * now, or once the group before it is encoded) and the content hash of `line`.
   */
  add(split: SplitName, record: JsonRecord, line: string): { at: RowPlace; contentHash: string } {
    if (this.#failure) throw this.#failure;
    return this.#split(split).add(this.#specOf(), record, line);
  }

  /** Whether a full group waits for the one before it (or a shard's hash lags): await drained() before adding more. */
  get backedUp(): boolean {
    if (this.#failure) return true;
    for (const s of this.#splits.values()) if (s.waiting || s.current?.backedUp) return true;
    return false;
  }

  async drained(): Promise<void> {
    for (;;) {
      if (this.#failure) throw this.#failure;
      if (![...this.#splits.values()].some((s) => s.waiting)) break;
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
    for (const s of this.#splits.values()) await s.current?.drained();
  }

  /** Every split's shards, in split order, then shard order. */
  async finish(): Promise<WrittenFile[]> {
    const spec = this.#specOf();
    for (;;) {
      if (this.#failure) throw this.#failure;
      let pending = false;
      for (const s of this.#splits.values()) if (s.flush(spec)) pending = true;
      if (!pending) break;
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
    await this.#encoding.finish([...this.#splits.keys()].map((split) => ({ split, spec })));
    if (this.#failure) throw this.#failure;
    const out: WrittenFile[] = [];
    for (const s of this.#splits.values()) out.push(...(await s.closed()));
    return out;
  }

  abandon(): void {
    this.#encoding.abandon();
    for (const s of this.#splits.values()) s.abandon();
  }

  #split(split: SplitName): SplitShards {
    return this.#splits.get(split) as SplitShards;
  }

  /** The shards' spec, once the columns are known (an `original` export with no fitting record has none). */
  #specOf(): ShardSpec {
    return (this.#spec ??= { format: this.format, fields: this.#columns ?? [], codec: this.settings.codec, maxShardBytes: this.settings.maxShardBytes });
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
