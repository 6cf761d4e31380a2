// The decision journal's schema. One JSON object per line, appended, never rewritten.
// Readable and git-diffable on purpose: a reviewer can audit a day's work with `git diff`.
//
//   {"v":1,"seq":7,"at":"2026-11-24T20:01:02.003Z","reviewer":"ana","type":"verdict","sample":"3f9c…","verdict":"accepted"}
//   {"v":1,"seq":8,"at":"…","reviewer":"ana","type":"undo","undoes":7}
//
// `v` is the schema version; readers skip lines of a newer version with a warning rather than guess.
// `sample` is the content hash of the sample's original bytes, so decisions follow the sample
// when lines move. `seq` increases by one per event within a reviewer's journal.
import type { Verdict } from './sampleModel';

export const JOURNAL_SCHEMA_VERSION = 1;

interface EventBase {
  readonly v: number;
  readonly seq: number;
  /** ISO 8601 time the event was made. */
  readonly at: string;
  readonly reviewer: string;
}

/** A verdict on one sample. `pending` clears a previous verdict. */
export interface VerdictEvent extends EventBase {
  readonly type: 'verdict';
  readonly sample: string;
  readonly verdict: Verdict;
}

/** Withdraws the most recent not-yet-undone verdict event `undoes`. */
export interface UndoEvent extends EventBase {
  readonly type: 'undo';
  readonly undoes: number;
}

export type JournalEvent = VerdictEvent | UndoEvent;

const VERDICT_VALUES = new Set<string>(['pending', 'accepted', 'rejected', 'skipped']);

/** Checks one parsed journal line; returns undefined for anything that is not a valid v1 event. */
export function asJournalEvent(value: unknown): JournalEvent | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const e = value as Record<string, unknown>;
  if (e.v !== JOURNAL_SCHEMA_VERSION || typeof e.seq !== 'number' || typeof e.at !== 'string' || typeof e.reviewer !== 'string') {
    return undefined;
  }
  if (e.type === 'verdict' && typeof e.sample === 'string' && typeof e.verdict === 'string' && VERDICT_VALUES.has(e.verdict)) {
    return e as unknown as VerdictEvent;
  }
  if (e.type === 'undo' && typeof e.undoes === 'number') return e as unknown as UndoEvent;
  return undefined;
}
