// The curation store: a folder of sample files plus `.curator/` with the project document and
// the reviewers' decision journals. Samples are indexed by offset and read one at a time.
import { closeSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CurationState } from './curationState';
import { DecisionJournal } from './decisionJournal';
import { loadIndex, saveIndex, sourceKey } from './indexCache';
import { buildLineIndexAsync, contentHash, HASH_BYTES, hashHex, readLineBytes, type IndexProgress, type LineIndex } from './lineIndex';
import { SampleHashTable } from './sampleHashTable';
import { openProjectDocument, type ProjectDb } from './projectDocument';
import { detectFormat, normalizeRecord, previewText, SampleShapeError, type FormatId } from './sampleFormats';
import type { NormalizedSample, Verdict, VerdictCounts } from './sampleModel';

export const CURATOR_DIR = '.curator';
const SAMPLE_FILE = /\.jsonl$/i;

/** A one-line description of a sample, for lists and the status bar. */
export interface SampleRow {
  readonly index: number;
  /** Content hash of the original bytes. */
  readonly id: string;
  /** Source file, relative to the store folder. */
  readonly source: string;
  /** 1-based line in the source file. */
  readonly line: number;
  readonly kind: NormalizedSample['kind'] | 'invalid';
  readonly preview: string;
  readonly verdict: Verdict;
}

export interface LoadedSample {
  readonly row: SampleRow;
  readonly format?: FormatId;
  readonly normalized?: NormalizedSample;
  /** Why the record could not be read as a sample (file and line are in `row`). */
  readonly error?: string;
  /** The original record's text, exactly as in the file. */
  readonly raw: string;
}

export interface StoreProblem {
  readonly source: string;
  readonly message: string;
}

interface SourceFile {
  readonly relPath: string;
  readonly absPath: string;
  readonly index: LineIndex;
  /** Index of this file's first sample in the store's sample order. */
  readonly offset: number;
  /** Size + head/tail hash when indexed (see indexCache.ts). */
  readonly key: string;
}

/** Parses and normalizes one record's text; a record that cannot be read says why, with file:line. */
export function describeSample(base: Omit<SampleRow, 'kind' | 'preview'>, raw: string): LoadedSample {
  try {
    const record: unknown = JSON.parse(raw);
    const format = detectFormat(record);
    const normalized = normalizeRecord(record, format);
    return { row: { ...base, kind: normalized.kind, preview: previewText(normalized) }, format, normalized, raw };
  } catch (e) {
    const why = e instanceof SampleShapeError ? e.message : `invalid JSON: ${(e as Error).message}`;
    const error = `${base.source}:${base.line}: ${why}`;
    return { row: { ...base, kind: 'invalid', preview: error }, error, raw };
  }
}

/**
 * The first sample of a store folder, read from the first 64 KiB of its first sample file: shown
 * while the store is still being indexed. Undefined when there is none (or it is longer).
 */
