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
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { DurableAppendFile, type FileDrift } from './durableAppendFile';
import { JournalLock, type LockHolder } from './journalLock';
import { ensureStoreDir, readFileNoFollow, refuseSymlink } from './storePaths';
import { writeFileDurablyAsync } from './durableWrite';
import { journalFileName, migrateLegacyJournal, snapshotFileName } from './journalFileNames';
import { isRating, isSliceDecisionRecord, JOURNAL_SCHEMA_VERSION, type JournalEvent, type SliceDecisionRecord, type StepEvent, type Unstamped } from './journalEvents';
import { scanJournal, type JournalScan } from './journalScan';
import { decodeSnapshot, encodeSnapshot, journalPrefixCrc, journalTailDigest, type SnapshotMeta } from './ledgerSnapshot';
import { LedgerState, type DecidedViews, type SampleAnnotations } from './ledgerState';
import { VERDICTS, type Verdict } from '../formats/sampleModel';

export type { SampleAnnotations } from './ledgerState';

export { journalFileName, snapshotFileName } from './journalFileNames';

export interface LedgerOptions {
  readonly now?: () => Date;
  /** Events between automatic snapshots (default 10,000). */
  readonly snapshotEvery?: number;
  /** Told when an automatic snapshot fails; the journal stays the truth (default: process warning). */
  readonly onSnapshotError?: (error: unknown) => void;
  /** Open without writing anything (an untrusted workspace): no lock, no cut, mutations refused. */
  readonly readOnly?: boolean;
  /** Take the journal's lock even from a holder that looks alive (the reviewer says it is gone). */
  readonly takeOver?: boolean;
  /**
   * Told once each time the journal file turned out to be changed underneath the open ledger
   * (replaced by git, deleted, written by another program) and was re-read; the state may have
   * changed for any sample.
   */
  readonly onJournalChanged?: (change: JournalChange) => void;
}

/** The journal changed underneath the open ledger; `message` says what and what was done. */
export interface JournalChange {
  readonly drift: FileDrift | 'appended';
  /** This process's acknowledged events the new file lacked, written into it again. */
  readonly restoredEvents: number;
  readonly message: string;
}

/** Why the ledger records nothing. */
export interface ReadOnlyReason {
  readonly reason: 'locked' | 'requested';
  /** For 'locked': who holds the journal (undefined: a lock file being written right now). */
  readonly holder?: LockHolder;
  readonly message: string;
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
  /**
   * The journal lost or changed bytes the snapshot covers (cut short, flipped bytes, an older copy
   * put back while closed): the snapshot's state was kept, and a new snapshot ties it to the
   * journal as it is now.
   */
  readonly journalDamage?: string;
  /** Set when this ledger records nothing (another window holds the journal, or asked for). */
  readonly readOnly?: ReadOnlyReason;
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
/** Lines this process wrote, kept to write them again if the file is cut in place (capped). */
const SESSION_LINES_CAP = 64 * 1024 * 1024;
/** Rounds of re-reading a journal that changes while it is being recovered, before giving up. */
const MAX_RECOVERY_ROUNDS = 200;

export class DecisionLedger {
  #nextSeq: number;
  /** Journal bytes, lines and highest seq covered by the applied state. */
  #appliedOffset: number;
  #appliedLines: number;
  #appliedSeq: number;
  #skippedLines: number[];
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
  #state: LedgerState;
  /** The open journal; undefined when read-only. */
  #file: DurableAppendFile | undefined;
  /** Set while the journal is re-read after it changed underneath; appends wait for it. */
  #recovering: Promise<void> | undefined;
  #sessionLines: string[] = [];
  #sessionBytes = 0;
  /** CRC-32 of the journal's bytes [0, #appliedOffset), kept up as lines are applied (for snapshots). */
  #crc: number;

