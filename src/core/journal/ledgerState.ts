// A reviewer's annotations derived from journal events, with the linear undo/redo history.
// Pure: fed events, no I/O. Laid out for a million events: one slot per distinct sample hash,
// typed arrays for verdicts, ratings and the step history, sparse maps for text.
import type { JournalEvent, StepEvent } from './journalEvents';
import { LedgerHashes } from './ledgerHashes';
import type { Verdict } from '../formats/sampleModel';

// Persisted in snapshots: change these only together with the snapshot format version.
const VERDICT_OF_CODE: readonly Verdict[] = ['pending', 'accepted', 'rejected', 'skipped'];
const STEP_VERDICT = 1;
const STEP_LABEL = 2;
const STEP_RATING = 3;
const STEP_NOTE = 4;
const STEP_REVISION = 5;

const VERDICT_CODE = Object.fromEntries(VERDICT_OF_CODE.map((v, code) => [v, code])) as Readonly<Record<Verdict, number>>;

export interface SampleAnnotations {
  readonly verdict: Verdict;
  /** Label names, sorted. */
  readonly labels: readonly string[];
  /** 1–5; absent when not rated. */
  readonly rating?: number;
  readonly note?: string;
  /** The current revision: 0 is the original sample, n the n-th edit. */
  readonly revision: number;
}

/**
 * Everything a LedgerState holds, as plain arrays (the snapshot's content). Typed arrays are
 * exactly as long as their counts; text lists are sorted by their number.
 */
export interface LedgerStateData {
  /** Per slot its sample hash's two words (hi, lo; see ledgerHashes.ts), 0 for an odd hash. */
  readonly hashWords: Uint32Array;
  /** The hashes that are not 16 hex characters, with their slots, by slot. */
  readonly oddHashes: readonly (readonly [slot: number, hash: string])[];
  readonly verdicts: Uint8Array;
  readonly ratings: Uint8Array;
  readonly labelNames: readonly string[];
  /** Pairs (label id, slot), by label id then slot. */
  readonly labelSlots: Uint32Array;
  readonly notes: readonly (readonly [slot: number, text: string])[];
  readonly revisions: readonly (readonly [slot: number, texts: readonly string[]])[];
  /**
   * Per step: the seq of its event, its kind (1 verdict, 2 label, 3 rating, 4 note, 5 revision) and
   * argument (verdict code — the index in VERDICT_OF_CODE —, label id * 2 + present, rating or 0).
   */
  readonly stepSeqs: Float64Array;
  readonly stepKinds: Uint8Array;
  readonly stepArgs: Uint32Array;
  /** stepCount + 1 entries: step i's entries are [stepFirsts[i], stepFirsts[i + 1]). */
  readonly stepFirsts: Uint32Array;
  /** Steps currently applied; the steps after them are the redo stack. */
  readonly applied: number;
  /** Per entry: the slot it changed and the value before (verdict code, 0/1 label, rating, 0/1 had a note). */
  readonly entrySlots: Uint32Array;
  readonly entryPrevs: Uint32Array;
  /** The new text of note and revision steps (a note step without one clears the note). */
  readonly stepTexts: readonly (readonly [step: number, text: string])[];
  /** The note a note step replaced, when there was one. */
  readonly stepPrevTexts: readonly (readonly [step: number, text: string])[];
}

/** `a`, or a copy at least `need` long (doubling) when it is shorter. */
export function grown<T extends Uint8Array | Uint32Array | Float64Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  let n = Math.max(16, a.length);
  while (n < need) n *= 2;
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

function byKey<T>(map: ReadonlyMap<number, T>): [number, T][] {
  return [...map].sort((a, b) => a[0] - b[0]);
}

/** LedgerState.decidedViews(). */
export interface DecidedViews {
  readonly count: number;
  readonly hi: Uint32Array;
  readonly lo: Uint32Array;
  readonly odd: ReadonlyMap<number, string>;
  readonly codes: Uint8Array;
  readonly verdictOfCode: readonly Verdict[];
}

export class LedgerState {
  #hashes = new LedgerHashes();
  #verdicts = new Uint8Array(0);
  #ratings = new Uint8Array(0);
  #labelNames: string[] = [];
  readonly #labelIdOf = new Map<string, number>();
  #labelMembers: Set<number>[] = [];
  readonly #notes = new Map<number, string>();
  readonly #revisions = new Map<number, string[]>();

