// A Parquet file's first row, shown while the file converts, read from the first pages of the
// first row group only. hyparquet reads a nested column (a chat's messages) to the end of its
// column chunk whatever rows are asked, unless the file has a page index, which pyarrow and so
// `datasets` do not write by default: a Hub file's first 100k-row group took a second to give its
// first row. Here each column chunk is cut, in a copy of the footer, after its dictionary and
// first data page (page headers read ahead), so hyparquet reads and decodes only those.
//
// The first row is whole when every column's pages reached a second row (a row may run on into a
// next page): the decoder says how far each column got. Otherwise, for a file with a page index
// (whose usual read takes only the pages it needs), and for anything the cut-down read cannot do,
// the row group is read as usual.
import { parquetMetadataAsync, type AsyncBuffer, type ColumnMetaData, type FileMetaData } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { openParquetFile } from './parquetFileReads';
import { parquetRowStringifier, readParquetRows, recordOfFile } from './parquetLines';

/** Read ahead for a page header (a few hundred bytes with its statistics): enough to hold a small dictionary page and the next header too. */
const HEADER_BYTES = 64 * 1024;
/** Data pages taken at most, looking for a second row (data page v2 counts its rows; v1 pages are checked by decoding). */
const MAX_PAGES = 4;

/** How many bytes from its start hold the column chunk's dictionary and its first data pages. */
async function firstPagesLength(file: AsyncBuffer, meta: ColumnMetaData): Promise<number> {
  const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
  const end = start + Number(meta.total_compressed_size);
  let at = start;
  let rows = 0;
  let ahead = { from: 0, bytes: new ArrayBuffer(0) };
  for (let pages = 0; pages < MAX_PAGES && at < end;) {
    // A header past what was read ahead (after a large page), or running past its end, is read from where it starts.
    const readAhead = async () => (ahead = { from: at, bytes: await file.slice(at, Math.min(end, at + HEADER_BYTES)) });
    if (at >= ahead.from + ahead.bytes.byteLength) await readAhead();
    let reader = { view: new DataView(ahead.bytes, at - ahead.from), offset: 0 };
    let header: ReturnType<typeof parquetHeader>;
    try {
      header = parquetHeader(reader);
    } catch (e) {
      if (ahead.from === at) throw e;
      await readAhead();
      reader = { view: new DataView(ahead.bytes), offset: 0 };
      header = parquetHeader(reader);
    }
    at += reader.offset + header.compressed_page_size;
    if (header.type === 'DICTIONARY_PAGE') continue;
    pages++;
    rows += header.data_page_header_v2?.num_rows ?? Infinity;
    if (rows >= 2) break;
  }
  return Math.min(at, end) - start;
}

/** The first row of row group 1, from its first pages; undefined when those do not hold it whole. */
export async function firstRowFromFirstPages(file: AsyncBuffer, metadata: FileMetaData): Promise<Record<string, unknown> | undefined> {
  const group = metadata.row_groups[0];
  if (!group || Number(group.num_rows) < 2 || group.columns.some((c) => !c.meta_data || c.file_path)) return undefined;
  // With a page index the usual read already takes only the pages holding the row.
  if (group.columns.every((c) => c.offset_index_offset !== undefined)) return undefined;
  const lengths = await Promise.all(group.columns.map((c) => firstPagesLength(file, c.meta_data as ColumnMetaData)));
  const cut: FileMetaData = {
    ...metadata,
    num_rows: group.num_rows,
    row_groups: [{
      ...group,
      columns: group.columns.map((c, j) => ({
        ...c, offset_index_offset: undefined, offset_index_length: undefined,
        meta_data: { ...(c.meta_data as ColumnMetaData), total_compressed_size: BigInt(lengths[j]) },
      })),
    }],
  };
  const reached = new Map<string, number>();
  const rows = await readParquetRows(file, cut, 0, 2, {
    // Named columns: the cut chunks are read apart (as one span, the rest of each chunk comes too).
    columns: [...new Set(group.columns.map((c) => (c.meta_data as ColumnMetaData).path_in_schema[0]))],
    onPage: (page) => {
      const key = page.pathInSchema.join('.');
      reached.set(key, Math.max(reached.get(key) ?? 0, page.rowEnd));
    },
  });
  const whole = reached.size === group.columns.length && [...reached.values()].every((end) => end >= 2);
  return whole ? rows[0] : undefined;
}

/** The first row of the file as JSON text, read alone (the panel shows it while the rest converts); undefined when it has none. */
export async function firstParquetRow(absPath: string): Promise<string | undefined> {
  const file = await openParquetFile(absPath);
  try {
    const metadata = await parquetMetadataAsync(file);
    if (Number(metadata.num_rows) === 0) return undefined;
    // A damaged first page (or a header past the read-ahead) is left to the usual read to name.
    const row = (await firstRowFromFirstPages(file, metadata).catch(() => undefined)) ?? (await readParquetRows(file, metadata, 0, 1))[0];
    return row && parquetRowStringifier(metadata, new Set())(recordOfFile(metadata)(row));
  } finally {
    await file.close();
  }
}
