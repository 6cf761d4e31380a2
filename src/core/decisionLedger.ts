// A reviewer's decision ledger: the journal (the truth, appended durably), the state derived from
// it, and a binary snapshot so a long journal reopens by replaying only its tail.
//
//   <curatorDir>/journal/<slug>-<hash>.jsonl     every event, one per line (schema: journalEvents.ts)
//   <curatorDir>/state/<slug>-<hash>.snapshot    state as of a journal offset (layout: ledgerSnapshot.ts)
//   (file names from the reviewer name: journalFileNames.ts)
//
// Every mutation resolves only once its event is written and fdatasynced; mutations arriving during
// a sync share the next write and sync. Operations take effect in call order: mutations are
// stamped in call order and applied in journal order; undo and redo wait for everything called
// before them to be applied, and everything called after them waits for them.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DurableAppendFile } from './durableAppendFile';
import { writeFileDurablyAsync } from './fsyncedJsonFile';
import { journalFileName, migrateLegacyJournal, snapshotFileName } from './journalFileNames';
import { isRating, JOURNAL_SCHEMA_VERSION, type JournalEvent, type StepEvent, type Unstamped } from './journalEvents';
import { scanJournal } from './journalScan';
import { decodeSnapshot, encodeSnapshot, journalTailDigest, type SnapshotMeta } from './ledgerSnapshot';
import { LedgerState, type SampleAnnotations } from './ledgerState';
import { VERDICTS, type Verdict } from './sampleModel';

export type { SampleAnnotations } from './ledgerState';

export { journalFileName, snapshotFileName } from './journalFileNames';

export interface LedgerOptions {
  readonly now?: () => Date;
  /** Events between automatic snapshots (default 10,000). */
  readonly snapshotEvery?: number;
  /** Told when an automatic snapshot fails; the journal stays the truth (default: process warning). */
  readonly onSnapshotError?: (error: unknown) => void;
}

/** What opening found. */
export interface LedgerOpenReport {
  /** Bytes of a torn last line (a write never acknowledged), cut off the journal. */
  readonly tornTailBytes: number;
  /** 1-based journal lines that are not readable events; kept in the file. */
  readonly skippedLines: readonly number[];
  /** Events replayed from the journal (only the tail after the snapshot, when one was used). */
  readonly replayedEvents: number;
  readonly fromSnapshot: boolean;
  /** Why a snapshot on disk was not used (the whole journal was replayed instead). */
  readonly snapshotProblem?: string;
  /** Why a journal under the file name older versions used was not taken over (journalFileNames.ts). */
  readonly legacyJournalProblem?: string;
}

/** What an undo or redo did. */
export interface StepOutcome {
  /** The samples the withdrawn or re-applied step names. */
  readonly samples: readonly string[];
  /** Those whose annotations changed. */
  readonly changed: readonly string[];
}

const DEFAULT_SNAPSHOT_EVERY = 10_000;
const HASH = /^[0-9a-f]+$/;

export class DecisionLedger {
  #nextSeq: number;
  /** Journal bytes, lines and highest seq covered by the applied state. */
  #appliedOffset: number;
  #appliedLines: number;
  #appliedSeq: number;
  readonly #skippedLines: number[];
  /** Journal offset the snapshot on disk covers (-1: none usable). */
  #snapshotOffset: number;
  #eventsSinceSnapshot = 0;
  #autoSnapshotQueued = false;
  #snapshots: Promise<void> = Promise.resolve();
  /** Settles when the operation called last lets the next one stamp its event. */
  #turn: Promise<void> = Promise.resolve();
  /** The write (and apply) of the event stamped last. */
  #lastWrite: Promise<unknown> = Promise.resolve();
  #closed = false;
  #closing: Promise<void> | undefined;

  private constructor(
    readonly journalPath: string,
    readonly snapshotPath: string,
    readonly reviewer: string,
    private readonly state: LedgerState,
    private readonly file: DurableAppendFile,
    private readonly options: LedgerOptions,
    position: { lastSeq: number; offset: number; lines: number; skippedLines: number[]; snapshotOffset: number },
  ) {
    this.#nextSeq = position.lastSeq + 1;
    this.#appliedSeq = position.lastSeq;
    this.#appliedOffset = position.offset;
    this.#appliedLines = position.lines;
    this.#skippedLines = position.skippedLines;
    this.#snapshotOffset = position.snapshotOffset;
  }

