// A reviewer's final annotations from decoded journal lines, for readers that need only where the
// journal ends (the team read), not the undo history a live ledger keeps. Undo and redo mean what
// they mean in LedgerState (same stale rule: an undo or redo that does not name the latest applied
// / latest undone step changes nothing), but no step is applied while reading: the steps are kept
// as a stack of compact records (seq, kind, argument, slots; no value before, no object per event),
// and since LedgerState restores exact values on undo, its final state is the applied prefix of
// that stack applied in order, last write wins — which finish() does once. Samples are ids of a
// LedgerHashes the caller gives (one for several replays: the team read joins on them without
// hashing again); each replay's slots are in the order LedgerState gives them (first named by any
// step, applied or not).
// Equal to LedgerState's state over random sequences: test/unit/finalStateReplay.test.ts.
import { EVENT_LABEL, EVENT_NOTE, EVENT_RATING, EVENT_REDO, EVENT_UNDO, EVENT_VERDICT, type JournalLineDecoder } from './journalLineDecoder';
import { LedgerHashes } from './ledgerHashes';
import { grown } from './ledgerState';

/** The final annotations, by slot. */
export interface FinalState {
  /** Per slot its sample's id in the replay's LedgerHashes. */
  readonly samples: Uint32Array;
  readonly verdicts: Uint8Array;
  readonly ratings: Uint8Array;
  readonly labelNames: readonly string[];
  /** Pairs (label id, slot), by label id then slot. */
  readonly labelSlots: Uint32Array;
  /** Notes by slot, in slot order. */
  readonly notes: ReadonlyMap<number, string>;
}

export class FinalStateReplay {
  readonly #hashes: LedgerHashes;
  /** Per id in #hashes its slot + 1 here, 0 when this replay has not seen it. */
  #slotOf = new Uint32Array(0);
  #samples = new Uint32Array(0);
  #slotCount = 0;
  /** The last sample named and its slot (consecutive events often name the same one). */
  #lastHi = -1;
  #lastLo = -1;
  #lastSlot = 0;
  /** Its id in #hashes: the next sample is most often the one with the next id (addWordsNear). */
  #lastId = -1;
  #labelNames: string[] = [];
  readonly #labelIdOf = new Map<string, number>();
  // The step stack: steps [0, #applied) are applied, [#applied, #stepCount) the redo stack.
  /** Uint32 while every seq fits (nearly always: 4 bytes a step less), Float64 once one does not. */
  #seqs: Uint32Array | Float64Array = new Uint32Array(0);
  #kinds = new Uint8Array(0);
  #args = new Uint32Array(0);
  #firsts = new Uint32Array(1);
  #slots = new Uint32Array(0);
  #stepCount = 0;
  #applied = 0;
  /** Note steps' new text (a note step without one clears the note). */
  readonly #texts = new Map<number, string>();

  constructor(hashes: LedgerHashes) {
    this.#hashes = hashes;
  }

