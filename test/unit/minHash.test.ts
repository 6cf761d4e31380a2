// MinHash signatures, exact shingle Jaccard, LSH banding and clusters.
import * as assert from 'node:assert/strict';
import { candidatePairs, bandKeys, clusterIds, LSH_BANDS } from '../../src/core/checks/lshIndex';
import { estimatedJaccard, jaccard, MinHasher, shingleSet } from '../../src/core/checks/minHash';
import { wordHashes } from '../../src/core/checks/textTokens';
import { rng } from '../../testkit/synthetic/seededRandom';
import { nearDuplicate } from '../../testkit/synthetic/plantedSamples';

const VOCAB = Array.from({ length: 2000 }, (_, i) => `w${i.toString(36)}`);

function randomText(next: () => number, words: number): string {
  return Array.from({ length: words }, () => VOCAB[Math.floor(next() * VOCAB.length)]).join(' ');
}

function words(text: string): { hashes: Int32Array; n: number } {
  const buf = { hashes: new Int32Array(16) };
  const n = wordHashes(text, buf);
  return { hashes: buf.hashes, n };
}

function sig(hasher: MinHasher, text: string): Int32Array {
  const w = words(text);
  return hasher.signature(w.hashes, w.n, new Int32Array(hasher.size));
}

function exact(a: string, b: string): number {
  const x = words(a);
  const y = words(b);
  return jaccard(shingleSet(x.hashes, x.n), shingleSet(y.hashes, y.n));
}

/** Jaccard of 5-word shingle sets computed on strings, independently of the hashing. */
function stringJaccard(a: string, b: string): number {
  const sh = (t: string) => {
    const w = t.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
    return new Set(w.slice(0, Math.max(1, w.length - 4)).map((_, i) => w.slice(i, i + 5).join(' ')));
  };
  const x = sh(a);
  const y = sh(b);
  let both = 0;
  for (const s of x) if (y.has(s)) both++;
  return both / (x.size + y.size - both);
}

suite('minHash', () => {
  test('words are case- and punctuation-blind; exact Jaccard matches a string computation', () => {
    assert.equal(exact('The cat sat on the mat today.', 'the CAT sat, on the mat today'), 1);
    const next = rng(3);
    for (let k = 0; k < 50; k++) {
      const a = randomText(next, 60 + Math.floor(next() * 200));
      const b = nearDuplicate(a, 0.5 + next() * 0.5, next, VOCAB);
      assert.ok(Math.abs(exact(a, b) - stringJaccard(a, b)) < 1e-12, `pair ${k}`);
    }
  });

  test('signature estimates the exact Jaccard within 0.15 (128 hashes), and is deterministic', () => {
    const hasher = new MinHasher();
    const next = rng(7);
    let sumError = 0;
    for (let k = 0; k < 200; k++) {
      const a = randomText(next, 150);
      const b = nearDuplicate(a, 0.3 + next() * 0.7, next, VOCAB);
      const err = Math.abs(estimatedJaccard(sig(hasher, a), sig(hasher, b)) - exact(a, b));
      assert.ok(err < 0.15, `pair ${k}: error ${err}`);
      sumError += err;
    }
    assert.ok(sumError / 200 < 0.04, `mean error ${sumError / 200}`);
    assert.deepEqual(sig(new MinHasher(), 'one two three four five six'), sig(new MinHasher(), 'one two three four five six'));
    assert.equal(estimatedJaccard(sig(hasher, randomText(next, 100)), sig(hasher, randomText(next, 100))) < 0.05, true);
  });

  test('short texts: under 5 words are one shingle; no words at all is the empty set', () => {
    assert.equal(exact('hello world', 'Hello, world!'), 1);
    assert.equal(exact('hello world', 'hello there'), 0);
    const w = words('');
    assert.equal(shingleSet(w.hashes, w.n).length, 0);
  });
});

suite('lshIndex', () => {
  test('pairs at J ≥ 0.8 become candidates; unrelated texts do not', () => {
    const hasher = new MinHasher();
    const next = rng(11);
    const texts: string[] = [];
    const planted: [number, number, number][] = [];
    for (let k = 0; k < 300; k++) texts.push(randomText(next, 120 + Math.floor(next() * 100)));
    for (let k = 0; k < 300; k++) {
      const from = Math.floor(next() * 300);
      texts.push(nearDuplicate(texts[from], 0.8 + next() * 0.2, next, VOCAB));
      planted.push([from, texts.length - 1, exact(texts[from], texts[texts.length - 1])]);
    }
    const keys = new Uint32Array(texts.length * LSH_BANDS);
    texts.forEach((t, i) => bandKeys(sig(hasher, t), keys, i * LSH_BANDS));
    const pairs = candidatePairs(keys, texts.length);
    const found = new Set(pairs.map(([a, b]) => `${a},${b}`));
    const high = planted.filter(([, , j]) => j >= 0.8);
    assert.ok(high.length > 200);
    const recalled = high.filter(([a, b]) => found.has(`${Math.min(a, b)},${Math.max(a, b)}`)).length;
    assert.ok(recalled / high.length >= 0.99, `recall ${recalled}/${high.length}`);
    const unrelated = pairs.filter(([a, b]) => exact(texts[a], texts[b]) < 0.3);
    assert.ok(unrelated.length <= 3, `${unrelated.length} unrelated candidates`);
  });

  test('clusters: transitive pairs join; the id is the smallest index; others get -1', () => {
    assert.deepEqual([...clusterIds(7, [[5, 2], [2, 6], [0, 3]])], [0, -1, 2, 0, -1, 2, 2]);
  });
});