  /** Opens (creating) the reviewer's ledger in `curatorDir`: snapshot if usable, then the journal's tail. */
  static async open(
    curatorDir: string,
    reviewer: string,
    options: LedgerOptions = {},
  ): Promise<{ ledger: DecisionLedger; report: LedgerOpenReport }> {
    const journalDir = join(curatorDir, 'journal');
    const stateDir = join(curatorDir, 'state');
    mkdirSync(journalDir, { recursive: true });
    mkdirSync(stateDir, { recursive: true });
    const legacy = await migrateLegacyJournal(curatorDir, reviewer);
    const journalPath = join(journalDir, journalFileName(reviewer));
    const snapshotPath = join(stateDir, snapshotFileName(reviewer));
    removeTempFiles(stateDir, snapshotFileName(reviewer));

    const loaded = loadSnapshot(snapshotPath, journalPath);
    const state = loaded.ok ? loaded.state : new LedgerState();
    const start = loaded.ok ? loaded.meta : { journalOffset: 0, journalLines: 0, lastSeq: 0, skippedLines: [] };
    let lastSeq = start.lastSeq;
    const scan = scanJournal(journalPath, start.journalOffset, start.journalLines, (event) => {
      state.apply(event);
      if (event.seq > lastSeq) lastSeq = event.seq;
      return true;
    });
    const file = await DurableAppendFile.open(journalPath, scan.validLength);
    const skippedLines = [...start.skippedLines, ...scan.skippedLines];
    const ledger = new DecisionLedger(journalPath, snapshotPath, reviewer, state, file, options, {
      lastSeq,
      offset: scan.validLength,
      lines: start.journalLines + scan.lines,
      skippedLines,
      // An outdated snapshot counts as none, so close (or the next automatic one) rewrites it.
      snapshotOffset: loaded.ok && !loaded.outdated ? start.journalOffset : -1,
    });
    const report: LedgerOpenReport = {
      tornTailBytes: scan.tornTailBytes,
      skippedLines: [...skippedLines],
      replayedEvents: scan.events,
      fromSnapshot: loaded.ok,
      ...(loaded.ok || loaded.problem === undefined ? {} : { snapshotProblem: loaded.problem }),
      ...(legacy.problem === undefined ? {} : { legacyJournalProblem: legacy.problem }),
    };
    return { ledger, report };
  }

  verdictOf(hash: string): Verdict {
    return this.state.verdictOf(hash);
  }

  /** How many distinct samples carry each label in use. */
  labelCounts(): Map<string, number> {
    return this.state.labelCounts();
  }

  /** Every sample this reviewer gave a verdict other than pending. */
  decided(): IterableIterator<[hash: string, verdict: Verdict]> {
    return this.state.decided();
  }

  annotationsOf(hash: string): SampleAnnotations {
    return this.state.annotationsOf(hash);
  }

  /** Texts of the sample's revisions 1..n (revision 0, the original, is the source file's). */
  revisionsOf(hash: string): readonly string[] {
    return this.state.revisionsOf(hash);
  }

  get canUndo(): boolean {
    return this.state.undoableSeq !== undefined;
  }

  get canRedo(): boolean {
    return this.state.redoableSeq !== undefined;
  }

