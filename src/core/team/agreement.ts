// Inter-rater agreement over coded values: percent agreement, Krippendorff's alpha (nominal,
// ordinal, interval) and Gwet's AC1, from one pass over a units × coders matrix of small integer
// codes. Pure: typed arrays in, numbers out; no object per unit, so a million samples × three
// reviewers is a few tens of milliseconds.
//
// Definitions (each figure says what it rests on):
// - A unit is *pairable* when it has values from ≥ 2 coders; only pairable units enter the
//   coincidence matrix, percent agreement and AC1's observed agreement.
// - Percent agreement p_a: the mean over pairable units of the share of agreeing pairs of values
//   (Gwet 2014, ch. 2; irrCAC `pa.coeff.raw`): each unit weighs one, whatever its number of values.
// - Krippendorff's alpha = 1 − D_o / D_e from the coincidence matrix o_ck = Σ_u n_uc (n_uk − [c=k])
//   / (m_u − 1) over pairable units (Krippendorff 2011, "Computing Krippendorff's Alpha-
//   Reliability"), with the nominal, ordinal and interval difference functions δ²_ck. It is
//   undefined (NaN, with `alphaUndefined` saying why) when there are no pairable values or when all
//   pairable values are one value (D_e = 0): agreement then cannot be told from chance.
// - Gwet's AC1 = (p_a − p_e) / (1 − p_e), p_e = Σ_k π_k (1 − π_k) / (Q − 1), where π_k is the mean
//   over units with ≥ 1 value of the share of the unit's values in category k, and Q the number of
//   categories the scale has (not only those used). This is Gwet's formula for missing values, as
//   irrCAC's `gwet.ac1.raw`: units decided by one coder only inform π, never p_a. It stays defined
//   when everyone agrees on one value (p_e = 0, AC1 = 1).

/** A value no coder gave. Codes of values are 1..categories. */
export const MISSING = 0;

export type AlphaMetric = 'nominal' | 'ordinal' | 'interval';

/** Coded values: `values[unit * coders + coder]`, a code in 1..categories or MISSING. */
export interface CodedValues {
  readonly units: number;
  readonly coders: number;
  /** Q: the scale's number of categories (2 for accept/reject, 5 for a 1–5 rating). */
  readonly categories: number;
  readonly values: Uint8Array;
  /**
   * The number each code stands for, for the interval metric (index 0 unused): code c is the
   * number c when absent.
   */
  readonly numbers?: ArrayLike<number>;
}

/** The sums one pass leaves per group of units; figures are computed from it for any metric. */
export interface AgreementTally {
  readonly categories: number;
  /** Units with values from ≥ 2 coders. */
  pairableUnits: number;
  /** Values in those units (Krippendorff's n). */
  pairableValues: number;
  /** Units with ≥ 1 value (AC1's π rests on them). */
  valuedUnits: number;
  /** Σ over pairable units of the share of agreeing pairs. */
  agreementSum: number;
  /** Σ over valued units of n_uk / m_u, per category (index k − 1). */
  readonly shareSums: Float64Array;
  /** Coincidences o_ck, row-major, categories × categories (codes − 1). */
  readonly coincidences: Float64Array;
}

export type AlphaUndefined = 'no pairable values' | 'no variation';

/** The figures of one tally under one metric. NaN marks a figure that is undefined (see the head of this file). */
export interface AgreementFigures {
  /** Items (units) the figures rest on: those with ≥ 2 values. */
  readonly units: number;
  /** Pairable values: the values in those units. */
  readonly pairableValues: number;
  readonly percentAgreement: number;
  readonly alpha: number;
  /** Why alpha is NaN, when it is. */
  readonly alphaUndefined?: AlphaUndefined;
  /** Gwet's AC1, nominal whatever the alpha metric (it has no ordinal form here). */
  readonly ac1: number;
}

export function emptyTally(categories: number): AgreementTally {
  if (!Number.isInteger(categories) || categories < 1 || categories > 255) throw new RangeError(`categories must be 1–255, not ${categories}`);
  return {
    categories, pairableUnits: 0, pairableValues: 0, valuedUnits: 0, agreementSum: 0,
    shareSums: new Float64Array(categories), coincidences: new Float64Array(categories * categories),
  };
}

