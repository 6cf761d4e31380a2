// How a Parquet file is cut for conversion: each row group whole or, where the file has a page
// index for the columns of a large group, that group in parts of about equal rows (hyparquet then
// reads and decodes only a part's pages). A converter holds a part's rows and lines at a time, so
// parts bound its memory whatever the writer chose for a row group (100k rows of long chats is
// 150 MB). Without a page index a part would cost decoding the group's nested columns whole once
// per part, so such a group stays whole; a small column chunk without one (writers give a
// one-page chunk none) is cheap to read once per part.
import type { ColumnChunk, FileMetaData } from 'hyparquet';

/** A column chunk without a page index up to this size is read whole by each part. */
const SMALL_CHUNK_BYTES = 1 << 20;

function cuttable(c: ColumnChunk): boolean {
  return (c.offset_index_offset !== undefined && !!c.offset_index_length) || Number(c.meta_data?.total_uncompressed_size ?? Infinity) <= SMALL_CHUNK_BYTES;
}

/** Rows [start, end) of the file (0-based), all in row group `group`. */
export interface ParquetPart {
  readonly group: number;
  readonly start: number;
  readonly end: number;
  /** The part's share of its group's uncompressed bytes. */
  readonly bytes: number;
  /** The whole group, not a part of it. */
  readonly whole: boolean;
}

/** The file's parts in row order; groups of more than `maxPartBytes` cut where they have a page index. */
export function parquetParts(metadata: FileMetaData, maxPartBytes = Infinity): ParquetPart[] {
  const parts: ParquetPart[] = [];
  let first = 0;
  metadata.row_groups.forEach((group, g) => {
    const rows = Number(group.num_rows);
    const bytes = Number(group.total_byte_size);
    const indexed = group.columns.every(cuttable);
    const count = indexed && bytes > maxPartBytes ? Math.min(rows, Math.ceil(bytes / maxPartBytes)) : 1;
    for (let k = 0; k < count; k++) {
      const start = first + Math.floor((rows * k) / count);
      const end = first + Math.floor((rows * (k + 1)) / count);
      parts.push({ group: g, start, end, bytes: rows ? (bytes * (end - start)) / rows : 0, whole: count === 1 });
    }
    first += rows;
  });
  return parts;
}