  private constructor(
    readonly journalPath: string,
    readonly snapshotPath: string,
    readonly reviewer: string,
    state: LedgerState,
    file: DurableAppendFile | undefined,
    private readonly lock: JournalLock | undefined,
    /** Why nothing is recorded; undefined when this ledger writes. */
    readonly readOnly: ReadOnlyReason | undefined,
    private readonly options: LedgerOptions,
    position: { lastSeq: number; offset: number; lines: number; skippedLines: number[]; snapshotOffset: number; crc: number },
  ) {
    this.#crc = position.crc;
    this.#state = state;
    this.#file = file;
    this.#nextSeq = position.lastSeq + 1;
    this.#appliedSeq = position.lastSeq;
    this.#appliedOffset = position.offset;
    this.#appliedLines = position.lines;
    this.#skippedLines = position.skippedLines;
    this.#snapshotOffset = position.snapshotOffset;
  }

  private get state(): LedgerState {
    return this.#state;
  }

  /**
   * Opens (creating) the reviewer's ledger in `curatorDir`: snapshot if usable, then the journal's
   * tail. Writes only under the journal's lock; without it (another window has it) the ledger
   * opens read-only and says so in the report.
   */
  static async open(
    curatorDir: string,
    reviewer: string,
    options: LedgerOptions = {},
  ): Promise<{ ledger: DecisionLedger; report: LedgerOpenReport }> {
    const storeRoot = dirname(curatorDir);
    const curatorName = basename(curatorDir);
    const journalDir = join(curatorDir, 'journal');
    const stateDir = join(curatorDir, 'state');
    const journalPath = join(journalDir, journalFileName(reviewer));
    const snapshotPath = join(stateDir, snapshotFileName(reviewer));
    let readOnly: ReadOnlyReason | undefined = options.readOnly
      ? { reason: 'requested', message: 'opened read-only (an untrusted workspace): nothing is written' }
      : undefined;
    let lock: JournalLock | undefined;
    if (!readOnly) {
      ensureStoreDir(storeRoot, curatorName, 'journal');
      ensureStoreDir(storeRoot, curatorName, 'state');
      const locks = ensureStoreDir(storeRoot, curatorName, 'locks');
      const attempt = JournalLock.acquire(join(locks, `${journalFileName(reviewer)}.lock`), { takeOver: options.takeOver });
      if (attempt.acquired) lock = attempt.lock;
      else readOnly = { reason: 'locked', ...(attempt.holder ? { holder: attempt.holder } : {}), message: lockedMessage(reviewer, attempt.holder) };
    }
    try {
      // Under the lock: a journal under the name older versions used becomes this reviewer's
      // (then checked like any other: a planted symlink is refused below).
      const legacy = readOnly ? {} : await migrateLegacyJournal(curatorDir, reviewer);
      refuseSymlink(storeRoot, journalPath);
      refuseSymlink(storeRoot, snapshotPath);
      if (!readOnly) removeTempFiles(stateDir, snapshotFileName(reviewer));

      const loaded = loadSnapshot(snapshotPath, journalPath);
      const state = loaded.ok ? loaded.state : new LedgerState();
      const start = loaded.ok ? loaded.meta : { journalOffset: 0, journalLines: 0, lastSeq: 0, skippedLines: [] };
      // A journal cut short of the snapshot has no tail that lines up with it: the snapshot's state
      // is all there is, and the journal's own lines are not replayed over it (only read for seqs).
      const shortJournal = loaded.ok && loaded.journalSize < start.journalOffset;
      const { scan, lastSeq } = shortJournal
        ? replay(journalPath, 0, 0, undefined, start.lastSeq)
        : replay(journalPath, start.journalOffset, start.journalLines, state, start.lastSeq);
      const linesBefore = shortJournal ? 0 : start.journalLines;
      // Only the lock holder may cut a torn tail: for a reader it is the writer's line in flight.
      const file = readOnly ? undefined : await DurableAppendFile.open(journalPath, scan.validLength);
      const skippedLines = shortJournal ? [...scan.skippedLines] : [...start.skippedLines, ...scan.skippedLines];
      const damage = loaded.ok ? loaded.damage : undefined;
      const ledger = new DecisionLedger(journalPath, snapshotPath, reviewer, state, file, lock, readOnly, options, {
        lastSeq,
        offset: scan.validLength,
        lines: linesBefore + scan.lines,
        skippedLines,
        // An outdated or damaged snapshot counts as none, so close (or the next automatic one) rewrites it.
        snapshotOffset: loaded.ok && !loaded.outdated && !damage ? start.journalOffset : -1,
        crc: loaded.ok && !shortJournal
          ? journalPrefixCrc(journalPath, scan.validLength, start.journalOffset, loaded.prefixCrc)
          : journalPrefixCrc(journalPath, scan.validLength),
      });
      // Tie the kept state to the journal as it is now before anything new is acknowledged: a
      // crash before close must not leave a snapshot that no longer matches the journal.
      if (damage && file) await ledger.#writeSnapshot();
      const report: LedgerOpenReport = {
        tornTailBytes: readOnly || shortJournal ? 0 : scan.tornTailBytes,
        skippedLines: [...skippedLines],
        replayedEvents: shortJournal ? 0 : scan.events,
        fromSnapshot: loaded.ok,
        ...(loaded.ok || loaded.problem === undefined ? {} : { snapshotProblem: loaded.problem }),
        ...(damage ? { journalDamage: damage } : {}),
        ...(readOnly ? { readOnly } : {}),
        ...(legacy.problem === undefined ? {} : { legacyJournalProblem: legacy.problem }),
      };
      return { ledger, report };
    } catch (e) {
      lock?.release();
      throw e;
    }
  }