  /**
   * Makes room at once for about `steps` steps and samples (a bound from the journal's size), before
   * a journal. Typed arrays are committed as they are written, so a generous bound costs nothing,
   * where growing by doubling leaves each array's earlier copies to the collector — at a million
   * steps those copies, times each journal read, were most of the team read's memory.
   */
  reserve(steps: number): void {
    if (this.#stepCount > 0 || this.#slotCount > 0) return;
    // finish() hands its samples array over to the state it returns: made anew for each journal.
    if (steps > this.#samples.length) this.#samples = new Uint32Array(steps);
    if (steps <= this.#seqs.length) return;
    this.#seqs = new Uint32Array(steps);
    this.#kinds = new Uint8Array(steps);
    this.#args = new Uint32Array(steps);
    this.#firsts = new Uint32Array(steps + 1);
    this.#slots = new Uint32Array(steps);
    this.#slotOf = new Uint32Array(this.#hashes.size + steps);
  }

  /** Applies a decoded event (decoder.decode returned true). Returns false for a stale undo or redo. */
  apply(d: JournalLineDecoder): boolean {
    switch (d.kind) {
      case EVENT_UNDO:
        if (this.#applied === 0 || this.#seqs[this.#applied - 1] !== d.target) return false;
        this.#applied--;
        return true;
      case EVENT_REDO:
        if (this.#applied === this.#stepCount || this.#seqs[this.#applied] !== d.target) return false;
        this.#applied++;
        return true;
      default:
        this.#addStep(d);
        return true;
    }
  }

  #addStep(d: JournalLineDecoder): void {
    const step = this.#applied; // any redo stack is discarded
    const first = this.#firsts[step];
    const n = d.sampleCount;
    if (step + 2 > this.#firsts.length) {
      this.#seqs = grown(this.#seqs, step + 2);
      this.#kinds = grown(this.#kinds, step + 2);
      this.#args = grown(this.#args, step + 2);
      this.#firsts = grown(this.#firsts, step + 2);
    }
    if (first + n > this.#slots.length) this.#slots = grown(this.#slots, first + n);
    const texts = d.sampleTexts;
    for (let i = 0; i < n; i++) {
      if (texts) this.#slots[first + i] = this.#slot(this.#hashes.add(texts[i]));
      else if (d.hi[i] === this.#lastHi && d.lo[i] === this.#lastLo) this.#slots[first + i] = this.#lastSlot;
      else {
        this.#lastHi = d.hi[i];
        this.#lastLo = d.lo[i];
        this.#lastId = this.#hashes.addWordsNear(d.hi[i], d.lo[i], this.#lastId + 1);
        this.#slots[first + i] = this.#lastSlot = this.#slot(this.#lastId);
      }
    }
    let arg = 0;
    switch (d.kind) {
      case EVENT_VERDICT: arg = d.verdict; break;
      case EVENT_LABEL: arg = this.#labelId(d.label) * 2 + (d.present ? 1 : 0); break;
      case EVENT_RATING: arg = d.rating; break;
      case EVENT_NOTE:
        if (d.note === undefined) this.#texts.delete(step);
        else this.#texts.set(step, d.note);
        break;
    }
    if (d.seq > 0xffffffff && this.#seqs instanceof Uint32Array) this.#seqs = Float64Array.from(this.#seqs);
    this.#seqs[step] = d.seq;
    this.#kinds[step] = d.kind;
    this.#args[step] = arg;
    this.#firsts[step + 1] = first + n;
    this.#stepCount = step + 1;
    this.#applied = step + 1;
  }

  /** This replay's slot of the sample with this id, given in first-named order. */
  #slot(id: number): number {
    if (id >= this.#slotOf.length) this.#slotOf = grown(this.#slotOf, id + 1);
    const known = this.#slotOf[id];
    if (known) return known - 1;
    const slot = this.#slotCount++;
    if (slot >= this.#samples.length) this.#samples = grown(this.#samples, slot + 1);
    this.#samples[slot] = id;
    this.#slotOf[id] = slot + 1;
    return slot;
  }

  #labelId(name: string): number {
    let id = this.#labelIdOf.get(name);
    if (id === undefined) {
      id = this.#labelNames.length;
      this.#labelIdOf.set(name, id);
      this.#labelNames.push(name);
    }
    return id;
  }

  /** The applied steps applied in order, at the end of a journal; the replay is then empty, ready for another. */
  finish(): FinalState {
    const slotCount = this.#slotCount;
    const verdicts = new Uint8Array(slotCount);
    const ratings = new Uint8Array(slotCount);
    const notes = new Map<number, string>();
    const members: Set<number>[] = this.#labelNames.map(() => new Set<number>());
    const slots = this.#slots;
    for (let step = 0; step < this.#applied; step++) {
      const arg = this.#args[step];
      const to = this.#firsts[step + 1];
      switch (this.#kinds[step]) {
        case EVENT_VERDICT:
          for (let e = this.#firsts[step]; e < to; e++) verdicts[slots[e]] = arg;
          break;
        case EVENT_RATING:
          for (let e = this.#firsts[step]; e < to; e++) ratings[slots[e]] = arg;
          break;
        case EVENT_LABEL: {
          const set = members[arg >>> 1];
          for (let e = this.#firsts[step]; e < to; e++) {
            if (arg & 1) set.add(slots[e]);
            else set.delete(slots[e]);
          }
          break;
        }
        case EVENT_NOTE: {
          const text = this.#texts.get(step);
          for (let e = this.#firsts[step]; e < to; e++) {
            if (text === undefined) notes.delete(slots[e]);
            else notes.set(slots[e], text);
          }
          break;
        }
        // a revision changes no annotation the team reads
      }
    }
    const pairs: number[] = [];
    members.forEach((set, id) => {
      for (const slot of Uint32Array.from(set).sort()) pairs.push(id, slot);
    });
    // Handed over, not copied (a copy was 4 MB more at the peak of a million-sample read).
    const samples = this.#samples.subarray(0, slotCount);
    this.#samples = new Uint32Array(0);
    const labelNames = this.#labelNames;
    // Ready for the next journal, keeping the room made (one journal's worth, however many are read).
    for (let slot = 0; slot < slotCount; slot++) this.#slotOf[samples[slot]] = 0;
    this.#slotCount = this.#stepCount = this.#applied = 0;
    this.#texts.clear();
    this.#labelNames = [];
    this.#labelIdOf.clear();
    this.#lastHi = this.#lastLo = -1;
    const notesBySlot = new Map([...notes].sort((a, b) => a[0] - b[0]));
    return { samples, verdicts, ratings, labelNames, labelSlots: Uint32Array.from(pairs), notes: notesBySlot };
  }
}
