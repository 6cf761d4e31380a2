// An export's data as Parquet shards: rows gathered into row groups of at most `rowGroupRows` rows
// (or GROUP_BYTES of text, for very long records), each group written by hyparquet-writer's
// ParquetWriter straight into a HashedFile (buffered, hashed, fsynced like every export file), and
// a new shard begun once a shard reaches `maxShardBytes`. Memory holds one row group per split and
// a megabyte of encoded bytes, whatever the size of the set.
// Shards are `data/<split>-00000.parquet`, `-00001`, …: the Hub's `data/<split>-…` prefix without
// its `-of-NNNNN` total, which is known only when the last row is written, after each sample's
// manifest entry has named its shard; the dataset card's `configs` list every shard by name.
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import type { CompressionCodec } from 'hyparquet';
import { ParquetWriter } from 'hyparquet-writer';
import { ParquetByteSink } from './parquetByteSink';
import { HashedFile, type ExportFs } from './exportFolder';
import type { ExportFormatId } from './exportFormats';
import type { WrittenFile } from './exportManifest';
import type { SplitName } from './exportSplit';
import type { FileHash } from './fileHash';
import { COLUMNS_METADATA_KEY, columnsOfFirstRecord, parquetSchema, recordMisfit, type ColumnField } from '../formats/parquetColumns';
import { parquetColumnsOf } from './parquetFormats';

export type ParquetCodec = 'SNAPPY' | 'ZSTD' | 'GZIP' | 'UNCOMPRESSED';
export const PARQUET_CODECS: readonly ParquetCodec[] = ['SNAPPY', 'ZSTD', 'GZIP', 'UNCOMPRESSED'];

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
/** The key-value metadata key naming the export format of a shard. */
export const FORMAT_METADATA_KEY = 'sample_curator.format';

/** `data/train-00000.parquet`. */
export function shardName(split: SplitName, index: number): string {
  return `${PARQUET_FOLDER}/${split}-${String(index).padStart(5, '0')}.parquet`;
}

type Compress = (input: Uint8Array) => Uint8Array;

/** zlib's zstd (Node 22.15+), when this Node has it: no dependency of our own for it. */
function zstdOfThisNode(): Compress | undefined {
  const z = (zlib as unknown as { zstdCompressSync?: (b: Uint8Array) => Buffer }).zstdCompressSync;
  return z ? (b) => z(b) : undefined;
}

/** The compressors `codec` needs (snappy is hyparquet-writer's own); a reason when this Node cannot write it. */
export function parquetCompressors(codec: ParquetCodec): Partial<Record<CompressionCodec, Compress>> | string {
  switch (codec) {
    case 'SNAPPY':
    case 'UNCOMPRESSED':
      return {};
    case 'GZIP':
      return { GZIP: (b) => zlib.gzipSync(b) };
    case 'ZSTD': {
      const zstd = zstdOfThisNode();
      return zstd ? { ZSTD: zstd } : `zstd needs Node 22.15 or later (this is ${process.version}); choose snappy or gzip`;
    }
  }
}

/** What writeExport waits on and abandons, for JSONL files and Parquet shards alike. */
export interface DataSink {
  readonly backedUp: boolean;
  drained(): Promise<void>;
  abandon(): void;
}

interface Shard {
  readonly file: HashedFile;
  readonly sink: ParquetByteSink;
  readonly writer: ParquetWriter;
  rows: number;
}

export interface ParquetSettings {
  readonly codec: ParquetCodec;
  readonly rowGroupRows: number;
  readonly maxShardBytes: number;
}

/** One split's shards. */
class SplitShards {
  #shard: Shard | undefined;
  #next = 0;
  #columns: unknown[][] = [];
  #rows = 0;
  #chars = 0;
  readonly #closing: Promise<WrittenFile>[] = [];

  constructor(
    private readonly split: SplitName,
    private readonly named: boolean,
    private readonly format: ExportFormatId,
    private readonly settings: ParquetSettings,
    private readonly compressors: Partial<Record<CompressionCodec, Compress>>,
    private readonly open: (name: string) => HashedFile,
  ) {}

  get current(): HashedFile | undefined {
    return this.#shard?.file;
  }

