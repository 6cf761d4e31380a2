// The curation store: a folder of sample files plus `.curator/` with the project document and
// the reviewers' decision journals. Samples are indexed by offset and read one at a time.
import { createHash } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { CheckSource } from '../checks/checkRunner';
import { DecisionLedger, type JournalChange, type ReadOnlyReason, type SampleAnnotations } from '../journal/decisionLedger';
import { fileIdentity, isFileIdentityKey, stampUnchanged, type FileStamp } from '../ingest/fileIdentity';
import { ensureStoreDir, refuseSymlink } from '../journal/storePaths';
import { loadIndex, saveIndex } from '../ingest/indexCache';
import { buildLineIndexAsync, contentHash, HASH_BYTES, hashHex, readLineBytes, type IndexProgress, type LineIndex } from '../ingest/lineIndex';
import { SourceChangedError, StaleSampleError } from '../ingest/sourceChanged';
import type { SampleHashTable } from './sampleHashTable';
import { copyId, sampleIdentities } from './sampleIdentity';
import { describeSample, sampleFileNames, type LoadedSample } from './storeSamples';
import { fromNormalizedJson } from '../formats/normalizedJson';
import type { RecordSpan } from '../ingest/recordWindow';
import { openProjectDocument, type ProjectDb } from './projectDocument';
import { originalLine, prepareSource, type PreparedSource } from '../ingest/preparedSource';
import { missingForFile, type ProvenanceDefaults } from '../formats/provenance';
import { checkLineLength, DEFAULT_MAX_LINE_BYTES, type FileProblemSummary } from '../ingest/recordReader';
import { validateSource } from '../ingest/sourceValidation';
import { validateSourceInWorker } from '../ingest/validateInWorker';
import { detectFileFormat, FILE_FORMAT_SAMPLE, previewText, type FormatId } from '../formats/sampleFormats';
import { VERDICTS, type SampleRow, type Verdict, type VerdictCounts } from '../formats/sampleModel';

export const CURATOR_DIR = '.curator';

/** A message about a source file; `message` names the file (and line) itself. */
export interface StoreProblem {
  readonly source: string;
  readonly message: string;
}

interface SourceFile {
  readonly relPath: string;
  /** The plain UTF-8 JSONL that is indexed: the original file or its converted copy in the cache. */
  readonly absPath: string;
  readonly index: LineIndex;
  /** Index of this file's first sample in the store's sample order. */
  readonly offset: number;
  /** The identity of absPath when indexed (fileIdentity.ts): the index cache's and the checks' key. */
  readonly key: string;
  /** absPath's size, mtime and inode when indexed: a decision first checks the file still has them. */
  readonly stamp: FileStamp;
  /** How the original file became the JSONL at absPath (line mapping, encoding, notes). */
  readonly prepared: PreparedSource;
}

/** Builds a file's line index (in-process by default; the extension passes a worker-thread one). */
export type Indexer = (absPath: string, onProgress: (p: IndexProgress) => void, signal?: AbortSignal) => Promise<LineIndex>;

export interface StoreOpenProgress extends IndexProgress {
  readonly file: string;
  readonly fileNumber: number;
  readonly files: number;
}

export interface StoreOpenOptions {
  readonly reviewer: string;
  readonly now?: () => Date;
  readonly indexer?: Indexer;
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
}

export { journalFileName } from '../journal/journalFileNames';

export class CurationStore {
  readonly #listeners = new Set<(changed: readonly number[]) => void>();
  /** Identity → index (see sampleIdentity.ts: identical records are separate samples). */
  #identities!: SampleHashTable;
  /** HASH_BYTES per sample: its identity, in store order. */
  #idBytes!: Uint8Array;
  #copyNumberAt!: (index: number) => number;
  readonly #counts: Record<Verdict, number> = { pending: 0, accepted: 0, rejected: 0, skipped: 0 };
  #ledger!: DecisionLedger;
  /** Per sample index: its verdict's position in VERDICTS (0 = pending), kept in step with the ledger. */
  #verdictCodes!: Uint8Array;

  private constructor(
    readonly folder: string,
    readonly project: ProjectDb,
    readonly reviewer: string,
    private readonly sources: readonly SourceFile[],
    problems: StoreProblem[],
  ) {
    this.#problems = problems;
  }

  readonly #problems: StoreProblem[];

  /** What the store could not read or noticed, each message naming the file (and line). */
  get problems(): readonly StoreProblem[] {
    return this.#problems;
  }

