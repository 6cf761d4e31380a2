// The ledger's slot table of sample hashes: 16-hex hashes as words, any other hex as text.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatHash, LedgerHashes } from '../../src/core/journal/ledgerHashes';
import { contentHash } from '../../src/core/ingest/lineIndex';

const hex16 = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff })).map(([hi, lo]) => formatHash(hi, lo));

suite('ledgerHashes', () => {
  test('formats words as 16 lowercase hex characters and back, zeros and all-ones included', () => {
    assert.equal(formatHash(0, 0), '0000000000000000');
    assert.equal(formatHash(0xffffffff, 1), 'ffffffff00000001');
    for (const h of ['0000000000000000', 'ffffffffffffffff', '0123456789abcdef', '8000000000000000', contentHash(Buffer.from('x'))]) {
      const t = new LedgerHashes();
      assert.equal(t.hashAt(t.add(h)), h);
    }
    fc.assert(fc.property(hex16, (h) => {
      const t = new LedgerHashes();
      const slot = t.add(h);
      return t.hashAt(slot) === h && t.slotOf(h) === slot && LedgerHashes.fromWords(t.words(), t.oddHashes()).hashAt(slot) === h;
    }), { numRuns: 500 });
  });

  test('slots in first-seen order through many growths; every hash found, unknown ones not', () => {
    const t = new LedgerHashes();
    const hashes = Array.from({ length: 100_000 }, (_, i) => contentHash(Buffer.from(`sample ${i}`)));
    hashes.forEach((h, i) => assert.equal(t.add(h), i));
    hashes.forEach((h, i) => assert.equal(t.add(h), i, 'adding again gives the same slot'));
    assert.equal(t.size, hashes.length);
    hashes.forEach((h, i) => {
      assert.equal(t.slotOf(h), i);
      assert.equal(t.hashAt(i), h);
    });
    assert.equal(t.slotOf(contentHash(Buffer.from('never seen'))), -1);
  });

  test('addWordsNear: a right guess is the slot, a wrong one, out of range or odd, falls back to the table', () => {
    const t = new LedgerHashes();
    const odd = t.add('abc'); // words 0, 0 in the arrays
    const zero = t.add('0000000000000000');
    const one = t.add('0000000000000001');
    assert.equal(t.addWordsNear(0, 0, odd), zero, 'an odd slot is never the guess');
    assert.equal(t.addWordsNear(0, 1, one), one);
    assert.equal(t.addWordsNear(0, 1, zero), one);
    assert.equal(t.addWordsNear(0, 1, 99), one);
    assert.equal(t.addWordsNear(0xffffffff, 2, -1), 3, 'a new hash gets the next slot');
    assert.equal(t.slotOf('ffffffff00000002'), 3);
  });

  test('hashes that probe the same place (same words but one bit, same low word) stay apart', () => {
    // Many hashes sharing a word or differing in one bit: a weak mix would pile them up; any
    // clustering must still give exact answers.
    const t = new LedgerHashes();
    const hashes: string[] = [];
    for (let i = 0; i < 2000; i++) hashes.push(formatHash(i, 0), formatHash(0, i), formatHash(i, i), formatHash(0x80000000 | i, 0x7fffffff));
    const unique = [...new Set(hashes)];
    for (const h of unique) t.add(h);
    assert.equal(t.size, unique.length);
    unique.forEach((h, i) => assert.equal(t.slotOf(h), i));
  });

  test('other lowercase hex strings are odd hashes: kept as text, never equal to a 16-character one', () => {
    const t = new LedgerHashes();
    const odd = ['0a', '0123456789abcdef0', '00000000000000', 'ABCDEF0123456789'.toLowerCase().slice(0, 15)];
    const word = '0000000000000000';
    const slots = [...odd, word].map((h) => t.add(h));
    assert.deepEqual(slots, [0, 1, 2, 3, 4]);
    [...odd, word].forEach((h, i) => assert.equal(t.hashAt(i), h));
    assert.equal(t.slotOf('0A'), -1, 'upper case is another string');
    assert.equal(t.slotOf('000000000000000g'), -1);
    assert.deepEqual(t.oddHashes(), odd.map((h, i) => [i, h]));
    assert.deepEqual([...t.words()].slice(0, 2), [0, 0], 'an odd slot has zero words');
    const back = LedgerHashes.fromWords(t.words(), t.oddHashes());
    [...odd, word].forEach((h, i) => assert.equal(back.slotOf(h), i));
  });

  test('fromWords refuses repeats, odd hashes that are word hashes or of no slot', () => {
    const t = new LedgerHashes();
    t.add('0123456789abcdef');
    t.add('0a');
    const words = t.words();
    assert.throws(() => LedgerHashes.fromWords(Uint32Array.from([...words.subarray(0, 2), ...words.subarray(0, 2)]), []), /repeated/);
    assert.throws(() => LedgerHashes.fromWords(words, [[1, '0a'], [1, '0b']]), /repeated/);
    assert.throws(() => LedgerHashes.fromWords(words, [[1, '0a'], [0, '0a']]), /repeated/);
    assert.throws(() => LedgerHashes.fromWords(words, [[1, 'fedcba9876543210']]), /not an odd/);
    assert.throws(() => LedgerHashes.fromWords(words, [[2, '0a']]), /no slot/);
    assert.throws(() => LedgerHashes.fromWords(words.subarray(0, 3), []), /odd length/);
    // Without its odd entry slot 1 is the word hash 0…0, which is fine on its own.
    assert.equal(LedgerHashes.fromWords(words, []).hashAt(1), '0000000000000000');
  });
});
