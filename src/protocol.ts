// Every message between the extension host and the review panel webview, and (at the end) the
// custom LSP messages between the language server and the extension host.
//
// Flow: the webview posts `ready` once its script runs; the host answers with a full `snapshot`
// (never deltas a reloaded webview could not replay). After that the host sends `rowsChanged`
// when verdicts change, `sample` when the webview asks to see one, and `error` when an action
// failed. The webview never assumes an action succeeded: a row shows a verdict only after the
// host reports it, and the host reports it only after the decision is on disk.
import type { CandidateLine } from './core/formats/candidateResponses';
import type { JudgeSides } from './core/formats/judgeScores';
import type { Provenance } from './core/formats/provenance';
import type { NormalizedSample, SampleRow, Verdict, VerdictCounts } from './core/formats/sampleModel';
import { PART_ID } from './core/formats/samplePartIds';

export type { CandidateLine, JudgeSides, NormalizedSample, Provenance, Verdict, VerdictCounts };

/**
 * One row of the sample list: the store's row, with `index` meaning the row's position in the
 * panel's list (the sample's index in the store unless a filter is set).
 */
export interface RowView extends SampleRow {
  /** The sample's index in the store, when it differs from `index`. */
  readonly sample?: number;
  /** The reviewer's labels on the sample, sorted. */
  readonly labels?: readonly string[];
  /** What the checks flagged on the sample (absent while the checks have not run). */
  readonly flags?: readonly CheckFlag[];
  /** Team review: the deciding reviewers disagree on this sample (verdict or label); 'settled' once adjudicated. */
  readonly conflict?: 'open' | 'settled';
}

/**
 * A check's flag on a sample; also the values of the list filter's `flag:` key (with
 * `verifier-pass` and `no-reference`, which are results rather than flags).
 */
export type CheckFlag = 'duplicate' | 'contaminated' | 'verifier-fail';

/** [start, end) character offsets into the text they come with. */
export type TextRange = readonly [number, number];

/** What the checks found on one sample, for the detail view. */
export interface SampleChecksView {
  /** In a near-duplicate cluster (`c` opens it side by side). */
  readonly duplicate?: {
    /** Samples in the cluster, this one included. */
    readonly members: number;
    /** Other members already accepted: accepting this one too is warned before it lands. */
    readonly acceptedOthers: number;
    /** Highest exact Jaccard similarity of this sample to a member. */
    readonly similarity: number;
  };
  /** Overlap with a benchmark test item: both texts, the overlapping ranges of each. */
  readonly contamination?: {
    readonly benchmark: string;
    /** 1-based position of the item in its benchmark file. */
    readonly item: number;
    readonly itemText: string;
    readonly itemRanges: readonly TextRange[];
    /** The sample's text as the check read it (its texts joined by blank lines). */
    readonly sampleText: string;
    readonly sampleRanges: readonly TextRange[];
    readonly method: '13-gram' | '50-char';
    /** Matched 13-grams, or matched substrings (of three). */
    readonly overlaps: number;
  };
  /** The verifier's result: `pass`, `fail` (with the reason) or `no-reference`. */
  readonly verifier?: {
    readonly status: 'pass' | 'fail' | 'no-reference';
    readonly reason?: string;
    readonly finalAnswer?: string;
    readonly reference?: string;
    /** The solution text the verifier read, with the ranges of wrong calculations. */
    readonly solution: string;
    /**
     * Wrong calculations: the range in `solution`, what the calculation gives, and `note` when the
     * statement alone does not show the fault (an annotation whose result the text then misstates).
     */
    readonly wrongSteps: readonly { readonly range: TextRange; readonly expected: number; readonly note?: string }[];
    /** Calculations re-evaluated. */
    readonly steps: number;
  };
}

/** The checks' state and figures for the panel header (teacher mix, synthetic share, diversity). */
export interface ChecksHeaderView {
  readonly state: 'running' | 'done' | 'failed' | 'off';
  /** One line, e.g. "checks: 12 near-dup · 3 benchmark · 5 verifier fail". */
  readonly text: string;
  /** Further lines (teacher mix, synthetic share, diversity), shown as the header's tooltip and in the help. */
  readonly details: readonly string[];
  /** Warnings about the accepted set (teacher cap, synthetic-share limit). */
  readonly warnings: readonly string[];
}

