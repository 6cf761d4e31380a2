// What a read or a decision says when a source file no longer holds, at the indexed offset, the
// bytes the index names: the file changed on disk after it was indexed. Nothing is shown, decided
// or exported from such bytes; the host re-indexes the file (reopens the store) and tries again.

/** The bytes at a record's indexed offset no longer hash to its indexed content hash. */
export class SourceChangedError extends Error {
  override readonly name = 'SourceChangedError';
  constructor(readonly source: string) {
    super(`${source} changed on disk since it was indexed; re-indexing`);
  }
}

/** A decision named a sample (by id) that the index no longer holds at that position. */
export class StaleSampleError extends Error {
  override readonly name = 'StaleSampleError';
  constructor(readonly index: number, readonly expectedId: string, readonly actualId: string) {
    super(`sample ${index + 1} is no longer the one shown (${expectedId}; the store now holds ${actualId} there): nothing was recorded; look at it again`);
  }
}