  /**
   * Opens (and if needed initializes) the store in `folder`. Each source's line index is loaded
   * from `.curator/index/` when the file is unchanged (same identity, fileIdentity.ts), otherwise
   * built by `indexer` (default: on this thread, yielding between 4 MiB steps) and saved. A saved
   * index is only a cache: when it cannot be written (a full disk) the source opens with the index
   * in memory and the failure is a problem, never a lost source.
   */
  static async open(folder: string, options: StoreOpenOptions): Promise<CurationStore> {
    const curatorDir = join(folder, CURATOR_DIR);
    const readOnly = options.readOnly === true;
    const problems: StoreProblem[] = [];
    let saveIndexes = !readOnly;
    if (!readOnly) {
      ensureStoreDir(folder, CURATOR_DIR, 'journal');
      try {
        ensureStoreDir(folder, CURATOR_DIR, 'index');
      } catch (e) {
        saveIndexes = false;
        problems.push({ source: CURATOR_DIR, message: `${CURATOR_DIR}/index could not be created (${(e as Error).message}); line indexes are kept in memory only and every file is indexed again next time` });
      }
    }
    refuseSymlink(folder, join(curatorDir, 'project.json'));
    const project = await openProjectDocument(join(curatorDir, 'project.json'), basename(folder), undefined, readOnly);
    const cacheDir = readOnly ? join(tmpdir(), 'sample-curator-read-only', createHash('sha256').update(folder).digest('hex').slice(0, 16)) : join(curatorDir, 'cache');
    const sources: SourceFile[] = [];
    const names = sampleFileNames(folder);
    const indexer = options.indexer ?? ((path, onProgress, signal) => buildLineIndexAsync(path, { onProgress, signal }));
    let offset = 0;
    for (const [k, name] of names.entries()) {
      const absPath = join(folder, name);
      try {
        // Gzip, JSON arrays, BOMs and UTF-16 become a plain UTF-8 JSONL file in the cache first.
        const prepared = await prepareSource(absPath, cacheDir, { displayName: name });
        for (const note of prepared.notes) problems.push({ source: name, message: note.message });
        let identity = fileIdentity(prepared.jsonlPath);
        const cachePath = join(curatorDir, 'index', `${name}.idx`);
        let index = loadIndex(cachePath, identity.key);
        if (!index) {
          // A file written to while it is indexed would leave an index of neither version: index
          // again until the identity before and after the pass agree.
          for (let attempt = 1; ; attempt++) {
            index = await indexer(prepared.jsonlPath, (p) => options.onProgress?.({ file: name, fileNumber: k + 1, files: names.length, ...p }), options.signal);
            const after = fileIdentity(prepared.jsonlPath);
            if (after.key === identity.key) break;
            identity = after;
            if (attempt === 3) throw new Error('kept changing while it was indexed; it is left out until the store is opened again');
          }
          if (saveIndexes) {
            try {
              saveIndex(cachePath, identity.key, index);
            } catch (e) {
              problems.push({ source: name, message: `${name}: its line index could not be saved in ${CURATOR_DIR}/index (${(e as Error).message}); the file is read with the index in memory and indexed again next time` });
            }
          }
        }
        const key = identity.key;
        const known = project.data.sources.find((e) => e.path === name);
        // A key of the older scheme (before file identities) says nothing about a change.
        if (known?.key && known.key !== key && isFileIdentityKey(known.key)) {
          problems.push({ source: name, message: `${name}: changed on disk since the store last opened it; decisions follow samples by content, so edited lines are pending again` });
        }
        sources.push({ relPath: name, absPath: prepared.jsonlPath, prepared, index, offset, key, stamp: identity });
        offset += index.starts.length;
      } catch (e) {
        if (options.signal?.aborted) throw e;
        problems.push({ source: name, message: `${name}: ${(e as Error).message}` });
      }
    }
    const store = new CurationStore(folder, project, options.reviewer, sources, problems);
    await store.#init(options);
    return store;
  }

