// How hyparquet reads a Parquet file: through an AsyncBuffer, whose slice(start, end) resolves
// with those bytes. hyparquet's own asyncBufferFromFile opens the file again for every slice and
// reads it as a stream of 64 KiB chunks joined at the end: a row group's column chunks are
// megabytes, so that is hundreds of reads and a copy of every byte, and on a cold first sample a
// dozen round trips to the thread pool. This one holds the file open and reads each slice with
// one positioned read into memory of its own.
import { open } from 'node:fs/promises';
import type { AsyncBuffer } from 'hyparquet';

export interface ParquetFileReads extends AsyncBuffer {
  close(): Promise<void>;
}

export async function openParquetFile(absPath: string): Promise<ParquetFileReads> {
  const fh = await open(absPath, 'r');
  let size: number;
  try {
    size = (await fh.stat()).size;
  } catch (e) {
    await fh.close();
    throw e;
  }
  return {
    byteLength: size,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const from = Math.max(0, start);
      const length = Math.max(0, Math.min(end ?? size, size) - from);
      // allocUnsafeSlow: an ArrayBuffer of exactly this slice (not a share of Node's pool), as hyparquet expects.
      const buf = Buffer.allocUnsafeSlow(length);
      let got = 0;
      while (got < length) {
        const { bytesRead } = await fh.read(buf, got, length - got, from + got);
        if (bytesRead === 0) throw new Error(`the file ends at byte ${from + got}, before the ${size} bytes it had when opened (it changed while being read)`);
        got += bytesRead;
      }
      return buf.buffer as ArrayBuffer;
    },
    close: () => fh.close(),
  };
}
