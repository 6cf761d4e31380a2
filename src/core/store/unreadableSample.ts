// The refusal of an accept on a record that is not readable as a sample (invalid JSON, a shape no
// format reads, over the size limit): there is nothing in it to train on and export would refuse it,
// so it is never accepted. Rejecting or skipping it stays possible.

export class UnreadableSampleError extends Error {
  override readonly name = 'UnreadableSampleError';

  constructor(readonly source: string, readonly line: number, why: string | undefined) {
    // `why` is the reader's message, which names the place again and says how to fix the line.
    super(`${source}:${line} cannot be accepted: ${why ? why.replace(/^[^:]*:\d+: /, '') : 'it is not readable as a sample'}. Reject or skip it until the line is fixed (the store reads it again on save).`);
  }
}