  async #init(options: StoreOpenOptions): Promise<void> {
    const now = options.now;
    // One source (the common case) lends its index's hashes; several are joined (8 bytes a sample).
    // Identities are copied from them only where records repeat: the cached index is never changed.
    const lent = this.sources.length === 1;
    let all = lent ? this.sources[0].index.hashBytes : undefined;
    if (!all) {
      all = new Uint8Array(this.size * HASH_BYTES);
      for (const s of this.sources) all.set(s.index.hashBytes, s.offset * HASH_BYTES);
    }
    const identities = sampleIdentities(all, !lent);
    this.#identities = identities.table;
    this.#idBytes = identities.bytes;
    this.#copyNumberAt = (i) => identities.copyNumberAt(i);
    await this.#recordSourcesAndReviewer(now?.() ?? new Date());
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
    const disappeared = this.#joinVerdicts();
    if (disappeared) {
      this.#problems.push({ source: journal, message: `${disappeared} decided sample${disappeared === 1 ? ' is' : 's are'} no longer in any source file; the decisions are kept and apply again if the samples come back` });
    }
  }

  /**
   * Verdicts join the samples by identity; only decided samples are visited (sparse).
   * Returns how many decided samples are in no source file.
   */
  #joinVerdicts(): number {
    this.#verdictCodes = new Uint8Array(this.size);
    for (const v of VERDICTS) this.#counts[v] = 0;
    this.#counts.pending = this.size;
    let disappeared = 0;
    for (const [hash, verdict] of this.#ledger.decided()) {
      const indices = this.#identities.indicesOf(hash);
      if (!indices.length) disappeared++;
      for (const i of indices) this.#setCode(i, verdict);
    }
    return disappeared;
  }

  /** The journal changed underneath (another window, git, a delete): verdicts joined again, listeners told. */
  #journalChanged(change: JournalChange): void {
    if (change.drift !== 'appended') this.#problems.push({ source: basename(this.#ledger.journalPath), message: change.message });
    const before = this.#verdictCodes;
    this.#joinVerdicts();
    const changed: number[] = [];
    for (let i = 0; i < before.length; i++) if (before[i] !== this.#verdictCodes[i]) changed.push(i);
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

  #setCode(index: number, verdict: Verdict): void {
    this.#counts[VERDICTS[this.#verdictCodes[index]]]--;
    this.#verdictCodes[index] = VERDICTS.indexOf(verdict);
    this.#counts[verdict]++;
  }

  async #recordSourcesAndReviewer(now: Date): Promise<void> {
    const doc = this.project.data;
    let changed = false;
    for (const s of this.sources) {
      const known = doc.sources.find((e) => e.path === s.relPath);
      if (known?.key === s.key) continue;
      if (known) known.key = s.key;
      else doc.sources.push({ path: s.relPath, format: this.#fileFormat(s), firstSeen: now.toISOString(), key: s.key });
      changed = true;
    }
    if (!doc.reviewers.includes(this.reviewer)) {
      doc.reviewers.push(this.reviewer);
      changed = true;
    }
    if (changed) await this.project.write();
  }

  /** The file's format from its first records; 'unknown' (with the reason among the problems) if they disagree. */
  #fileFormat(s: SourceFile): FormatId | 'unknown' {
    const n = Math.min(s.index.starts.length, FILE_FORMAT_SAMPLE);
    const records: unknown[] = [];
    const lines: number[] = [];
    for (let i = 0; i < n; i++) {
      try {
        records.push(JSON.parse(this.#bytesAt(s, i).toString('utf8')));
        lines.push(originalLine(s.prepared, s.index.lineNumbers[i]));
      } catch {
        // unreadable records are reported when shown; the format comes from the readable ones
      }
    }
    try {
      return detectFileFormat(records, { lines });
    } catch (e) {
      this.#problems.push({ source: s.relPath, message: `${s.relPath}: ${(e as Error).message}` });
      return 'unknown';
    }
  }

  /**
   * Files whose first records do not say which model wrote them or under which licence, and
   * whose reviewer has not been asked yet: import asks once per file and records the answer.
   */
  provenanceGaps(): { readonly source: string; readonly missing: readonly ('model' | 'licence')[] }[] {
    const gaps: { source: string; missing: ('model' | 'licence')[] }[] = [];
    for (const s of this.sources) {
      const entry = this.project.data.sources.find((e) => e.path === s.relPath);
      if (!entry || entry.defaults) continue;
      const provenances = [];
      for (let i = 0; i < Math.min(s.index.starts.length, FILE_FORMAT_SAMPLE); i++) {
        const p = this.sample(s.offset + i).provenance;
        if (p) provenances.push(p);
      }
      const missing = missingForFile(provenances);
      if (missing.length) gaps.push({ source: s.relPath, missing });
    }
    return gaps;
  }

  /**
   * Reads every record once to count problems per file (worker threads when `workerScript`, the
   * bundled validateWorker.js, is given). Long: run it after open, in the background.
   */
  async validateAll(options: { workerScript?: string; signal?: AbortSignal } = {}): Promise<FileProblemSummary[]> {
    const summaries: FileProblemSummary[] = [];
    for (const s of this.sources) {
      if (options.signal?.aborted) break;
      const input = { jsonlPath: s.absPath, file: s.relPath, index: s.index, lineMap: s.prepared.lineMap };
      const result = options.workerScript ? await validateSourceInWorker(options.workerScript, input) : validateSource(input);
      if (result.summary) summaries.push(result.summary);
    }
    return summaries;
  }

  /** Records the reviewer's answer for a file (an empty object: asked, nothing known). */
  async setSourceDefaults(source: string, defaults: ProvenanceDefaults): Promise<void> {
    if (this.readOnly) throw new Error(`nothing was recorded: ${this.readOnly.message}`);
    const entry = this.project.data.sources.find((e) => e.path === source);
    if (!entry) throw new Error(`${source} is not a source of this store`);
    entry.defaults = defaults;
    await this.project.write();
  }

  get name(): string {
    return this.project.data.name;
  }

  get size(): number {
    const last = this.sources[this.sources.length - 1];
    return last ? last.offset + last.index.starts.length : 0;
  }

  get sourcePaths(): readonly string[] {
    return this.sources.map((s) => s.relPath);
  }

  get journalPath(): string {
    return this.#ledger.journalPath;
  }

  counts(): VerdictCounts {
    return { ...this.#counts, total: this.size };
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
    const [s, i] = this.#locate(index);
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
    const [s, i] = this.#locate(index);
    return originalLine(s.prepared, s.index.lineNumbers[i]);
  }

  verdictAt(index: number): Verdict {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new RangeError(`no sample at index ${index}`);
    return VERDICTS[this.#verdictCodes[index]];
  }

  row(index: number): SampleRow {
    return this.sample(index).row;
  }

  sample(index: number): LoadedSample {
    const [s, i] = this.#locate(index);
    const id = this.#idAt(index);
    const contentHash = hashHex(s.index, i);
    const copy = id === contentHash ? undefined : { n: this.#copyNumberAt(index), contentHash };
    const base = { index, id, ...(copy ? { copy } : {}), source: s.relPath, line: originalLine(s.prepared, s.index.lineNumbers[i]), verdict: this.verdictAt(index) };
    const tooLarge = checkLineLength(s.index.lengths[i], { file: base.source, line: base.line });
    if (tooLarge) return { row: { ...base, kind: 'invalid', preview: tooLarge.message }, error: tooLarge.message, raw: '', revision: 0 };
    let bytes: Buffer;
    try {
      bytes = this.#bytesAt(s, i);
    } catch (e) {
      // Bytes that are not the indexed sample are never shown (nor decided: see #freshIds).
      if (!(e instanceof SourceChangedError)) throw e;
      return { row: { ...base, kind: 'invalid', preview: e.message }, error: e.message, raw: '', revision: 0 };
    }
    const loaded = describeSample(base, bytes, this.project.data.sources.find((e) => e.path === s.relPath)?.defaults);
    return this.#withRevision(loaded);
  }

  /** A sample with edits shows its latest revision; the source record's view stays as `original`. */
  #withRevision(loaded: LoadedSample): LoadedSample {
    const texts = this.#ledger.revisionsOf(loaded.row.id);
    if (!texts.length) return loaded;
    const revision = texts.length;
    try {
      const normalized = fromNormalizedJson(texts[revision - 1]);
      return {
        ...loaded, row: { ...loaded.row, kind: normalized.kind, preview: previewText(normalized) }, normalized, revision, original: loaded.normalized,
      };
    } catch (e) {
      // addRevision refuses such text, so only a hand-edited journal gets here: show the original and say why.
      return { ...loaded, revision, error: `${loaded.row.source}:${loaded.row.line}: revision ${revision} is not a readable sample (${(e as Error).message}); showing the original` };
    }
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
    return this.#changed(await this.#ledger.setVerdict(this.#freshIds([index], expectedId === undefined ? undefined : [expectedId]), verdict));
  }

  /** One verdict for many samples as ONE undoable step (bulk actions). */
  async decideMany(indices: readonly number[], verdict: Verdict, expectedIds?: readonly string[]): Promise<readonly number[]> {
    return this.#changed(await this.#ledger.setVerdict([...new Set(this.#freshIds(indices, expectedIds))], verdict));
  }

  /** Withdraws the last step durably; resolves with the sample it was about, or undefined if none. */
  async undo(): Promise<{ readonly index: number; readonly changed: readonly number[] } | undefined> {
    return this.#stepResult(await this.#ledger.undo());
  }

  /** Re-applies the last undone step durably. */
  async redo(): Promise<{ readonly index: number; readonly changed: readonly number[] } | undefined> {
    return this.#stepResult(await this.#ledger.redo());
  }

  /**
   * The file and 1-based line to open for a sample: the original file at the record's line, or,
   * for gzip and UTF-16 sources (not readable as text in place), the converted JSONL in the cache.
   */
  sourceLocation(index: number): { readonly path: string; readonly line: number } {
    const [s, i] = this.#locate(index);
    const jsonlLine = s.index.lineNumbers[i];
    const readableInPlace = !s.prepared.gzip && (s.prepared.encoding === 'utf-8' || s.prepared.encoding === 'utf-8-bom');
    return readableInPlace
      ? { path: s.prepared.originalPath, line: originalLine(s.prepared, jsonlLine) }
      : { path: s.absPath, line: jsonlLine };
  }

  /** The sample's source file, relative to the store folder (for queries: no read). */
  sourceAt(index: number): string {
    return this.#locate(index)[0].relPath;
  }

  /** The record's length in bytes, from the line index (no read). */
  byteLengthAt(index: number): number {
    const [s, i] = this.#locate(index);
    return s.index.lengths[i];
  }

  /** Where the record's bytes are in the indexed JSONL file (queries read neighbours in one window). */
  recordAt(index: number): RecordSpan {
    const [s, i] = this.#locate(index);
    return { path: s.absPath, start: s.index.starts[i], length: s.index.lengths[i], hash: hashHex(s.index, i), file: s.relPath };
  }

  /** The indexed sources as the checks read them, each with its cache key (see checkRunner.ts). */
  checkSources(): (CheckSource & { readonly key: string })[] {
    return this.sources.map((s) => {
      const defaults = this.provenanceDefaultsOf(s.relPath);
      return { path: s.absPath, file: s.relPath, offset: s.offset, starts: s.index.starts, lengths: s.index.lengths, key: s.key, ...(defaults ? { defaults } : {}) };
    });
  }

  /** The provenance the reviewer gave for a whole source file. */
  provenanceDefaultsOf(source: string): ProvenanceDefaults | undefined {
    return this.project.data.sources.find((e) => e.path === source)?.defaults;
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

  readonly #changeListeners = new Set<(source: string) => void>();

  async close(): Promise<void> {
    this.#listeners.clear();
    this.#changeListeners.clear();
    await this.#ledger.close();
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
        this.#setCode(i, verdict);
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

  #locate(index: number): [SourceFile, number] {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new RangeError(`no sample at index ${index}`);
    let lo = 0;
    let hi = this.sources.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.sources[mid].offset <= index) lo = mid;
      else hi = mid - 1;
    }
    const s = this.sources[lo];
    return [s, index - s.offset];
  }

  /** The record's bytes, checked against its indexed content hash (SourceChangedError if they differ). */
  #bytesAt(s: SourceFile, i: number): Buffer {
    let fd: number;
    try {
      fd = openSync(s.absPath, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw this.#changedOnDisk(s);
      throw e;
    }
    let bytes: Buffer;
    try {
      bytes = readLineBytes(fd, s.index.starts[i], s.index.lengths[i]);
    } finally {
      closeSync(fd);
    }
    if (contentHash(bytes) !== hashHex(s.index, i)) throw this.#changedOnDisk(s);
    return bytes;
  }

  #changedOnDisk(s: SourceFile): SourceChangedError {
    for (const l of this.#changeListeners) l(s.relPath);
    return new SourceChangedError(s.relPath);
  }

  /**
   * The ids of these samples for a change, after checking that each one's file still has the stamp
   * it was indexed with (one stat per file) and, when given, that each id is the one the reviewer
   * saw. A single sample is also read back and hashed (one small read), which catches even an edit
   * that kept the file's size and mtime.
   */
  #freshIds(indices: readonly number[], expectedIds?: readonly string[]): string[] {
    if (expectedIds && expectedIds.length !== indices.length) throw new Error(`${indices.length} samples but ${expectedIds.length} expected ids`);
    const checked = new Set<SourceFile>();
    const ids = indices.map((index, k) => {
      const [s, i] = this.#locate(index);
      if (!checked.has(s)) {
        if (!stampUnchanged(s.absPath, s.stamp)) throw this.#changedOnDisk(s);
        checked.add(s);
        // (Not a record over the size limit: it was never shown, and reading it back could take long.)
        if (indices.length === 1 && s.index.lengths[i] <= DEFAULT_MAX_LINE_BYTES) this.#bytesAt(s, i);
      }
      const id = this.#idAt(index);
      const expected = expectedIds?.[k];
      if (expected !== undefined && expected !== id) throw new StaleSampleError(index, expected, id);
      return id;
    });
    return ids;
  }

  #freshId(index: number, expectedId?: string): string {
    return this.#freshIds([index], expectedId === undefined ? undefined : [expectedId])[0];
  }
}
