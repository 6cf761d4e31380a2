// Export of a curated set: plan (which samples, which licences), then one streaming pass that
// converts each sample, writes it to its split's file while hashing it, and writes its manifest
// entry beside. Everything goes into a hidden temporary folder next to the destination, fsynced,
// then renamed into place: a cancelled, failed or crashed export leaves no partial set behind
// (a crash leaves a hidden `.<name>.export-<pid>-*` folder, never the destination; the next export
// to that destination removes it).
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { datasetCard } from './datasetCard';
import { readDecisionTimes } from './decisionTimes';
import { convertSample, writeAsSource, type ExportFormatId } from './exportFormats';
import {
  CARD_FILE, ExportCounts, MANIFEST_FILE, MANIFEST_SCHEMA_VERSION, SAMPLES_MANIFEST_FILE,
  type CheckRun, type ExportManifest, type LicenceIssue, type SampleEntry, type WrittenFile,
} from './exportManifest';
import { StratifiedSplit, type SplitName, type SplitOptions } from './exportSplit';
import type { SampleAnnotations } from './ledgerState';
import { contentHash } from './lineIndex';
import { fromNormalizedJson } from './normalizedJson';
import { extractProvenance, mayNameLicence, type ProvenanceDefaults } from './provenance';
import { DEFAULT_MAX_LINE_BYTES } from './recordReader';
import { RecordWindow } from './recordWindow';
import { detectFormat, normalizeRecord } from './sampleFormats';
import { runQuery, UNKNOWN_VALUE, type QueryableStore, type SampleQuery } from './sampleQuery';

/** What export needs of a store; CurationStore provides it. */
export interface ExportableStore extends QueryableStore {
  readonly name: string;
  readonly journalPath: string;
  readonly folder: string;
  annotationsAt(i: number): SampleAnnotations;
  idAt(i: number): string;
  lineAt(i: number): number;
  indicesOfId(id: string): readonly number[];
  revisionsAt(i: number): readonly string[];
  provenanceDefaultsOf(source: string): ProvenanceDefaults | undefined;
}

export type ExportErrorCode = 'exists' | 'no-parent' | 'not-writable' | 'disk-full' | 'write-failed' | 'nothing-selected';

