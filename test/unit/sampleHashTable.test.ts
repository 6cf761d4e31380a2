// Hash → indices without a Map of strings.
import * as assert from 'node:assert/strict';
import { contentHash, HASH_BYTES } from '../../src/core/ingest/lineIndex';
import { SampleHashTable } from '../../src/core/store/sampleHashTable';

suite('sampleHashTable', () => {
  test('finds every sample, chains identical ones in order, misses unknown hashes', () => {
    const texts = Array.from({ length: 5000 }, (_, i) => `sample ${i % 4000}`);
    const hexes = texts.map((t) => contentHash(Buffer.from(t)));
    const bytes = new Uint8Array(texts.length * HASH_BYTES);
    hexes.forEach((h, i) => bytes.set(Buffer.from(h, 'hex'), i * HASH_BYTES));
    const table = new SampleHashTable(bytes);
    for (let i = 0; i < 4000; i++) {
      const expected = i < 1000 ? [i, i + 4000] : [i];
      assert.deepEqual(table.indicesOf(hexes[i]), expected, `sample ${i}`);
    }
    assert.deepEqual(table.indicesOf(contentHash(Buffer.from('never seen'))), []);
    assert.deepEqual(table.indicesOf('zz'), []);
    assert.deepEqual(table.indicesOf('not hex at all!!'), []);
  });

  test('laterCopies names every second, third… copy with its number, and nothing without repeats', () => {
    const hexes = ['a', 'b', 'a', 'c', 'a', 'b'].map((t) => contentHash(Buffer.from(t)));
    const bytes = new Uint8Array(hexes.length * HASH_BYTES);
    hexes.forEach((h, i) => bytes.set(Buffer.from(h, 'hex'), i * HASH_BYTES));
    assert.deepEqual([...new SampleHashTable(bytes).laterCopies()].sort((x, y) => x[0] - y[0]), [[2, 2], [4, 3], [5, 2]]);
    assert.deepEqual([...new SampleHashTable(bytes.subarray(0, 2 * HASH_BYTES)).laterCopies()], []);
  });

  test('an empty table answers empty', () => {
    assert.deepEqual(new SampleHashTable(new Uint8Array(0)).indicesOf('0011223344556677'), []);
  });
});
