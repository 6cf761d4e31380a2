// One sample read for export and converted to a format: the record, its provenance, the revision
// exported, and the format's record or its refusal. Reading and converting are apart so the format
// picker's count of refusals (formatRefusals.ts) reads each sample once for every format, and says
// exactly what the export would refuse.
import { asBuffer, type ExportableStore } from './exportPlan';
import { convertSample, writeAsSource, type ExportFormatId, type JsonRecord } from './exportFormats';
import type { SampleEntry } from './exportManifest';
import { fromNormalizedJson } from '../formats/normalizedJson';
import { extractProvenance, type ProvenanceDefaults } from '../formats/provenance';
import type { FormatId } from '../formats/sampleFormats';
import { detectFormat, normalizeRecord } from '../formats/sampleFormats';
import type { NormalizedSample } from '../formats/sampleModel';
import { DEFAULT_MAX_LINE_BYTES } from '../ingest/recordReader';
import { RecordWindow } from '../ingest/recordWindow';

type ExportedProvenance = NonNullable<SampleEntry['provenance']>;

/** A sample as read for export: what every format converts, or why none can. */
export type LoadedForExport =
  | { readonly ok: true; readonly raw: string; readonly record: JsonRecord; readonly sourceFormat: FormatId; readonly sample: NormalizedSample; readonly revision: number; readonly provenance: ExportedProvenance }
  | { readonly ok: false; readonly reason: string; readonly revision: number; readonly provenance?: ExportedProvenance };

export interface Converted {
  readonly line?: string;
  readonly record?: JsonRecord;
  readonly reason?: string;
  readonly revision: number;
  readonly kind?: string;
  readonly provenance?: ExportedProvenance;
}

/** Reads samples of a store for export (one record window, provenance defaults per file looked up once). */
export class SampleConverter {
  readonly #window = new RecordWindow();
  readonly #defaults = new Map<string, ProvenanceDefaults | undefined>();

  constructor(private readonly store: ExportableStore, private readonly useEdits: boolean) {}

  load(i: number, source: string): LoadedForExport {
    if (this.store.byteLengthAt(i) > DEFAULT_MAX_LINE_BYTES) return { ok: false, reason: 'the record is over the sample size limit', revision: 0 };
    const raw = asBuffer(this.#window.read(this.store.recordAt(i))).toString('utf8');
    let record: JsonRecord;
    let original;
    let sourceFormat;
    try {
      record = JSON.parse(raw) as JsonRecord;
      sourceFormat = detectFormat(record);
      // No part sources (sourceOf): export never points at a record's fields.
      original = normalizeRecord(record, sourceFormat, { trace: false });
    } catch (e) {
      return { ok: false, reason: `not a readable sample (${(e as Error).message})`, revision: 0 };
    }
    const { from: _from, ...provenance } = extractProvenance(record, this.#defaultsOf(source));
    const revisions = this.useEdits ? this.store.revisionsAt(i) : [];
    const revision = revisions.length;
    let sample = original;
    if (revision) {
      try {
        sample = fromNormalizedJson(revisions[revision - 1]);
      } catch (e) {
        return { ok: false, reason: `revision ${revision} is not a readable sample (${(e as Error).message})`, revision, provenance };
      }
    }
    return { ok: true, raw, record, sourceFormat, sample, revision, provenance };
  }

  /** The exported line and record, or the refusal reason; and what the manifest says of the sample. */
  static convert(loaded: LoadedForExport, format: ExportFormatId): Converted {
    if (!loaded.ok) return loaded;
    const { raw, record, sourceFormat, sample, revision, provenance } = loaded;
    if (format === 'original' && revision === 0) return { line: raw, record, revision, kind: sample.kind, provenance };
    const converted = format === 'original' ? writeAsSource(sample, record, sourceFormat) : convertSample(sample, format);
    if (!converted.ok) return { reason: converted.reason, revision, kind: sample.kind, provenance };
    return { line: JSON.stringify(converted.record), record: converted.record, revision, kind: sample.kind, provenance };
  }

  close(): void {
    this.#window.close();
  }

  #defaultsOf(source: string): ProvenanceDefaults | undefined {
    if (!this.#defaults.has(source)) this.#defaults.set(source, this.store.provenanceDefaultsOf(source));
    return this.#defaults.get(source);
  }
}
