// Every message between the extension host and the review panel webview.
//
// Flow: the webview posts `ready` once its script runs; the host answers with a full `snapshot`
// (never deltas a reloaded webview could not replay). After that the host sends `rowsChanged`
// when verdicts change, `sample` when the webview asks to see one, and `error` when an action
// failed. The webview never assumes an action succeeded: a row shows a verdict only after the
// host reports it, and the host reports it only after the decision is on disk.
import type { Provenance } from './core/provenance';
import type { NormalizedSample, Verdict, VerdictCounts } from './core/sampleModel';

export type { NormalizedSample, Provenance, Verdict, VerdictCounts };

/** One row of the sample list. */
export interface RowView {
  readonly index: number;
  /** Content hash: the sample's identity in the store. */
  readonly id: string;
  readonly source: string;
  /** 1-based line in `source`. */
  readonly line: number;
  readonly kind: NormalizedSample['kind'] | 'invalid';
  readonly preview: string;
  readonly verdict: Verdict;
}

/** Problems found in one source file, counted by code (e.g. `invalid-json`). */
export interface FileProblemsView {
  readonly file: string;
  readonly total: number;
  readonly byCode: Readonly<Record<string, number>>;
  readonly firstLine: number;
}

/** A sample shown in full. */
export interface SampleView {
  readonly row: RowView;
  readonly format?: string;
  readonly normalized?: NormalizedSample;
  /** Why the record is not a readable sample (names file and line). */
  readonly error?: string;
  /** Model, licence, parameters, template, parent, origin and depth, where known. */
  readonly provenance?: Provenance;
}

/** How far opening the store has come (indexing files that changed or were never indexed). */
export interface OpeningProgress {
  readonly file: string;
  readonly fileNumber: number;
  readonly files: number;
  /** 0–100 within `file`. */
  readonly percent: number;
}

/** host → webview */
export type ToWebviewMessage =
  /**
   * The store is still opening: the first sample (read directly from the first file) so the
   * reviewer can start reading, and indexing progress. A `snapshot` follows when the store is open.
   */
  | {
      readonly type: 'opening';
      readonly storeName: string;
      readonly sample: SampleView | undefined;
      readonly progress: OpeningProgress | undefined;
    }
  /** The whole state the panel needs; sent in answer to `ready`. */
  | {
      readonly type: 'snapshot';
      readonly storeName: string;
      readonly reviewer: string;
      readonly counts: VerdictCounts;
      readonly rows: readonly RowView[];
      /** Index of the sample to select first (the first pending one), if any. */
      readonly selected: number | undefined;
      /** That sample in full. */
      readonly sample: SampleView | undefined;
      /** Files or lines the store could not read, named by file (and line). */
      readonly problems: readonly string[];
    }
  /** Verdicts of these rows changed (after a durable decision or undo). */
  | {
      readonly type: 'rowsChanged';
      readonly rows: readonly RowView[];
      readonly counts: VerdictCounts;
      /** Where the selection should go next (after a verdict: the next pending sample). */
      readonly select: number | undefined;
    }
  /** Per-file problem counts from the background read of every record (after the store opened). */
  | { readonly type: 'fileProblems'; readonly files: readonly FileProblemsView[] }
  /** The sample the webview asked for. */
  | { readonly type: 'sample'; readonly sample: SampleView }
  /** An action failed; the message says what and what to do. */
  | { readonly type: 'error'; readonly message: string };

/** A verdict the reviewer can give with one key. */
export type DecisionVerdict = Exclude<Verdict, 'pending'>;

/** webview → host */
export type FromWebviewMessage =
  /** The script loaded; answer with `snapshot`. */
  | { readonly type: 'ready' }
  /** The reviewer selected a sample; answer with `sample`. */
  | { readonly type: 'select'; readonly index: number }
  /** The reviewer gave a verdict on the sample at `index`. */
  | { readonly type: 'decide'; readonly index: number; readonly verdict: DecisionVerdict }
  /** Undo the reviewer's last decision. */
  | { readonly type: 'undo' };

const DECISIONS: readonly string[] = ['accepted', 'rejected', 'skipped'];

/** Checks a message from the webview at the boundary: it is untrusted input. */
export function parseFromWebview(value: unknown): FromWebviewMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  switch (m.type) {
    case 'ready':
    case 'undo':
      return { type: m.type };
    case 'select':
      return isIndex(m.index) ? { type: 'select', index: m.index } : undefined;
    case 'decide':
      return isIndex(m.index) && typeof m.verdict === 'string' && DECISIONS.includes(m.verdict)
        ? { type: 'decide', index: m.index, verdict: m.verdict as DecisionVerdict }
        : undefined;
    default:
      return undefined;
  }
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
