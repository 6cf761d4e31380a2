// Reads many records by offset without a system call per record: consecutive records are served
// from one window of the file. Used by scans (search, filters) that visit samples in store order.
import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { contentHash, readLineBytes } from './lineIndex';
import { SourceChangedError } from './sourceChanged';

/** Where a record's bytes are: the indexed UTF-8 JSONL file, the byte offset and the length. */
export interface RecordSpan {
  readonly path: string;
  readonly start: number;
  readonly length: number;
  /**
   * The record's indexed content hash (lineIndex.ts contentHash). When given, read() checks the
   * bytes against it and throws SourceChangedError if the file changed since it was indexed.
   */
  readonly hash?: string;
  /** How the error names the file (the source's name in the store; default: the path's base name). */
  readonly file?: string;
}

const WINDOW_BYTES = 4 << 20;
/** Window read when records are sparse, so a far-apart record costs about its own size. */
const SPARSE_WINDOW_BYTES = 64 << 10;

export class RecordWindow {
  readonly #buffer: Buffer;
  #path: string | undefined;
  #fd: number | undefined;
  #windowStart = 0;
  #windowLength = 0;
  #served = 0;

  constructor(windowBytes = WINDOW_BYTES) {
    this.#buffer = Buffer.allocUnsafe(windowBytes);
  }

  /**
   * The record's bytes. The view is only valid until the next call (the window is reused);
   * copy it to keep it. A record shorter than `length` on disk (file truncated) comes back short,
   * unless the span carries its hash: then bytes that do not hash to it throw SourceChangedError.
   */
  read(span: RecordSpan): Uint8Array {
    const bytes = this.#read(span);
    if (span.hash !== undefined && contentHash(bytes) !== span.hash) throw new SourceChangedError(span.file ?? basename(span.path));
    return bytes;
  }

  /**
   * The bytes at the span without the hash check: only for a pass whose every use of them is
   * checked again later (the export's licence pass: the write reads and checks each record it
   * writes, so a file changed in between fails the export there). Same view rules as read().
   */
  readUnchecked(span: RecordSpan): Uint8Array {
    return this.#read(span);
  }

  #read(span: RecordSpan): Uint8Array {
    if (span.path !== this.#path) this.#open(span.path);
    const fd = this.#fd as number;
    const offset = span.start - this.#windowStart;
    if (offset >= 0 && offset + span.length <= this.#windowLength) {
      this.#served += span.length;
      return this.#buffer.subarray(offset, offset + span.length);
    }
    if (span.length > this.#buffer.length) return readLineBytes(fd, span.start, span.length);
    // Big windows only while the last one was mostly used: dense scans read ahead, sparse ones don't.
    const dense = this.#windowLength === 0 || this.#served * 4 >= this.#windowLength;
    const want = Math.min(this.#buffer.length, Math.max(span.length, dense ? this.#buffer.length : SPARSE_WINDOW_BYTES));
    let got = 0;
    while (got < want) {
      const n = readSync(fd, this.#buffer, got, want - got, span.start + got);
      if (n === 0) break;
      got += n;
    }
    this.#windowStart = span.start;
    this.#windowLength = got;
    this.#served = Math.min(span.length, got);
    return this.#buffer.subarray(0, this.#served);
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    this.#path = undefined;
    this.#windowLength = 0;
  }

  #open(path: string): void {
    this.close();
    this.#fd = openSync(path, 'r');
    this.#path = path;
  }
}
