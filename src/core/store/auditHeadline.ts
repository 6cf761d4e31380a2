// The one line an audit is read by, in the panel's header and the slices view:
//   audit model teacher-b: 3 defects of 40 · 7.5% [2.6%, 19.9%] (Wilson 95%) · ~640 more for ±2 pts
// Percentages to one decimal (a defect rate of a few percent is what is decided on); the interval's
// method and level always named, since the two methods differ most where audits live (few defects).
import type { AuditState } from './sliceAudit';

const METHOD_NAMES: Readonly<Record<string, string>> = { wilson: 'Wilson', 'clopper-pearson': 'Clopper–Pearson' };

/** 0.0215 → "2.2%"; NaN → "–". */
export function percentOneDecimal(rate: number): string {
  return Number.isFinite(rate) ? `${(rate * 100).toFixed(1)}%` : '–';
}

/** "±2 pts", "±0.5 pts". */
export function targetText(halfWidth: number): string {
  return `±${+(halfWidth * 100).toPrecision(3)} pts`;
}

/** The estimate, its interval and what the interval is: "7.5% [2.6%, 19.9%] (Wilson 95%)". */
export function estimateText(rate: number, lower: number, upper: number, method: string, level: number): string {
  return `${percentOneDecimal(rate)} [${percentOneDecimal(lower)}, ${percentOneDecimal(upper)}] (${METHOD_NAMES[method] ?? method} ${+(level * 100).toPrecision(3)}%)`;
}

/** The headline without the "audit <slice>:" prefix. */
export function auditFigures(state: AuditState): string {
  const { estimate, toTarget, settings } = state;
  const count = `${estimate.defects} defect${estimate.defects === 1 ? '' : 's'} of ${estimate.audited}`;
  const interval = estimate.audited > 0
    ? estimateText(estimate.rate, estimate.interval.lower, estimate.interval.upper, estimate.interval.method, estimate.interval.level)
    : 'no decision yet';
  const target = targetText(settings.targetHalfWidth);
  // The interval is for a sample of the slice: past the slice's own size no audit goes, and
  // deciding all of it gives the slice's rate itself (no interval needed).
  const left = Math.max(0, state.sliceSize - estimate.audited);
  const more = toTarget.more === 0
    ? `${target} reached`
    : left === 0
      ? 'the whole slice decided: its exact rate'
      : !Number.isFinite(toTarget.more) || toTarget.more >= left
        ? `${target} needs more than the ${left} left: audit them all for the exact rate`
        : `~${toTarget.more} more for ${target}`;
  return `${count} · ${interval} · ${more}`;
}

/** The short form a list row has room for: "4/30 defects · 13.3% [5.3%, 29.7%]" ("not audited" before any decision). */
export function auditShort(state: AuditState): string {
  const { estimate } = state;
  if (estimate.audited === 0) return 'not audited';
  return `${estimate.defects}/${estimate.audited} defects · ${percentOneDecimal(estimate.rate)} [${percentOneDecimal(estimate.interval.lower)}, ${percentOneDecimal(estimate.interval.upper)}]`;
}

export function auditHeadline(state: AuditState): string {
  return `audit ${state.slice.name}: ${auditFigures(state)}`;
}
