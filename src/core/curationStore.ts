// The curation store: a folder of sample files plus `.curator/` with the project document and
// the reviewers' decision journals. Samples are indexed by offset and read one at a time.
import { closeSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CurationState } from './curationState';
import { DecisionJournal } from './decisionJournal';
import { buildLineIndex, readLineBytes, type LineIndex } from './lineIndex';
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
}

/** Turns a reviewer name into a safe journal file name. */
export function journalFileName(reviewer: string): string {
  const safe = reviewer.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_') || 'reviewer';
  return `${safe}.jsonl`;
}

export class CurationStore {
  readonly #state = new CurationState();
  readonly #listeners = new Set<(changed: readonly number[]) => void>();
  readonly #byId = new Map<string, number[]>();
  readonly #counts: Record<Verdict, number> = { pending: 0, accepted: 0, rejected: 0, skipped: 0 };
  #journal!: DecisionJournal;

  private constructor(
    readonly folder: string,
    readonly project: ProjectDb,
    readonly reviewer: string,
    private readonly sources: readonly SourceFile[],
    readonly problems: readonly StoreProblem[],
  ) {}

  /** Opens (and if needed initializes) the store in `folder`. */
  static async open(folder: string, options: { reviewer: string; now?: () => Date }): Promise<CurationStore> {
    const curatorDir = join(folder, CURATOR_DIR);
    mkdirSync(join(curatorDir, 'journal'), { recursive: true });
    const project = await openProjectDocument(join(curatorDir, 'project.json'), basename(folder));
    const problems: StoreProblem[] = [];
    const sources: SourceFile[] = [];
    let offset = 0;
    for (const name of readdirSync(folder).filter((n) => SAMPLE_FILE.test(n)).sort()) {
      const absPath = join(folder, name);
      try {
        const index = buildLineIndex(absPath);
        sources.push({ relPath: name, absPath, index, offset });
        offset += index.starts.length;
      } catch (e) {
        problems.push({ source: name, message: (e as Error).message });
      }
    }
    const store = new CurationStore(folder, project, options.reviewer, sources, problems);
    await store.#init(options.now);
    return store;
  }

  async #init(now?: () => Date): Promise<void> {
    for (let i = 0; i < this.size; i++) {
      const id = this.#idAt(i);
      const list = this.#byId.get(id);
      if (list) list.push(i);
      else this.#byId.set(id, [i]);
    }
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
      if (doc.sources.some((e) => e.path === s.relPath)) continue;
      doc.sources.push({ path: s.relPath, format: this.#fileFormat(s), firstSeen: now.toISOString() });
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
    return this.#byId.get(id)?.[0];
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
    const base = { index, id: s.index.hashes[i], source: s.relPath, line: s.index.lineNumbers[i], verdict: this.verdictAt(index) };
    try {
      const record: unknown = JSON.parse(raw);
      const format = detectFormat(record);
      const normalized = normalizeRecord(record, format);
      return { row: { ...base, kind: normalized.kind, preview: previewText(normalized) }, format, normalized, raw };
    } catch (e) {
      const why = e instanceof SampleShapeError ? e.message : `invalid JSON: ${(e as Error).message}`;
      const error = `${s.relPath}:${base.line}: ${why}`;
      return { row: { ...base, kind: 'invalid', preview: error }, error, raw };
    }
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
    const indices = this.#byId.get(id) ?? [];
    this.#counts[before] -= indices.length;
    this.#counts[after] += indices.length;
    for (const l of this.#listeners) l(indices);
    return indices;
  }

  #idAt(index: number): string {
    const [s, i] = this.#locate(index);
    return s.index.hashes[i];
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
