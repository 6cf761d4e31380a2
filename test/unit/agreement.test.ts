// Agreement figures against published values: Krippendorff (2011) "Computing Krippendorff's
// Alpha-Reliability", the reliability data with missing values (4 coders, 12 units: nominal 0.743,
// ordinal 0.815, interval 0.849); the same data in Gwet's irrCAC (`cac.raw4raters`: p_a 0.8181818,
// p_e 0.1903212, AC1 0.77544; alpha 0.74342); irrCAC's `cont3x3abstractors` 2-rater table
// (AC1 0.8493305, Krippendorff's alpha 0.7972585). Per-pair figures against a direct formula.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { agreementFigures, agreementOf, MISSING, mergeTally, tallyAgreement, tallyWithPairs, type CodedValues } from '../../src/core/team/agreement';

const _ = MISSING;
/** Krippendorff 2011, coders A–D (rows) × units 1–12; `_` a missing value. */
const KRIPPENDORFF_2011 = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
];

/** Units × coders from coder rows. */
function byUnit(rows: readonly (readonly number[])[], categories: number): CodedValues {
  const coders = rows.length;
  const units = rows[0].length;
  const values = new Uint8Array(units * coders);
  for (let c = 0; c < coders; c++) for (let u = 0; u < units; u++) values[u * coders + c] = rows[c][u];
  return { units, coders, categories, values };
}

/** Two coders' values from a contingency table (row: coder 1's category, column: coder 2's). */
function fromTable(table: readonly (readonly number[])[]): CodedValues {
  const pairs: number[] = [];
  table.forEach((row, i) => row.forEach((count, j) => {
    for (let n = 0; n < count; n++) pairs.push(i + 1, j + 1);
  }));
  return { units: pairs.length / 2, coders: 2, categories: table.length, values: Uint8Array.from(pairs) };
}

const near = (actual: number, expected: number, digits: number) =>
  assert.ok(Math.abs(actual - expected) < 0.5 * 10 ** -digits, `${actual} is not ${expected} to ${digits} digits`);