/** A destination or write problem, with a message that names the path and what to do. */
export class ExportError extends Error {
  override readonly name = 'ExportError';
  constructor(message: string, readonly code: ExportErrorCode, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The rejection of a cancelled export; `name` is 'AbortError' like the platform's. */
export class ExportAbortError extends Error {
  override readonly name = 'AbortError';
  constructor(reason: unknown) {
    super('the export was cancelled; nothing was written', { cause: reason });
  }
}

export interface ExportProgress {
  readonly phase: 'selecting' | 'licences' | 'journal' | 'writing' | 'finishing';
  readonly done: number;
  readonly total: number;
}

/** The file operations export uses; tests inject failures (a full disk) through them. */
export interface ExportFs {
  mkdirSync(path: string): void;
  openSync(path: string, flags: string): number;
  writeSync(fd: number, data: Uint8Array): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  rmSync(path: string): void;
}

/** The real file system, for ExportOptions.fs (tests wrap it to inject failures). */
export const NODE_EXPORT_FS: ExportFs = {
  mkdirSync: (p) => fs.mkdirSync(p),
  openSync: (p, flags) => fs.openSync(p, flags),
  writeSync: (fd, data) => fs.writeSync(fd, data),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  closeSync: (fd) => fs.closeSync(fd),
  renameSync: (a, b) => fs.renameSync(a, b),
  rmSync: (p) => fs.rmSync(p, { recursive: true, force: true }),
};

export interface PlanOptions {
  readonly query: SampleQuery;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: ExportProgress) => void;
}

/** Which samples an export would write and what their licences are; the licence gate asks from this. */
export interface ExportPlan {
  readonly query: SampleQuery;
  /** Store indices, in store order. */
  readonly indices: Int32Array;
  /** Per selected sample (parallel to indices): 0 none, 1 unknown licence, 2 conflicting. */
  readonly licenceIssues: Uint8Array;
  readonly unknownLicence: number;
  readonly conflictingLicence: number;
  /** Licence (as written, 'unknown' for none) → samples. */
  readonly licenceMix: ReadonlyMap<string, number>;
  /** A few of the samples with licence issues, as "file:line (what)", for the question. */
  readonly examples: readonly string[];
}

export interface ExportOptions {
  readonly format: ExportFormatId;
  /** The folder to create; it must not exist. */
  readonly destination: string;
  readonly split?: SplitOptions;
  /** Export a sample's latest edit instead of its source record (default true). */
  readonly useEdits?: boolean;
  /** For samples with licence issues (plan.unknownLicence + plan.conflictingLicence > 0). */
  readonly licenceIssues: 'exclude' | 'include';
  /** The filter as the person typed or picked it, for the manifest and card. */
  readonly description?: string;
  readonly checks?: readonly CheckRun[];
  readonly tool: { readonly name: string; readonly version: string };
  readonly now?: () => Date;
  readonly signal?: AbortSignal;
  /** Called at least every PROGRESS_MS while the export runs. */
  readonly onProgress?: (p: ExportProgress) => void;
  readonly fs?: ExportFs;
}

export interface ExportResult {
  readonly destination: string;
  readonly manifestPath: string;
  readonly manifest: ExportManifest;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const ISSUE_CODES: readonly (LicenceIssue | undefined)[] = [undefined, 'unknown', 'conflicting'];
const PROGRESS_MS = 250;
const FLUSH_BYTES = 1 << 20;
const SYNC_BYTES = 64 << 20;
const ISSUE_EXAMPLES = 5;

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ExportAbortError(signal.reason);
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Calls `onProgress` when PROGRESS_MS passed since the last call, and says when to yield. */
class Pacer {
  #lastReport = 0;
  #lastYield = performance.now();

  constructor(private readonly onProgress: ((p: ExportProgress) => void) | undefined) {}

