// lz4js ships no types; the two functions testkit/parquet/parquetWriting.ts uses.
declare module 'lz4js' {
  export function compressBound(size: number): number;
  /** Compresses src[sIndex, sIndex + sLength) into dst as one raw LZ4 block; its size, 0 when it did not compress. */
  export function compressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, hashTable: Uint32Array): number;
}
