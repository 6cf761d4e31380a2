// The panel's view-model pieces that are pure logic (no DOM): the cache of samples near the
// selection, the banner's lines, what the live region announces and where the list scrolls to.
// Unit-tested under Node.
import type { FileProblemsView, RowView, SampleView, VerdictCounts } from '../protocol';

/**
 * Samples near the selection, sent ahead by the host so `j`/`k` paint without a round trip.
 * `want` says which positions to ask for; far ones are evicted; changed rows are dropped.
 */
export class NearbySamples {
  readonly #samples = new Map<number, SampleView>();

  constructor(
    private readonly ahead = 3,
    private readonly behind = 1,
    private readonly keepWithin = 20,
  ) {}

  get(position: number): SampleView | undefined {
    return this.#samples.get(position);
  }

  set(sample: SampleView): void {
    if (sample.row.index >= 0) this.#samples.set(sample.row.index, sample);
  }

  /** A row changed (verdict, labels, an edit): its cached sample is stale. */
  drop(position: number): void {
    this.#samples.delete(position);
  }

  clear(): void {
    this.#samples.clear();
  }

  get size(): number {
    return this.#samples.size;
  }

  /** Positions to prefetch around `position` in a list of `total` rows; evicts far entries. */
  want(position: number, total: number): number[] {
    for (const p of [...this.#samples.keys()]) if (Math.abs(p - position) > this.keepWithin) this.#samples.delete(p);
    const out: number[] = [];
    for (let p = Math.max(0, position - this.behind); p <= Math.min(total - 1, position + this.ahead); p++) {
      if (p !== position && !this.#samples.has(p)) out.push(p);
    }
    return out;
  }
}

export interface BannerParts {
  readonly error: readonly string[];
  readonly notes: readonly string[];
  readonly files: readonly string[];
}

/** The banner's warnings (store notes and file problems) as one key: a dismissal holds while it is the same. */
export function warningsKey(parts: BannerParts): string {
  return JSON.stringify([...parts.notes, ...parts.files]);
}

/**
 * The banner's lines, errors first; `kind` decides the styling. The warnings are left out while
 * they are the ones the reviewer dismissed (`dismissed`, a warningsKey); errors always show.
 */
export function bannerLines(parts: BannerParts, dismissed?: string): { kind: 'error' | 'note'; text: string }[] {
  const warnings = dismissed !== undefined && warningsKey(parts) === dismissed ? [] : [...parts.notes, ...parts.files];
  return [
    ...parts.error.map((text) => ({ kind: 'error' as const, text })),
    ...warnings.map((text) => ({ kind: 'note' as const, text })),
  ];
}

export function fileProblemLine(f: FileProblemsView): string {
  const byCode = Object.entries(f.byCode).map(([c, n]) => `${c} ${n}`).join(', ');
  return `${f.file}: ${f.total} record${f.total === 1 ? '' : 's'} not readable as samples (${byCode}), first at line ${f.firstLine}`;
}

/** What the aria-live region says after rows changed (a verdict, an undo). */
export function progressAnnouncement(rows: readonly RowView[], counts: VerdictCounts): string {
  return `${rows[0]?.verdict ?? ''}. ${counts.total - counts.pending} of ${counts.total} reviewed, ${counts.pending} pending.`;
}

/**
 * The scrollTop that shows row `index` with up to `context` rows of its neighbours above and below
 * (fewer when the list is short or the view low), moving as little as possible; `top` when no move
 * is needed. Rows are `rowHeight` high, `total` of them, in a view `height` high.
 */
export function scrollTopFor(index: number, top: number, height: number, total: number, rowHeight: number, context: number): number {
  const fit = Math.max(0, Math.floor((Math.floor(height / rowHeight) - 1) / 2));
  const margin = Math.min(context, fit) * rowHeight;
  const at = index * rowHeight;
  const max = Math.max(0, total * rowHeight - height);
  if (at - margin < top) return Math.max(0, at - margin);
  if (at + rowHeight + margin > top + height) return Math.min(max, at + rowHeight + margin - height);
  return top;
}
