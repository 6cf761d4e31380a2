// The panel's view-model pieces that are pure logic (no DOM): the cache of samples near the
// selection, the banner's lines, and what the live region announces. Unit-tested under Node.
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

/** The banner's lines, errors first; `kind` decides the styling. */
export function bannerLines(parts: BannerParts): { kind: 'error' | 'note'; text: string }[] {
  return [
    ...parts.error.map((text) => ({ kind: 'error' as const, text })),
    ...[...parts.notes, ...parts.files].map((text) => ({ kind: 'note' as const, text })),
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
