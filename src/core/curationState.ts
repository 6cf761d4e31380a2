// Current verdicts derived from the journal, with the undo stack. Pure: fed events, no I/O.
import type { JournalEvent } from './journalEvents';
import type { Verdict } from './sampleModel';

interface Applied {
  readonly seq: number;
  readonly sample: string;
  readonly previous: Verdict;
}

export class CurationState {
  readonly #verdicts = new Map<string, Verdict>();
  readonly #undoStack: Applied[] = [];

  verdictOf(sample: string): Verdict {
    return this.#verdicts.get(sample) ?? 'pending';
  }

  /** The verdict event an undo would withdraw now, if any. */
  get undoable(): { readonly seq: number; readonly sample: string } | undefined {
    return this.#undoStack[this.#undoStack.length - 1];
  }

  /** Applies one event; returns the sample whose verdict changed, if any. */
  apply(event: JournalEvent): string | undefined {
    if (event.type === 'verdict') {
      this.#undoStack.push({ seq: event.seq, sample: event.sample, previous: this.verdictOf(event.sample) });
      this.#set(event.sample, event.verdict);
      return event.sample;
    }
    const top = this.#undoStack[this.#undoStack.length - 1];
    if (!top || top.seq !== event.undoes) return undefined; // stale undo: nothing to withdraw
    this.#undoStack.pop();
    this.#set(top.sample, top.previous);
    return top.sample;
  }

  #set(sample: string, verdict: Verdict): void {
    if (verdict === 'pending') this.#verdicts.delete(sample);
    else this.#verdicts.set(sample, verdict);
  }
}