/** One member of a near-duplicate cluster, shown side by side with the others. */
export interface ClusterMemberView {
  /** The sample's index in the store (what `keepOne` names). */
  readonly sample: number;
  readonly row: RowView;
  /** Its text as the check read it. */
  readonly text: string;
  /** Exact Jaccard similarity to the sample the cluster was opened from (1 for itself). */
  readonly similarity: number;
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
  /**
   * A model judge's score and rationale, read from the source record by `sampleCurator.judge.fields`
   * (a suggestion, never a decision); a field holding something not a number is a problem to show.
   */
  readonly judge?: JudgeSides;
  /**
   * A record of candidate answers (distilabel `generations`, UltraFeedback `completions`): every
   * one with its model and score, in the record's order, marked with the side that shows it (the
   * others are in the record only). Absent for every other record.
   */
  readonly candidates?: readonly CandidateLine[];
  /**
   * The current revision: absent or 0 is the record as in its source file; n means the sample was
   * edited n times and `normalized` is the n-th edit (the panel shows "edited (revision n)").
   */
  readonly revision?: number;
  /** With a revision above 0: the source record's normalized view, before any edit. */
  readonly original?: NormalizedSample;
  /** What the checks found on the sample (absent while they have not run, or nothing found). */
  readonly checks?: SampleChecksView;
  /** For an edited sample: its normalized JSON, original against current, line by line (absent when too large). */
  readonly revisionDiff?: readonly { readonly op: 'same' | 'add' | 'del'; readonly text: string }[];
  /** The reviewer's labels (sorted), rating 1–5 and note on this sample. */
  readonly annotations?: { readonly labels: readonly string[]; readonly rating?: number; readonly note?: string };
  /** Every reviewer's decision side by side and the team's verdict (team review only). */
  readonly team?: TeamSampleView;
}

/** One reviewer's standing decision on a sample (team review: every journal in `.curator/journal/`). */
export interface OpinionView {
  readonly reviewer: string;
  readonly verdict: Verdict;
  readonly labels: readonly string[];
  readonly rating?: number;
  readonly note?: string;
  /** The verdict this reviewer set as the team's resolution (adjudication), if any. */
  readonly adjudicated?: Verdict;
  /** This reviewer is the one using the panel. */
  readonly you?: boolean;
}

/** The team's view of one sample, when more than one reviewer has a journal. */
export interface TeamSampleView {
  /** Every reviewer who decided, labelled, rated or noted the sample, in name order. */
  readonly opinions: readonly OpinionView[];
  /** The verdict that stands for export under the policy, with the rule; or why there is none. */
  readonly verdict?: Verdict;
  readonly rule?: 'adjudicated' | 'unanimous' | 'majority';
  readonly refusal?: string;
  /** Deciding reviewers differ on the verdict and/or on a label. */
  readonly conflict: { readonly verdict: boolean; readonly labels: boolean } | undefined;
}

/** The team line of the panel header (absent while only one reviewer has a journal). */
export interface TeamHeaderView {
  /** One line, e.g. "team: 2 reviewers · 5 conflicts, 3 open · α 0.62 · AC1 0.71". */
  readonly text: string;
  /** Per-reviewer progress and the figures' details, for the tooltip and the help sheet. */
  readonly details: readonly string[];
  readonly openConflicts: number;
}

/**
 * The audit line of the panel header, while the list shows a slice audit's draw (issue 15);
 * sent with the snapshot and with every `rowsChanged`, so it is new after each key.
 */
export interface AuditHeaderView {
  /**
   * One line, e.g. "audit model teacher-b: 3 defects of 40 · 7.5% [2.6%, 19.9%] (Wilson 95%) ·
   * ~640 more for ±2 pts" (core/store/auditHeadline.ts).
   */
  readonly text: string;
  /** The slice's query, the draw (seed, size, pending), the rule and what it says now: the tooltip. */
  readonly details: readonly string[];
  /** Drawn samples not decided yet (0: time to draw more with `+`, or to decide the slice). */
  readonly pending: number;
}

