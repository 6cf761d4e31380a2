// Reads what the extension wrote to a test store, to check that UI actions reached the disk.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One journal line (schema v2, see src/core/journal/journalEvents.ts); fields by event type. */
export interface JournalLine {
  readonly v?: number;
  readonly type: string;
  readonly seq: number;
  readonly at?: string;
  readonly reviewer?: string;
  /** verdict, label */
  readonly samples?: readonly string[];
  /** rating, note, revision */
  readonly sample?: string;
  readonly verdict?: string;
  readonly label?: string;
  readonly present?: boolean;
  readonly rating?: number | null;
  readonly note?: string | null;
  readonly text?: string;
  readonly undoes?: number;
  readonly redoes?: number;
}

/** All journal events in the store (every reviewer's journal), in file order. */
export function journalEvents(store: string): JournalLine[] {
  const dir = path.join(store, '.curator', 'journal');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).flatMap((f) =>
    fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as JournalLine));
}

/** The first JSONL line of a file in the store, parsed. */
export function firstRecord(store: string, file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(store, file), 'utf8').split('\n')[0]) as Record<string, unknown>;
}

/** Every JSONL line of a file in the store, parsed. */
export function records(store: string, file: string): Record<string, unknown>[] {
  return fs.readFileSync(path.join(store, file), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** What a journal says, replayed independently of src/: per sample hash, the state its steps leave. */
export interface ReplayedJournal {
  readonly verdicts: Map<string, string>;
  readonly labels: Map<string, Set<string>>;
  readonly ratings: Map<string, number>;
  readonly notes: Map<string, string>;
  /** Revisions per sample, in order (the last is current). */
  readonly revisions: Map<string, string[]>;
  /** Steps that an undo withdrew and no later step discarded (what redo would bring back), latest last. */
  readonly undone: readonly JournalLine[];
  /** accepted / rejected / skipped counts over samples (by hash). */
  count(verdict: string): number;
}

/**
 * Replays journal lines by the schema's rules: every event but undo/redo is one step; undo withdraws
 * the latest applied step if it names it by seq, redo re-applies the latest undone one; any other
 * step discards the undone ones.
 */
export function replayJournal(events: readonly JournalLine[]): ReplayedJournal {
  const applied: JournalLine[] = [];
  const undone: JournalLine[] = [];
  for (const e of events) {
    if (e.type === 'undo') {
      if (applied.at(-1)?.seq === e.undoes) undone.push(applied.pop() as JournalLine);
    } else if (e.type === 'redo') {
      if (undone.at(-1)?.seq === e.redoes) applied.push(undone.pop() as JournalLine);
    } else {
      applied.push(e);
      undone.length = 0;
    }
  }
  const verdicts = new Map<string, string>();
  const labels = new Map<string, Set<string>>();
  const ratings = new Map<string, number>();
  const notes = new Map<string, string>();
  const revisions = new Map<string, string[]>();
  for (const e of applied) {
    const samples = e.samples ?? (e.sample ? [e.sample] : []);
    switch (e.type) {
      case 'verdict':
        for (const s of samples) verdicts.set(s, String(e.verdict));
        break;
      case 'label':
        for (const s of samples) {
          const set = labels.get(s) ?? new Set<string>();
          if (e.present) set.add(String(e.label));
          else set.delete(String(e.label));
          labels.set(s, set);
        }
        break;
      case 'rating':
        if (e.rating == null) ratings.delete(samples[0]);
        else ratings.set(samples[0], e.rating);
        break;
      case 'note':
        if (e.note == null) notes.delete(samples[0]);
        else notes.set(samples[0], e.note);
        break;
      case 'revision':
        revisions.set(samples[0], [...(revisions.get(samples[0]) ?? []), String(e.text)]);
        break;
      default:
        throw new Error(`unknown journal event type ${e.type} (seq ${e.seq})`);
    }
  }
  return {
    verdicts, labels, ratings, notes, revisions, undone: [...undone],
    count: (verdict) => [...verdicts.values()].filter((v) => v === verdict).length,
  };
}

/** Polls `check` until it returns true (journal writes are durable before the UI updates, so this is quick). */
export async function eventually(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
