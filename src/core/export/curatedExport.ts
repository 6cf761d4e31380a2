// Export of a curated set, after its plan (exportPlan.ts): one streaming pass that
// converts each sample, writes it to its split's file while hashing it, and writes its manifest
// entry beside. Everything goes into a hidden temporary folder next to the destination, fsynced,
// then renamed into place: a cancelled, failed or crashed export leaves no partial set behind
// (a crash leaves a hidden `.<name>.export-<pid>-*` folder, never the destination; the next export
// to that destination removes it).
import { randomBytes } from 'node:crypto';
import { dirname, join, relative } from 'node:path';
import { datasetCard } from './datasetCard';
import { readDecisionTimes } from '../journal/decisionTimes';
import { readSliceDecisions } from '../journal/sliceDecisions';
import { syncDirectory } from '../journal/durableWrite';
import { fileHashOnWorker } from './fileHash';
import {
  checkDestination, ExportError, HashedFile, NODE_EXPORT_FS, removeCrashedTemps, tempPrefix, writeError, writeWhole, type ExportFs,
} from './exportFolder';
import type { ExportFormatId, JsonRecord } from './exportFormats';
import { SampleConverter } from './sampleConverter';
import { PARQUET_FOLDER, ParquetExport, type DataSink, type ParquetOptions } from './parquetShards';
import { parquetCompressors } from './parquetCodecs';
import {
  CARD_FILE, ExportCounts, MANIFEST_FILE, MANIFEST_SCHEMA_VERSION, SAMPLE_HASH, SAMPLES_MANIFEST_FILE,
  type CheckRun, type ExportManifest, type ExportMeters, type LicenceIssue, type SampleEntry, type SliceDecisionEntry, type TeamExport,
} from './exportManifest';
import { ExportAbortError, Pacer, throwIfAborted, type ExportableStore, type ExportPlan, type ExportProgress } from './exportPlan';
import { StratifiedSplit, type SplitOptions } from './exportSplit';
import { UNKNOWN_VALUE } from '../query/sampleQuery';
import { MeterTally, teacherName } from '../checks/curationMeters';
import { exportMeters, metersCheckRun } from './exportChecks';

export interface ExportOptions {
  readonly format: ExportFormatId;
  /** The folder to create; it must not exist. */
  readonly destination: string;
  readonly split?: SplitOptions;
  /** Write the data as Parquet shards (parquetShards.ts) instead of JSONL files. */
  readonly parquet?: ParquetOptions;
  /** Export a sample's latest edit instead of its source record (default true). */
  readonly useEdits?: boolean;
  /** For samples with licence issues (plan.unknownLicence + plan.conflictingLicence > 0). */
  readonly licenceIssues: 'exclude' | 'include';
  /** The filter as the person typed or picked it, for the manifest and card. */
  readonly description?: string;
  /**
   * The checks that ran, as lines; or, to speak of the set written, a function of the store indices
   * the export wrote (called once they are known: a refused or left-out sample is not counted).
   */
  readonly checks?: readonly CheckRun[] | ((exported: readonly number[]) => readonly CheckRun[]);
  /** The meters' limits: given, the manifest's `meters` (and a `meters` check line) are counted over the samples written. */
  readonly meterLimits?: ExportMeters['limits'];
  /** When the checks ran (the meters line's `ranAt`). */
  readonly checksRanAt?: string;
  /** In a team: the team's decisions (the store given is then core/store's teamExportView). */
  readonly team?: TeamExport;
  readonly tool: { readonly name: string; readonly version: string };
  readonly now?: () => Date;
  readonly signal?: AbortSignal;
  /** Called at least every PROGRESS_MS while the export runs. */
  readonly onProgress?: (p: ExportProgress) => void;
  readonly fs?: ExportFs;
  /**
   * out/hashWorker.js: the data files' SHA-256 is taken on a worker thread (the export is bound by
   * the thread that converts samples; the hash is a tenth of it). Without it, on this thread.
   */
  readonly hashWorkerScript?: string;
  /**
   * out/parquetExportWorker.js: Parquet row groups are encoded on a worker thread while this one
   * reads and converts the next samples (the encoding is half the export). Without it, here.
   */
  readonly parquetWorkerScript?: string;
  /** The number of samples from which the workers are used (default WORKERS_FROM; tests force them on small sets with 0). */
  readonly workersFrom?: number;
}

