// Pace and time-left figures for the status bar ("412/h · 3h50 left · 1,204 pending").

export const DEFAULT_PACE_WINDOW_MS = 15 * 60_000;
/** The shortest span a pace is measured over, so the first few decisions are not extrapolated wildly. */
const MIN_SPAN_MS = 60_000;

/** Index of the first time strictly after `after` (times ascending). */
function firstAfter(times: readonly number[], after: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Decisions per hour over the last `windowMs` before `now`. `decisionTimes` are ms since the epoch,
 * ascending. When the first decision is more recent than the window (a session just started), the
 * span is measured from that decision instead, and never shorter than a minute. 0 with no decision
 * in the window.
 */
export function pace(decisionTimes: readonly number[], now: number, windowMs = DEFAULT_PACE_WINDOW_MS): { readonly perHour: number } {
  const from = firstAfter(decisionTimes, now - windowMs);
  const to = firstAfter(decisionTimes, now);
  const count = to - from;
  if (count <= 0) return { perHour: 0 };
  const span = Math.max(MIN_SPAN_MS, Math.min(windowMs, now - decisionTimes[0]));
  return { perHour: (count * 3_600_000) / span };
}

/**
 * Time left for `pending` samples at `perHour`: `3h50`, `3h05`, `12m`, `<1m`. Undefined when the
 * pace is 0 (or not a number) or nothing is pending.
 */
export function eta(pending: number, perHour: number): string | undefined {
  if (!(perHour > 0) || !Number.isFinite(perHour) || !(pending > 0)) return undefined;
  const minutes = Math.round((pending / perHour) * 60);
  if (minutes < 1) return '<1m';
  if (minutes < 60) return `${minutes}m`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}`;
}

/** A count with thousands separators, independent of the locale: `1,204`, `-12,000`, `0`. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const digits = String(Math.abs(Math.round(n))).replace(/\B(?=(\d{3})+$)/g, ',');
  return Math.round(n) < 0 ? `-${digits}` : digits;
}