export function peekFirstSample(folder: string): LoadedSample | undefined {
  const name = readdirSync(folder).filter((n) => SAMPLE_FILE.test(n)).sort()[0];
  if (!name) return undefined;
  const fd = openSync(join(folder, name), 'r');
  try {
    const head = readLineBytes(fd, 0, 64 * 1024).toString('utf8');
    const lines = head.split('\n');
    for (let i = 0; i < lines.length - 1; i++) {
      const raw = lines[i].replace(/\r$/, '');
      if (!raw.trim()) continue;
      const id = contentHash(Buffer.from(raw, 'utf8'));
      return describeSample({ index: 0, id, source: name, line: i + 1, verdict: 'pending' }, raw);
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
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
}

/** Turns a reviewer name into a safe journal file name. */
export function journalFileName(reviewer: string): string {
  const safe = reviewer.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_') || 'reviewer';
  return `${safe}.jsonl`;
}

export class CurationStore {
  readonly #state = new CurationState();
  readonly #listeners = new Set<(changed: readonly number[]) => void>();
  #hashTable!: SampleHashTable;
  readonly #counts: Record<Verdict, number> = { pending: 0, accepted: 0, rejected: 0, skipped: 0 };
  #journal!: DecisionJournal;

  private constructor(
    readonly folder: string,
    readonly project: ProjectDb,
    readonly reviewer: string,
    private readonly sources: readonly SourceFile[],
    readonly problems: readonly StoreProblem[],
  ) {}

  /**
   * Opens (and if needed initializes) the store in `folder`. Each source's line index is loaded
   * from `.curator/index/` when the file is unchanged (same size, head and tail), otherwise built
   * by `indexer` (default: on this thread, yielding between 4 MiB steps) and saved.
   */
  static async open(folder: string, options: StoreOpenOptions): Promise<CurationStore> {
    const curatorDir = join(folder, CURATOR_DIR);
    mkdirSync(join(curatorDir, 'journal'), { recursive: true });
    mkdirSync(join(curatorDir, 'index'), { recursive: true });
    const project = await openProjectDocument(join(curatorDir, 'project.json'), basename(folder));
    const problems: StoreProblem[] = [];
    const sources: SourceFile[] = [];
    const names = readdirSync(folder).filter((n) => SAMPLE_FILE.test(n)).sort();
    const indexer = options.indexer ?? ((path, onProgress, signal) => buildLineIndexAsync(path, { onProgress, signal }));
    let offset = 0;
    for (const [k, name] of names.entries()) {
      const absPath = join(folder, name);
      try {
        const key = sourceKey(absPath);
        const cachePath = join(curatorDir, 'index', `${name}.idx`);
        let index = loadIndex(cachePath, key);
        if (!index) {
          index = await indexer(absPath, (p) => options.onProgress?.({ file: name, fileNumber: k + 1, files: names.length, ...p }), options.signal);
          saveIndex(cachePath, key, index);
        }
        const known = project.data.sources.find((e) => e.path === name);
        if (known?.key && known.key !== key) {
          problems.push({ source: name, message: 'changed on disk since the store last opened it; decisions follow samples by content, so edited lines are pending again' });
        }
        sources.push({ relPath: name, absPath, index, offset, key });
        offset += index.starts.length;
      } catch (e) {
        if (options.signal?.aborted) throw e;
        problems.push({ source: name, message: (e as Error).message });
      }
    }
    const store = new CurationStore(folder, project, options.reviewer, sources, problems);
    await store.#init(options.now);
    return store;
  }

  async #init(now?: () => Date): Promise<void> {
    const all = new Uint8Array(this.size * HASH_BYTES);
    for (const s of this.sources) all.set(s.index.hashBytes, s.offset * HASH_BYTES);
    this.#hashTable = new SampleHashTable(all);
    const path = join(this.folder, CURATOR_DIR, 'journal', journalFileName(this.reviewer));
    await this.#recordSourcesAndReviewer(now?.() ?? new Date());
    const { journal } = await DecisionJournal.open(path, this.reviewer, (e) => this.#state.apply(e), now);
    this.#journal = journal;
    for (let i = 0; i < this.size; i++) this.#counts[this.#state.verdictOf(this.#idAt(i))]++;
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

  #fileFormat(s: SourceFile): FormatId | 'unknown' {
    for (let i = 0; i < Math.min(s.index.starts.length, 20); i++) {
      try {
        return detectFormat(JSON.parse(this.#rawAt(s, i)));
      } catch {
        // try the next line
      }
    }
    return 'unknown';
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
    return this.#journal.path;
  }

  counts(): VerdictCounts {
    return { ...this.#counts, total: this.size };
  }

  /** Called with the indices whose verdict changed. Returns an unsubscribe function. */
  onDidChange(listener: (changed: readonly number[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  indexOfId(id: string): number | undefined {
    return this.#hashTable.indicesOf(id)[0];
  }

  verdictAt(index: number): Verdict {
    return this.#state.verdictOf(this.#idAt(index));
  }

  row(index: number): SampleRow {
    return this.sample(index).row;
  }

  sample(index: number): LoadedSample {
    const [s, i] = this.#locate(index);
    const raw = this.#rawAt(s, i);
    return describeSample({ index, id: hashHex(s.index, i), source: s.relPath, line: s.index.lineNumbers[i], verdict: this.verdictAt(index) }, raw);
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
   * Records a verdict durably; resolves once it is on disk and applied. Verdicts made while a sync
   * runs share the next write and sync; they apply in journal order.
   */
  async decide(index: number, verdict: Verdict): Promise<readonly number[]> {
    const id = this.#idAt(index);
    while (this.#exclusive) await this.#exclusive;
    const op = this.#journal.append({ type: 'verdict', sample: id, verdict }).then((event) => {
      return this.#change(id, () => this.#state.apply(event));
    });
    this.#inflight.add(op);
    try {
      return await op;
    } finally {
      this.#inflight.delete(op);
    }
  }

  /**
   * Withdraws the last verdict durably; resolves with the sample's index, or undefined if there is
   * nothing to undo. Waits for verdicts in flight so it always withdraws the latest one.
   */
  async undo(): Promise<{ readonly index: number; readonly changed: readonly number[] } | undefined> {
    while (this.#exclusive || this.#inflight.size) {
      await (this.#exclusive ?? Promise.allSettled([...this.#inflight]));
    }
    const op = (async () => {
      const target = this.#state.undoable;
      if (!target) return undefined;
      const event = await this.#journal.append({ type: 'undo', undoes: target.seq });
      const changed = this.#change(target.sample, () => this.#state.apply(event));
      return { index: changed[0], changed };
    })();
    this.#exclusive = op.then(() => undefined, () => undefined);
    try {
      return await op;
    } finally {
      this.#exclusive = undefined;
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#inflight, this.#exclusive]);
    this.#listeners.clear();
    await this.#journal.close();
  }

  readonly #inflight = new Set<Promise<unknown>>();
  #exclusive: Promise<void> | undefined;

  /** Applies a state change to one sample id and keeps the counts and listeners in step. */
  #change(id: string, mutate: () => void): readonly number[] {
    const before = this.#state.verdictOf(id);
    mutate();
    const after = this.#state.verdictOf(id);
    const indices = this.#hashTable.indicesOf(id);
    this.#counts[before] -= indices.length;
    this.#counts[after] += indices.length;
    for (const l of this.#listeners) l(indices);
    return indices;
  }

  #idAt(index: number): string {
    const [s, i] = this.#locate(index);
    return hashHex(s.index, i);
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

  #rawAt(s: SourceFile, i: number): string {
    const fd = openSync(s.absPath, 'r');
    try {
      return readLineBytes(fd, s.index.starts[i], s.index.lengths[i]).toString('utf8');
    } finally {
      closeSync(fd);
    }
  }
}