  report(p: ExportProgress, force = false): void {
    const now = performance.now();
    if (!force && now - this.#lastReport < PROGRESS_MS) return;
    this.#lastReport = now;
    this.onProgress?.(p);
  }

  /** Yields to the event loop every 50 ms of work (keeps the host responsive; lets cancel land). */
  async pace(p: ExportProgress, signal: AbortSignal | undefined): Promise<void> {
    this.report(p);
    if (performance.now() - this.#lastYield < 50) return;
    await yieldToEventLoop();
    this.#lastYield = performance.now();
    throwIfAborted(signal);
  }
}

/** A record's own licence (not its file's), reading the record only when its text may name one. */
function ownLicence(bytes: Buffer): string | undefined {
  if (!mayNameLicence(bytes.toString('latin1'))) return undefined;
  try {
    const p = extractProvenance(JSON.parse(bytes.toString('utf8')));
    return p.from.licence === 'record' ? p.licence : undefined;
  } catch {
    return undefined;
  }
}

function issueOf(own: string | undefined, fileLicence: string | undefined): number {
  if (own === undefined && fileLicence === undefined) return 1;
  if (own !== undefined && fileLicence !== undefined && own.trim().toLowerCase() !== fileLicence.trim().toLowerCase()) return 2;
  return 0;
}

/** Selects the samples (streaming query) and reads each one's licence; nothing is written. */
export async function planExport(store: ExportableStore, options: PlanOptions): Promise<ExportPlan> {
  const pacer = new Pacer(options.onProgress);
  const indices = await runQuery(store, options.query, {
    signal: options.signal,
    onProgress: (p) => pacer.report({ phase: 'selecting', done: p.done, total: p.total }),
  });
  const issues = new Uint8Array(indices.length);
  const mix = new Map<string, number>();
  const examples: string[] = [];
  const counts = [0, 0, 0];
  const reader = new RecordWindow();
  try {
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k];
      const source = store.sourceAt(i);
      const fileLicence = store.provenanceDefaultsOf(source)?.licence;
      const oversize = store.byteLengthAt(i) > DEFAULT_MAX_LINE_BYTES;
      const own = oversize ? undefined : ownLicence(asBuffer(reader.read(store.recordAt(i))));
      const issue = issueOf(own, fileLicence);
      issues[k] = issue;
      counts[issue]++;
      const licence = own ?? fileLicence ?? UNKNOWN_VALUE;
      mix.set(licence, (mix.get(licence) ?? 0) + 1);
      if (issue && examples.length < ISSUE_EXAMPLES) {
        examples.push(`${source}:${store.lineAt(i)} (${issue === 1 ? 'no licence' : `record says ${own}, file says ${fileLicence}`})`);
      }
      if ((k & 1023) === 0) await pacer.pace({ phase: 'licences', done: k, total: indices.length }, options.signal);
    }
  } finally {
    reader.close();
  }
  return {
    query: options.query, indices, licenceIssues: issues, unknownLicence: counts[1], conflictingLicence: counts[2],
    licenceMix: new Map([...mix].sort((a, b) => b[1] - a[1])), examples,
  };
}

/** Refuses a destination that exists or whose parent is not a folder, before anything is written. */
export function checkDestination(destination: string): void {
  if (fs.existsSync(destination)) {
    throw new ExportError(`${destination} already exists; export creates a new folder and never writes into or over one — choose another name`, 'exists');
  }
  const parent = dirname(destination);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(parent);
  } catch {
    throw new ExportError(`${parent} does not exist; create it or choose another destination`, 'no-parent');
  }
  if (!stat.isDirectory()) throw new ExportError(`${parent} is not a folder; choose another destination`, 'no-parent');
}

function writeError(e: unknown, where: string): ExportError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new ExportError(`the disk is full while writing ${where}; free some space and export again (nothing was left behind)`, 'disk-full', { cause: e });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new ExportError(`${where} is not writable (${code}); choose a destination you can write to`, 'not-writable', { cause: e });
  }
  return new ExportError(`writing ${where} failed: ${(e as Error).message}`, 'write-failed', { cause: e });
}

/** A file written through buffered writes, hashed (SHA-256) and counted as it goes. */
class HashedFile {
  readonly #hash = crypto.createHash('sha256');
  readonly #fd: number;
  /** Lines are encoded straight into this buffer (no intermediate strings or copies), written when full. */
  readonly #buffer = Buffer.allocUnsafe(FLUSH_BYTES);
  #used = 0;
  #synced = 0;
  lines = 0;
  bytes = 0;

  constructor(private readonly fsOps: ExportFs, readonly path: string, readonly name: string) {
    this.#fd = fsOps.openSync(path, 'wx');
  }

