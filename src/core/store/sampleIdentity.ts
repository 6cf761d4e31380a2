// A sample's identity (what decisions, labels and revisions are keyed by) versus its content hash
// (what says two records are the same text). Identical records are separate samples: the first in
// store order is identified by its content hash, the n-th (n ≥ 2) by a hash derived from (content
// hash, n). Keeping the plain hash for the first copy keeps journals written before identities had
// occurrences readable: their decisions apply to the first copy. Derived ids have the content
// hash's width and lowercase hex, as the ledger and SampleHashTable require.
import { createHash } from 'node:crypto';
import { HASH_BYTES } from '../ingest/lineIndex';
import { SampleHashTable } from './sampleHashTable';

/** Domain separation, so a derived id is never the content hash of some record by construction. */
const COPY_ID_DOMAIN = 'sample-curator/copy-id\0';

/** The identity bytes of the `copy`-th (2, 3, …) record whose content hash is `contentHash`. */
export function copyIdBytes(contentHash: Uint8Array, copy: number): Buffer {
  const n = Buffer.alloc(4);
  n.writeUInt32BE(copy);
  return createHash('sha256').update(COPY_ID_DOMAIN).update(contentHash).update(n).digest().subarray(0, HASH_BYTES);
}

/** The identity (hex) of the `copy`-th (2, 3, …) record whose content hash is `contentHashHex`. */
export function copyId(contentHashHex: string, copy: number): string {
  return copyIdBytes(Buffer.from(contentHashHex, 'hex'), copy).toString('hex');
}

/** Identities of a store's samples. */
export interface SampleIdentities {
  /** HASH_BYTES per sample, in store order. */
  readonly bytes: Uint8Array;
  /** Identity → index. */
  readonly table: SampleHashTable;
  /** Which copy (2, 3, …) each later copy is; 1 for every other sample. 8 bytes a later copy. */
  copyNumberAt(index: number): number;
  /** Whether records repeat (then later copies have derived identities, and the table is not the content hashes'). */
  readonly repeated: boolean;
}

/** Later copies' indices (ascending) and numbers, searched by bisection. */
function copyNumbers(copies: readonly (readonly [number, number])[]): (index: number) => number {
  const sorted = [...copies].sort((a, b) => a[0] - b[0]);
  const indices = Int32Array.from(sorted, (c) => c[0]);
  const numbers = Uint32Array.from(sorted, (c) => c[1]);
  return (index) => {
    let lo = 0;
    let hi = indices.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (indices[mid] === index) return numbers[mid];
      if (indices[mid] < index) lo = mid + 1;
      else hi = mid - 1;
    }
    return 1;
  };
}

/**
 * Identities for samples with these content hashes (HASH_BYTES each, in store order). Without
 * repeated records the content hashes are the identities and `contentHashes` is used as is;
 * otherwise it is copied (when `owned` is false: it may be a cached line index's array) and every
 * later copy's bytes replaced by its derived id. `saved`: the table of these hashes restored from
 * the cache (sampleTableCache.ts), used as is.
 */
export function sampleIdentities(contentHashes: Uint8Array, owned: boolean, saved?: SampleHashTable): SampleIdentities {
  // A saved table is one without repeats (sampleTableCache.ts): the content hashes are the identities.
  if (saved && !saved.hasRepeats) return { bytes: contentHashes, table: saved, copyNumberAt: () => 1, repeated: false };
  const byContent = new SampleHashTable(contentHashes);
  const copies = [...byContent.laterCopies()];
  if (!copies.length) return { bytes: contentHashes, table: byContent, copyNumberAt: () => 1, repeated: false };
  const bytes = owned ? contentHashes : contentHashes.slice();
  for (const [i, copy] of copies) {
    bytes.set(copyIdBytes(contentHashes.subarray(i * HASH_BYTES, (i + 1) * HASH_BYTES), copy), i * HASH_BYTES);
  }
  return { bytes, table: new SampleHashTable(bytes), copyNumberAt: copyNumbers(copies), repeated: true };
}
