// A generated chat set as one Parquet file, in the shape Hub chat sets have (SmolTalk, Tulu 3:
// `messages` list<struct<role, content>> + `source`, here with `model` too), streamed row group by
// row group: memory holds one row group and a megabyte of encoded bytes, whatever the row count.
// Row i is chatRecord(next, i) of one seeded stream (testkit/synthetic/chatSamples.ts), so a reader
// can draw the expected rows again from the same seed.
import * as fs from 'node:fs';
import { ParquetWriter, type SchemaElement } from 'hyparquet-writer';
import { ParquetByteSink } from '../../src/core/export/parquetByteSink';
import { field, listOf, parquetSchema, STRING, struct, type ColumnField } from '../../src/core/formats/parquetColumns';
import { writeFully } from '../../src/core/journal/durableWrite';
import { chatRecord } from '../synthetic/chatSamples';
import { rng } from '../synthetic/seededRandom';
import { testCompressors, type TestCodec } from './parquetWriting';

export interface ChatParquetRow {
  readonly messages: readonly { readonly role: string; readonly content: string }[];
  readonly source: string;
  readonly model: string;
}

export interface ChatParquetOptions {
  /** Default ZSTD (what Hub sets are commonly written in); every TestCodec works. */
  readonly codec?: TestCodec;
  /** Rows per row group (default 10,000). */
  readonly rowGroupSize?: number;
  /** The random stream's seed (default 42, the bench sets' seed). */
  readonly seed?: number;
  /** Write a page index (default true, as hyparquet-writer does); pyarrow, and so `datasets`, write none by default. */
  readonly pageIndex?: boolean;
}

/** The subsets a SmolTalk-like mixture names in `source`; row i has SOURCES[i % 5]. */
export const CHAT_PARQUET_SOURCES = ['smol-magpie-ultra', 'smol-constraints', 'smol-rewrite', 'smol-summarize', 'openhermes-100k'] as const;

/** The file's columns, every field required (as the export's column description, parquetColumns.ts). */
/** A chat set's two columns every Hub chat set has (SmolTalk, Tulu 3): the tests' own small files use them. */
export const MESSAGES_AND_SOURCE: readonly ColumnField[] = [
  field('messages', listOf(struct(field('role', STRING), field('content', STRING)))),
  field('source', STRING),
];

export const CHAT_PARQUET_COLUMNS: readonly ColumnField[] = [...MESSAGES_AND_SOURCE, field('model', STRING)];

/** Its Parquet schema: messages in the standard three-level LIST layout. */
export const CHAT_PARQUET_SCHEMA: SchemaElement[] = parquetSchema(CHAT_PARQUET_COLUMNS);

/** Row i of the stream `next` (call in order, from i = 0). */
export function chatParquetRow(next: () => number, i: number): ChatParquetRow {
  const r = chatRecord(next, i);
  return { messages: r.messages, source: CHAT_PARQUET_SOURCES[i % CHAT_PARQUET_SOURCES.length], model: r.metadata.model };
}

/**
 * Writes `rows` generated chat rows to `file` (created or replaced) as Parquet; resolves with the
 * row groups and bytes written. About 1.4 KB of text a row: 1M rows in zstd are ~0.5 GB.
 */
export async function writeChatParquet(file: string, rows: number, options: ChatParquetOptions = {}): Promise<{ rows: number; rowGroups: number; bytes: number }> {
  const groupRows = Math.max(1, options.rowGroupSize ?? 10_000);
  const next = rng(options.seed ?? 42);
  const fd = fs.openSync(file, 'w');
  try {
    const sink = new ParquetByteSink((bytes) => writeFully(fd, bytes));
    const writer = new ParquetWriter({ writer: sink, schema: CHAT_PARQUET_SCHEMA, codec: options.codec ?? 'ZSTD', compressors: await testCompressors() });
    let rowGroups = 0;
    for (let start = 0; start < rows; start += groupRows) {
      const n = Math.min(groupRows, rows - start);
      const messages: ChatParquetRow['messages'][] = new Array(n);
      const sources: string[] = new Array(n);
      const models: string[] = new Array(n);
      for (let k = 0; k < n; k++) {
        const row = chatParquetRow(next, start + k);
        messages[k] = row.messages;
        sources[k] = row.source;
        models[k] = row.model;
      }
      void writer.write({
        columnData: [{ name: 'messages', data: messages }, { name: 'source', data: sources }, { name: 'model', data: models }].map((c) => ({ ...c, offsetIndex: options.pageIndex ?? true })),
        rowGroupSize: n,
      });
      sink.drain();
      rowGroups++;
    }
    void writer.finish();
    return { rows, rowGroups, bytes: sink.offset };
  } finally {
    fs.closeSync(fd);
  }
}
