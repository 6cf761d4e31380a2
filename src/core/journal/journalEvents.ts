// The decision journal's schema. One JSON object per line, appended, never rewritten.
// Readable and git-diffable on purpose: a reviewer can audit a day's work with `git diff`.
//
//   {"v":2,"seq":7,"at":"2026-11-24T20:01:02.003Z","reviewer":"ana","type":"verdict","samples":["3f9c…","a1b2…"],"verdict":"accepted"}
//   {"v":2,"seq":8,"at":"…","reviewer":"ana","type":"label","samples":["3f9c…"],"label":"math","present":true}
//   {"v":2,"seq":9,"at":"…","reviewer":"ana","type":"rating","sample":"3f9c…","rating":4}
//   {"v":2,"seq":10,"at":"…","reviewer":"ana","type":"note","sample":"3f9c…","note":"units wrong in step 2"}
//   {"v":2,"seq":11,"at":"…","reviewer":"ana","type":"revision","sample":"3f9c…","text":"{\"kind\":\"qa\",…}"}
//   {"v":2,"seq":12,"at":"…","reviewer":"ana","type":"undo","undoes":11}
//   {"v":2,"seq":13,"at":"…","reviewer":"ana","type":"redo","redoes":11}
//   {"v":2,"seq":14,"at":"…","reviewer":"ana","type":"verdict","samples":["3f9c…"],"verdict":"rejected","adjudication":true}
//   {"v":2,"seq":15,"at":"…","reviewer":"ana","type":"verdict","samples":["77aa…",…],"verdict":"rejected","sliceDecision":{"slice":{"name":"model gpt-x","query":"model:gpt-x"},"audit":{"seed":123,"drawn":["3f9c…",…],"n":30,"k":4,"defect":"rejected"},"estimate":{"rate":0.133,"lower":0.053,"upper":0.297,"method":"wilson","level":0.95},"rule":{"kind":"reject-if-upper-above","rate":0.05,"text":"reject if …"}}}
//
// `v` is the schema version; readers skip lines of a newer version (and report them) rather than
// guess. Version 1 lines — a verdict on one `sample`, and `undo` — still replay: a v1 verdict is a
// one-sample verdict step.
// `sample`/`samples` are sample identities (sampleIdentity.ts): the content hash of the original
// bytes, derived from it and the copy's number for later copies of identical records; so decisions
// follow a sample when lines move. `seq` strictly increases within a reviewer's journal (by one unless a write failed).
//
// Every event but undo/redo is one undoable step, however many samples it names (a bulk action is
// one step). `undo` withdraws the latest applied step and names it by its seq; `redo` re-applies
// the latest undone step, named the same way; any other event discards the undone steps. An undo
// or redo that does not name that step is stale and changes nothing.
// A slice decision (issue 15) is a verdict on the rest of a slice (the samples of a filter this
// reviewer had not decided), taken on the measured defect rate of an audit of it: a `verdict` event
// carrying `sliceDecision` (SliceDecisionRecord), so older readers, which ignore keys they do not
// know, read it unchanged as the reviewer's bulk verdict, and undo withdraws it as one step.
// `rating` (1–5) and `note` are `null` when cleared. `revision` holds the full new normalized JSON
// text of an edited sample: its revisions are numbered from 1 in journal order (0 is the original,
// which is never changed; edits never touch source files).
import type { Verdict } from '../formats/sampleModel';

export const JOURNAL_SCHEMA_VERSION = 2;

interface EventBase {
  readonly v: number;
  readonly seq: number;
  /** ISO 8601 time the event was made. */
  readonly at: string;
  readonly reviewer: string;
}

/** Version 1: a verdict on one sample. `pending` clears a previous verdict. */
export interface VerdictEventV1 extends EventBase {
  readonly type: 'verdict';
  readonly sample: string;
  readonly verdict: Verdict;
}

/** A verdict on one or more samples. `pending` clears a previous verdict. */
export interface VerdictEvent extends EventBase {
  readonly type: 'verdict';
  readonly samples: readonly string[];
  readonly verdict: Verdict;
  /**
   * Present (always `true`) when the reviewer settles other reviewers' disagreement rather than
   * reviewing: the team's resolved verdict (core/team/consensus.ts), not one of the opinions
   * agreement is measured over. Absent on ordinary verdicts, so older journals read unchanged;
   * older readers take it as the reviewer's own verdict.
   */
  readonly adjudication?: true;
  /** Present when the verdict decides the rest of a slice on its audit (never with `adjudication`). */
  readonly sliceDecision?: SliceDecisionRecord;
}

/**
 * What a slice was decided on, recorded as proof: the slice, the audit (its seed and drawn samples
 * replay the draw), the estimate and the rule. Rates are proportions in [0, 1].
 */
export interface SliceDecisionRecord {
  /** `query` in the filter box's syntax (core/query/queryFilter.ts); `name` as the reviewer saw it. */
  readonly slice: { readonly name: string; readonly query: string };
  readonly audit: {
    readonly seed: number;
    /** Identities of every drawn sample, in draw order (decided or not). */
    readonly drawn: readonly string[];
    /** Drawn samples decided when the slice was, and the defects among them. */
    readonly n: number;
    readonly k: number;
    /** What counted as a defect, in words ("rejected", "rejected or labelled wrong"). */
    readonly defect: string;
  };
  readonly estimate: { readonly rate: number; readonly lower: number; readonly upper: number; readonly method: string; readonly level: number };
  /** The rule's kind and threshold (core/audit/sliceDecisionRule.ts) and its sentence. */
  readonly rule: { readonly kind: string; readonly rate: number; readonly text: string };
}