  verdictOf(hash: string): Verdict {
    return this.state.verdictOf(hash);
  }

  /** How many distinct samples carry each label in use. */
  labelCounts(): Map<string, number> {
    return this.state.labelCounts();
  }

  /** Every sample this reviewer gave a verdict other than pending, as arrays (LedgerState.decidedViews): the store's join on open. */
  decidedViews(): DecidedViews {
    return this.state.decidedViews();
  }

  annotationsOf(hash: string): SampleAnnotations {
    return this.state.annotationsOf(hash);
  }

  /** Texts of the sample's revisions 1..n (revision 0, the original, is the source file's). */
  revisionsOf(hash: string): readonly string[] {
    return this.state.revisionsOf(hash);
  }

  /** The seq of the step an undo would withdraw now, and of the one a redo would re-apply. */
  get undoableSeq(): number | undefined {
    return this.state.undoableSeq;
  }

  get redoableSeq(): number | undefined {
    return this.state.redoableSeq;
  }

  /** Whether the step of the event `seq` stands (made, and not undone). */
  isApplied(seq: number): boolean {
    return this.state.isApplied(seq);
  }

  /** The seq of the last event applied (the last acknowledged one, for a writer). */
  get lastSeq(): number {
    return this.#appliedSeq;
  }

  get canUndo(): boolean {
    return this.state.undoableSeq !== undefined;
  }

  get canRedo(): boolean {
    return this.state.redoableSeq !== undefined;
  }

