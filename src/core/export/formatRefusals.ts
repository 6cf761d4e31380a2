// How many of the selected samples each export format would refuse, and mostly why: the format
// picker says it before the person chooses ("Alpaca — 12 of 300 would be refused"). Each sample is
// read once and converted in every format exactly as the export converts it (sampleConverter.ts),
// paced and cancellable like the export's passes; partial counts are reported as it goes.
import { EXPORT_FORMATS, type ExportFormatId } from './exportFormats';
import { CountTable } from './exportManifest';
import { Pacer, throwIfAborted, type ExportableStore } from './exportPlan';
import { SampleConverter } from './sampleConverter';

export interface FormatRefusals {
  /** Samples counted so far (all of `total` once done). */
  readonly counted: number;
  readonly total: number;
  /** Per format: refusals so far and their reasons, most frequent first. */
  readonly byFormat: ReadonlyMap<ExportFormatId, { readonly refused: number; readonly reasons: CountTable }>;
}

export interface RefusalOptions {
  readonly useEdits?: boolean;
  readonly signal?: AbortSignal;
  /** Called at least every 250 ms with the counts so far. */
  readonly onProgress?: (partial: FormatRefusals) => void;
}

/** Counts, for every export format, the samples at `indices` it would refuse. Rejects with ExportAbortError when cancelled. */
export async function countFormatRefusals(store: ExportableStore, indices: ArrayLike<number>, options: RefusalOptions = {}): Promise<FormatRefusals> {
  const formats = EXPORT_FORMATS.map((f) => f.id);
  const byFormat = new Map(formats.map((f) => [f, { refused: 0, reasons: new CountTable() }]));
  const total = indices.length;
  let counted = 0;
  const snapshot = (): FormatRefusals => ({ counted, total, byFormat });
  const pacer = new Pacer(options.onProgress && (() => options.onProgress?.(snapshot())));
  throwIfAborted(options.signal);
  const converter = new SampleConverter(store, options.useEdits ?? true);
  try {
    for (let k = 0; k < total; k++) {
      const i = indices[k];
      const loaded = converter.load(i, store.sourceAt(i));
      for (const f of formats) {
        const c = SampleConverter.convert(loaded, f);
        if (c.line !== undefined) continue;
        const entry = byFormat.get(f) as { refused: number; reasons: CountTable };
        entry.refused++;
        entry.reasons.add(c.reason ?? 'refused');
      }
      counted = k + 1;
      if ((k & 63) === 63) await pacer.pace({ phase: 'selecting', done: counted, total }, options.signal);
    }
  } finally {
    converter.close();
  }
  return snapshot();
}

/** The picker's words for one format: "12 of 300 would be refused (the sample has tool calls; …)", or that none would. */
export function refusalWords(r: FormatRefusals, format: ExportFormatId): string {
  const f = r.byFormat.get(format);
  const counting = r.counted < r.total ? ` (counted ${r.counted} of ${r.total}…)` : '';
  if (!f || f.refused === 0) return r.counted < r.total ? `none refused so far${counting}` : `all ${r.total} convert`;
  const top = f.reasons.entries()[0];
  return `${f.refused} of ${r.counted < r.total ? `${r.counted} counted` : r.total} would be refused${top ? ` (mostly: ${top[0]})` : ''}${counting}`;
}