/** A key of the filter box (`source:`) and what it takes, as the help sheet lists it. */
export interface FilterKeyView {
  readonly key: string;
  readonly help: string;
}

/** A label of the project's taxonomy, as the panel draws it and the help sheet lists it. */
export interface LabelView {
  readonly name: string;
  /** Key 1–9 that toggles it, if any. */
  readonly slot?: number;
  /** A CSS value, always a `var(--vscode-…)` theme variable. */
  readonly color: string;
  readonly description: string;
}

/** How far opening the store has come (indexing files that changed or were never indexed). */
export interface OpeningProgress {
  readonly file: string;
  readonly fileNumber: number;
  readonly files: number;
  /** 0–100 within `file`. */
  readonly percent: number;
}

/** What the webview does alone, asked for by a palette command (`run`). */
export type PanelOnlyAction = 'next' | 'previous' | 'swap' | 'help' | 'nextPart' | 'previousPart';

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
      /** Pending samples whose record is not readable as a sample (among `counts.pending`; shown apart, never acceptable). */
      readonly unreadable: number;
      /** Number of rows in the list; rows arrive in windows (`rows`) as the list scrolls. */
      readonly total: number;
      /** The first window of rows, from row 0. */
      readonly rows: readonly RowView[];
      readonly labels: readonly LabelView[];
      /** Index of the sample to select first (the first pending one), if any. */
      readonly selected: number | undefined;
      /** That sample in full. */
      readonly sample: SampleView | undefined;
      /** Files or lines the store could not read, named by file (and line). */
      readonly problems: readonly string[];
      /** The filter / search / sort the list shows, in words; empty for every sample in order. */
      readonly filter: string;
      /**
       * The same in the filter box's syntax (what `f` reads back), for the panel's "no sample
       * matches" line; empty for every sample in order.
       */
      readonly query: string;
      /** The search phrase or `/regex/flags` the list was found by (marked in the sample's text); absent for none. */
      readonly search?: string;
      /** Every key the filter box knows and what it takes (the parser's table), for the help sheet. */
      readonly filterKeys: readonly FilterKeyView[];
      /** The checks' state and figures. */
      readonly checks: ChecksHeaderView;
      /** Team review figures (absent with one reviewer). */
      readonly team?: TeamHeaderView;
      /** The slice audit the list shows (absent outside audit mode). */
      readonly audit?: AuditHeaderView;
    }
  /** Other reviewers' journals changed (a pull, a checkout, another window): the header's team line. */
  | { readonly type: 'team'; readonly header: TeamHeaderView | undefined }
  /** The checks' state or the accepted set's figures changed. */
  | { readonly type: 'checks'; readonly header: ChecksHeaderView }
  /** The audit line changed without a decision (the judge's scores over the slice were read): the header's audit line. */
  | { readonly type: 'audit'; readonly header: AuditHeaderView | undefined }
  /**
   * The near-duplicate cluster of the selected sample, members side by side (at most 12, the
   * selected one first); answer to `openCluster`.
   */
  | { readonly type: 'cluster'; readonly members: readonly ClusterMemberView[]; readonly total: number }
  /** Verdicts of these rows changed (after a durable decision or undo). */
  | {
      readonly type: 'rowsChanged';
      readonly rows: readonly RowView[];
      readonly counts: VerdictCounts;
      /** As in `snapshot`. */
      readonly unreadable: number;
      /** Where the selection should go next (after a verdict: the next pending sample). */
      readonly select: number | undefined;
      /** In audit mode: the audit's figures after this change (absent outside audit mode). */
      readonly audit?: AuditHeaderView;
    }
  /** Per-file problem counts from the background read of every record (after the store opened). */
  | { readonly type: 'fileProblems'; readonly files: readonly FileProblemsView[]; readonly unreadable: number }
  /** A window of rows the webview asked for (`rows` request), from `start`. */
  | { readonly type: 'rows'; readonly start: number; readonly rows: readonly RowView[] }
  /** The sample the webview asked for; `prefetched`: sent ahead, to keep, not to show. */
  | { readonly type: 'sample'; readonly sample: SampleView; readonly prefetched?: boolean }
  /** A palette command for a view-only action the webview carries out itself. */
  | { readonly type: 'run'; readonly action: PanelOnlyAction }
  /** An action failed; the message says what and what to do. */
  | { readonly type: 'error'; readonly message: string }
  /** Every notice that concerns the reviewer now (the whole list each time; empty: none). */
  | { readonly type: 'notices'; readonly notices: readonly NoticeView[] };