  /** Appends the line and a newline; returns the first 16 hex digits of the SHA-256 of the line's bytes ('' unless `hashLine`). */
  writeLine(text: string, hashLine = false): string {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: a line that may not fit goes after a flush, or alone.
    if (this.#used + text.length * 3 + 1 > this.#buffer.length) this.flush();
    this.lines++;
    if (text.length * 3 + 1 > this.#buffer.length) {
      const bytes = Buffer.from(`${text}\n`, 'utf8');
      this.#write(bytes);
      return hashLine ? contentHash(bytes.subarray(0, bytes.length - 1)) : '';
    }
    const start = this.#used;
    this.#used += this.#buffer.write(text, start, 'utf8');
    const hash = hashLine ? contentHash(this.#buffer.subarray(start, this.#used)) : '';
    this.#buffer[this.#used++] = 0x0a;
    return hash;
  }

  flush(): void {
    if (this.#used === 0) return;
    this.#write(this.#buffer.subarray(0, this.#used));
    this.#used = 0;
  }

  #write(bytes: Uint8Array): void {
    this.#hash.update(bytes);
    let off = 0;
    while (off < bytes.length) off += this.fsOps.writeSync(this.#fd, bytes.subarray(off));
    this.bytes += bytes.length;
    // Syncing as it goes spreads the cost: one fsync of gigabytes at the end would stall progress for seconds.
    if (this.bytes - this.#synced >= SYNC_BYTES) {
      this.fsOps.fsyncSync(this.#fd);
      this.#synced = this.bytes;
    }
  }

  /** Flushes, fsyncs and closes; returns the file's description. */
  finish(split?: SplitName): WrittenFile {
    this.flush();
    this.fsOps.fsyncSync(this.#fd);
    this.fsOps.closeSync(this.#fd);
    return { path: this.name, ...(split ? { split } : {}), sha256: this.#hash.digest('hex'), lines: this.lines, bytes: this.bytes };
  }

  abandon(): void {
    try {
      this.fsOps.closeSync(this.#fd);
    } catch {
      // already closed, or the descriptor is gone with the failure being reported
    }
  }
}

/** Reads, converts and describes one sample; the pass in writeExport drives it. */
class SampleConverter {
  readonly #window = new RecordWindow();
  readonly #defaults = new Map<string, ProvenanceDefaults | undefined>();

  constructor(private readonly store: ExportableStore, private readonly format: ExportFormatId, private readonly useEdits: boolean) {}

  /** The exported line, or the refusal reason; and what the manifest says of the sample. */
  convert(i: number, source: string): { line?: string; reason?: string; revision: number; kind?: string; provenance?: SampleEntry['provenance'] } {
    if (this.store.byteLengthAt(i) > DEFAULT_MAX_LINE_BYTES) return { reason: 'the record is over the sample size limit', revision: 0 };
    const raw = asBuffer(this.#window.read(this.store.recordAt(i))).toString('utf8');
    let record: { [key: string]: unknown };
    let original;
    let sourceFormat;
    try {
      record = JSON.parse(raw) as { [key: string]: unknown };
      sourceFormat = detectFormat(record);
      original = normalizeRecord(record, sourceFormat);
    } catch (e) {
      return { reason: `not a readable sample (${(e as Error).message})`, revision: 0 };
    }
    const { from: _from, ...provenance } = extractProvenance(record, this.#defaultsOf(source));
    const revisions = this.useEdits ? this.store.revisionsAt(i) : [];
    const revision = revisions.length;
    let sample = original;
    if (revision) {
      try {
        sample = fromNormalizedJson(revisions[revision - 1]);
      } catch (e) {
        return { reason: `revision ${revision} is not a readable sample (${(e as Error).message})`, revision, provenance };
      }
    }
    if (this.format === 'original' && revision === 0) return { line: raw, revision, kind: sample.kind, provenance };
    const converted = this.format === 'original' ? writeAsSource(sample, record, sourceFormat) : convertSample(sample, this.format);
    if (!converted.ok) return { reason: converted.reason, revision, kind: sample.kind, provenance };
    return { line: JSON.stringify(converted.record), revision, kind: sample.kind, provenance };
  }

  close(): void {
    this.#window.close();
  }

  #defaultsOf(source: string): ProvenanceDefaults | undefined {
    if (!this.#defaults.has(source)) this.#defaults.set(source, this.store.provenanceDefaultsOf(source));
    return this.#defaults.get(source);
  }
}

/**
 * Writes the planned samples to `options.destination` (which must not exist): the data files
 * (`train.jsonl`, plus `validation.jsonl` with a split), manifest.json, manifest.samples.jsonl and
 * README.md. Rejects with ExportError (destination or write problem) or ExportAbortError
 * (cancelled); either way nothing is left at the destination or beside it.
 */
export async function writeExport(store: ExportableStore, plan: ExportPlan, options: ExportOptions): Promise<ExportResult> {
  const fsOps = options.fs ?? NODE_EXPORT_FS;
  const { signal, destination } = options;
  checkDestination(destination);
  throwIfAborted(signal);
  const pacer = new Pacer(options.onProgress);
  const total = plan.indices.length;
  const temp = join(dirname(destination), `${tempPrefix(destination)}${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  try {
    removeCrashedTemps(fsOps, destination);
    fsOps.mkdirSync(temp);
  } catch (e) {
    throw writeError(e, dirname(destination));
  }
  const open: HashedFile[] = [];
  try {
    pacer.report({ phase: 'journal', done: 0, total }, true);
    const times = readDecisionTimes(store.journalPath, store.size, (h) => store.indicesOfId(h));
    await pacer.pace({ phase: 'journal', done: total, total }, signal);
    const split = options.split
      ? new StratifiedSplit((k) => store.idAt(plan.indices[k]), sourceNumbers(store, plan.indices), options.split)
      : undefined;
    const fileOf = (name: string) => {
      const f = new HashedFile(fsOps, join(temp, name), name);
      open.push(f);
      return f;
    };
    const data = { train: fileOf('train.jsonl'), validation: split ? fileOf('validation.jsonl') : undefined };
    const entries = fileOf(SAMPLES_MANIFEST_FILE);
    const counts = new ExportCounts();
    const reviewers = new Set<string>();
    let lastDecided = NaN;
    let lastDecidedText: string | undefined;
    const converter = new SampleConverter(store, options.format, options.useEdits ?? true);
    try {
      for (let k = 0; k < total; k++) {
        const i = plan.indices[k];
        const source = store.sourceAt(i);
        const a = store.annotationsAt(i);
        const issue = ISSUE_CODES[plan.licenceIssues[k]];
        const decided = times.at[i];
        const reviewer = Number.isNaN(decided) ? undefined : times.reviewers[times.reviewerOf[i]];
        if (decided !== lastDecided) [lastDecided, lastDecidedText] = [decided, Number.isNaN(decided) ? undefined : new Date(decided).toISOString()];
        // One literal shape for every entry (absent fields undefined, which JSON.stringify leaves
        // out): no spreads, so a million entries stringify on one fast path.
        const entry: Mutable<SampleEntry> = {
          id: store.idAt(i), source, line: store.lineAt(i), status: 'exported', file: undefined, fileLine: undefined, contentHash: undefined,
          reason: undefined, revision: a.revision, verdict: a.verdict, labels: a.labels, rating: a.rating, reviewer,
          decidedAt: lastDecidedText, licenceIssue: issue, provenance: undefined,
        };
        if (issue && options.licenceIssues === 'exclude') {
          counts.leftOut++;
          entry.status = 'left-out';
          entry.reason = `licence ${issue}`;
        } else {
          const c = converter.convert(i, source);
          entry.revision = c.revision;
          entry.provenance = c.provenance;
          if (c.line === undefined) {
            counts.refused++;
            counts.refusedByReason.add(c.reason ?? 'refused');
            entry.status = 'refused';
            entry.reason = c.reason;
          } else {
            const splitName = split?.assign(k) ?? 'train';
            const file = splitName === 'validation' && data.validation ? data.validation : data.train;
            const lineHash = file.writeLine(c.line, true);
            counts.exported++;
            if (c.revision) counts.edited.exported++;
            counts.byVerdict.add(a.verdict);
            for (const l of a.labels) counts.byLabel.add(l);
            counts.bySource.add(source);
            counts.byModel.add(c.provenance?.model ?? UNKNOWN_VALUE);
            counts.byLicence.add(c.provenance?.licence ?? UNKNOWN_VALUE);
            counts.byOrigin.add(c.provenance?.origin ?? UNKNOWN_VALUE);
            counts.byKind.add(c.kind ?? UNKNOWN_VALUE);
            counts.bySplit.add(splitName);
            if (reviewer !== undefined) reviewers.add(reviewer);
            entry.file = file.name;
            entry.fileLine = file.lines;
            entry.contentHash = lineHash;
          }
        }
        entries.writeLine(JSON.stringify(entry));
        if ((k & 255) === 255) await pacer.pace({ phase: 'writing', done: k + 1, total }, signal);
      }
    } finally {
      converter.close();
    }
    pacer.report({ phase: 'finishing', done: total, total }, true);
    const files = [data.train.finish(split ? 'train' : undefined), ...(data.validation ? [data.validation.finish('validation')] : [])];
    const samples = entries.finish();
    open.length = 0;
    const manifest: ExportManifest = {
      schema: MANIFEST_SCHEMA_VERSION,
      tool: options.tool,
      exportedAt: (options.now?.() ?? new Date()).toISOString(),
      store: store.name,
      format: options.format,
      reviewers: [...reviewers].sort(),
      journal: { file: relative(store.folder, store.journalPath), ...times.position },
      filters: { query: plan.query, description: options.description ?? 'accepted samples', useEditedRevisions: options.useEdits ?? true, split: options.split ?? null },
      licenceGate: {
        decision: plan.unknownLicence + plan.conflictingLicence === 0 ? 'none-found' : options.licenceIssues === 'exclude' ? 'excluded' : 'included',
        unknown: plan.unknownLicence, conflicting: plan.conflictingLicence,
      },
      checks: options.checks ?? [],
      counts,
      files,
      samples,
    };
    writeWhole(fsOps, join(temp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    writeWhole(fsOps, join(temp, CARD_FILE), datasetCard(manifest));
    throwIfAborted(signal);
    checkDestination(destination);
    try {
      fsOps.renameSync(temp, destination);
    } catch (e) {
      throw writeError(e, destination);
    }
    syncFolder(dirname(destination));
    return { destination, manifestPath: join(destination, MANIFEST_FILE), manifest };
  } catch (e) {
    for (const f of open) f.abandon();
    fsOps.rmSync(temp);
    if (e instanceof ExportError || e instanceof ExportAbortError) throw e;
    if ((e as NodeJS.ErrnoException).code) throw writeError(e, destination);
    throw e;
  }
}

function tempPrefix(destination: string): string {
  return `.${basename(destination)}.export-`;
}

/** Whether process `pid` is running (EPERM: it is, under another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the temporary folders that exports to the same destination left when their process died. */
function removeCrashedTemps(fsOps: ExportFs, destination: string): void {
  const prefix = tempPrefix(destination);
  for (const name of fs.readdirSync(dirname(destination))) {
    const m = name.startsWith(prefix) ? /^(\d+)-[0-9a-f]{8}$/.exec(name.slice(prefix.length)) : null;
    if (m && !isRunning(Number(m[1]))) fsOps.rmSync(join(dirname(destination), name));
  }
}

function writeWhole(fsOps: ExportFs, path: string, text: string): void {
  const fd = fsOps.openSync(path, 'wx');
  try {
    const buf = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < buf.length) off += fsOps.writeSync(fd, buf.subarray(off));
    fsOps.fsyncSync(fd);
  } finally {
    fsOps.closeSync(fd);
  }
}

/** Makes a rename durable (the parent folder's entry); best effort where folders cannot be opened. */
function syncFolder(path: string): void {
  try {
    const fd = fs.openSync(path, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Windows cannot open a folder for fsync; the rename itself has happened.
  }
}

/** Per selected sample, a number for its source file (the split's strata). */
function sourceNumbers(store: ExportableStore, indices: Int32Array): Uint32Array {
  const numbers = new Map<string, number>();
  return Uint32Array.from(indices, (i) => {
    const s = store.sourceAt(i);
    let n = numbers.get(s);
    if (n === undefined) numbers.set(s, (n = numbers.size));
    return n;
  });
}
