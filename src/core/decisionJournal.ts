// A reviewer's decision journal on disk: replayed on open, appended durably on every decision.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DurableAppendFile } from './durableAppendFile';
import type { Verdict } from './sampleModel';
import { asJournalEvent, JOURNAL_SCHEMA_VERSION, type JournalEvent } from './journalEvents';

/** An event as the caller gives it; the journal stamps version, sequence, time and reviewer. */
export type NewEvent =
  | { readonly type: 'verdict'; readonly sample: string; readonly verdict: Verdict }
  | { readonly type: 'undo'; readonly undoes: number };

export interface JournalReplay {
  readonly events: JournalEvent[];
  /** Lines that were not valid events (reported, never deleted), 1-based. */
  readonly skippedLines: number[];
}

export class DecisionJournal {
  #nextSeq: number;

  private constructor(
    readonly path: string,
    readonly reviewer: string,
    private readonly file: DurableAppendFile,
    lastSeq: number,
    private readonly now: () => Date,
  ) {
    this.#nextSeq = lastSeq + 1;
  }

  /**
   * Opens the journal, replaying it through `onEvent`. A last line without its newline can only be
   * a write that was never acknowledged (acknowledgement follows the sync of a whole line), so it is
   * cut off before appending; every other unreadable line is kept and reported.
   */
  static async open(
    path: string,
    reviewer: string,
    onEvent: (e: JournalEvent) => void,
    now: () => Date = () => new Date(),
  ): Promise<{ journal: DecisionJournal; replay: JournalReplay }> {
    mkdirSync(dirname(path), { recursive: true });
    const bytes = existsSync(path) ? readFileSync(path) : Buffer.alloc(0);
    const lastNewline = bytes.lastIndexOf(0x0a);
    const validLength = lastNewline + 1;
    const events: JournalEvent[] = [];
    const skippedLines: number[] = [];
    let lastSeq = 0;
    const lines = bytes.subarray(0, validLength).toString('utf8').split('\n');
    lines.pop();
    lines.forEach((text, i) => {
      let event: JournalEvent | undefined;
      try {
        event = asJournalEvent(JSON.parse(text));
      } catch {
        event = undefined;
      }
      if (!event) {
        if (text.trim()) skippedLines.push(i + 1);
        return;
      }
      events.push(event);
      lastSeq = Math.max(lastSeq, event.seq);
      onEvent(event);
    });
    const file = await DurableAppendFile.open(path, validLength);
    return { journal: new DecisionJournal(path, reviewer, file, lastSeq, now), replay: { events, skippedLines } };
  }

  /** Stamps and appends an event; resolves with it once it is on disk. */
  async append(event: NewEvent): Promise<JournalEvent> {
    const full = {
      v: JOURNAL_SCHEMA_VERSION, seq: this.#nextSeq++, at: this.now().toISOString(), reviewer: this.reviewer, ...event,
    } as JournalEvent;
    await this.file.append(`${JSON.stringify(full)}\n`);
    return full;
  }

  close(): Promise<void> {
    return this.file.close();
  }
}
