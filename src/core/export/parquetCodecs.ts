// The codecs Parquet shards can be written with, and the compressors each needs: snappy is
// hyparquet-writer's own, gzip and zstd this Node's zlib (no dependency of our own for them). Apart
// from the shards so the Parquet export worker (parquetExportWorker.ts) loads only what it encodes with.
import * as zlib from 'node:zlib';
import type { CompressionCodec } from 'hyparquet';

export type ParquetCodec = 'SNAPPY' | 'ZSTD' | 'GZIP' | 'UNCOMPRESSED';

export type Compress = (input: Uint8Array) => Uint8Array;

/** zlib's zstd (Node 22.15+), when this Node has it. */
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
