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

  test('firstIndexOfWords and nextIndex find what indicesOf finds, by the ledger\'s words (first and last 8 hex digits)', () => {
    const texts = Array.from({ length: 3000 }, (_, i) => `sample ${i % 2500}`);
    const hexes = texts.map((t) => contentHash(Buffer.from(t)));
    const bytes = new Uint8Array(texts.length * HASH_BYTES);
    hexes.forEach((h, i) => bytes.set(Buffer.from(h, 'hex'), i * HASH_BYTES));
    const table = new SampleHashTable(bytes);
    const byWords = (hex: string) => {
      const found: number[] = [];
      for (let i = table.firstIndexOfWords(parseInt(hex.slice(0, 8), 16), parseInt(hex.slice(8), 16)); i !== -1; i = table.nextIndex(i)) found.push(i);
      return found;
    };
    for (let i = 0; i < 2500; i++) assert.deepEqual(byWords(hexes[i]), table.indicesOf(hexes[i]), `sample ${i}`);
    assert.deepEqual(byWords(hexes[700]), [700]);
    assert.deepEqual(byWords(hexes[20]), [20, 2520]);
    // Same first word, other second word: not found (both words are compared, not only the probe).
    const other = hexes[3].slice(0, 8) + (parseInt(hexes[3].slice(8), 16) ^ 1).toString(16).padStart(8, '0');
    assert.deepEqual(byWords(other), []);
    assert.equal(table.hasRepeats, true);
    assert.equal(new SampleHashTable(bytes.subarray(0, 100 * HASH_BYTES)).hasRepeats, false);
  });

  test('an empty table answers empty', () => {
    assert.deepEqual(new SampleHashTable(new Uint8Array(0)).indicesOf('0011223344556677'), []);
  });
});
