// Which samples an export writes and what their licences are: the streaming selection and the
// licence read the licence gate asks from (nothing is written). Also the pacing both passes share:
// progress at least every PROGRESS_MS, a yield to the event loop every 50 ms, cancellation.
import { extractProvenance, LICENCE_NEEDLES, type ProvenanceDefaults } from '../formats/provenance';
import type { SampleAnnotations } from '../journal/ledgerState';
import { DEFAULT_MAX_LINE_BYTES } from '../ingest/recordReader';
import { RecordWindow } from '../ingest/recordWindow';
import { runQuery, UNKNOWN_VALUE, type QueryableStore, type SampleQuery } from '../query/sampleQuery';

/** What export needs of a store; CurationStore provides it. */
export interface ExportableStore extends QueryableStore {
  readonly name: string;
  readonly journalPath: string;
  readonly folder: string;
  annotationsAt(i: number): SampleAnnotations;
  /** The sample's identity (decisions are keyed by it; identical records have different ones). */
  idAt(i: number): string;
  /** The hash of the sample's original bytes (identical records share it). */
  contentHashAt(i: number): string;
  lineAt(i: number): number;
  indicesOfId(id: string): readonly number[];
  revisionsAt(i: number): readonly string[];
  provenanceDefaultsOf(source: string): ProvenanceDefaults | undefined;
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
  /** Samples, except in the 'journal' phase: bytes of the journal read. */
  readonly done: number;
  readonly total: number;
}

export interface PlanOptions {
  readonly query: SampleQuery;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: ExportProgress) => void;
  /** Where a `judge:` criterion reads a score (the setting); default judgeScores' defaults. */
  readonly judgeFields?: readonly string[];
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

const PROGRESS_MS = 250;
const ISSUE_EXAMPLES = 5;

export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ExportAbortError(signal.reason);
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Calls `onProgress` when PROGRESS_MS passed since the last call, and says when to yield. */
export class Pacer {
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

const LICENCE_NEEDLE_BYTES = LICENCE_NEEDLES.map((n) => Buffer.from(n, 'latin1'));

/** provenance.ts mayNameLicence, searched in the bytes (no string made of every record). */
function mayNameLicence(bytes: Buffer): boolean {
  for (const needle of LICENCE_NEEDLE_BYTES) if (bytes.includes(needle)) return true;
  return false;
}

/** A record's own licence (not its file's), reading the record only when its text may name one. */
function ownLicence(bytes: Buffer): string | undefined {
  if (!mayNameLicence(bytes)) return undefined;
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
    signal: options.signal, judgeFields: options.judgeFields,
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
      // Unchecked (a SHA-256 per record, ~1.6 s a million): writeExport checks every record it writes.
      const own = oversize ? undefined : ownLicence(asBuffer(reader.readUnchecked(store.recordAt(i))));
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
