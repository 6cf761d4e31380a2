// The curation store: a folder of sample files plus `.curator/` with the project document and
// the reviewers' decision journals. Samples are indexed by offset and read one at a time.
//
// This class is the host-facing API (the extension, the language server, tests and benchmarks use
// it) and joins the parts that do the work: openSources.ts (preparing and indexing the files),
// sourceFiles.ts (store index → file, line and checked bytes), sampleIdentity.ts (identities),
// verdictCodes.ts (verdicts and counts in step with the ledger), sampleReading.ts (one sample for
// the panel), projectSources.ts (what project.json records of the sources), freshIds.ts (the check
// before every change) and the DecisionLedger (durable changes).
import { basename, join } from 'node:path';
import type { CheckSource } from '../checks/checkRunner';
import { fromNormalizedJson } from '../formats/normalizedJson';
import type { ProvenanceDefaults } from '../formats/provenance';
import type { SampleRow, Verdict, VerdictCounts } from '../formats/sampleModel';
import { HASH_BYTES, hashHex } from '../ingest/lineIndex';
import { originalLine } from '../ingest/preparedSource';
import { readRecord, type FileProblemSummary } from '../ingest/recordReader';
import type { RecordSpan } from '../ingest/recordWindow';
import { validateSource } from '../ingest/sourceValidation';
import { validateSourceInWorker } from '../ingest/validateInWorker';
import { DecisionLedger, type JournalChange, type ReadOnlyReason, type SampleAnnotations } from '../journal/decisionLedger';
import type { SliceDecisionRecord } from '../journal/journalEvents';
import { scanSliceDecisions, type StandingSliceDecision } from '../journal/sliceDecisions';
import { freshIds } from './freshIds';
import { CURATOR_DIR, openSources, type Indexer, type StoreOpenProgress } from './openSources';
import type { ProjectDb } from './projectDocument';
import { provenanceDefaultsOf, provenanceGaps, recordSourcesAndReviewer, setSourceDefaults } from './projectSources';
import type { SampleHashTable } from './sampleHashTable';
import { loadSampleTable, sampleTableKey, sampleTablePath, saveSampleTable } from './sampleTableCache';
import { copyId, sampleIdentities } from './sampleIdentity';
import { readSample } from './sampleReading';
import { SourceFiles, type SourceFile, type StoreProblem } from './sourceFiles';
import { UnreadableSampleError } from './unreadableSample';
import type { LoadedSample } from './storeSamples';
import { VerdictCodes } from './verdictCodes';
import { TeamView, type TeamOptions } from './teamView';
import type { TeamJournals } from '../team/teamJournals';

export { CURATOR_DIR, type Indexer, type StoreOpenProgress, type StoreProblem };
export { journalFileName } from '../journal/journalFileNames';

interface SliceDecided {
  readonly decisions: readonly StandingSliceDecision[];
  readonly bySlice: Uint8Array;
  readonly seqs: ReadonlySet<number>;
}

export interface StoreOpenOptions {
  readonly reviewer: string;
  readonly now?: () => Date;
  readonly indexer?: Indexer;
  /** out/parquetWorker.js: Parquet sources are converted on a worker thread (default: on this one). */
  readonly parquetWorker?: string;
  /** Index progress, per file, while files are indexed (not called for cached indexes). */
  readonly onProgress?: (p: StoreOpenProgress) => void;
  readonly signal?: AbortSignal;
  /**
   * Write nothing into the store folder (an untrusted workspace): no `.curator/` files, no index
   * cache, decisions refused. Conversions of gzip/UTF-16/array sources go to a temp folder.
   */
  readonly readOnly?: boolean;
  /** Take the reviewer's journal from a window that looks alive (see DecisionLedger.open). */
  readonly takeOver?: boolean;
  /** A one-file store: only this file (a name directly in `folder`) is a source; see storeFileList. */
  readonly only?: string;
}