export interface TallyOptions {
  /** The coders whose values count (default: all). */
  readonly coders?: readonly number[];
  /** Per unit its group (0..groups − 1), or −1 to leave the unit out. Without it, one group. */
  readonly groupOf?: ArrayLike<number>;
  readonly groups?: number;
}

/** One pass over `data`: a tally per group (one when no groups are given). */
export function tallyAgreement(data: CodedValues, options: TallyOptions = {}): AgreementTally[] {
  const { units, coders, categories, values } = data;
  if (values.length < units * coders) throw new RangeError('fewer values than units × coders');
  const groups = options.groupOf ? options.groups ?? 0 : 1;
  const tallies = Array.from({ length: groups }, () => emptyTally(categories));
  const picked = Int32Array.from(options.coders ?? Array.from({ length: coders }, (_, c) => c));
  for (const c of picked) if (c < 0 || c >= coders) throw new RangeError(`no coder ${c}`);
  const counts = new Int32Array(categories + 1);
  const groupOf = options.groupOf;
  for (let u = 0; u < units; u++) {
    const g = groupOf ? groupOf[u] : 0;
    if (g < 0) continue;
    const base = u * coders;
    let m = 0;
    for (let i = 0; i < picked.length; i++) {
      const v = values[base + picked[i]];
      if (v === MISSING) continue;
      if (v > categories) throw new RangeError(`code ${v} outside 1–${categories} (unit ${u})`);
      counts[v]++;
      m++;
    }
    if (m === 0) continue;
    addUnit(tallies[g], counts, m);
    counts.fill(0);
  }
  return tallies;
}

export interface PairTally {
  /** Coder indices, a < b. */
  readonly a: number;
  readonly b: number;
  readonly tally: AgreementTally;
}

/**
 * One pass over `data` for the tally of all coders and of every pair of coders: what
 * tallyAgreement gives with `coders: [a, b]` for each pair, without a pass per pair.
 */
export function tallyWithPairs(data: CodedValues): { overall: AgreementTally; pairs: PairTally[] } {
  const { units, coders, categories, values } = data;
  if (values.length < units * coders) throw new RangeError('fewer values than units × coders');
  const overall = emptyTally(categories);
  const pairs: PairTally[] = [];
  for (let a = 0; a < coders; a++) for (let b = a + 1; b < coders; b++) pairs.push({ a, b, tally: emptyTally(categories) });
  const counts = new Int32Array(categories + 1);
  for (let u = 0; u < units; u++) {
    const base = u * coders;
    let m = 0;
    for (let c = 0; c < coders; c++) {
      const v = values[base + c];
      if (v === MISSING) continue;
      if (v > categories) throw new RangeError(`code ${v} outside 1–${categories} (unit ${u})`);
      counts[v]++;
      m++;
    }
    if (m === 0) continue;
    addUnit(overall, counts, m);
    counts.fill(0);
    for (let p = 0; p < pairs.length; p++) {
      const { a, b, tally } = pairs[p];
      const va = values[base + a];
      const vb = values[base + b];
      if (va === MISSING && vb === MISSING) continue;
      addPairUnit(tally, va, vb);
    }
  }
  return { overall, pairs };
}

/** addUnit for a unit with one or two values (va, vb; one may be MISSING), without a count array. */
function addPairUnit(t: AgreementTally, va: number, vb: number): void {
  t.valuedUnits++;
  if (va === MISSING || vb === MISSING) {
    t.shareSums[(va || vb) - 1] += 1;
    return;
  }
  const q = t.categories;
  t.shareSums[va - 1] += 0.5;
  t.shareSums[vb - 1] += 0.5;
  t.pairableUnits++;
  t.pairableValues += 2;
  if (va === vb) {
    t.agreementSum += 1;
    t.coincidences[(va - 1) * q + va - 1] += 2;
  } else {
    t.coincidences[(va - 1) * q + vb - 1] += 1;
    t.coincidences[(vb - 1) * q + va - 1] += 1;
  }
}

