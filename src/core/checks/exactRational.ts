// Exact rational numbers over BigInt, so a stated step is compared with what its numbers really
// give (0.1 + 0.2 is 3/10, 80,000 × 1.5 is 120,000) and never with a float's approximation. The
// tolerance rule a stated result is held to is written here once (`statedAgrees`).

/** n/d in lowest terms, d > 0. */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

const abs = (x: bigint) => (x < 0n ? -x : x);

function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

export function rational(n: bigint, d = 1n): Rational {
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) [n, d] = [-n, -d];
  if (d === 1n) return { n, d };
  const g = gcd(n, d);
  return g === 1n ? { n, d } : { n: n / g, d: d / g };
}

export const add = (a: Rational, b: Rational) => (a.d === b.d ? rational(a.n + b.n, a.d) : rational(a.n * b.d + b.n * a.d, a.d * b.d));
export const sub = (a: Rational, b: Rational) => add(a, { n: -b.n, d: b.d });
export const mul = (a: Rational, b: Rational) => rational(a.n * b.n, a.d * b.d);
/** undefined for a division by zero. */
export const div = (a: Rational, b: Rational): Rational | undefined => (b.n === 0n ? undefined : rational(a.n * b.d, a.d * b.n));
export const neg = (a: Rational): Rational => ({ n: -a.n, d: a.d });
export const equal = (a: Rational, b: Rational) => a.n === b.n && a.d === b.d;
export const isInteger = (a: Rational) => a.d === 1n;
export const toNumber = (a: Rational) => Number(a.n) / Number(a.d);

/** Plain decimal digits with an optional fraction and exponent ("120000", "1.5", ".25", "1.2e3"); undefined otherwise. */
export function parseDecimal(s: string): Rational | undefined {
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?$/.exec(s);
  if (!m || (!m[2] && !m[3])) return undefined;
  const frac = m[3] ?? '';
  let n = BigInt((m[2] || '0') + frac);
  let d = 10n ** BigInt(frac.length);
  const e = Number(m[4] ?? 0);
  if (e > 0) n *= 10n ** BigInt(e);
  else if (e < 0) d *= 10n ** BigInt(-e);
  return rational(m[1] ? -n : n, d);
}

/** Short decimal for messages: exact when it terminates within 6 places, else rounded to 6. */
export function formatRational(a: Rational): string {
  return String(+toNumber(a).toFixed(6));
}

/**
 * THE tolerance rule, the one place it is stated. A result S written with k decimals agrees with
 * the exact value V when it is V rounded to k decimals (|V − S| ≤ ½·10^−k: "2/3 = 0.67",
 * "10/3 = 3.33") or V truncated to k decimals (S between 0 and V, V − S < 10^−k: "2/3 = 0.66").
 * A whole number (k = 0) must be exact, except in prose, where a writer may round to the unit
 * ("10 / 3 = 3"): there only rounding, |V − S| ≤ ½. Calculator annotations `<<…>>` are exact in all
 * 1,319 GSM8K test solutions, so they get no rounding at k = 0 (roundWholes false).
 */
export function statedAgrees(value: Rational, stated: Rational, decimals: number, roundWholes: boolean): boolean {
  if (equal(value, stated)) return true;
  if (decimals === 0 && !roundWholes) return false;
  const diff = sub(value, stated);
  const gap = { n: abs(diff.n), d: diff.d };
  const unit = 10n ** BigInt(decimals);
  if (2n * gap.n * unit <= gap.d) return true;
  // Truncated: same sign, |S| < |V|, and within one unit of the last decimal.
  const truncated = decimals > 0 && (value.n < 0n) === (stated.n < 0n) && abs(value.n) * stated.d > abs(stated.n) * value.d;
  return truncated && gap.n * unit < gap.d;
}