  /** Sets the verdict of every sample in `hashes` as one undoable step; resolves with those that changed. */
  setVerdict(hashes: readonly string[], verdict: Verdict): Promise<readonly string[]> {
    return this.#step(() => {
      checkHashes(hashes);
      if (!VERDICTS.includes(verdict)) throw new RangeError(`not a verdict: ${String(verdict)}`);
      return { type: 'verdict', samples: [...hashes], verdict };
    }, hashes.length === 0);
  }

  /** Adds (`present`) or removes `label` on every sample in `hashes`, as one undoable step. */
  setLabel(hashes: readonly string[], label: string, present: boolean): Promise<readonly string[]> {
    return this.#step(() => {
      checkHashes(hashes);
      if (typeof label !== 'string' || label === '') throw new RangeError('a label is a non-empty string');
      return { type: 'label', samples: [...hashes], label, present: present === true };
    }, hashes.length === 0);
  }

  /** Rates a sample 1–5; undefined clears the rating. */
  setRating(hash: string, rating: number | undefined): Promise<readonly string[]> {
    return this.#step(() => {
      checkHashes([hash]);
      if (rating !== undefined && !isRating(rating)) throw new RangeError(`a rating is an integer 1–5, not ${rating}`);
      return { type: 'rating', sample: hash, rating: rating ?? null };
    });
  }

  /** Sets a sample's note; undefined clears it. */
  setNote(hash: string, text: string | undefined): Promise<readonly string[]> {
    return this.#step(() => {
      checkHashes([hash]);
      if (text !== undefined && typeof text !== 'string') throw new TypeError('a note is a string');
      return { type: 'note', sample: hash, note: text ?? null };
    });
  }

  /** Records an edit: `text` (valid JSON, the full normalized sample) becomes the sample's next revision. */
  addRevision(hash: string, text: string): Promise<readonly string[]> {
    return this.#step(() => {
      checkHashes([hash]);
      if (typeof text !== 'string') throw new TypeError('a revision is JSON text');
      JSON.parse(text);
      return { type: 'revision', sample: hash, text };
    });
  }

  /** Withdraws the latest step (restoring the exact values before it); undefined when there is none. */
  undo(): Promise<StepOutcome | undefined> {
    return this.#exclusive(() => {
      const seq = this.state.undoableSeq;
      if (seq === undefined) return Promise.resolve(undefined);
      const samples = this.state.undoableSamples();
      return this.#write({ type: 'undo', undoes: seq }).then((changed) => ({ samples, changed }));
    });
  }

  /** Re-applies the latest undone step; undefined when there is none (or a new step discarded it). */
  redo(): Promise<StepOutcome | undefined> {
    return this.#exclusive(() => {
      const seq = this.state.redoableSeq;
      if (seq === undefined) return Promise.resolve(undefined);
      const samples = this.state.redoableSamples();
      return this.#write({ type: 'redo', redoes: seq }).then((changed) => ({ samples, changed }));
    });
  }

  /** Writes a snapshot covering at least every operation called before; resolves once it is durable. */
  async snapshot(): Promise<void> {
    await this.#exclusive(() => Promise.resolve());
    const run = this.#snapshots.then(() => this.#writeSnapshot());
    this.#snapshots = run.catch(() => undefined);
    return run;
  }

  /** Waits for every operation called before, snapshots what the last snapshot does not cover, closes. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    await this.#exclusive(() => {
      this.#closed = true;
      return Promise.resolve();
    });
    try {
      await this.#snapshots;
      if (this.#snapshotOffset !== this.#appliedOffset) await this.#writeSnapshot();
    } finally {
      await this.file.close();
    }
  }

  /** A mutation: builds its event (validating), then stamps it on its turn and writes it. */
  #step(build: () => Unstamped<StepEvent>, nothingToDo = false): Promise<readonly string[]> {
    let event: Unstamped<StepEvent>;
    try {
      if (this.#closed) throw new Error('the decision ledger is closed');
      event = build();
    } catch (e) {
      return Promise.reject(e);
    }
    if (nothingToDo) return Promise.resolve([]);
    const prior = this.#turn;
    let release!: () => void;
    this.#turn = new Promise((r) => (release = r));
    return prior.then(() => {
      try {
        if (this.#closed) throw new Error('the decision ledger is closed');
        return this.#write(event);
      } finally {
        release();
      }
    });
  }

  /** Runs `work` once everything called before is applied; everything called after waits for it. */
  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('the decision ledger is closed'));
    const prior = this.#turn;
    let release!: () => void;
    this.#turn = new Promise((r) => (release = r));
    return (async () => {
      try {
        await prior;
        await this.#lastWrite.catch(() => undefined);
        if (this.#closed) throw new Error('the decision ledger is closed');
        return await work();
      } finally {
        release();
      }
    })();
  }

  /** Stamps, appends durably, then applies: resolves with the hashes whose annotations changed. */
  #write(unstamped: Unstamped<JournalEvent>): Promise<readonly string[]> {
    const event = {
      v: JOURNAL_SCHEMA_VERSION, seq: this.#nextSeq++, at: (this.options.now?.() ?? new Date()).toISOString(), reviewer: this.reviewer,
      ...unstamped,
    } as JournalEvent;
    const line = `${JSON.stringify(event)}\n`;
    const written = this.file.append(line).then(() => this.#applyWritten(event, Buffer.byteLength(line)));
    this.#lastWrite = written;
    return written;
  }

  #applyWritten(event: JournalEvent, bytes: number): readonly string[] {
    const slots: number[] = [];
    this.state.apply(event, slots);
    this.#appliedOffset += bytes;
    this.#appliedLines++;
    if (event.seq > this.#appliedSeq) this.#appliedSeq = event.seq;
    this.#eventsSinceSnapshot++;
    if (this.#eventsSinceSnapshot >= (this.options.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY) && !this.#autoSnapshotQueued) {
      this.#autoSnapshotQueued = true;
      // After the ack: the caller's promise resolves first, the snapshot runs on a later turn.
      this.#snapshots = this.#snapshots
        .then(() => new Promise<void>((r) => setImmediate(r)))
        .then(() => {
          this.#autoSnapshotQueued = false;
          return this.#writeSnapshot();
        })
        .catch((e) => (this.options.onSnapshotError ?? ((err) => process.emitWarning(`ledger snapshot failed: ${String(err)}`)))(e));
    }
    return [...new Set(slots)].map((s) => this.state.hashAt(s));
  }

  /**
   * Captures the applied state and the offset it covers in one synchronous block (toData's arrays
   * are views that later events change), then writes it without blocking.
   */
  async #writeSnapshot(): Promise<void> {
    const offset = this.#appliedOffset;
    const bytes = encodeSnapshot(this.state.toData(), {
      journalOffset: offset, journalLines: this.#appliedLines, lastSeq: this.#appliedSeq, skippedLines: this.#skippedLines,
      journalDigest: journalTailDigest(this.journalPath, offset),
    });
    this.#eventsSinceSnapshot = 0;
    await writeFileDurablyAsync(this.snapshotPath, bytes);
    this.#snapshotOffset = offset;
  }
}