/** Adds one unit's category counts (`counts[code]`, m values in all) to a tally. */
function addUnit(t: AgreementTally, counts: Int32Array, m: number): void {
  const q = t.categories;
  t.valuedUnits++;
  for (let k = 1; k <= q; k++) if (counts[k]) t.shareSums[k - 1] += counts[k] / m;
  if (m < 2) return;
  t.pairableUnits++;
  t.pairableValues += m;
  let agreeing = 0;
  for (let c = 1; c <= q; c++) {
    const nc = counts[c];
    if (!nc) continue;
    agreeing += nc * (nc - 1);
    const row = (c - 1) * q;
    for (let k = 1; k <= q; k++) {
      const nk = counts[k];
      if (nk) t.coincidences[row + k - 1] += (nc * (c === k ? nk - 1 : nk)) / (m - 1);
    }
  }
  t.agreementSum += agreeing / (m * (m - 1));
}

/** Adds `from` into `into` (tallies over disjoint units combine exactly). */
export function mergeTally(into: AgreementTally, from: AgreementTally): void {
  if (into.categories !== from.categories) throw new RangeError('tallies of different scales');
  into.pairableUnits += from.pairableUnits;
  into.pairableValues += from.pairableValues;
  into.valuedUnits += from.valuedUnits;
  into.agreementSum += from.agreementSum;
  for (let i = 0; i < from.shareSums.length; i++) into.shareSums[i] += from.shareSums[i];
  for (let i = 0; i < from.coincidences.length; i++) into.coincidences[i] += from.coincidences[i];
}

/** Percent agreement, alpha under `metric` and AC1 of a tally. */
export function agreementFigures(t: AgreementTally, metric: AlphaMetric = 'nominal', numbers?: ArrayLike<number>): AgreementFigures {
  const percentAgreement = t.pairableUnits ? t.agreementSum / t.pairableUnits : NaN;
  const a = alphaOf(t, metric, numbers);
  return {
    units: t.pairableUnits,
    pairableValues: t.pairableValues,
    percentAgreement,
    alpha: a.alpha,
    ...(a.undefinedBecause ? { alphaUndefined: a.undefinedBecause } : {}),
    ac1: ac1Of(t, percentAgreement),
  };
}

function alphaOf(t: AgreementTally, metric: AlphaMetric, numbers?: ArrayLike<number>): { alpha: number; undefinedBecause?: AlphaUndefined } {
  const q = t.categories;
  const o = t.coincidences;
  const marginals = new Float64Array(q);
  let n = 0;
  for (let c = 0; c < q; c++) {
    for (let k = 0; k < q; k++) marginals[c] += o[c * q + k];
    n += marginals[c];
  }
  if (n === 0) return { alpha: NaN, undefinedBecause: 'no pairable values' };
  const delta = differences(metric, marginals, numbers);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < q; c++) {
    for (let k = c + 1; k < q; k++) {
      const d = delta[c * q + k];
      observed += o[c * q + k] * d;
      expected += marginals[c] * marginals[k] * d;
    }
  }
  if (expected === 0) return { alpha: NaN, undefinedBecause: 'no variation' };
  return { alpha: 1 - ((n - 1) * observed) / expected };
}

/** δ²_ck for codes c < k (0-based), row-major. */
function differences(metric: AlphaMetric, marginals: Float64Array, numbers?: ArrayLike<number>): Float64Array {
  const q = marginals.length;
  const d = new Float64Array(q * q);
  for (let c = 0; c < q; c++) {
    for (let k = c + 1; k < q; k++) {
      let v: number;
      switch (metric) {
        case 'nominal': v = 1; break;
        case 'interval': {
          const diff = (numbers ? numbers[k + 1] - numbers[c + 1] : k - c);
          v = diff * diff;
          break;
        }
        case 'ordinal': {
          let between = 0;
          for (let g = c; g <= k; g++) between += marginals[g];
          const r = between - (marginals[c] + marginals[k]) / 2;
          v = r * r;
          break;
        }
      }
      d[c * q + k] = v;
    }
  }
  return d;
}

function ac1Of(t: AgreementTally, percentAgreement: number): number {
  if (!t.pairableUnits || t.categories < 2) return NaN;
  let chance = 0;
  for (let k = 0; k < t.categories; k++) {
    const pi = t.shareSums[k] / t.valuedUnits;
    chance += pi * (1 - pi);
  }
  chance /= t.categories - 1;
  return (percentAgreement - chance) / (1 - chance);
}

/** Figures over all of `data` (or the given coders) under `metric`. */
export function agreementOf(data: CodedValues, metric: AlphaMetric = 'nominal', coders?: readonly number[]): AgreementFigures {
  return agreementFigures(tallyAgreement(data, coders ? { coders } : {})[0], metric, data.numbers);
}