  /**
   * Sets the verdict of every sample in `hashes` as one undoable step; resolves with those that
   * changed. With `adjudication`, the event is marked as settling the team's disagreement (see
   * VerdictEvent.adjudication); this reviewer's state takes the verdict either way. With
   * `sliceDecision`, it is the decision of the rest of a slice on its audit (VerdictEvent.sliceDecision);
   * the caller names only samples this reviewer has not decided.
   */
  setVerdict(
    hashes: readonly string[],
    verdict: Verdict,
    options: { readonly adjudication?: boolean; readonly sliceDecision?: SliceDecisionRecord } = {},
  ): Promise<readonly string[]> {
    return this.#step(() => {
      checkHashes(hashes);
      if (!VERDICTS.includes(verdict)) throw new RangeError(`not a verdict: ${String(verdict)}`);
      const { adjudication, sliceDecision } = options;
      if (sliceDecision !== undefined) {
        if (adjudication) throw new RangeError('a slice decision is not an adjudication');
        if (!isSliceDecisionRecord(sliceDecision)) throw new RangeError('not a well-formed slice decision');
        checkHashes(sliceDecision.audit.drawn);
      }
      return {
        type: 'verdict', samples: [...hashes], verdict,
        ...(adjudication ? { adjudication: true as const } : {}),
        ...(sliceDecision ? { sliceDecision } : {}),
      };
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
    }, true);
    try {
      // Replaced or deleted since the last append: what we wrote must reach the file at the path.
      const drift = this.#file?.drift();
      if (drift) await this.#recover(drift);
      await this.#snapshots;
      if (this.#file && this.#snapshotOffset !== this.#appliedOffset) await this.#writeSnapshot();
    } finally {
      await this.#file?.close();
      this.lock?.release();
    }
  }