export class CurationStore {
  readonly #listeners = new Set<(changed: readonly number[]) => void>();
  readonly #changeListeners = new Set<(source: string) => void>();
  readonly #sources: SourceFiles;
  /** Identity → index (see sampleIdentity.ts: identical records are separate samples). */
  /** Line indexes made by this open, still being saved (openSources); close waits for them. */
  #indexesSaved: Promise<void> = Promise.resolve();
  #identities!: SampleHashTable;
  /** HASH_BYTES per sample: its identity, in store order. */
  #idBytes!: Uint8Array;
  #copyNumberAt!: (index: number) => number;
  #ledger!: DecisionLedger;
  readonly #verdicts: VerdictCodes;
  readonly #problems: StoreProblem[];
  /**
   * Samples whose record is not readable as a sample (found by validateAll, or on reading one), with
   * no edit that made them readable: they cannot be accepted, and the panel counts them apart from
   * the pending ones (unreadablePending).
   */
  readonly #unreadable = new Set<number>();
  /**
   * Samples whose source record was seen readable (a bit per index): an accept of one reads nothing
   * to know it (the id check has made sure the bytes are still the indexed ones). Edits never clear
   * it: a revision is always readable.
   */
  readonly #readable: Uint8Array;
  #team: TeamView | undefined;
  #teamOptions: TeamOptions = {};
  /**
   * The standing slice decisions, per sample 1 when one of them set its verdict, and the seqs of
   * every slice decision in the journal (read on demand; read again after a step among those is
   * undone or redone, or a new one is made, so undoing a plain verdict reads nothing).
   */
  #sliceDecided: SliceDecided | undefined;