suite('agreement', () => {
  const data = byUnit(KRIPPENDORFF_2011, 5);

  test("Krippendorff 2011's example: nominal 0.743, ordinal 0.815, interval 0.849, over 11 units and 40 pairable values", () => {
    const nominal = agreementOf(data, 'nominal');
    near(nominal.alpha, 0.743, 3);
    near(nominal.alpha, 0.74342, 5); // irrCAC krippen.alpha.raw(cac.raw4raters)
    near(agreementOf(data, 'ordinal').alpha, 0.815, 3);
    near(agreementOf(data, 'interval').alpha, 0.849, 3);
    assert.equal(nominal.units, 11); // unit 12 has one value: not pairable
    assert.equal(nominal.pairableValues, 40);
  });

  test('the coincidence matrix of the example is the published one', () => {
    const [t] = tallyAgreement(data);
    // Krippendorff 2011's matrix of coincidences: the diagonal 7, 10, 8, 4, 3 (codes 1..5), o_12 = o_23 = 4/3 (marginals 9, 13, 10, 5, 3).
    const o = (c: number, k: number) => t.coincidences[(c - 1) * 5 + (k - 1)];
    near(o(1, 1), 7, 9);
    near(o(2, 2), 10, 9);
    near(o(3, 3), 8, 9);
    near(o(4, 4), 4, 9);
    near(o(5, 5), 3, 9);
    near(o(1, 2), 4 / 3, 9);
    near(o(2, 3), 4 / 3, 9); // unit 2 (2,2,3,2): 3 · 1/3, unit 6 (1,2,3,4): 1/3
    near(o(3, 2), 4 / 3, 9);
  });

  test("Gwet's AC1 of the same data, as irrCAC gwet.ac1.raw publishes it: p_a 0.8181818, AC1 0.77544", () => {
    const f = agreementOf(data);
    near(f.percentAgreement, 0.8181818, 7);
    near(f.ac1, 0.77544, 5);
  });

  test("irrCAC's cont3x3abstractors (2 raters, 100 units): AC1 0.8493305, alpha 0.7972585, p_a 0.89", () => {
    const f = agreementOf(fromTable([[13, 0, 0], [0, 20, 7], [0, 4, 56]]));
    near(f.ac1, 0.8493305, 7);
    near(f.alpha, 0.7972585, 7);
    near(f.percentAgreement, 0.89, 9);
    assert.equal(f.units, 100);
  });

  test('per pair of coders: the figures of the two coders alone, by a direct two-coder formula', () => {
    for (const [a, b] of [[0, 1], [0, 3], [2, 3]]) {
      const f = agreementOf(data, 'nominal', [a, b]);
      // Direct: units both valued; p_a = share equal; alpha via Krippendorff's 2-coder form.
      const both: [number, number][] = [];
      for (let u = 0; u < 12; u++) {
        const x = KRIPPENDORFF_2011[a][u];
        const y = KRIPPENDORFF_2011[b][u];
        if (x !== _ && y !== _) both.push([x, y]);
      }
      const n = 2 * both.length;
      const counts = new Map<number, number>();
      for (const [x, y] of both) for (const v of [x, y]) counts.set(v, (counts.get(v) ?? 0) + 1);
      const disagreeing = both.filter(([x, y]) => x !== y).length;
      const expectedPairs = [...counts.values()].reduce((s, c) => s + c * (n - c), 0);
      const alpha = 1 - ((n - 1) * 2 * disagreeing) / expectedPairs;
      assert.equal(f.units, both.length);
      assert.equal(f.pairableValues, n);
      near(f.percentAgreement, 1 - disagreeing / both.length, 12);
      near(f.alpha, alpha, 12);
    }
  });

  test('AC1 against a direct formula on random data with missing values (units with one value inform only π)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 2, max: 4 }),
      fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 40 }),
      (categories, rows) => {
        const units = rows.map((r) => r.map((v) => Math.min(v, categories)));
        const d: CodedValues = { units: units.length, coders: 4, categories, values: Uint8Array.from(units.flat()) };
        const valued = units.map((r) => r.filter((v) => v !== _)).filter((r) => r.length > 0);
        const pairable = valued.filter((r) => r.length >= 2);
        const f = agreementOf(d);
        if (!pairable.length) return assert.ok(Number.isNaN(f.ac1) && Number.isNaN(f.percentAgreement));
        const pa = pairable.reduce((s, r) => {
          let agree = 0;
          for (let i = 0; i < r.length; i++) for (let j = 0; j < r.length; j++) if (i !== j && r[i] === r[j]) agree++;
          return s + agree / (r.length * (r.length - 1));
        }, 0) / pairable.length;
        let pe = 0;
        for (let k = 1; k <= categories; k++) {
          const pi = valued.reduce((s, r) => s + r.filter((v) => v === k).length / r.length, 0) / valued.length;
          pe += pi * (1 - pi);
        }
        pe /= categories - 1;
        near(f.percentAgreement, pa, 10);
        near(f.ac1, (pa - pe) / (1 - pe), 10);
      },
    ));
  });

  test('one pass for all coders and every pair gives the tallies of a pass per pair', () => {
    fc.assert(fc.property(
      fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 30 }),
      (rows) => {
        const d: CodedValues = { units: rows.length, coders: 3, categories: 3, values: Uint8Array.from(rows.flat()) };
        const { overall, pairs } = tallyWithPairs(d);
        assert.deepEqual(overall, tallyAgreement(d)[0]);
        assert.deepEqual(pairs.map((p) => [p.a, p.b]), [[0, 1], [0, 2], [1, 2]]);
        for (const p of pairs) {
          const separate = tallyAgreement(d, { coders: [p.a, p.b] })[0];
          assert.deepEqual({ ...p.tally, agreementSum: 0 }, { ...separate, agreementSum: 0 });
          near(p.tally.agreementSum, separate.agreementSum, 12);
        }
      },
    ));
  });

  test('everyone agrees on one value: alpha is undefined and says so, AC1 is 1, percent agreement 1', () => {
    const f = agreementOf(byUnit([[1, 1, 1], [1, 1, 1], [1, _, 1]], 2));
    assert.ok(Number.isNaN(f.alpha));
    assert.equal(f.alphaUndefined, 'no variation');
    assert.equal(f.ac1, 1);
    assert.equal(f.percentAgreement, 1);
    assert.equal(f.units, 3);
  });

  test('agreeing on different values: alpha 1', () => {
    const f = agreementOf(byUnit([[1, 2, 1], [1, 2, 1]], 2));
    assert.equal(f.alpha, 1);
    assert.equal(f.alphaUndefined, undefined);
  });

  test('one coder only, or no unit decided twice: nothing pairable, every figure NaN and said so', () => {
    for (const d of [byUnit([[1, 2, 2]], 2), byUnit([[1, _, _], [_, 2, _]], 2)]) {
      const f = agreementOf(d);
      assert.equal(f.units, 0);
      assert.equal(f.pairableValues, 0);
      assert.equal(f.alphaUndefined, 'no pairable values');
      assert.ok(Number.isNaN(f.alpha) && Number.isNaN(f.ac1) && Number.isNaN(f.percentAgreement));
    }
  });

  test('groups: each group is the figures of its units alone, and merged groups are the whole', () => {
    const groupOf = Int32Array.from({ length: 12 }, (_, u) => (u === 5 ? -1 : u % 2));
    const [even, odd] = tallyAgreement(data, { groupOf, groups: 2 });
    const only = (keep: (u: number) => boolean) => byUnit(KRIPPENDORFF_2011.map((r) => r.filter((_, u) => keep(u))), 5);
    assert.deepEqual(agreementFigures(even), agreementOf(only((u) => u !== 5 && u % 2 === 0)));
    assert.deepEqual(agreementFigures(odd), agreementOf(only((u) => u !== 5 && u % 2 === 1)));
    mergeTally(even, odd);
    const all = agreementOf(only((u) => u !== 5));
    near(agreementFigures(even).alpha, all.alpha, 12);
    near(agreementFigures(even).ac1, all.ac1, 12);
  });

  test('interval numbers: codes standing for other numbers change the interval metric only', () => {
    const numbers = [0, 10, 20, 30, 40, 50];
    const scaled = agreementFigures(tallyAgreement(data)[0], 'interval', numbers);
    near(scaled.alpha, agreementOf(data, 'interval').alpha, 12); // a linear map leaves alpha as it is
    const squashed = agreementFigures(tallyAgreement(data)[0], 'interval', [0, 1, 2, 3, 4, 100]);
    assert.notEqual(+squashed.alpha.toFixed(6), +scaled.alpha.toFixed(6));
  });

  test('a code outside the scale is refused', () => {
    assert.throws(() => agreementOf(byUnit([[1, 3], [1, 1]], 2)), /code 3 outside/);
  });
});
