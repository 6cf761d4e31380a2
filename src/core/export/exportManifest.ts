// What an export folder says about itself. `manifest.json` is small whatever the size of the set:
// counts, files with their SHA-256, filters, the journal position, the licence decision and the
// checks that ran. The per-sample entries (id, source file:line, content hash, revision, verdict,
// labels, rating, reviewer, decision time, provenance) are one JSON line each in
// `manifest.samples.jsonl`, referenced and hashed from manifest.json: a million of them would make
// manifest.json a file no one can open, and they are written as the export goes, never held.
import type { SyntheticShare, TeacherMix } from '../checks/curationMeters';
import type { ExportFormatId } from './exportFormats';
import type { ParquetSettings } from './parquetShards';
import type { SplitName, SplitOptions } from './exportSplit';
import type { JournalPosition } from '../journal/decisionTimes';
import type { Provenance } from '../formats/provenance';
import type { SampleQuery } from '../query/sampleQuery';
import type { Verdict } from '../formats/sampleModel';

export const MANIFEST_SCHEMA_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
export const SAMPLES_MANIFEST_FILE = 'manifest.samples.jsonl';
export const CARD_FILE = 'README.md';

/** A check that ran over the exported samples (near-duplicates, contamination, verifier, …), as its caller reports it. */
export interface CheckRun {
  readonly name: string;
  /** One line: what it found, e.g. "12 near-duplicate pairs, 3 removed". */
  readonly summary: string;
  /** ISO 8601 time it ran. */
  readonly ranAt?: string;
}

/** The meters of the exported set (manifest `meters`, computed by exportChecks.ts). */
export interface ExportMeters {
  readonly teacherMix: TeacherMix;
  readonly synthetic: SyntheticShare;
  readonly limits: { readonly teacherCap: number; readonly syntheticShareLimit: number };
  /** Limits the exported set goes over, in words; empty when none. */
  readonly warnings: readonly string[];
}

export interface WrittenFile {
  /** Relative to the export folder. */
  readonly path: string;
  readonly split?: SplitName;
  readonly sha256: string;
  /** Lines of a JSONL file, rows of a Parquet shard. */
  readonly lines: number;
  readonly bytes: number;
}

/** A sample that is unknown-licensed, or whose record names another licence than its file's. */
export type LicenceIssue = 'unknown' | 'conflicting';

export interface LicenceGateRecord {
  /** What the person exporting chose for the samples with licence issues. */
  readonly decision: 'excluded' | 'included' | 'none-found';
  /** Selected samples of unknown licence, and whose record names another licence than its file. */
  readonly unknown: number;
  readonly conflicting: number;
  /**
   * What became of those samples, per issue: written, refused by the conversion, or left out by the
   * gate. unknown = exported + refused + leftOut (and the same for conflicting); the card says these,
   * not the selection's numbers, so "included" counts what a trainer gets.
   */
  readonly outcome: Readonly<Record<LicenceIssue, LicenceOutcome>>;
}

export interface LicenceOutcome {
  readonly exported: number;
  readonly refused: number;
  readonly leftOut: number;
}

/** One line of manifest.samples.jsonl. */
export interface SampleEntry {
  /**
   * The store's identity of the sample: the first 16 hex digits of the SHA-256 of its original
   * bytes, or for the 2nd, 3rd… identical record of the store an id derived from that and the copy's
   * number (see src/core/store/sampleIdentity.ts).
   */
  readonly id: string;
  /** Only for such a later copy: the hash of its original bytes (what `id` is for every other sample). */
  readonly recordHash?: string;
  /** Source file (relative to the store folder) and 1-based line. */
  readonly source: string;
  readonly line: number;
  readonly status: 'exported' | 'refused' | 'left-out';
  /**
   * Exported: the file and 1-based line (Parquet: row) it is on, and the content hash of the line's
   * UTF-8 bytes (no newline) — the store's content hash: the first 16 hex digits (8 bytes) of its
   * SHA-256, as `id` is for a sample's original bytes (so a record exported unchanged has
   * `contentHash` = `id`, and an export folder opened as a store keeps its samples' ids). Not the
   * full SHA-256: that is kept for the files (`files[].sha256`), where it proves integrity.
   */
  readonly file?: string;
  readonly fileLine?: number;
  readonly contentHash?: string;
  /** Refused or left out: why. */
  readonly reason?: string;
  /** The revision exported: 0 the original record, n the n-th edit. */
  readonly revision: number;
  readonly verdict: Verdict;
  readonly labels: readonly string[];
  readonly rating?: number;
  readonly reviewer?: string;
  /** In a team: the reviewers behind the team's verdict (the adjudicator, or those who agree) and the rule. */
  readonly decidedBy?: readonly string[];
  readonly rule?: string;
  /** ISO 8601 time of the verdict that stands. */
  readonly decidedAt?: string;
  readonly licenceIssue?: LicenceIssue;
  readonly provenance?: Omit<Provenance, 'from'>;
}

/** Running counts, by value, for the manifest and the card. */
export class CountTable {
  readonly #counts = new Map<string, number>();