/**
 * A notice in the panel's banner (a provenance question, a failed save, an export's result), also
 * shown as a notification. Its buttons are named by position; the host runs what they stand for.
 */
export interface NoticeView {
  readonly id: number;
  readonly kind: 'info' | 'warning' | 'error';
  readonly text: string;
  readonly actions: readonly string[];
}

/** A verdict the reviewer can give with one key. */
export type DecisionVerdict = Exclude<Verdict, 'pending'>;

/** webview → host */
export type FromWebviewMessage =
  /** The script loaded; answer with `snapshot`. */
  | { readonly type: 'ready' }
  /** The reviewer selected a sample; answer with `sample`. */
  | { readonly type: 'select'; readonly index: number }
  /**
   * The reviewer gave a verdict on the sample at list position `index`. `id` is the id (content
   * hash, `row.id`) of the sample the panel showed there: the host records nothing if the store
   * now holds another sample at that position (a source file changed and was re-indexed).
   */
  | { readonly type: 'decide'; readonly index: number; readonly verdict: DecisionVerdict; readonly id: string }
  /**
   * Settle the team's disagreement on the sample at list position `index` with this verdict: an
   * adjudication in the reviewer's journal (`id` as for `decide`).
   */
  | { readonly type: 'adjudicate'; readonly index: number; readonly verdict: 'accepted' | 'rejected'; readonly id: string }
  /** Undo the reviewer's last step. */
  | { readonly type: 'undo' }
  /** Redo the last undone step. */
  | { readonly type: 'redo' }
  /** Rows `start` … `start + count - 1` are about to be shown; answer with `rows` (count ≤ 500). */
  | { readonly type: 'rowsRequest'; readonly start: number; readonly count: number }
  /** Toggle the label in key slot `slot` (1–9) on the selected sample. */
  | { readonly type: 'toggleLabel'; readonly slot: number }
  /** Rate the selected sample 1–5 (the same rating again clears it). */
  | { readonly type: 'rate'; readonly rating: number }
  /** Ask for a note on the selected sample (the host shows an input box). */
  | { readonly type: 'note' }
  /** Select the first or last pending sample. */
  | { readonly type: 'goPending'; readonly which: 'first' | 'last' }
  /** Open the selected sample's source file at its line. */
  | { readonly type: 'openSource' }
  /** Send these list positions' samples ahead of time (`sample` with `prefetched`), so `j`/`k` paint at once. */
  | { readonly type: 'prefetch'; readonly positions: readonly number[] }
  /** Ask for a search phrase (host input box); the list then shows the matches. */
  | { readonly type: 'search' }
  /** Ask for a filter and sort (host input box). */
  | { readonly type: 'filter' }
  /** Show every sample again (Esc on a filter that matches nothing). */
  | { readonly type: 'clearFilter' }
  /** Show the selected sample's near-duplicate cluster side by side; answer with `cluster`. */
  | { readonly type: 'openCluster' }
  /** Keep the cluster member `sample` (store index) and reject the other members, as one undoable step. */
  | { readonly type: 'keepOne'; readonly sample: number }
  /**
   * Open the selected sample in an editor tab (saving makes a revision): its normalized JSON, or
   * with `part` (a sampleParts.ts id such as `turn3`) the text of the part selected in the panel.
   */
  | { readonly type: 'edit'; readonly part?: string }
  /** Open the diff of the selected sample (or of its selected part), original against current. */
  | { readonly type: 'diff'; readonly part?: string }
  /** In audit mode (`+`): draw more samples of the slice (the draw so far stays its prefix); a new snapshot follows. */
  | { readonly type: 'auditMore' }
  /** Shift+X: swap the selected preference pair's chosen and rejected answers as a recorded edit (a revision). */
  | { readonly type: 'swapChosenRejected' }
  /** A button of a notice in the banner (`action`: its position), or its close button (`action` absent). */
  | { readonly type: 'notice'; readonly id: number; readonly action?: number };