/** Below this many samples a worker's start costs more than the hash or encoding it takes over. */
const WORKERS_FROM = 10_000;

export interface ExportResult {
  readonly destination: string;
  readonly manifestPath: string;
  readonly manifest: ExportManifest;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const ISSUE_CODES: readonly (LicenceIssue | undefined)[] = [undefined, 'unknown', 'conflicting'];

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
  const codecProblem = options.parquet ? parquetCompressors(options.parquet.codec ?? 'SNAPPY') : undefined;
  if (typeof codecProblem === 'string') throw new ExportError(`cannot write Parquet here: ${codecProblem}`, 'not-supported');
  throwIfAborted(signal);
  const pacer = new Pacer(options.onProgress);
  const total = plan.indices.length;
  const temp = join(dirname(destination), `${tempPrefix(destination)}${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    removeCrashedTemps(fsOps, destination);
    fsOps.mkdirSync(temp);
  } catch (e) {
    throw writeError(e, dirname(destination));
  }
  const open: DataSink[] = [];
  try {
    pacer.report({ phase: 'journal', done: 0, total: 1 }, true);
    const times = await readDecisionTimes(store.journalPath, store.size, (h) => store.indicesOfId(h), {
      pause: (done, bytes) => pacer.pace({ phase: 'journal', done, total: bytes }, signal),
    });
    pacer.report({ phase: 'journal', done: times.position.offset, total: times.position.offset }, true);
    const splitting = () => pacer.pace({ phase: 'writing', done: 0, total }, signal);
    const split = options.split
      ? await StratifiedSplit.plan((k) => store.contentHashAt(plan.indices[k]), await sourceNumbers(store, plan.indices, splitting), options.split, splitting)
      : undefined;
    const onWorkers = total >= (options.workersFrom ?? WORKERS_FROM);
    const hashOf = (name: string) => (options.hashWorkerScript && onWorkers ? fileHashOnWorker(options.hashWorkerScript, name) : undefined);
    const fileOf = (name: string) => {
      const f = new HashedFile(fsOps, join(temp, name), name, hashOf(name));
      open.push(f);
      return f;
    };
    const parquet = options.parquet
      ? new ParquetExport(fsOps, temp, options.format, options.parquet, split ? ['train', 'validation'] : ['train'], hashOf, onWorkers ? options.parquetWorkerScript : undefined)
      : undefined;
    if (parquet) open.push(parquet);
    const data = parquet ? undefined : { train: fileOf('train.jsonl'), validation: split ? fileOf('validation.jsonl') : undefined };
    const entries = fileOf(SAMPLES_MANIFEST_FILE);
    const counts = new ExportCounts();
    const meters = new MeterTally();
    const licenceOutcome = { unknown: { exported: 0, refused: 0, leftOut: 0 }, conflicting: { exported: 0, refused: 0, leftOut: 0 } };
    // A typed array, not a growing list: a million exported samples' list is 8 MB in the heap, and its growth copies.
    const exportedIndices = new Int32Array(total);
    const reviewers = new Set<string>();
    let lastDecided = NaN;
    let lastDecidedText: string | undefined;
    const converter = new SampleConverter(store, options.useEdits ?? true);
    try {
      for (let k = 0; k < total; k++) {
        const i = plan.indices[k];
        const source = store.sourceAt(i);
        const a = store.annotationsAt(i);
        const issue = ISSUE_CODES[plan.licenceIssues[k]];
        const decided = times.at[i];
        const teamDecision = options.team?.decisionAt(i);
        const reviewer = options.team ? undefined : Number.isNaN(decided) ? undefined : times.reviewers[times.reviewerOf[i]];
        if (decided !== lastDecided) [lastDecided, lastDecidedText] = [decided, Number.isNaN(decided) ? undefined : new Date(decided).toISOString()];
        // One literal shape for every entry (absent fields undefined, which JSON.stringify leaves
        // out): no spreads, so a million entries stringify on one fast path.
        const id = store.idAt(i);
        const recordHash = store.contentHashAt(i);
        const entry: Mutable<SampleEntry> = {
          id, recordHash: recordHash === id ? undefined : recordHash, source, line: store.lineAt(i), status: 'exported', file: undefined, fileLine: undefined, contentHash: undefined,
          reason: undefined, revision: a.revision, verdict: a.verdict, labels: a.labels, rating: a.rating, reviewer,
          decidedBy: teamDecision?.decidedBy, rule: teamDecision?.rule,
          decidedAt: options.team ? undefined : lastDecidedText, licenceIssue: issue, provenance: undefined,
        };
        if (issue && options.licenceIssues === 'exclude') {
          counts.leftOut++;
          licenceOutcome[issue].leftOut++;
          entry.status = 'left-out';
          entry.reason = `licence ${issue}`;
        } else {
          const c = SampleConverter.convert(converter.load(i, source), options.format);
          entry.revision = c.revision;
          entry.provenance = c.provenance;
          // A record the Parquet columns cannot hold exactly is refused like a conversion's refusal.
          const misfit = parquet && c.record ? parquet.misfit(c.record) : undefined;
          const reason = c.line === undefined ? c.reason ?? 'refused' : misfit && `Parquet cannot hold it: ${misfit}`;
          if (reason || c.line === undefined) {
            counts.refused++;
            if (issue) licenceOutcome[issue].refused++;
            counts.refusedByReason.add(reason || 'refused');
            entry.status = 'refused';
            entry.reason = reason || undefined;
          } else {
            const splitName = split?.assign(k) ?? 'train';
            if (parquet) {
              // The hash of the record's JSON text as the JSONL export writes it: the same in both.
              const at = parquet.add(splitName, c.record as JsonRecord, c.line);
              entry.file = at.file;
              entry.fileLine = at.row;
              entry.contentHash = at.contentHash;
            } else if (data) {
              const file = splitName === 'validation' && data.validation ? data.validation : data.train;
              entry.contentHash = file.writeLine(c.line, true);
              entry.file = file.name;
              entry.fileLine = file.lines;
            }
            exportedIndices[counts.exported++] = i;
            if (issue) licenceOutcome[issue].exported++;
            const p = c.provenance;
            if (p) meters.add(p);
            if (c.revision) counts.edited.exported++;
            counts.byVerdict.add(a.verdict);
            for (const l of a.labels) counts.byLabel.add(l);
            counts.bySource.add(source);
            counts.byModel.add(p ? teacherName(p) : UNKNOWN_VALUE);
            counts.byLicence.add(c.provenance?.licence ?? UNKNOWN_VALUE);
            counts.byOrigin.add(c.provenance?.origin ?? UNKNOWN_VALUE);
            counts.byKind.add(c.kind ?? UNKNOWN_VALUE);
            counts.bySplit.add(splitName);
            if (reviewer !== undefined) reviewers.add(reviewer);
            for (const r of teamDecision?.decidedBy ?? []) reviewers.add(r);
          }
        }
        entries.writeLine(JSON.stringify(entry));
        // A full row group waits while the one before it is encoded (on a worker): no row is added meanwhile.
        if (parquet?.backedUp) await parquet.drained();
        if ((k & 255) === 255) {
          await pacer.pace({ phase: 'writing', done: k + 1, total }, signal);
          for (const f of open) if (f.backedUp) await f.drained();
        }
      }
    } finally {
      converter.close();
    }
    pacer.report({ phase: 'finishing', done: total, total }, true);
    const files = parquet ? await parquet.finish()
      : data ? [await data.train.finish(split ? 'train' : undefined), ...(data.validation ? [await data.validation.finish('validation')] : [])] : [];
    const samples = await entries.finish();
    open.length = 0;
    const checkRuns = typeof options.checks === 'function' ? options.checks(Array.from(exportedIndices.subarray(0, counts.exported))) : options.checks ?? [];
    const exportedMeters = options.meterLimits ? exportMeters(meters.teacherMix(), meters.synthetic(), options.meterLimits) : undefined;
    const manifest: ExportManifest = {
      schema: MANIFEST_SCHEMA_VERSION,
      tool: options.tool,
      exportedAt: (options.now?.() ?? new Date()).toISOString(),
      store: store.name,
      format: options.format,
      ...(parquet ? { parquet: parquet.settings } : {}),
      reviewers: [...reviewers].sort(),
      journal: { file: relative(store.folder, store.journalPath), ...times.position },
      filters: { query: plan.query, description: options.description ?? 'accepted samples', useEditedRevisions: options.useEdits ?? true, split: options.split ?? null },
      licenceGate: {
        decision: plan.unknownLicence + plan.conflictingLicence === 0 ? 'none-found' : options.licenceIssues === 'exclude' ? 'excluded' : 'included',
        unknown: plan.unknownLicence, conflicting: plan.conflictingLicence, outcome: licenceOutcome,
      },
      checks: [...checkRuns, ...(exportedMeters ? [metersCheckRun(exportedMeters, options.checksRanAt)] : [])],
      meters: exportedMeters ?? null,
      counts,
      ...(options.team ? { team: teamRecord(options.team) } : {}),
      sliceDecisions: sliceDecisionEntries(store.journalPath),
      files,
      samples,
      sampleHash: SAMPLE_HASH,
    };
    writeWhole(fsOps, join(temp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    writeWhole(fsOps, join(temp, CARD_FILE), datasetCard(manifest));
    throwIfAborted(signal);
    // The files' entries (the shards' in data/ too) before the folder is renamed into place.
    if (parquet) syncDirectory(join(temp, PARQUET_FOLDER), { bestEffort: true });
    syncDirectory(temp, { bestEffort: true });
    checkDestination(destination);
    try {
      fsOps.renameSync(temp, destination);
    } catch (e) {
      throw writeError(e, destination);
    }
    // The rename's entry; Windows cannot open a folder for fsync, and the rename has happened.
    syncDirectory(dirname(destination), { bestEffort: true });
    return { destination, manifestPath: join(destination, MANIFEST_FILE), manifest };
  } catch (e) {
    for (const f of open) f.abandon();
    fsOps.rmSync(temp);
    if (e instanceof ExportError || e instanceof ExportAbortError) throw e;
    if ((e as NodeJS.ErrnoException).code) throw writeError(e, destination);
    throw e;
  }
}

/** The slice decisions that stand, as the manifest records them (the drawn ids stay in the journal). */
function sliceDecisionEntries(journalPath: string): SliceDecisionEntry[] {
  return readSliceDecisions(journalPath).map(({ seq, at, reviewer, verdict, samples, record }) => ({
    seq, at, reviewer, slice: record.slice, verdict, samples,
    audit: { size: record.audit.drawn.length, n: record.audit.n, k: record.audit.k, seed: record.audit.seed, defect: record.audit.defect },
    estimate: record.estimate, rule: record.rule,
  }));
}

/** The manifest's team block: the figures, NaN as null (JSON has no NaN). */
function teamRecord(team: TeamExport): Omit<TeamExport, 'decisionAt'> {
  const a = team.agreement;
  const num = (x: number) => (Number.isFinite(x) ? +x.toFixed(4) : (null as unknown as number));
  return {
    reviewers: team.reviewers, policy: team.policy, resolved: team.resolved, noConsensus: team.noConsensus,
    agreement: { ...a, percentAgreement: num(a.percentAgreement), alpha: num(a.alpha), ac1: num(a.ac1) },
  };
}

/** Per selected sample, a number for its source file (the split's strata). */
async function sourceNumbers(store: ExportableStore, indices: Int32Array, pause: () => Promise<void>): Promise<Uint32Array> {
  const numbers = new Map<string, number>();
  const out = new Uint32Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const s = store.sourceAt(indices[k]);
    let n = numbers.get(s);
    if (n === undefined) numbers.set(s, (n = numbers.size));
    out[k] = n;
    if ((k & 8191) === 8191) await pause();
  }
  return out;
}
