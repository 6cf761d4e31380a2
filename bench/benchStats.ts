// The one percentile the benches print (nearest rank, on ascending values), so every JSON line's
// p50 / p95 / p99 means the same thing.

/** The value at percentile `p` (0–100) of `sorted`, which must be in ascending order. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** A copy in ascending order, for percentile(). */
export function ascending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}