  private constructor(
    readonly folder: string,
    readonly project: ProjectDb,
    readonly reviewer: string,
    sources: readonly SourceFile[],
    problems: StoreProblem[],
  ) {
    this.#problems = problems;
    this.#sources = new SourceFiles(sources, (relPath) => {
      for (const l of this.#changeListeners) l(relPath);
    });
    this.#verdicts = new VerdictCodes(this.#sources.size);
    this.#readable = new Uint8Array((this.#sources.size + 7) >> 3);
  }

  /** What the store could not read or noticed, each message naming the file (and line). */
  get problems(): readonly StoreProblem[] {
    return this.#problems;
  }

  /**
   * Opens (and if needed initializes) the store in `folder`: the sources are prepared and indexed
   * (openSources.ts: a saved index is reused while the file is unchanged), the project document
   * records them and the reviewer, and the reviewer's journal is opened and joined by identity.
   */
  static async open(folder: string, options: StoreOpenOptions): Promise<CurationStore> {
    const problems: StoreProblem[] = [];
    const { project, sources, indexesSaved } = await openSources(folder, options, problems);
    const store = new CurationStore(folder, project, options.reviewer, sources, problems);
    store.#indexesSaved = indexesSaved;
    try {
      await store.#init(options);
    } catch (e) {
      await indexesSaved;
      throw e;
    }
    return store;
  }

  async #init(options: StoreOpenOptions): Promise<void> {
    const now = options.now;
    const sources = this.#sources.list;
    // One source (the common case) lends its index's hashes; several are joined (8 bytes a sample).
    // Identities are copied from them only where records repeat: the cached index is never changed.
    const lent = sources.length === 1;
    let all = lent ? sources[0].index.hashBytes : undefined;
    if (!all) {
      all = new Uint8Array(this.size * HASH_BYTES);
      for (const s of sources) all.set(s.index.hashBytes, s.offset * HASH_BYTES);
    }
    const tablePath = sampleTablePath(join(this.folder, CURATOR_DIR));
    const tableKey = sampleTableKey(sources.map((s) => ({ relPath: s.relPath, key: s.key, count: s.index.starts.length })));
    const saved = loadSampleTable(tablePath, tableKey, all);
    const identities = sampleIdentities(all, !lent, saved);
    if (!saved && !options.readOnly && !identities.repeated) {
      // Behind the open, like the indexes (close waits); a failed save only means building it next time.
      const save = saveSampleTable(tablePath, tableKey, identities.table.parts).catch(() => undefined);
      this.#indexesSaved = Promise.all([this.#indexesSaved, save]).then(() => undefined);
    }
    this.#identities = identities.table;
    this.#idBytes = identities.bytes;
    this.#copyNumberAt = (i) => identities.copyNumberAt(i);
    await recordSourcesAndReviewer(this.project, this.#sources, this.reviewer, now?.() ?? new Date(), this.#problems);
    const { ledger, report } = await DecisionLedger.open(join(this.folder, CURATOR_DIR), this.reviewer, {
      now, readOnly: options.readOnly, takeOver: options.takeOver, onJournalChanged: (change) => this.#journalChanged(change),
    });
    this.#ledger = ledger;
    const journal = basename(ledger.journalPath);
    if (report.readOnly) this.#problems.unshift({ source: journal, message: `Read-only: ${report.readOnly.message}.` });
    if (report.journalDamage) this.#problems.push({ source: journal, message: `${journal} ${report.journalDamage}.` });
    if (report.tornTailBytes) {
      this.#problems.push({ source: journal, message: `${journal}: the last ${report.tornTailBytes} bytes were an unfinished write (a crash mid-write, never acknowledged) and were cut off` });
    }
    if (report.skippedLines.length) {
      this.#problems.push({ source: journal, message: `${journal}: lines ${report.skippedLines.slice(0, 10).join(', ')}${report.skippedLines.length > 10 ? ', …' : ''} are not readable events; they were kept and skipped` });
    }
    if (report.legacyJournalProblem) this.#problems.push({ source: journal, message: report.legacyJournalProblem });
    if (report.snapshotProblem) this.#problems.push({ source: journal, message: `${journal}: ${report.snapshotProblem}; the journal was replayed in full` });
    const disappeared = this.#verdicts.join(this.#ledger, this.#identities);
    // A one-file store's journal is the folder's: decisions on the other files' samples are expected there, not gone.
    if (disappeared && options.only === undefined) {
      this.#problems.push({ source: journal, message: `${disappeared} decided sample${disappeared === 1 ? ' is' : 's are'} no longer in any source file; the decisions are kept and apply again if the samples come back` });
    }
  }

  /** The journal changed underneath (another window, git, a delete): verdicts joined again, listeners told. */
  #journalChanged(change: JournalChange): void {
    this.#sliceDecided = undefined;
    if (change.drift !== 'appended') this.#problems.push({ source: basename(this.#ledger.journalPath), message: change.message });
    const before = this.#verdicts.codes;
    this.#verdicts.join(this.#ledger, this.#identities);
    const after = this.#verdicts.codes;
    const changed: number[] = [];
    for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) changed.push(i);
    if (changed.length) for (const l of this.#listeners) l(changed);
  }

  /** Why this store records nothing (another window has the journal, or an untrusted workspace). */
  get readOnly(): ReadOnlyReason | undefined {
    return this.#ledger.readOnly;
  }

  /**
   * Looks at the journal again (on window focus): picks up the writing window's decisions when
   * read-only, recovers a journal replaced or deleted underneath. Resolves with what changed.
   */
  refresh(): Promise<JournalChange | undefined> {
    return this.#ledger.refresh();
  }

  /**
   * Files whose first records do not say which model wrote them or under which licence, and
   * whose reviewer has not been asked yet: import asks once per file and records the answer.
   */
  provenanceGaps(): { readonly source: string; readonly missing: readonly ('model' | 'licence')[] }[] {
    return provenanceGaps(this.project, this.#sources, (index) => this.sample(index).provenance);
  }

  /**
   * Reads every record once to count problems per file (worker threads when `workerScript`, the
   * bundled validateWorker.js, is given). Long: run it after open, in the background.
   */
  async validateAll(options: { workerScript?: string; signal?: AbortSignal } = {}): Promise<FileProblemSummary[]> {
    const summaries: FileProblemSummary[] = [];
    for (const s of this.#sources.list) {
      if (options.signal?.aborted) break;
      // Every problem kept (not only the first ones), to know which samples are unreadable.
      const input = { jsonlPath: s.absPath, file: s.relPath, index: s.index, lineMap: s.prepared.lineMap, keep: Number.MAX_SAFE_INTEGER };
      const result = options.workerScript ? await validateSourceInWorker(options.workerScript, input) : validateSource(input);
      if (result.summary) summaries.push(result.summary);
      this.#noteValidated(s, new Set(result.first.map((p) => p.line)));
    }
    return summaries;
  }

  /** After the record check of `s`: its samples at these original lines are unreadable (unless an edit made them readable), the rest readable. */
  #noteValidated(s: SourceFile, unreadableLines: ReadonlySet<number>): void {
    for (let i = 0; i < s.index.starts.length; i++) {
      const index = s.offset + i;
      if (!unreadableLines.size || !unreadableLines.has(originalLine(s.prepared, s.index.lineNumbers[i]))) this.#noteReadable(index, true);
      else if (!this.revisionsAt(index).length) this.#noteReadable(index, false);
    }
  }

  /**
   * Throws UnreadableSampleError when sample `index` is not readable as a sample. Known readable:
   * no work; else its record's `bytes` (read back by the id check, unchanged since indexing) are read
   * as a record, or, for an edited sample or one over the size limit, the sample as the panel reads it.
   */
  #refuseUnreadable(index: number, bytes: Buffer | undefined): void {
    if (this.#readable[index >> 3] & (1 << (index & 7))) return;
    const [s, i] = this.#sources.locate(index);
    const line = originalLine(s.prepared, s.index.lineNumbers[i]);
    if (bytes && !this.revisionsAt(index).length) {
      const read = readRecord(bytes, { file: s.relPath, line });
      if (!read.ok) {
        this.#noteReadable(index, false);
        throw new UnreadableSampleError(s.relPath, line, read.message);
      }
      this.#noteReadable(index, true);
      return;
    }
    const loaded = this.sample(index);
    if (!loaded.normalized) throw new UnreadableSampleError(s.relPath, line, loaded.error);
  }

  #noteReadable(index: number, readable: boolean): void {
    if (readable) {
      this.#readable[index >> 3] |= 1 << (index & 7);
      this.#unreadable.delete(index);
    } else {
      this.#readable[index >> 3] &= ~(1 << (index & 7));
      this.#unreadable.add(index);
    }
  }

  /** Unreadable samples still pending (see #unreadable): counted apart from `counts().pending`, which includes them. */
  unreadablePending(): number {
    let n = 0;
    for (const i of this.#unreadable) if (this.verdictAt(i) === 'pending') n++;
    return n;
  }

  /** Records the reviewer's answer for a file (an empty object: asked, nothing known). */
  async setSourceDefaults(source: string, defaults: ProvenanceDefaults): Promise<void> {
    if (this.readOnly) throw new Error(`nothing was recorded: ${this.readOnly.message}`);
    await setSourceDefaults(this.project, source, defaults);
  }

  get name(): string {
    return this.project.data.name;
  }

  get size(): number {
    return this.#sources.size;
  }

  get sourcePaths(): readonly string[] {
    return this.#sources.list.map((s) => s.relPath);
  }

  get journalPath(): string {
    return this.#ledger.journalPath;
  }

  counts(): VerdictCounts {
    return this.#verdicts.counts();
  }

  /** Called with the indices whose verdict changed. Returns an unsubscribe function. */
  onDidChange(listener: (changed: readonly number[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The sample with this identity (see idAt). */
  indexOfId(id: string): number | undefined {
    return this.#identities.indicesOf(id)[0];
  }

  /** The index of the sample with this identity, as a list (empty when it left the store). */
  indicesOfId(id: string): readonly number[] {
    return this.#identities.indicesOf(id);
  }

  /**
   * The sample's identity, what its verdict, labels and revisions are keyed by (no read): the
   * content hash for the first of identical records in store order, a derived id for the others.
   */
  idAt(index: number): string {
    return this.#idAt(index);
  }

  /** The hash of the sample's original bytes, equal for identical records (no read). */
  contentHashAt(index: number): string {
    const [s, i] = this.#sources.locate(index);
    return hashHex(s.index, i);
  }

  /** Every sample whose original bytes have this content hash, in store order (copies: several). */
  indicesOfContentHash(contentHash: string): readonly number[] {
    const out: number[] = [];
    for (let copy = 1; ; copy++) {
      const i = this.indexOfId(copy === 1 ? contentHash : copyId(contentHash, copy));
      if (i === undefined) return out;
      out.push(i);
    }
  }

  /**
   * The sample a line of a source file shows, found by the line's content hash (so wherever the line
   * moved): of identical records, the copy in `source` nearest to 1-based `line` (exactly there when
   * the file is as indexed), else the first copy in the store.
   */
  indexOfLine(source: string, line: number, contentHash: string): number | undefined {
    const copies = this.indicesOfContentHash(contentHash);
    let best: number | undefined;
    for (const i of copies) {
      if (this.sourceAt(i) !== source) continue;
      if (best === undefined || Math.abs(this.lineAt(i) - line) < Math.abs(this.lineAt(best) - line)) best = i;
    }
    return best ?? copies[0];
  }

  /** The sample's 1-based line in its original source file (no read). */
  lineAt(index: number): number {
    const [s, i] = this.#sources.locate(index);
    return originalLine(s.prepared, s.index.lineNumbers[i]);
  }

  verdictAt(index: number): Verdict {
    return this.#verdicts.at(index);
  }

  row(index: number): SampleRow {
    return this.sample(index).row;
  }

  sample(index: number): LoadedSample {
    const [s, i] = this.#sources.locate(index);
    const id = this.#idAt(index);
    const contentHash = hashHex(s.index, i);
    const copy = id === contentHash ? undefined : { n: this.#copyNumberAt(index), contentHash };
    const base = { index, id, ...(copy ? { copy } : {}), source: s.relPath, line: originalLine(s.prepared, s.index.lineNumbers[i]), verdict: this.verdictAt(index) };
    const loaded = readSample(this.#sources, s, i, base, this.provenanceDefaultsOf(s.relPath), () => this.#ledger.revisionsOf(id));
    // The bit is about the source record: an edited sample (always readable) says nothing of it.
    if (!loaded.revision) this.#noteReadable(index, loaded.normalized !== undefined);
    else if (loaded.normalized) this.#unreadable.delete(index);
    return loaded;
  }

  /** Last index at or before `from` (wrapping backwards) whose verdict is pending. */
  previousPending(from: number): number | undefined {
    for (let k = 0; k < this.size; k++) {
      const i = (((from - k) % this.size) + this.size) % this.size;
      if (this.verdictAt(i) === 'pending') return i;
    }
    return undefined;
  }

  /** First index at or after `from` (wrapping) whose verdict is pending. */
  nextPending(from: number): number | undefined {
    for (let k = 0; k < this.size; k++) {
      const i = (from + k) % this.size;
      if (this.verdictAt(i) === 'pending') return i;
    }
    return undefined;
  }

  /**
   * Records a verdict durably (written and fdatasynced; verdicts made during a sync share the next
   * one); resolves with the indices whose verdict changed, once it is on disk.
   *
   * Every change below names what the reviewer saw: `expectedId` (idAt of the sample shown) makes
   * it throw StaleSampleError when the index now holds another sample there, and a source changed
   * on disk since it was indexed throws SourceChangedError; either way nothing is recorded.
   */
  async decide(index: number, verdict: Verdict, expectedId?: string): Promise<readonly number[]> {
    let bytes: Buffer | undefined;
    const ids = freshIds(this.#sources, (i) => this.#idAt(i), [index], expectedId === undefined ? undefined : [expectedId], (b) => (bytes = b));
    // An unreadable record has nothing to train on, and export would refuse it.
    if (verdict === 'accepted') this.#refuseUnreadable(index, bytes);
    return this.#changed(await this.#ledger.setVerdict(ids, verdict));
  }

  /** One verdict for many samples as ONE undoable step (bulk actions). */
  async decideMany(indices: readonly number[], verdict: Verdict, expectedIds?: readonly string[]): Promise<readonly number[]> {
    return this.#changed(await this.#ledger.setVerdict([...new Set(this.#freshIds(indices, expectedIds))], verdict));
  }

  /**
   * Decides the rest of a slice on its audit (issue 15): `indices` (the slice) less every sample this
   * reviewer already decided (individual decisions are never overwritten) gets `verdict` as ONE
   * undoable step, a verdict event carrying `record`. Resolves with the indices that changed.
   */
  async decideSliceRest(indices: ArrayLike<number>, verdict: 'accepted' | 'rejected', record: SliceDecisionRecord): Promise<readonly number[]> {
    const rest: number[] = [];
    for (let k = 0; k < indices.length; k++) if (this.verdictAt(indices[k]) === 'pending') rest.push(indices[k]);
    if (rest.length === 0) return [];
    const changed = await this.#ledger.setVerdict([...new Set(this.#freshIds(rest))], verdict, { sliceDecision: record });
    this.#sliceDecided = undefined;
    return this.#changed(changed);
  }

  /** This reviewer's slice decisions that stand (not undone), in journal order. */
  sliceDecisions(): readonly StandingSliceDecision[] {
    return this.#readSliceDecided().decisions;
  }

  /** Whether a standing slice decision set this sample's verdict (an audit does not count it as audited). */
  decidedBySlice(index: number): boolean {
    return this.#readSliceDecided().bySlice[index] === 1;
  }

  #readSliceDecided(): SliceDecided {
    if (this.#sliceDecided) return this.#sliceDecided;
    const { standing, seqs } = scanSliceDecisions(this.journalPath, { withSamples: true });
    const bySlice = new Uint8Array(this.size);
    for (const d of standing) for (const id of d.sampleIds ?? []) for (const i of this.#identities.indicesOf(id)) bySlice[i] = 1;
    this.#sliceDecided = { decisions: standing.map(({ sampleIds: _ids, ...d }) => d), bySlice, seqs };
    return this.#sliceDecided;
  }

  /** Forgets the slice decisions read when the step `seq` (an undo's or redo's) is one of them. */
  #stepped(seq: number | undefined): void {
    if (seq !== undefined && this.#sliceDecided?.seqs.has(seq)) this.#sliceDecided = undefined;
  }

  /**
   * Settles the team's disagreement on a sample: a verdict recorded in this reviewer's journal
   * marked `adjudication` (the team's resolution, which consensus puts above every other rule).
   * This reviewer's own verdict becomes it too. Read the team again (refreshTeam, or the host's worker read) to see it in peekTeam().
   */
  async adjudicate(index: number, verdict: 'accepted' | 'rejected', expectedId?: string): Promise<readonly number[]> {
    return this.#changed(await this.#ledger.setVerdict(this.#freshIds([index], expectedId === undefined ? undefined : [expectedId]), verdict, { adjudication: true }));
  }

  /** The last team read, without reading (undefined before the first). */
  peekTeam(): TeamView | undefined {
    return this.#team;
  }

  /** Makes the team view of journals read elsewhere (a worker thread); `options` as for refreshTeam. */
  refreshTeamFrom(journals: TeamJournals, options?: TeamOptions): TeamView {
    if (options) this.#teamOptions = options;
    this.#team = TeamView.of(this, journals, this.#teamOptions);
    return this.#team;
  }

  /** The first store index whose identity has these hash words (the ledger's hi, lo), or −1. */
  firstIndexOfIdWords(hi: number, lo: number): number {
    return this.#identities.firstIndexOfWords(hi, lo);
  }

  /** The next store index with the same identity as `index` (identities repeat only by hash collision), or −1. */
  nextIndexOfId(index: number): number {
    return this.#identities.nextIndex(index);
  }

  /** Reads the journals again (a pull, a checkout, another reviewer's window); `options` replaces the policy and plan when given. */
  refreshTeam(options?: TeamOptions): TeamView {
    if (options) this.#teamOptions = options;
    this.#team = TeamView.read(this, join(this.folder, CURATOR_DIR), this.#teamOptions);
    return this.#team;
  }

  /** Withdraws the last step durably; resolves with the sample it was about, or undefined if none. */
  async undo(): Promise<{ readonly index: number; readonly changed: readonly number[] } | undefined> {
    const seq = this.#ledger.undoableSeq;
    const step = await this.#ledger.undo();
    this.#stepped(seq);
    return this.#stepResult(step);
  }

  /** Re-applies the last undone step durably. */
  async redo(): Promise<{ readonly index: number; readonly changed: readonly number[] } | undefined> {
    const seq = this.#ledger.redoableSeq;
    const step = await this.#ledger.redo();
    this.#stepped(seq);
    return this.#stepResult(step);
  }

  /**
   * The file and 1-based line to open for a sample: the original file at the record's line, or,
   * for gzip, UTF-16 and Parquet sources (not readable as text in place), the converted JSONL in the cache.
   */
  sourceLocation(index: number): { readonly path: string; readonly line: number } {
    const [s, i] = this.#sources.locate(index);
    const jsonlLine = s.index.lineNumbers[i];
    const readableInPlace = !s.prepared.gzip && s.prepared.container !== 'parquet' && (s.prepared.encoding === 'utf-8' || s.prepared.encoding === 'utf-8-bom');
    return readableInPlace
      ? { path: s.prepared.originalPath, line: originalLine(s.prepared, jsonlLine) }
      : { path: s.absPath, line: jsonlLine };
  }

  /** The sample's source file, relative to the store folder (for queries: no read). */
  sourceAt(index: number): string {
    return this.#sources.locate(index)[0].relPath;
  }

  /** The record's length in bytes, from the line index (no read). */
  byteLengthAt(index: number): number {
    const [s, i] = this.#sources.locate(index);
    return s.index.lengths[i];
  }

  /** Where the record's bytes are in the indexed JSONL file (queries read neighbours in one window). */
  recordAt(index: number): RecordSpan {
    const [s, i] = this.#sources.locate(index);
    return { path: s.absPath, start: s.index.starts[i], length: s.index.lengths[i], hash: hashHex(s.index, i), file: s.relPath };
  }

  /** The indexed sources as the checks read them, each with its cache key (see checkRunner.ts). */
  checkSources(): (CheckSource & { readonly key: string })[] {
    return this.#sources.list.map((s) => {
      const defaults = this.provenanceDefaultsOf(s.relPath);
      return { path: s.absPath, file: s.relPath, offset: s.offset, starts: s.index.starts, lengths: s.index.lengths, key: s.key, ...(defaults ? { defaults } : {}) };
    });
  }

  /** The provenance the reviewer gave for a whole source file. */
  provenanceDefaultsOf(source: string): ProvenanceDefaults | undefined {
    return provenanceDefaultsOf(this.project, source);
  }

  /** How many distinct samples carry each label in use (for the status bar tooltip). */
  labelCounts(): Map<string, number> {
    return this.#ledger.labelCounts();
  }

  /** Labels, rating, note and revision of a sample (verdict too). */
  annotationsAt(index: number): SampleAnnotations {
    return this.#ledger.annotationsOf(this.#idAt(index));
  }

  async setLabel(indices: readonly number[], label: string, present: boolean, expectedIds?: readonly string[]): Promise<readonly number[]> {
    return this.#changed(await this.#ledger.setLabel([...new Set(this.#freshIds(indices, expectedIds))], label, present));
  }

  async setRating(index: number, rating: number | undefined, expectedId?: string): Promise<readonly number[]> {
    return this.#changed(await this.#ledger.setRating(this.#freshId(index, expectedId), rating));
  }

  async setNote(index: number, text: string | undefined, expectedId?: string): Promise<readonly number[]> {
    return this.#changed(await this.#ledger.setNote(this.#freshId(index, expectedId), text));
  }

  /**
   * An edit: a new revision of the sample in the store; the source file is never touched. The text
   * must read back as a normalized sample (fromNormalizedJson throws with the reason otherwise).
   */
  async addRevision(index: number, normalizedJson: string, expectedId?: string): Promise<readonly number[]> {
    fromNormalizedJson(normalizedJson);
    return this.#changed(await this.#ledger.addRevision(this.#freshId(index, expectedId), normalizedJson));
  }

  /** Texts of revisions 1..n (revision 0 is the original record in the source file). */
  revisionsAt(index: number): readonly string[] {
    return this.#ledger.revisionsOf(this.#idAt(index));
  }

  /**
   * Called with a source's name when a read or a decision found the file changed on disk since it
   * was indexed (the host then re-indexes: opens the store again). Returns an unsubscribe function.
   */
  onDidDetectChange(listener: (source: string) => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  /** Resolves once the line indexes this open made are saved, or their failures are in `problems` (close waits for this too). */
  whenIndexesSaved(): Promise<void> {
    return this.#indexesSaved;
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    this.#changeListeners.clear();
    await this.#ledger.close();
    await this.#indexesSaved;
  }

  #stepResult(r: { readonly samples: readonly string[]; readonly changed: readonly string[] } | undefined) {
    if (!r) return undefined;
    const changed = this.#changed(r.changed);
    const index = r.samples.map((id) => this.indexOfId(id)).find((i) => i !== undefined);
    return index === undefined ? undefined : { index, changed };
  }

  /** Brings verdict codes, counts and listeners in step with the ledger for these identities. */
  #changed(ids: readonly string[]): readonly number[] {
    const indices: number[] = [];
    for (const id of ids) {
      const verdict = this.#ledger.verdictOf(id);
      for (const i of this.#identities.indicesOf(id)) {
        this.#verdicts.set(i, verdict);
        indices.push(i);
      }
    }
    if (indices.length) for (const l of this.#listeners) l(indices);
    return indices;
  }

  #idAt(index: number): string {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new RangeError(`no sample at index ${index}`);
    return Buffer.from(this.#idBytes.buffer, this.#idBytes.byteOffset + index * HASH_BYTES, HASH_BYTES).toString('hex');
  }

  #freshIds(indices: readonly number[], expectedIds?: readonly string[]): string[] {
    return freshIds(this.#sources, (index) => this.#idAt(index), indices, expectedIds);
  }

  #freshId(index: number, expectedId?: string): string {
    return this.#freshIds([index], expectedId === undefined ? undefined : [expectedId])[0];
  }
}