  #stepSeqs = new Float64Array(0);
  #stepKinds = new Uint8Array(0);
  #stepArgs = new Uint32Array(0);
  #stepFirsts = new Uint32Array(1);
  #stepCount = 0;
  #applied = 0;
  #entrySlots = new Uint32Array(0);
  #entryPrevs = new Uint32Array(0);
  #entryCount = 0;
  readonly #stepTexts = new Map<number, string>();
  readonly #stepPrevTexts = new Map<number, string>();

  get slotCount(): number {
    return this.#hashes.size;
  }

  hashAt(slot: number): string {
    return this.#hashes.hashAt(slot);
  }

  /** How many distinct samples carry each label (labels in use only). */
  labelCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    this.#labelMembers.forEach((members, id) => {
      if (members.size) counts.set(this.#labelNames[id], members.size);
    });
    return counts;
  }

  /**
   * Every sample with a verdict other than pending (the sparse part of the state) as arrays, for the
   * store's join on open (a plain loop, fast even before the JIT has
   * warmed up — the first reopen in a process): slot s < count has the hash words hi[s], lo[s]
   * (or its text in odd, rare) and the verdict verdictOfCode[codes[s]] (code 0 = pending). Views
   * of the live state: read at once, never write or keep.
   */
  decidedViews(): DecidedViews {
    return { count: this.#hashes.size, codes: this.#verdicts, verdictOfCode: VERDICT_OF_CODE, ...this.#hashes.wordViews() };
  }

  verdictOf(hash: string): Verdict {
    const slot = this.#hashes.slotOf(hash);
    return slot < 0 ? 'pending' : VERDICT_OF_CODE[this.#verdicts[slot]];
  }

  annotationsOf(hash: string): SampleAnnotations {
    const slot = this.#hashes.slotOf(hash);
    if (slot < 0) return { verdict: 'pending', labels: [], revision: 0 };
    const labels: string[] = [];
    this.#labelMembers.forEach((members, id) => {
      if (members.has(slot)) labels.push(this.#labelNames[id]);
    });
    labels.sort();
    const a: { -readonly [K in keyof SampleAnnotations]: SampleAnnotations[K] } = {
      verdict: VERDICT_OF_CODE[this.#verdicts[slot]], labels, revision: this.#revisions.get(slot)?.length ?? 0,
    };
    if (this.#ratings[slot]) a.rating = this.#ratings[slot];
    const note = this.#notes.get(slot);
    if (note !== undefined) a.note = note;
    return a;
  }

  revisionsOf(hash: string): readonly string[] {
    const slot = this.#hashes.slotOf(hash);
    return slot < 0 ? [] : [...(this.#revisions.get(slot) ?? [])];
  }

  /** The seq of the step an undo would withdraw now. */
  get undoableSeq(): number | undefined {
    return this.#applied > 0 ? this.#stepSeqs[this.#applied - 1] : undefined;
  }

  /** Whether the step of the event `seq` is applied (made, and not undone). */
  isApplied(seq: number): boolean {
    // Step seqs increase: a binary search over the applied ones.
    let low = 0;
    let high = this.#applied;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.#stepSeqs[mid] < seq) low = mid + 1;
      else high = mid;
    }
    return low < this.#applied && this.#stepSeqs[low] === seq;
  }

  /** The seq of the step a redo would re-apply now. */
  get redoableSeq(): number | undefined {
    return this.#applied < this.#stepCount ? this.#stepSeqs[this.#applied] : undefined;
  }

  /** The hashes the step an undo would withdraw names, in event order without repeats. */
  undoableSamples(): string[] {
    return this.#applied > 0 ? this.#stepSamples(this.#applied - 1) : [];
  }

  /** The hashes the step a redo would re-apply names, in event order without repeats. */
  redoableSamples(): string[] {
    return this.#applied < this.#stepCount ? this.#stepSamples(this.#applied) : [];
  }

  #stepSamples(step: number): string[] {
    const seen = new Set<number>();
    for (let e = this.#stepFirsts[step]; e < this.#stepFirsts[step + 1]; e++) seen.add(this.#entrySlots[e]);
    return [...seen].map((slot) => this.#hashes.hashAt(slot));
  }

  /**
   * Applies one event. `changed` (when given) collects the slots whose annotations changed, possibly
   * repeated. Returns false for an undo or redo that is stale (changes nothing).
   */
  apply(event: JournalEvent, changed?: number[]): boolean {
    switch (event.type) {
      case 'undo':
        if (this.undoableSeq !== event.undoes) return false;
        this.#undoTop(changed);
        return true;
      case 'redo':
        if (this.redoableSeq !== event.redoes) return false;
        this.#redoNext(changed);
        return true;
      default:
        this.#addStep(event, changed);
        return true;
    }
  }

  #addStep(event: StepEvent, changed: number[] | undefined): void {
    this.#discardRedo();
    const step = this.#stepCount;
    const first = this.#entryCount;
    let kind: number;
    let arg = 0;
    switch (event.type) {
      case 'verdict': {
        kind = STEP_VERDICT;
        arg = VERDICT_CODE[event.verdict];
        if ('sample' in event) this.#entry(this.#slot(event.sample), 0);
        else for (const h of event.samples) this.#entry(this.#slot(h), 0);
        break;
      }
      case 'label':
        kind = STEP_LABEL;
        arg = this.#labelId(event.label) * 2 + (event.present ? 1 : 0);
        for (const h of event.samples) this.#entry(this.#slot(h), 0);
        break;
      case 'rating':
        kind = STEP_RATING;
        arg = event.rating ?? 0;
        this.#entry(this.#slot(event.sample), 0);
        break;
      case 'note':
        kind = STEP_NOTE;
        this.#entry(this.#slot(event.sample), 0);
        if (event.note !== null) this.#stepTexts.set(step, event.note);
        break;
      case 'revision':
        kind = STEP_REVISION;
        this.#entry(this.#slot(event.sample), 0);
        this.#stepTexts.set(step, event.text);
        break;
    }
    this.#stepSeqs = grown(this.#stepSeqs, step + 1);
    this.#stepKinds = grown(this.#stepKinds, step + 1);
    this.#stepArgs = grown(this.#stepArgs, step + 1);
    this.#stepFirsts = grown(this.#stepFirsts, step + 2);
    this.#stepSeqs[step] = event.seq;
    this.#stepKinds[step] = kind;
    this.#stepArgs[step] = arg;
    this.#stepFirsts[step] = first;
    this.#stepFirsts[step + 1] = this.#entryCount;
    this.#stepCount = step + 1;
    this.#redoNext(changed, true);
  }

  /** Re-applies step #applied; with `record`, first notes each entry's value before. */
  #redoNext(changed: number[] | undefined, record = false): void {
    const step = this.#applied;
    const kind = this.#stepKinds[step];
    const arg = this.#stepArgs[step];
    for (let e = this.#stepFirsts[step]; e < this.#stepFirsts[step + 1]; e++) {
      const slot = this.#entrySlots[e];
      const before = this.#valueOf(kind, arg, slot);
      const noteBefore = this.#notes.get(slot);
      if (record) {
        this.#entryPrevs[e] = before;
        if (kind === STEP_NOTE && noteBefore !== undefined) this.#stepPrevTexts.set(step, noteBefore);
      }
      this.#setValue(kind, arg, slot, step);
      if (changed && this.#changed(kind, arg, slot, before, noteBefore)) changed.push(slot);
    }
    this.#applied = step + 1;
  }

  #undoTop(changed: number[] | undefined): void {
    const step = this.#applied - 1;
    const kind = this.#stepKinds[step];
    const arg = this.#stepArgs[step];
    const from = changed?.length ?? 0;
    for (let e = this.#stepFirsts[step + 1] - 1; e >= this.#stepFirsts[step]; e--) {
      const slot = this.#entrySlots[e];
      const prev = this.#entryPrevs[e];
      const before = this.#valueOf(kind, arg, slot);
      const noteBefore = this.#notes.get(slot);
      switch (kind) {
        case STEP_VERDICT: this.#verdicts[slot] = prev; break;
        case STEP_LABEL: this.#setLabel(arg >>> 1, slot, prev === 1); break;
        case STEP_RATING: this.#ratings[slot] = prev; break;
        case STEP_NOTE:
          if (prev === 1) this.#notes.set(slot, this.#stepPrevTexts.get(step) as string);
          else this.#notes.delete(slot);
          break;
        case STEP_REVISION: {
          const list = this.#revisions.get(slot) as string[];
          list.pop();
          if (list.length === 0) this.#revisions.delete(slot);
          break;
        }
      }
      if (changed && this.#changed(kind, arg, slot, before, noteBefore)) changed.push(slot);
    }
    // Entries were undone last to first; report them in the step's order.
    if (changed) for (let i = from, j = changed.length - 1; i < j; i++, j--) [changed[i], changed[j]] = [changed[j], changed[i]];
    this.#applied = step;
  }

  #changed(kind: number, arg: number, slot: number, before: number, noteBefore: string | undefined): boolean {
    if (kind === STEP_REVISION) return true;
    if (kind === STEP_NOTE) return noteBefore !== this.#notes.get(slot);
    return before !== this.#valueOf(kind, arg, slot);
  }

  /** The current value an entry of this kind records (see LedgerStateData.entryPrevs). */
  #valueOf(kind: number, arg: number, slot: number): number {
    switch (kind) {
      case STEP_VERDICT: return this.#verdicts[slot];
      case STEP_LABEL: return this.#labelMembers[arg >>> 1].has(slot) ? 1 : 0;
      case STEP_RATING: return this.#ratings[slot];
      case STEP_NOTE: return this.#notes.has(slot) ? 1 : 0;
      default: return 0;
    }
  }

  #setValue(kind: number, arg: number, slot: number, step: number): void {
    switch (kind) {
      case STEP_VERDICT: this.#verdicts[slot] = arg; break;
      case STEP_LABEL: this.#setLabel(arg >>> 1, slot, (arg & 1) === 1); break;
      case STEP_RATING: this.#ratings[slot] = arg; break;
      case STEP_NOTE: {
        const text = this.#stepTexts.get(step);
        if (text === undefined) this.#notes.delete(slot);
        else this.#notes.set(slot, text);
        break;
      }
      case STEP_REVISION: {
        const list = this.#revisions.get(slot);
        const text = this.#stepTexts.get(step) as string;
        if (list) list.push(text);
        else this.#revisions.set(slot, [text]);
        break;
      }
    }
  }

  #setLabel(id: number, slot: number, present: boolean): void {
    if (present) this.#labelMembers[id].add(slot);
    else this.#labelMembers[id].delete(slot);
  }

  #discardRedo(): void {
    if (this.#applied === this.#stepCount) return;
    for (let s = this.#applied; s < this.#stepCount; s++) {
      this.#stepTexts.delete(s);
      this.#stepPrevTexts.delete(s);
    }
    this.#entryCount = this.#stepFirsts[this.#applied];
    this.#stepCount = this.#applied;
  }

  #entry(slot: number, prev: number): void {
    const e = this.#entryCount;
    this.#entrySlots = grown(this.#entrySlots, e + 1);
    this.#entryPrevs = grown(this.#entryPrevs, e + 1);
    this.#entrySlots[e] = slot;
    this.#entryPrevs[e] = prev;
    this.#entryCount = e + 1;
  }

  #slot(hash: string): number {
    const slot = this.#hashes.add(hash);
    if (slot >= this.#verdicts.length) {
      this.#verdicts = grown(this.#verdicts, slot + 1);
      this.#ratings = grown(this.#ratings, slot + 1);
    }
    return slot;
  }

  #labelId(name: string): number {
    let id = this.#labelIdOf.get(name);
    if (id === undefined) {
      id = this.#labelNames.length;
      this.#labelIdOf.set(name, id);
      this.#labelNames.push(name);
      this.#labelMembers.push(new Set());
    }
    return id;
  }

  /** The state as plain arrays (views and copies, sorted where order would otherwise be history's). */
  toData(): LedgerStateData {
    const slots = this.#hashes.size;
    const pairs: number[] = [];
    this.#labelMembers.forEach((members, id) => {
      for (const slot of Uint32Array.from(members).sort()) pairs.push(id, slot);
    });
    return {
      hashWords: this.#hashes.words(),
      oddHashes: this.#hashes.oddHashes(),
      verdicts: this.#verdicts.subarray(0, slots),
      ratings: this.#ratings.subarray(0, slots),
      labelNames: this.#labelNames,
      labelSlots: Uint32Array.from(pairs),
      notes: byKey(this.#notes),
      revisions: byKey(this.#revisions),
      stepSeqs: this.#stepSeqs.subarray(0, this.#stepCount),
      stepKinds: this.#stepKinds.subarray(0, this.#stepCount),
      stepArgs: this.#stepArgs.subarray(0, this.#stepCount),
      stepFirsts: this.#stepFirsts.subarray(0, this.#stepCount + 1),
      applied: this.#applied,
      entrySlots: this.#entrySlots.subarray(0, this.#entryCount),
      entryPrevs: this.#entryPrevs.subarray(0, this.#entryCount),
      stepTexts: byKey(this.#stepTexts),
      stepPrevTexts: byKey(this.#stepPrevTexts),
    };
  }

  /** Rebuilds a state from data (read from a snapshot: checked, throws on inconsistent data). */
  static fromData(d: LedgerStateData): LedgerState {
    const problem = checkStateData(d);
    if (problem) throw new RangeError(`inconsistent state: ${problem}`);
    const s = new LedgerState();
    try {
      s.#hashes = LedgerHashes.fromWords(d.hashWords, d.oddHashes);
    } catch (e) {
      throw new RangeError(`inconsistent state: ${(e as Error).message}`);
    }
    s.#verdicts = Uint8Array.from(d.verdicts);
    s.#ratings = Uint8Array.from(d.ratings);
    for (const name of d.labelNames) s.#labelId(name);
    for (let i = 0; i < d.labelSlots.length; i += 2) s.#labelMembers[d.labelSlots[i]].add(d.labelSlots[i + 1]);
    for (const [slot, text] of d.notes) s.#notes.set(slot, text);
    for (const [slot, texts] of d.revisions) s.#revisions.set(slot, [...texts]);
    s.#stepSeqs = Float64Array.from(d.stepSeqs);
    s.#stepKinds = Uint8Array.from(d.stepKinds);
    s.#stepArgs = Uint32Array.from(d.stepArgs);
    s.#stepFirsts = Uint32Array.from(d.stepFirsts);
    s.#stepCount = d.stepKinds.length;
    s.#applied = d.applied;
    s.#entrySlots = Uint32Array.from(d.entrySlots);
    s.#entryPrevs = Uint32Array.from(d.entryPrevs);
    s.#entryCount = d.entrySlots.length;
    for (const [step, text] of d.stepTexts) s.#stepTexts.set(step, text);
    for (const [step, text] of d.stepPrevTexts) s.#stepPrevTexts.set(step, text);
    return s;
  }
}

/** Why data (read from a snapshot) cannot be a LedgerState, or undefined when it can. Loops, not callbacks: this runs over millions of entries. */
function checkStateData(d: LedgerStateData): string | undefined {
  if (d.hashWords.length % 2) return 'hash words of odd length';
  const slots = d.hashWords.length / 2;
  const steps = d.stepKinds.length;
  const entries = d.entrySlots.length;
  if (d.verdicts.length !== slots || d.ratings.length !== slots) return 'per-sample arrays of the wrong length';
  for (let i = 0; i < slots; i++) if (d.verdicts[i] >= VERDICT_OF_CODE.length || d.ratings[i] > 5) return 'verdict or rating out of range';
  if (new Set(d.labelNames).size !== d.labelNames.length) return 'repeated label';
  for (let i = 0; i < d.labelSlots.length; i += 2) {
    if (d.labelSlots[i] >= d.labelNames.length || d.labelSlots[i + 1] >= slots) return 'label entry out of range';
  }
  for (const [slot] of d.notes) if (slot >= slots) return 'note of no sample';
  for (const [slot, texts] of d.revisions) if (slot >= slots || texts.length === 0) return 'revision of no sample';
  if (d.stepSeqs.length !== steps || d.stepArgs.length !== steps || d.stepFirsts.length !== steps + 1) return 'step arrays of different lengths';
  if (d.applied > steps || d.entryPrevs.length !== entries || d.stepFirsts[0] !== 0 || d.stepFirsts[steps] !== entries) return 'step bounds out of range';
  for (let s = 0; s < steps; s++) {
    const kind = d.stepKinds[s];
    if (kind < STEP_VERDICT || kind > STEP_REVISION) return 'unknown step kind';
    if (d.stepFirsts[s + 1] < d.stepFirsts[s]) return 'steps out of order';
    if (kind === STEP_LABEL && d.stepArgs[s] >>> 1 >= d.labelNames.length) return 'step names no label';
  }
  for (let e = 0; e < entries; e++) if (d.entrySlots[e] >= slots) return 'step entry of no sample';
  for (const [step] of d.stepTexts) if (step >= steps) return 'step text of no step';
  for (const [step] of d.stepPrevTexts) if (step >= steps) return 'step text of no step';
  return undefined;
}
