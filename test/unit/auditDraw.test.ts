// The audit draw: the generator against the xoshiro128** reference vectors, then the draw's
// promises — without replacement, from the slice, uniform, replayable, proportional across strata
// (Webster's divisor criterion at every size), and extended with the earlier draw as its prefix.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { drawAudit, extendDraw, stratifySlice } from '../../src/core/audit/auditDraw';
import { seededRandom, xoshiro128StarStar } from '../../src/core/audit/seededRandom';

const range = (n: number, from = 0) => Uint32Array.from({ length: n }, (_, i) => from + i);

/** Stratum ids for a slice made of runs of the given sizes (stratum 0 first). */
function runs(sizes: readonly number[]): Uint32Array {
  return Uint32Array.from(sizes.flatMap((s, h) => Array<number>(s).fill(h)));
}

/** Per stratum, how many of the draw's first t samples it holds. */
function countsAt(strata: Uint32Array, t: number, count: number): number[] {
  const c = new Array<number>(count).fill(0);
  for (let i = 0; i < t; i++) c[strata[i]]++;
  return c;
}

suite('seededRandom', () => {
  test('xoshiro128** from state (1, 2, 3, 4) gives the reference sequence', () => {
    // The first outputs of the authors' xoshiro128starstar.c from that state (also computed with a
    // Python transcription): 11520, 0, 5927040, 70819200, 2031721883, 1637235492.
    const r = xoshiro128StarStar(1, 2, 3, 4);
    assert.deepEqual(Array.from({ length: 6 }, () => r.nextUint32()), [11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  test('a seed gives one stream; another seed another', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    assert.deepEqual(Array.from({ length: 5 }, () => b.nextUint32()), xs);
    assert.notDeepEqual(Array.from({ length: 5 }, () => c.nextUint32()), xs);
  });

  test('below(bound) stays in range and is even (3 buckets, 30,000 draws, each within 3% of a third)', () => {
    const r = seededRandom(1);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[r.below(3)]++;
    for (const c of counts) assert.ok(Math.abs(c - 10_000) < 300, `${counts}`);
    for (let i = 0; i < 1000; i++) {
      const v = r.below(2 ** 32 - 5);
      assert.ok(v >= 0 && v < 2 ** 32 - 5 && Number.isInteger(v));
    }
  });
});

suite('auditDraw', () => {
  test('draws distinct store indices of the slice, as many as asked (all of it when it asks more)', () => {
    const slice = range(500, 1000);
    const d = drawAudit(stratifySlice(slice), 42, 120);
    assert.equal(d.indices.length, 120);
    assert.equal(new Set(d.indices).size, 120);
    for (const i of d.indices) assert.ok(i >= 1000 && i < 1500);
    const all = drawAudit(stratifySlice(slice), 42, 10_000);
    assert.deepEqual([...all.indices].sort((a, b) => a - b), [...slice]);
    assert.equal(drawAudit(stratifySlice(slice), 42, 0).indices.length, 0);
  });

  test('the same (seed, slice, strata, size) replays the same draw; another seed draws another', () => {
    const slice = range(10_000);
    const strata = runs([6000, 3000, 1000]);
    const a = drawAudit(stratifySlice(slice, strata), 9, 50);
    const b = drawAudit(stratifySlice(slice, strata), 9, 50);
    assert.deepEqual(a, b);
    assert.notDeepEqual(drawAudit(stratifySlice(slice, strata), 10, 50).indices, a.indices);
  });

  test('every sample of a small slice is drawn equally often over many seeds (3 of 10: 30% each, ±2 points)', () => {
    const slice = stratifySlice(range(10));
    const hits = new Array<number>(10).fill(0);
    const seeds = 20_000;
    for (let s = 0; s < seeds; s++) for (const i of drawAudit(slice, s, 3).indices) hits[i]++;
    for (const h of hits) assert.ok(Math.abs(h / seeds - 0.3) < 0.02, `${hits}`);
  });

  test('strata get their proportional share: 10 of (600, 300, 100) is 6, 3, 1; a stratum under half a sample gets none', () => {
    const d = drawAudit(stratifySlice(range(1000), runs([600, 300, 100])), 3, 10);
    assert.deepEqual(countsAt(d.strata, 10, 3), [6, 3, 1]);
    assert.deepEqual(d.strataSizes, [600, 300, 100]);
    for (let i = 0; i < 10; i++) {
      const h = d.strata[i];
      const start = [0, 600, 900][h];
      assert.ok(d.indices[i] >= start && d.indices[i] < start + d.strataSizes[h], 'a sample comes from its stratum');
    }
    const small = drawAudit(stratifySlice(range(1005), runs([5, 1000])), 3, 10);
    assert.deepEqual(countsAt(small.strata, 10, 2), [0, 10]);
  });

  test('strata need not be contiguous in the slice: interleaved strata are grouped, each sample drawn from its own', () => {
    const slice = range(300, 5000);
    const strata = Uint32Array.from({ length: 300 }, (_, i) => i % 3);
    const d = drawAudit(stratifySlice(slice, strata), 1, 30);
    for (let i = 0; i < 30; i++) assert.equal((d.indices[i] - 5000) % 3, d.strata[i]);
    assert.deepEqual(countsAt(d.strata, 30, 3), [10, 10, 10]);
  });

  test('property: at every size the counts meet Webster\'s divisor criterion, and a draw is a prefix of any longer one', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 80 }), fc.integer({ min: 0, max: 80 }),
      (sizes, seed, m1, m2) => {
        const total = sizes.reduce((s, x) => s + x, 0);
        const slice = stratifySlice(range(total), runs(sizes));
        const [small, large] = [Math.min(m1, m2), Math.max(m1, m2)];
        const a = drawAudit(slice, seed, small);
        const b = drawAudit(slice, seed, large);
        assert.deepEqual(b.indices.subarray(0, a.indices.length), a.indices);
        assert.deepEqual(b.strata.subarray(0, a.strata.length), a.strata);
        for (let t = 1; t <= b.indices.length; t++) {
          const c = countsAt(b.strata, t, sizes.length);
          // Webster: some divisor d has c_h = round(N_h / d) for every stratum not yet exhausted,
          // i.e. max N_h / (c_h + ½) ≤ min N_h / (c_h − ½) over those strata.
          let most = 0;
          let least = Infinity;
          sizes.forEach((n, h) => {
            assert.ok(c[h] <= n);
            if (c[h] < n) most = Math.max(most, n / (c[h] + 0.5));
            if (c[h] > 0) least = Math.min(least, n / (c[h] - 0.5));
          });
          assert.ok(most <= least + 1e-9, `sizes ${sizes}, t ${t}: counts ${c}`);
        }
      }), { numRuns: 300 });
  });

  test('extending keeps the earlier draw as its prefix, and refuses when the slice changed', () => {
    const slice = stratifySlice(range(5000), runs([2000, 2000, 1000]));
    const first = drawAudit(slice, 77, 40);
    const more = extendDraw(slice, first, 100);
    assert.equal(more.indices.length, 100);
    assert.deepEqual(more.indices.subarray(0, 40), first.indices);
    assert.equal(new Set(more.indices).size, 100);
    const changed = stratifySlice(range(5001), runs([2001, 2000, 1000]));
    assert.throws(() => extendDraw(changed, first, 100), /the slice changed since the draw/);
  });

  test('strata longer or shorter than the slice are refused', () => {
    assert.throws(() => stratifySlice(range(3), Uint32Array.of(0, 1)), RangeError);
  });
});