/** Adds (`present: true`) or removes a label on one or more samples. */
export interface LabelEvent extends EventBase {
  readonly type: 'label';
  readonly samples: readonly string[];
  readonly label: string;
  readonly present: boolean;
}

export interface RatingEvent extends EventBase {
  readonly type: 'rating';
  readonly sample: string;
  /** 1–5, or null when cleared. */
  readonly rating: number | null;
}

export interface NoteEvent extends EventBase {
  readonly type: 'note';
  readonly sample: string;
  /** null when cleared. */
  readonly note: string | null;
}

export interface RevisionEvent extends EventBase {
  readonly type: 'revision';
  readonly sample: string;
  /** The full normalized JSON text of the sample's next revision. */
  readonly text: string;
}

/** Withdraws the latest applied step, the event whose seq is `undoes` (v1 and v2). */
export interface UndoEvent extends EventBase {
  readonly type: 'undo';
  readonly undoes: number;
}

/** Re-applies the latest undone step, the event whose seq is `redoes`. */
export interface RedoEvent extends EventBase {
  readonly type: 'redo';
  readonly redoes: number;
}

export type StepEvent = VerdictEventV1 | VerdictEvent | LabelEvent | RatingEvent | NoteEvent | RevisionEvent;
export type JournalEvent = StepEvent | UndoEvent | RedoEvent;

/** An event as a writer gives it; the journal stamps version, seq, time and reviewer. */
export type Unstamped<E extends JournalEvent> = E extends EventBase ? Omit<E, keyof EventBase> : never;

const VERDICT_VALUES = new Set<string>(['pending', 'accepted', 'rejected', 'skipped']);

function isStringArray(value: unknown): value is string[] {
  if (!Array.isArray(value) || value.length === 0) return false;
  for (const s of value) if (typeof s !== 'string') return false;
  return true;
}

/**
 * Checks one parsed journal line; returns it typed, or undefined for anything that is not a valid
 * event of version 1 or 2. Returns the parsed object itself (no copy: replay runs this per line).
 */
export function asJournalEvent(value: unknown): JournalEvent | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const e = value as Record<string, unknown>;
  if ((e.v !== 1 && e.v !== 2) || typeof e.seq !== 'number' || typeof e.at !== 'string' || typeof e.reviewer !== 'string') {
    return undefined;
  }
  const ok = e.v === 1 ? isV1(e) : isV2(e);
  return ok ? (e as unknown as JournalEvent) : undefined;
}

function isV1(e: Record<string, unknown>): boolean {
  switch (e.type) {
    case 'verdict': return typeof e.sample === 'string' && typeof e.verdict === 'string' && VERDICT_VALUES.has(e.verdict);
    case 'undo': return typeof e.undoes === 'number';
    default: return false;
  }
}

function isV2(e: Record<string, unknown>): boolean {
  switch (e.type) {
    case 'verdict': return isStringArray(e.samples) && typeof e.verdict === 'string' && VERDICT_VALUES.has(e.verdict)
      && (e.adjudication === undefined || e.adjudication === true)
      && (e.sliceDecision === undefined || (e.adjudication === undefined && isSliceDecisionRecord(e.sliceDecision)));
    case 'label': return isStringArray(e.samples) && typeof e.label === 'string' && e.label !== '' && typeof e.present === 'boolean';
    case 'rating': return typeof e.sample === 'string' && (e.rating === null || isRating(e.rating));
    case 'note': return typeof e.sample === 'string' && (e.note === null || typeof e.note === 'string');
    case 'revision': return typeof e.sample === 'string' && typeof e.text === 'string';
    case 'undo': return typeof e.undoes === 'number';
    case 'redo': return typeof e.redoes === 'number';
    default: return false;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRate(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= 1;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Whether `value` is a well-formed SliceDecisionRecord (k ≤ n ≤ drawn, lower ≤ upper). */
export function isSliceDecisionRecord(value: unknown): value is SliceDecisionRecord {
  if (!isObject(value)) return false;
  const { slice, audit, estimate, rule } = value;
  if (!isObject(slice) || typeof slice.name !== 'string' || typeof slice.query !== 'string') return false;
  if (!isObject(audit) || !isCount(audit.seed) || !isStringArray(audit.drawn) || !isCount(audit.n) || !isCount(audit.k)
    || audit.k > audit.n || audit.n > audit.drawn.length || typeof audit.defect !== 'string') return false;
  if (!isObject(estimate) || !isRate(estimate.rate) || !isRate(estimate.lower) || !isRate(estimate.upper)
    || !(estimate.lower <= estimate.upper) || typeof estimate.method !== 'string' || !isRate(estimate.level)) return false;
  return isObject(rule) && typeof rule.kind === 'string' && isRate(rule.rate) && typeof rule.text === 'string';
}

export function isRating(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;
}