  /** Adds the row; returns its shard and 1-based row there. `chars`: the record's JSON length. */
  add(fields: readonly ColumnField[], record: { readonly [key: string]: unknown }, chars: number): { file: string; row: number } {
    const shard = (this.#shard ??= this.#openShard(fields));
    if (this.#columns.length !== fields.length) this.#columns = fields.map(() => []);
    for (let j = 0; j < fields.length; j++) this.#columns[j].push(record[fields[j].name]);
    this.#rows++;
    this.#chars += chars;
    const at = { file: shard.file.name, row: shard.rows + this.#rows };
    if (this.#rows >= this.settings.rowGroupRows || this.#chars >= GROUP_CHARS) this.#writeGroup(fields);
    return at;
  }

  /** Writes what is gathered, closes the last shard (an empty one when the split has no row) and returns the shards. */
  async finish(fields: readonly ColumnField[]): Promise<WrittenFile[]> {
    if (this.#rows) this.#writeGroup(fields);
    if (this.#shard || this.#next === 0) this.#close(this.#shard ?? this.#openShard(fields));
    return Promise.all(this.#closing);
  }

  abandon(): void {
    this.#shard?.file.abandon();
    this.#shard = undefined;
    // A shard being closed settles on its own; its failure is the export's, reported once elsewhere.
    for (const c of this.#closing) c.catch(() => undefined);
  }

  #openShard(fields: readonly ColumnField[]): Shard {
    const file = this.open(shardName(this.split, this.#next++));
    const sink = new ParquetByteSink((bytes) => file.writeBytes(bytes));
    const writer = new ParquetWriter({
      writer: sink, schema: parquetSchema(fields), codec: this.settings.codec, compressors: this.compressors, createdBy: 'Sample Curator (hyparquet-writer)',
      kvMetadata: [{ key: FORMAT_METADATA_KEY, value: this.format }, { key: COLUMNS_METADATA_KEY, value: JSON.stringify(fields) }],
    });
    return { file, sink, writer, rows: 0 };
  }

  #writeGroup(fields: readonly ColumnField[]): void {
    const shard = this.#shard as Shard;
    // No flush hook on the sink: write() runs synchronously, one row group.
    void shard.writer.write({ columnData: fields.map((f, j) => ({ name: f.name, data: this.#columns[j] })), rowGroupSize: this.#rows });
    shard.rows += this.#rows;
    this.#columns = fields.map(() => []);
    this.#rows = 0;
    this.#chars = 0;
    shard.sink.drain();
    if (shard.sink.offset >= this.settings.maxShardBytes) {
      this.#close(shard);
      this.#shard = undefined;
    }
  }

  #close(shard: Shard): void {
    void shard.writer.finish();
    const rows = shard.rows;
    this.#closing.push(shard.file.finish(this.named ? this.split : undefined).then((w) => ({ ...w, lines: rows })));
  }
}

/**
 * The Parquet side of an export: the format's columns (or, for `original`, the first fitting
 * record's), the check that a record fits them exactly, and one SplitShards per split.
 */
export class ParquetExport implements DataSink {
  #columns: readonly ColumnField[] | undefined;
  readonly #splits: Map<SplitName, SplitShards>;
  readonly settings: ParquetSettings;

  /**
   * `splits`: the splits written (train, and validation with a split), each with at least one shard.
   * `hashOf`: the hash of a new shard (a worker's, in a large export); undefined: on this thread.
   */
  constructor(fsOps: ExportFs, folder: string, format: ExportFormatId, options: ParquetOptions, splits: readonly SplitName[], hashOf: (name: string) => FileHash | undefined) {
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
    this.#splits = new Map(splits.map((s) => [s, new SplitShards(s, named, format, this.settings, compressors, open)]));
  }

  /** Why `record` cannot be a row of these shards exactly; undefined when it can. The first record that fits an `original` export fixes its columns. */
  misfit(record: { readonly [key: string]: unknown }): string | undefined {
    if (this.#columns) return recordMisfit(record, this.#columns);
    const columns = columnsOfFirstRecord(record);
    const m = recordMisfit(record, columns);
    if (!m) this.#columns = columns;
    return m;
  }

  /** Adds a record that fits (misfit said so); returns its shard and 1-based row there. */
  add(split: SplitName, record: { readonly [key: string]: unknown }, chars: number): { file: string; row: number } {
    return (this.#splits.get(split) as SplitShards).add(this.#columns as readonly ColumnField[], record, chars);
  }

  get backedUp(): boolean {
    for (const s of this.#splits.values()) if (s.current?.backedUp) return true;
    return false;
  }

  async drained(): Promise<void> {
    for (const s of this.#splits.values()) await s.current?.drained();
  }

  /** Every split's shards, in split order, then shard order. */
  async finish(): Promise<WrittenFile[]> {
    const out: WrittenFile[] = [];
    for (const s of this.#splits.values()) out.push(...(await s.finish(this.#columns ?? [])));
    return out;
  }

  abandon(): void {
    for (const s of this.#splits.values()) s.abandon();
  }
}