const DECISIONS: readonly string[] = ['accepted', 'rejected', 'skipped'];

/** A sample id as the host sent it in `row.id`: short and printable (it is compared, never parsed). */
function isSampleId(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= 128 && /^[\x21-\x7e]+$/.test(v);
}

/** Checks a message from the webview at the boundary: it is untrusted input. */
export function parseFromWebview(value: unknown): FromWebviewMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  switch (m.type) {
    case 'ready':
    case 'undo':
    case 'redo':
    case 'note':
    case 'search':
    case 'filter':
    case 'clearFilter':
    case 'openSource':
    case 'openCluster':
    case 'auditMore':
    case 'swapChosenRejected':
      return { type: m.type };
    case 'keepOne':
      return isIndex(m.sample) ? { type: 'keepOne', sample: m.sample } : undefined;
    case 'notice':
      if (!isIndex(m.id)) return undefined;
      if (m.action === undefined) return { type: 'notice', id: m.id };
      return isIndex(m.action) && m.action < 10 ? { type: 'notice', id: m.id, action: m.action } : undefined;
    case 'edit':
    case 'diff':
      if (m.part === undefined) return { type: m.type };
      return typeof m.part === 'string' && PART_ID.test(m.part) ? { type: m.type, part: m.part } : undefined;
    case 'prefetch':
      return Array.isArray(m.positions) && m.positions.length <= 10 && m.positions.every(isIndex)
        ? { type: 'prefetch', positions: m.positions as number[] }
        : undefined;
    case 'rowsRequest':
      return isIndex(m.start) && isIndex(m.count) && m.count >= 1 && m.count <= 500 ? { type: 'rowsRequest', start: m.start, count: m.count } : undefined;
    case 'toggleLabel':
      return isIndex(m.slot) && m.slot >= 1 && m.slot <= 9 ? { type: 'toggleLabel', slot: m.slot } : undefined;
    case 'rate':
      return isIndex(m.rating) && m.rating >= 1 && m.rating <= 5 ? { type: 'rate', rating: m.rating } : undefined;
    case 'goPending':
      return m.which === 'first' || m.which === 'last' ? { type: 'goPending', which: m.which } : undefined;
    case 'select':
      return isIndex(m.index) ? { type: 'select', index: m.index } : undefined;
    case 'adjudicate':
      return isIndex(m.index) && (m.verdict === 'accepted' || m.verdict === 'rejected') && isSampleId(m.id)
        ? { type: 'adjudicate', index: m.index, verdict: m.verdict, id: m.id }
        : undefined;
    case 'decide':
      return isIndex(m.index) && typeof m.verdict === 'string' && DECISIONS.includes(m.verdict) && isSampleId(m.id)
        ? { type: 'decide', index: m.index, verdict: m.verdict as DecisionVerdict, id: m.id }
        : undefined;
    default:
      return undefined;
  }
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}

// ---------------------------------------------------------------------------------------------
// Custom LSP messages between the language server (src/server) and the extension host.

/**
 * language server → extension host (a request): the curation verdict of one line of a sample file,
 * for the hover. The host owns the open store, so it answers; the server never opens one.
 */
export const LINE_VERDICT_REQUEST = 'sampleCurator/lineVerdict';

export interface LineVerdictParams {
  /** The document's URI, as LSP names it. */
  readonly uri: string;
  /** 0-based line. */
  readonly line: number;
  /** The line's text as it is in the editor (without its line break). */
  readonly text: string;
}

/**
 * `verdict` when the file is a source of the open store and the line's content hash names a sample
 * of it; otherwise why not: no store is open, the file is not one of its sources, or the line (as
 * edited) is not a sample the store indexed.
 */
export type LineVerdictResult =
  | { readonly inStore: true; readonly verdict: Verdict }
  | { readonly inStore: false; readonly reason: 'no-store' | 'file-not-in-store' | 'line-not-in-store' };