  /**
   * Looks at the journal file again (the host calls this when the window regains focus): a
   * read-only ledger reads the events the writing window appended since; a writing one finds a
   * journal replaced, deleted or written underneath it and re-reads it (see #recover). Resolves
   * with what changed, if anything (also told to onJournalChanged).
   */
  refresh(): Promise<JournalChange | undefined> {
    // The common case (our own appends seen by a watcher): nothing changed underneath, and the
    // decisions in flight need not wait behind a look at the file.
    if (!this.#closed && !this.#changedOnDisk()) return Promise.resolve(undefined);
    return this.#exclusive(async () => {
      if (this.#file) {
        const drift = this.#file.drift();
        return drift ? this.#recover(drift) : undefined;
      }
      return this.#followWriter();
    }, true);
  }

  /** Whether the journal file differs from what this ledger wrote or read (cheap: one lstat). */
  #changedOnDisk(): boolean {
    if (this.#file) return this.#file.drift() !== undefined;
    try {
      return lstatSync(this.journalPath).size !== this.#appliedOffset;
    } catch {
      return this.#appliedOffset !== 0;
    }
  }

  /** Read-only: applies complete lines appended since; re-reads all if the file shrank or was replaced. */
  #followWriter(): JournalChange | undefined {
    let size: number;
    try {
      size = lstatSync(this.journalPath).size;
    } catch {
      size = 0;
    }
    if (size === this.#appliedOffset) return undefined;
    if (size < this.#appliedOffset) {
      this.#reload();
      return this.#tell({ drift: 'replaced', restoredEvents: 0, message: `${basename(this.journalPath)} was replaced on disk; it was read again` });
    }
    const { scan, lastSeq } = replay(this.journalPath, this.#appliedOffset, this.#appliedLines, this.#state, this.#appliedSeq);
    if (scan.events === 0 && scan.validLength === this.#appliedOffset) return undefined;
    this.#crc = journalPrefixCrc(this.journalPath, scan.validLength, this.#appliedOffset, this.#crc);
    this.#appliedOffset = scan.validLength;
    this.#appliedLines += scan.lines;
    this.#appliedSeq = lastSeq;
    this.#skippedLines.push(...scan.skippedLines);
    return this.#tell({ drift: 'appended', restoredEvents: 0, message: `${scan.events} decision event${scan.events === 1 ? '' : 's'} from the other window` });
  }

  /** Replays the whole journal into a fresh state. */
  #reload(): void {
    const state = new LedgerState();
    const { scan, lastSeq } = replay(this.journalPath, 0, 0, state, 0);
    this.#state = state;
    this.#crc = journalPrefixCrc(this.journalPath, scan.validLength);
    this.#appliedOffset = scan.validLength;
    this.#appliedLines = scan.lines;
    this.#appliedSeq = lastSeq;
    this.#skippedLines = [...scan.skippedLines];
    this.#nextSeq = Math.max(this.#nextSeq, lastSeq + 1);
    this.#snapshotOffset = -1;
  }

  /**
   * The journal at our path is no longer the file we appended to, or not at the length we left
   * it: git checked out another version, someone deleted it, a program rewrote it. Nothing
   * acknowledged may be lost, so every line of ours the file at the path lacks is appended to it
   * (durably), then the journal is read again: decisions in the new file count too.
   */
  async #recover(drift: FileDrift): Promise<JournalChange> {
    let done!: () => void;
    this.#recovering = new Promise((r) => (done = r));
    try {
      let old = this.#file as DurableAppendFile;
      let restored = 0;
      // Again while the file keeps changing under us (a checkout still running): each round
      // carries everything the previous file held into the one now at the path.
      for (let round = 0, now: FileDrift | undefined = drift; now; round++) {
        if (round === MAX_RECOVERY_ROUNDS) throw new Error(`${basename(this.journalPath)} keeps changing on disk; decisions were not recorded`);
        // Ours: the old file's bytes through our descriptor (it lives on while we hold it open);
        // cut in place, the descriptor sees the cut, so the lines this process wrote stand in.
        await old.settle();
        const ours = now === 'resized' && round === 0 ? Buffer.from(this.#sessionLines.join(''), 'utf8') : await old.readAll();
        await old.close();
        refuseSymlink(dirname(dirname(dirname(this.journalPath))), this.journalPath);
        // Theirs read through the descriptor we append to: the path may change again meanwhile.
        const file = await DurableAppendFile.open(this.journalPath);
        this.#file = file;
        const theirs = await file.readAll();
        const missing = linesMissingFrom(ours, theirs);
        if (missing.length) {
          const needsNewline = theirs.length > 0 && theirs[theirs.length - 1] !== 0x0a;
          await file.append(`${needsNewline ? '\n' : ''}${missing.join('\n')}\n`);
        }
        if (round === 0) restored = missing.length;
        try {
          this.#reload();
          now = file.drift();
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
          now = 'deleted';
        }
        old = file;
      }
      const name = basename(this.journalPath);
      const what = drift === 'deleted' ? 'was deleted' : drift === 'replaced' ? 'was replaced (git checkout or pull?)' : 'was changed by another program';
      const change = this.#tell({
        drift,
        restoredEvents: restored,
        message: `${name} ${what} while the store was open; ${restored ? `${restored} of your recorded event${restored === 1 ? '' : 's'} it lacked ${restored === 1 ? 'was' : 'were'} written into it again, and ` : ''}it was read again`,
      });
      this.#queueSnapshot();
      return change;
    } finally {
      this.#recovering = undefined;
      done();
    }
  }

  #tell(change: JournalChange): JournalChange {
    this.options.onJournalChanged?.(change);
    return change;
  }

  /** A mutation: builds its event (validating), then stamps it on its turn and writes it. */
  #step(build: () => Unstamped<StepEvent>, nothingToDo = false): Promise<readonly string[]> {
    let event: Unstamped<StepEvent>;
    try {
      if (this.#closed) throw new Error('the decision ledger is closed');
      if (this.readOnly) throw new Error(`nothing was recorded: ${this.readOnly.message}`);
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
  #exclusive<T>(work: () => Promise<T> | T, allowReadOnly = false): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('the decision ledger is closed'));
    if (this.readOnly && !allowReadOnly) return Promise.reject(new Error(`nothing was recorded: ${this.readOnly.message}`));
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

  /**
   * Stamps, appends durably, then applies: resolves with the hashes whose annotations changed.
   * The acknowledgement waits until the bytes are in the file the journal's path names: a journal
   * replaced or deleted during the write is recovered first (#recover), and the lock must still
   * be ours (a window that took over means this one stopped writing).
   */
  #write(unstamped: Unstamped<JournalEvent>): Promise<readonly string[]> {
    const event = {
      v: JOURNAL_SCHEMA_VERSION, seq: this.#nextSeq++, at: (this.options.now?.() ?? new Date()).toISOString(), reviewer: this.reviewer,
      ...unstamped,
    } as JournalEvent;
    const line = `${JSON.stringify(event)}\n`;
    const append = async (): Promise<readonly string[]> => {
      if (this.#recovering) await this.#recovering;
      if (this.lock && !this.lock.confirm()) {
        throw new Error(`nothing was recorded: another window took over ${basename(this.journalPath)}; decisions go there now`);
      }
      // Before as well as after: a line appended to a file cut in place would land before the
      // lines the recovery writes back, out of order.
      const before = (this.#file as DurableAppendFile).drift();
      if (before) await this.#recover(before);
      const file = this.#file as DurableAppendFile;
      await file.append(line);
      this.#remember(line);
      // A recovery that ran since this append read it from the old file into the new one.
      if (this.#recovering || file !== this.#file) {
        await this.#recovering;
        return eventSamples(event);
      }
      const drift = file.drift();
      if (drift) {
        await this.#recover(drift);
        return eventSamples(event);
      }
      return this.#applyWritten(event, line);
    };
    const written = append();
    this.#lastWrite = written;
    return written;
  }

  #remember(line: string): void {
    if (this.#sessionBytes > SESSION_LINES_CAP) return;
    this.#sessionLines.push(line);
    this.#sessionBytes += line.length;
  }

  #applyWritten(event: JournalEvent, line: string): readonly string[] {
    const slots: number[] = [];
    this.state.apply(event, slots);
    const bytes = Buffer.from(line, 'utf8');
    this.#crc = crc32(bytes, this.#crc);
    this.#appliedOffset += bytes.length;
    this.#appliedLines++;
    if (event.seq > this.#appliedSeq) this.#appliedSeq = event.seq;
    this.#eventsSinceSnapshot++;
    if (this.#eventsSinceSnapshot >= (this.options.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY)) this.#queueSnapshot();
    return [...new Set(slots)].map((s) => this.state.hashAt(s));
  }

  /** A snapshot after the current acknowledgement, on a later turn (never on the decision's path). */
  #queueSnapshot(): void {
    if (this.#autoSnapshotQueued || !this.#file) return;
    this.#autoSnapshotQueued = true;
    this.#snapshots = this.#snapshots
      .then(() => new Promise<void>((r) => setImmediate(r)))
      .then(() => {
        this.#autoSnapshotQueued = false;
        return this.#writeSnapshot();
      })
      .catch((e) => (this.options.onSnapshotError ?? ((err) => process.emitWarning(`ledger snapshot failed: ${String(err)}`)))(e));
  }

  /**
   * Captures the applied state and the offset it covers in one synchronous block (toData's arrays
   * are views that later events change), then writes it without blocking.
   */
  async #writeSnapshot(): Promise<void> {
    // A journal changed underneath is recovered by the next append or close, which snapshots after.
    if (this.#file?.drift()) return;
    const offset = this.#appliedOffset;
    const bytes = encodeSnapshot(this.state.toData(), {
      journalOffset: offset, journalLines: this.#appliedLines, lastSeq: this.#appliedSeq, skippedLines: this.#skippedLines,
      journalDigest: journalTailDigest(this.journalPath, offset), journalPrefixCrc: this.#crc,
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

type LoadedSnapshot =
  | {
    ok: true; state: LedgerState; meta: SnapshotMeta; outdated: boolean; journalSize: number;
    /** CRC-32 of the journal's bytes [0, min(journalSize, offset)). */
    prefixCrc: number;
    /** The journal lost or changed bytes the snapshot covers: its state is kept, the damage told. */
    damage?: string;
  }
  | { ok: false; problem?: string };

function loadSnapshot(snapshotPath: string, journalPath: string): LoadedSnapshot {
  let bytes: Buffer;
  try {
    bytes = readFileNoFollow(snapshotPath);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false };
    return { ok: false, problem: `unreadable: ${(e as Error).message}` };
  }
  const decoded = decodeSnapshot(bytes);
  if (!decoded.ok) return { ok: false, problem: decoded.problem };
  let journalSize = 0;
  try {
    journalSize = lstatSync(journalPath).size;
  } catch {
    journalSize = 0;
  }
  const { meta } = decoded;
  let state: LedgerState;
  try {
    state = LedgerState.fromData(decoded.data);
  } catch (e) {
    return { ok: false, problem: (e as Error).message };
  }
  const base = { ok: true as const, state, meta, outdated: decoded.outdated, journalSize };
  if (meta.journalOffset > journalSize) {
    return {
      ...base, prefixCrc: journalPrefixCrc(journalPath, journalSize),
      damage: `is ${journalSize} bytes, shorter than the ${meta.journalOffset} its snapshot covers: it was cut or an older copy was put in its place. The decisions in the snapshot were kept`,
    };
  }
  const digest = journalTailDigest(journalPath, meta.journalOffset);
  if (!digest.equals(meta.journalDigest)) return { ok: false, problem: 'taken from a different journal (its bytes do not match)' };
  const prefixCrc = journalPrefixCrc(journalPath, meta.journalOffset);
  if (meta.journalPrefixCrc !== undefined && prefixCrc !== meta.journalPrefixCrc) {
    return {
      ...base, prefixCrc,
      damage: 'has bytes that changed inside the part its snapshot covers (damaged on disk, or edited by hand). The decisions in the snapshot were kept',
    };
  }
  return { ...base, prefixCrc };
}

/**
 * Applies the journal's events from `fromOffset` to `state` (none: only reads them) and returns
 * the scan with the highest seq seen, starting from `lastSeq`.
 */
function replay(path: string, fromOffset: number, fromLine: number, state: LedgerState | undefined, lastSeq: number): { scan: JournalScan; lastSeq: number } {
  let highest = lastSeq;
  const scan = scanJournal(path, fromOffset, fromLine, (event) => {
    state?.apply(event);
    if (event.seq > highest) highest = event.seq;
    return true;
  });
  return { scan, lastSeq: highest };
}

/**
 * The complete lines of `ours` that `theirs` does not hold, in order. Both usually share a long
 * prefix (an older copy checked out, ours grown since), so lines are compared only after it.
 */
export function linesMissingFrom(ours: Buffer, theirs: Buffer): string[] {
  const n = Math.min(ours.length, theirs.length);
  let p = 0;
  while (p < n && ours[p] === theirs[p]) p++;
  // Back to the start of the line where they part (lastIndexOf with a negative offset would count from the end).
  p = p === 0 ? 0 : ours.lastIndexOf(0x0a, p - 1) + 1;
  const theirLines = new Set(theirs.toString('utf8', p).split('\n'));
  const lastNewline = ours.lastIndexOf(0x0a);
  if (lastNewline < p) return [];
  return ours.toString('utf8', p, lastNewline).split('\n').filter((l) => l.trim() !== '' && !theirLines.has(l));
}

/** The samples an event names (what an acknowledgement reports as touched). */
function eventSamples(event: JournalEvent): readonly string[] {
  if ('samples' in event) return [...event.samples];
  if ('sample' in event) return [event.sample];
  return [];
}

function lockedMessage(reviewer: string, holder: LockHolder | undefined): string {
  const who = holder ? `another window (process ${holder.pid}${holder.host !== hostname() ? ` on ${holder.host}` : ''}, since ${holder.since})` : 'another window';
  return `${reviewer}'s decisions are being recorded by ${who}; this window shows them read-only. Close the other window, or take over here`;
}

/** Temp files of durable snapshot writes a crash left behind. */
function removeTempFiles(dir: string, name: string): void {
  for (const f of readdirSync(dir)) {
    if (f.startsWith(`.${name}.`) && f.endsWith('.tmp')) rmSync(join(dir, f), { force: true });
  }
}