  add(key: string, n = 1): void {
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + n);
  }

  get size(): number {
    return this.#counts.size;
  }

  /** Largest first, then by name. */
  entries(): [string, number][] {
    return [...this.#counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries(this.entries());
  }
}

export class ExportCounts {
  exported = 0;
  refused = 0;
  leftOut = 0;
  readonly byVerdict = new CountTable();
  readonly byLabel = new CountTable();
  readonly bySource = new CountTable();
  readonly byModel = new CountTable();
  readonly byLicence = new CountTable();
  readonly byKind = new CountTable();
  readonly bySplit = new CountTable();
  readonly byOrigin = new CountTable();
  readonly edited = { exported: 0 };
  readonly refusedByReason = new CountTable();

  toJSON(): Record<string, unknown> {
    return {
      exported: this.exported, refused: this.refused, leftOutByLicenceGate: this.leftOut, editedExported: this.edited.exported,
      byVerdict: this.byVerdict, byLabel: this.byLabel, bySource: this.bySource, byModel: this.byModel,
      byLicence: this.byLicence, byKind: this.byKind, byOrigin: this.byOrigin, bySplit: this.bySplit, refusedByReason: this.refusedByReason,
    };
  }
}

/** The agreement figures a manifest records (core/team's AgreementFigures; NaN written as null). */
export interface AgreementRecord {
  readonly units: number;
  readonly pairableValues: number;
  readonly percentAgreement: number;
  readonly alpha: number;
  readonly alphaUndefined?: string;
  readonly ac1: number;
}

/**
 * A slice decision that stands in the exporting reviewer's journal (issue 15): the rest of a slice
 * accepted or rejected on the measured defect rate of an audit of it. The drawn samples' ids are in
 * the journal line at `seq` (the manifest's journal position covers it).
 */
export interface SliceDecisionEntry {
  readonly seq: number;
  readonly at: string;
  readonly reviewer: string;
  readonly slice: { readonly name: string; readonly query: string };
  /** The verdict given to the rest of the slice, and how many samples that was. */
  readonly verdict: string;
  readonly samples: number;
  /** Drawn samples (`size`), of them decided (`n`) and defects (`k`), the seed the draw replays from. */
  readonly audit: { readonly size: number; readonly n: number; readonly k: number; readonly seed: number; readonly defect: string };
  readonly estimate: { readonly rate: number; readonly lower: number; readonly upper: number; readonly method: string; readonly level: number };
  readonly rule: { readonly kind: string; readonly rate: number; readonly text: string };
}

/** An export made in a team (several reviewers' journals): whose verdicts stand and how they agree. */
export interface TeamExport {
  readonly reviewers: readonly string[];
  /** The consensus rules allowed, strongest first. */
  readonly policy: { readonly allow: readonly string[]; readonly minReviewers?: number };
  /** Samples resolved per rule, and left without consensus per reason (these are never exported). */
  readonly resolved: Readonly<Record<string, number>>;
  readonly noConsensus: Readonly<Record<string, number>>;
  /** Verdict agreement (accepted vs rejected) over the exported set's samples decided by ≥ 2 reviewers. */
  readonly agreement: AgreementRecord;
  /** Per store index: who decided it the team's way and by which rule; undefined without consensus. */
  decisionAt(index: number): { readonly decidedBy: readonly string[]; readonly rule: string } | undefined;
}

export interface ExportManifest {
  readonly schema: number;
  readonly tool: { readonly name: string; readonly version: string };
  readonly exportedAt: string;
  readonly store: string;
  readonly format: ExportFormatId;
  /** Present when the data files are Parquet shards: how they were written. */
  readonly parquet?: ParquetSettings;
  /** Who gave the verdicts that stand for the exported samples. */
  readonly reviewers: readonly string[];
  readonly journal: JournalPosition & { readonly file: string };
  readonly filters: {
    readonly query: SampleQuery;
    /** The filter as the person exporting typed or picked it. */
    readonly description: string;
    readonly useEditedRevisions: boolean;
    readonly split: SplitOptions | null;
  };
  readonly licenceGate: LicenceGateRecord;
  readonly checks: readonly CheckRun[];
  /** Teacher mix, synthetic share and generation depth of the exported set, with the limits' warnings; null when the checks had not run. */
  readonly meters: ExportMeters | null;
  readonly counts: ExportCounts;
  /** Present when several reviewers' journals decided the set (team review). */
  readonly team?: Omit<TeamExport, 'decisionAt'>;
  /** The slice decisions standing in the exporting reviewer's journal, in journal order (empty: none). */
  readonly sliceDecisions: readonly SliceDecisionEntry[];
  readonly files: readonly WrittenFile[];
  readonly samples: WrittenFile;
  /** What the samples' `contentHash` (and `id`) is, spelled out for a reader of the manifest alone. */
  readonly sampleHash: typeof SAMPLE_HASH;
}

/** manifest.json's `sampleHash`: the per-sample hash is a 16-hex prefix of SHA-256, not the full digest. */
export const SAMPLE_HASH = { algorithm: 'sha256', hexDigits: 16, of: 'the UTF-8 bytes of the exported line, without its newline' } as const;
