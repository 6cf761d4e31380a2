// One split's Parquet shards encoded, row group by row group: hyparquet-writer's ParquetWriter into a
// ParquetByteSink, the shard closed after the group the caller says (parquetShards.ts decides, from
// the sizes this reports). The same code runs on the export's thread (a small export) and on the
// Parquet export worker (parquetExportWorker.ts, a large one), so both give the same bytes; where
// the bytes go (an export file) is the caller's.
import { ParquetWriter } from 'hyparquet-writer';
import { ParquetByteSink } from './parquetByteSink';
import type { ExportFormatId, JsonRecord } from './exportFormats';
import { parquetCompressors, type Compress, type ParquetCodec } from './parquetCodecs';
import { COLUMNS_METADATA_KEY, parquetSchema, type ColumnField } from '../formats/parquetColumns';
import type { CompressionCodec } from 'hyparquet';

/** The key-value metadata key naming the export format of a shard. */
export const FORMAT_METADATA_KEY = 'sample_curator.format';

/** What a split's shards are: everything the encoder needs, plain data (it is posted to the worker). */
export interface ShardSpec {
  readonly format: ExportFormatId;
  readonly fields: readonly ColumnField[];
  readonly codec: ParquetCodec;
}

export class ShardEncoder {
  #writer: ParquetWriter | undefined;
  #sink: ParquetByteSink | undefined;
  #opened = 0;
  readonly #compressors: Partial<Record<CompressionCodec, Compress>>;

  /** `out`: the next bytes of the open shard, a view of the encoder's buffer: written or copied before it returns. */
  constructor(private readonly spec: ShardSpec, private readonly out: (bytes: Uint8Array) => void) {
    const compressors = parquetCompressors(spec.codec);
    if (typeof compressors === 'string') throw new Error(compressors);
    this.#compressors = compressors;
  }

  /**
   * Writes `records` as one row group of the open shard (opening one first), then closes the shard
   * when `close` (all its bytes are then out); returns the shard's size after the group, before any footer.
   */
  writeGroup(records: readonly JsonRecord[], close: boolean): number {
    const writer = this.#writer ?? this.#open();
    const sink = this.#sink as ParquetByteSink;
    // No flush hook on the sink: write() runs synchronously, one row group.
    void writer.write({ columnData: this.spec.fields.map((f) => ({ name: f.name, data: records.map((r) => r[f.name]) })), rowGroupSize: records.length });
    sink.drain();
    const size = sink.offset;
    if (close) this.#close(writer);
    return size;
  }

  /** Closes the open shard, or writes an empty one when the split had none (every split has a shard). */
  finish(): void {
    if (this.#writer || this.#opened === 0) this.#close(this.#writer ?? this.#open());
  }

  #open(): ParquetWriter {
    this.#opened++;
    this.#sink = new ParquetByteSink(this.out);
    this.#writer = new ParquetWriter({
      writer: this.#sink, schema: parquetSchema(this.spec.fields), codec: this.spec.codec, compressors: this.#compressors, createdBy: 'Sample Curator (hyparquet-writer)',
      kvMetadata: [{ key: FORMAT_METADATA_KEY, value: this.spec.format }, { key: COLUMNS_METADATA_KEY, value: JSON.stringify(this.spec.fields) }],
    });
    return this.#writer;
  }

  #close(writer: ParquetWriter): void {
    void writer.finish();
    this.#writer = undefined;
    this.#sink = undefined;
  }
}
