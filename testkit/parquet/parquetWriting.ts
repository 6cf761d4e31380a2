// Writing Parquet files for tests and benchmarks, in every codec a reader meets: the library
// (hyparquet-writer) brings snappy; gzip and brotli come from node:zlib, zstd from a wasm build of
// the reference library (@bokuweb/zstd-wasm), LZ4 from lz4js: dev dependencies, for writing test
// files only (the extension reads every codec through hyparquet-compressors). Hadoop's framed LZ4
// ('LZ4') is the raw block behind two big-endian lengths, which is how Hadoop and pyarrow write it.
import * as zlib from 'node:zlib';
import { init as zstdInit, compress as zstdCompress } from '@bokuweb/zstd-wasm';
import * as lz4 from 'lz4js';
import { parquetWriteFile, type ColumnSource } from 'hyparquet-writer';
import type { CompressionCodec } from 'hyparquet';

export type TestCodec = 'UNCOMPRESSED' | 'SNAPPY' | 'GZIP' | 'BROTLI' | 'ZSTD' | 'LZ4' | 'LZ4_RAW';
export const TEST_CODECS: readonly TestCodec[] = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI', 'ZSTD', 'LZ4', 'LZ4_RAW'];

type Compressor = (input: Uint8Array) => Uint8Array;

function lz4Block(input: Uint8Array): Uint8Array {
  const out = new Uint8Array(lz4.compressBound(input.length));
  const size = lz4.compressBlock(input, out, 0, input.length, new Uint32Array(1 << 16));
  // lz4js returns 0 for input it does not compress; a block of literals only is still valid LZ4.
  if (size > 0) return out.subarray(0, size);
  return literalsOnlyBlock(input);
}

/** One LZ4 sequence of literals and no match: the token, the length's extra bytes, the bytes. */
function literalsOnlyBlock(input: Uint8Array): Uint8Array {
  const extra: number[] = [];
  if (input.length >= 15) {
    let rest = input.length - 15;
    while (rest >= 255) {
      extra.push(255);
      rest -= 255;
    }
    extra.push(rest);
  }
  const out = new Uint8Array(1 + extra.length + input.length);
  out[0] = Math.min(15, input.length) << 4;
  out.set(extra, 1);
  out.set(input, 1 + extra.length);
  return out;
}

function hadoopLz4(input: Uint8Array): Uint8Array {
  const block = lz4Block(input);
  const out = new Uint8Array(8 + block.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, input.length);
  view.setUint32(4, block.length);
  out.set(block, 8);
  return out;
}

/**
 * The wasm module is initialised once per process: a second init() (every test file bundles its own
 * copy of this module, the package itself is shared) leaves it producing frames no decoder reads.
 */
const shared = globalThis as { sampleCuratorZstdReady?: Promise<void> };

/** The compressors for every TestCodec (snappy is the writer's own). */
export async function testCompressors(): Promise<Partial<Record<CompressionCodec, Compressor>>> {
  await (shared.sampleCuratorZstdReady ??= zstdInit());
  return {
    GZIP: (b) => zlib.gzipSync(b),
    BROTLI: (b) => zlib.brotliCompressSync(b),
    // The wasm build hands back a view of its own memory, which the next call overwrites: copied.
    ZSTD: (b) => zstdCompress(Buffer.from(b.buffer, b.byteOffset, b.byteLength), 3).slice(),
    LZ4: hadoopLz4,
    LZ4_RAW: lz4Block,
  };
}

export interface TestParquetOptions {
  readonly codec?: TestCodec;
  readonly rowGroupSize?: number | number[];
  /** Target uncompressed bytes a page (hyparquet-writer's default 1 MB); a chunk of several pages gets a page index. */
  readonly pageSize?: number;
  /** An explicit schema (hyparquet-writer's SchemaElement list), for nested columns. */
  readonly schema?: Parameters<typeof parquetWriteFile>[0]['schema'];
  readonly kvMetadata?: { key: string; value?: string }[];
}

/** Writes `columnData` to `filename` as Parquet in `codec` (default snappy). */
export async function writeTestParquet(filename: string, columnData: ColumnSource[], options: TestParquetOptions = {}): Promise<void> {
  parquetWriteFile({
    filename,
    columnData,
    codec: options.codec ?? 'SNAPPY',
    compressors: await testCompressors(),
    ...(options.rowGroupSize !== undefined ? { rowGroupSize: options.rowGroupSize } : {}),
    ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
    ...(options.schema ? { schema: options.schema } : {}),
    ...(options.kvMetadata ? { kvMetadata: options.kvMetadata } : {}),
  });
}