function checkHashes(hashes: readonly string[]): void {
  for (const h of hashes) {
    if (typeof h !== 'string' || !HASH.test(h)) throw new RangeError(`not a sample hash (lowercase hex): ${String(h)}`);
  }
}

type LoadedSnapshot = { ok: true; state: LedgerState; meta: SnapshotMeta; outdated: boolean } | { ok: false; problem?: string };

function loadSnapshot(snapshotPath: string, journalPath: string): LoadedSnapshot {
  let bytes: Buffer;
  try {
    bytes = readFileSync(snapshotPath);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false };
    return { ok: false, problem: `unreadable: ${(e as Error).message}` };
  }
  const decoded = decodeSnapshot(bytes);
  if (!decoded.ok) return { ok: false, problem: decoded.problem };
  let journalSize = 0;
  try {
    journalSize = statSync(journalPath).size;
  } catch {
    journalSize = 0;
  }
  const { meta } = decoded;
  if (meta.journalOffset > journalSize) {
    return { ok: false, problem: `covers ${meta.journalOffset} journal bytes but the journal has ${journalSize}` };
  }
  const digest = journalTailDigest(journalPath, meta.journalOffset);
  if (!digest.equals(meta.journalDigest)) return { ok: false, problem: 'taken from a different journal (its bytes do not match)' };
  try {
    return { ok: true, state: LedgerState.fromData(decoded.data), meta, outdated: decoded.outdated };
  } catch (e) {
    return { ok: false, problem: (e as Error).message };
  }
}

/** Temp files of durable snapshot writes a crash left behind. */
function removeTempFiles(dir: string, name: string): void {
  for (const f of readdirSync(dir)) {
    if (f.startsWith(`.${name}.`) && f.endsWith('.tmp')) rmSync(join(dir, f), { force: true });
  }
}
