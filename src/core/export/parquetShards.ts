// An export's data as Parquet shards: rows gathered into row groups of at most `rowGroupRows` rows
// (or GROUP_CHARS of text, for very long records), each group encoded by hyparquet-writer
// (parquetShardEncoder.ts) — here, or on a worker in a large export (parquetEncoding.ts) — and its
// bytes written into a HashedFile (buffered, hashed, fsynced like every export file). Memory holds,
// per split, the group being gathered and at most one more: a full group waits while the one before
// it is still being encoded.
// A shard is closed after the row group that follows the one that took it past `maxShardBytes`: a
// group's size is known only once it is encoded (on a worker, while the next is gathered), and so
// every row's shard is known when the row is added, for its manifest entry, the same way whether the
// groups are encoded here or on the worker.
// Shards are `data/<split>-00000.parquet`, `-00001`, …: the Hub's `data/<split>-…` prefix without
// its `-of-NNNNN` total, which is known only when the last row is written, after each sample's
// manifest entry has named its shard; the dataset card's `configs` list every shard by name.
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
  /** A shard is closed after the row group following the one that takes it past this many bytes (default 500 MB, `push_to_hub`'s shard size). */
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

/** One split's shards. */
class SplitShards {
  #gathering: GroupRows;
  /** Full, waiting for the group before it to be encoded. */
  #waiting: GroupRows | undefined;
  /** The group sent whose size is not back yet; `closes`: it ends its shard. */
  #encoding: { readonly closes: boolean } | undefined;
  /** The shard of the rows being gathered, the rows before them there, the groups sent to it and its size after the last of them. */
  #shard = 0;
  #rowsBefore = 0;
  #groupsSent = 0;
  #size = 0;
  /** The open shard's file (opened with its first bytes) and the rows of the groups written to it. */
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
    this.#gathering = encoding.rows();
  }

  get current(): HashedFile | undefined {
    return this.#file;
  }

  /** A full group waits for the one before it to be encoded: nothing is added meanwhile (ParquetExport.drained). */
  get waiting(): boolean {
    return this.#waiting !== undefined;
  }

  /** Adds the row; returns its shard and 1-based row there, and the content hash of `line`, its JSON text. */
  add(spec: ShardSpec, record: JsonRecord, line: string): { file: string; row: number; contentHash: string } {
    if (this.#waiting) throw new Error('a full row group waits to be encoded: await drained() before adding rows');
    const g = this.#gathering;
    const contentHash = g.add(record, line);
    const at = { file: shardName(this.split, this.#shard), row: this.#rowsBefore + g.rows, contentHash };
    if (g.rows >= this.settings.rowGroupRows || g.chars >= GROUP_CHARS) this.#seal(spec);
    return at;
  }

  /** Seals what is gathered (when there is any); true while a group is still waiting or being encoded. */
  flush(spec: ShardSpec): boolean {
    if (this.#gathering.rows && !this.#waiting) this.#seal(spec);
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

  /** The group sent last is encoded (`size`: its shard's size then), or the split's end (the open shard is closed). */
  written(size: number | undefined, spec: () => ShardSpec): void {
    if (size === undefined) {
      if (this.#file) this.#close();
      return;
    }
    const sent = this.#encoding;
    this.#encoding = undefined;
    this.#size = size;
    // The group ended its shard: the shard's bytes, footer included, are all written.
    if (sent?.closes) this.#close();
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
    this.#gathering = this.encoding.rows();
    if (this.#encoding) this.#waiting = full;
    else this.#send(full, spec);
  }

  /** Sends a group to be encoded (the one before it is: its size decides whether this one ends the shard). */
  #send(g: GroupRows, spec: ShardSpec): void {
    const close = this.#groupsSent > 0 && this.#size >= this.settings.maxShardBytes;
    this.#fileRows += g.rows;
    if (close) {
      this.#shard++;
      this.#rowsBefore = 0;
      this.#groupsSent = 0;
    } else {
      this.#rowsBefore += g.rows;
      this.#groupsSent++;
    }
    this.#encoding = { closes: close };
    this.encoding.encode(this.split, spec, g, close);
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
   * `workerScript`: out/parquetExportWorker.js, to encode the row groups there; undefined: on this
   * thread. With it the shards are hashed here: this thread then only hands their bytes on, and their
   * SHA-256 (about 1% of the export) costs less than one more worker's memory (~10 MB) and its share
   * of the cores the encoding already keeps busy.
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
    const open = (name: string) => new HashedFile(fsOps, join(folder, name), name, workerScript ? undefined : hashOf(name));
    const named = splits.length > 1;
    const out: EncodedOutput = {
      bytes: (split, chunk) => this.#split(split).bytes(chunk),
      written: (split, size) => {
        this.#split(split).written(size, () => this.#specOf());
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
   * Adds a record that fits (misfit said so), whose JSON text is `line`; returns its shard and
   * 1-based row there, and the content hash of `line`. When backedUp, await drained() first.
   */
  add(split: SplitName, record: JsonRecord, line: string): { file: string; row: number; contentHash: string } {
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
    return (this.#spec ??= { format: this.format, fields: this.#columns ?? [], codec: this.settings.codec });
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
