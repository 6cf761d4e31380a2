// The store's indexed source files in sample order: which file and line a store index is, and the
// bytes of a record, checked against the hash it was indexed with.
import { closeSync, openSync } from 'node:fs';
import type { FileStamp } from '../ingest/fileIdentity';
import { contentHash, hashHex, readLineBytes, type LineIndex } from '../ingest/lineIndex';
import type { PreparedSource } from '../ingest/preparedSource';
import { SourceChangedError } from '../ingest/sourceChanged';

/** A message about a source file; `message` names the file (and line) itself. */
export interface StoreProblem {
  readonly source: string;
  readonly message: string;
}

export interface SourceFile {
  readonly relPath: string;
  /** The plain UTF-8 JSONL that is indexed: the original file or its converted copy in the cache. */
  readonly absPath: string;
  readonly index: LineIndex;
  /** Index of this file's first sample in the store's sample order. */
  readonly offset: number;
  /** The identity of absPath when indexed (fileIdentity.ts): the index cache's and the checks' key. */
  readonly key: string;
  /** absPath's size, mtime and inode when indexed: a decision first checks the file still has them. */
  readonly stamp: FileStamp;
  /** How the original file became the JSONL at absPath (line mapping, encoding, notes). */
  readonly prepared: PreparedSource;
}

export class SourceFiles {
  /** `onChangedOnDisk`: told a source's name when a read finds its bytes changed since indexing. */
  constructor(readonly list: readonly SourceFile[], private readonly onChangedOnDisk: (relPath: string) => void) {}

  get size(): number {
    const last = this.list[this.list.length - 1];
    return last ? last.offset + last.index.starts.length : 0;
  }

  /** The source file holding store index `index`, and the record's index within it. */
  locate(index: number): [SourceFile, number] {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new RangeError(`no sample at index ${index}`);
    let lo = 0;
    let hi = this.list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.list[mid].offset <= index) lo = mid;
      else hi = mid - 1;
    }
    const s = this.list[lo];
    return [s, index - s.offset];
  }

  /** The record's bytes, checked against its indexed content hash (SourceChangedError if they differ). */
  bytesAt(s: SourceFile, i: number): Buffer {
    let fd: number;
    try {
      fd = openSync(s.absPath, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw this.changedOnDisk(s);
      throw e;
    }
    let bytes: Buffer;
    try {
      bytes = readLineBytes(fd, s.index.starts[i], s.index.lengths[i]);
    } finally {
      closeSync(fd);
    }
    if (contentHash(bytes) !== hashHex(s.index, i)) throw this.changedOnDisk(s);
    return bytes;
  }

  /** Tells the listener and returns the error to throw. */
  changedOnDisk(s: SourceFile): SourceChangedError {
    this.onChangedOnDisk(s.relPath);
    return new SourceChangedError(s.relPath);
  }
}
