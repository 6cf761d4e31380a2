// Filter, search and sort over a whole store without holding its samples: one streaming pass over
// the sample order, cheap criteria first (verdict, source, labels), record bytes read only when a
// text, model, licence or judge criterion (or the judge sort) needs them, yielding to the event
// loop between chunks.
import { extractProvenance, type ProvenanceDefaults } from '../formats/provenance';
import { RecordWindow, type RecordSpan } from '../ingest/recordWindow';
import { DEFAULT_MAX_LINE_BYTES } from '../ingest/recordReader';
import { VERDICTS, type Verdict } from '../formats/sampleModel';
import { matchingSources } from './sourceMatch';
import { compileTextMatcher, type TextMatcher } from './textMatcher';
import { JudgeReader, judgeCriterionFault, matchesJudge, type JudgeCriterion } from './judgeFilter';

/** `judge`: by the judge's score (judgeScores.ts); samples without one come last in either direction. */
export type QuerySort = 'order' | 'length' | 'source' | 'judge';

export const QUERY_SORTS: readonly QuerySort[] = ['order', 'length', 'source', 'judge'];

/** The value of `models` / `licences` that matches samples whose provenance does not say. */
export const UNKNOWN_VALUE = 'unknown';

/**
 * What to show. Every criterion given narrows the result (AND); an absent or empty list does not
 * narrow. Within one list the values are alternatives (OR), except `labels`, which must all be set.
 */
export interface SampleQuery {
  /** Case-insensitive phrase, or `/regex/flags`; see textMatcher.ts for what is searched. Empty: none. */
  readonly text?: string;
  readonly verdicts?: readonly Verdict[];
  /** Labels the sample must all carry. */
  readonly labels?: readonly string[];
  /**
   * Source files, relative to the store folder: a value that names one exactly (ignoring case)
   * picks it alone, else every file whose path holds the value, ignoring case (sourceMatch.ts).
   */
  readonly sources?: readonly string[];
  /** Teacher models, compared case-insensitively with the record's (or its file's) model; 'unknown' for none. */
  readonly models?: readonly string[];
  /** Licences, compared like models; 'unknown' matches samples without one. */
  readonly licences?: readonly string[];
  /**
   * Check results the sample must all have (`duplicate`, `contaminated`, `verifier-fail`,
   * `verifier-pass`, `no-reference`), as the store's `flagsAt` reports them. A store without
   * `flagsAt` (the checks have not run) matches no flag.
   */
  readonly flags?: readonly string[];
  /** A judge's score (QueryOptions.judgeFields say where it is read): alternatives, any one keeps a sample. */
  readonly judge?: readonly JudgeCriterion[];
  /** Default 'order' (the store's sample order). */
  readonly sort?: QuerySort;
  /** Reverses the sort key; samples with equal keys always stay in store order. */
  readonly descending?: boolean;
}

/**
 * What a query needs of a store; CurationStore provides it. Indices are the store's sample indices,
 * 0 ≤ i < size.
 */
export interface QueryableStore {
  readonly size: number;
  verdictAt(i: number): Verdict;
  annotationsAt(i: number): { readonly labels: readonly string[] };
  /** The sample's source file, relative to the store folder. */
  sourceAt(i: number): string;
  /** Every source file, relative to the store folder (without it, `source:` finds them with sourceAt). */
  readonly sourcePaths?: readonly string[];
  /** The record's length in bytes, from the line index (no read). */
  byteLengthAt(i: number): number;
  /** Where the record's bytes are (the indexed JSONL file), from the line index (no read). */
  recordAt(i: number): RecordSpan;
  /** The model/licence the reviewer gave for a whole source file, filling what its records leave out. */
  provenanceDefaultsOf?(source: string): ProvenanceDefaults | undefined;
  /** The check results of a sample (see SampleQuery.flags). */
  flagsAt?(i: number): readonly string[];
}

export interface QueryProgress {
  /** Samples examined so far, in store order. */
  readonly done: number;
  readonly total: number;
  readonly matches: number;
}

export interface QueryOptions {
  readonly signal?: AbortSignal;
  /** Called after each chunk. */
  readonly onProgress?: (p: QueryProgress) => void;
  /** Samples examined between yields to the event loop (default 5,000). */
  readonly chunk?: number;
  /** Where `judge` criteria and the judge sort read a score (the setting); default judgeScores' defaults. */
  readonly judgeFields?: readonly string[];
}

export class QueryError extends Error {
  override readonly name = 'QueryError';
}

/** The rejection of a cancelled query; `name` is 'AbortError' like the platform's. */
export class QueryAbortError extends Error {
  override readonly name = 'AbortError';
  constructor(reason: unknown) {
    super('the query was cancelled', { cause: reason });
  }
}

const DEFAULT_CHUNK = 5_000;

/** Per-record criteria, compiled once. */
interface RecordCriteria {
  readonly text?: TextMatcher;
  readonly models?: ValueSet;
  readonly licences?: ValueSet;
  readonly judge?: readonly JudgeCriterion[];
  /** Set when a judge criterion or the judge sort needs the score. */
  readonly judgeReader?: JudgeReader;
}

/** Wanted provenance values, lower-cased, and how to rule a record out from its raw bytes. */
interface ValueSet {
  readonly wanted: ReadonlySet<string>;
  /**
   * Finds any wanted value in a record's bytes read as Latin-1, case-insensitively. Only set when
   * a record without `\u` escapes that has a wanted value must hold it verbatim: no value is
   * 'unknown', holds a character JSON escapes or outside ASCII, or is a bare number (a number may
   * be written another way: 1.0 for "1").
   */
  readonly verbatim?: RegExp;
}

function valueSet(values: readonly string[] | undefined): ValueSet | undefined {
  if (!values?.length) return undefined;
  const wanted = new Set(values.map((v) => v.trim().toLowerCase()));
  const plain = [...wanted].every((v) => v !== UNKNOWN_VALUE && /^[\u0020-\u007e]+$/.test(v) && !/["\\/]/.test(v) && !/^[\d.eE+-]*$/.test(v));
  const verbatim = plain ? new RegExp([...wanted].map((v) => v.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')).join('|'), 'i') : undefined;
  return { wanted, verbatim };
}

function checkQuery(query: SampleQuery): void {
  for (const v of query.verdicts ?? []) {
    if (!VERDICTS.includes(v)) throw new QueryError(`unknown verdict “${v}” (one of ${VERDICTS.join(', ')})`);
  }
  if (query.sort !== undefined && !QUERY_SORTS.includes(query.sort)) {
    throw new QueryError(`unknown sort “${query.sort}” (one of ${QUERY_SORTS.join(', ')})`);
  }
  for (const c of query.judge ?? []) {
    const fault = judgeCriterionFault(c);
    if (fault) throw new QueryError(fault);
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new QueryAbortError(signal.reason);
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Growable typed list: the matching indices, and their judge scores when sorting by them. */
class GrowableList<A extends Int32Array | Float64Array> {
  #items: A;
  length = 0;

  constructor(private readonly make: (n: number) => A, capacity: number) {
    this.#items = make(Math.max(16, capacity));
  }

  push(x: number): void {
    if (this.length === this.#items.length) {
      const grown = this.make(this.#items.length * 2);
      grown.set(this.#items);
      this.#items = grown;
    }
    this.#items[this.length++] = x;
  }

  toArray(): A {
    return this.#items.slice(0, this.length) as A;
  }
}

/** Decides the record-level criteria for one sample; keeps one read window open across samples. */
class RecordTester {
  readonly #window = new RecordWindow();
  readonly #defaults = new Map<string, ProvenanceDefaults | undefined>();

  /** The judge's score of the sample `matches` last looked at (NaN: none), when a judge reader is set. */
  score = NaN;

  constructor(
    private readonly store: QueryableStore,
    private readonly criteria: RecordCriteria,
  ) {}

  matches(i: number): boolean {
    const { text, models, licences, judge, judgeReader } = this.criteria;
    this.score = NaN;
    const oversize = this.store.byteLengthAt(i) > DEFAULT_MAX_LINE_BYTES;
    // Records over the sample size limit are never read, as the store never reads them: they match
    // no text, have no judge score and say nothing of their provenance (their file's defaults still apply).
    const bytes = oversize ? undefined : this.#window.read(this.store.recordAt(i));
    if (text && (!bytes || !text.matches(bytes))) return false;
    if (!models && !licences && !judgeReader) return true;
    const raw = bytes && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    let parsed = false;
    let record: unknown;
    const parse = () => {
      if (!parsed) {
        parsed = true;
        try {
          record = bytes && JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
        } catch {
          record = undefined;
        }
      }
      return record;
    };
    if (judgeReader) {
      const read = raw === undefined ? undefined : judgeReader.read(raw, parse);
      if (read && 'score' in read) this.score = read.score;
      if (judge && !judge.some((c) => matchesJudge(c, read))) return false;
    }
    if (!models && !licences) return true;
    const defaults = this.#defaultsOf(this.store.sourceAt(i));
    if (raw !== undefined) {
      const absent = (set: ValueSet | undefined, fallback: string | undefined) =>
        set?.verbatim && !set.wanted.has(fallback?.trim().toLowerCase() ?? UNKNOWN_VALUE) && !set.verbatim.test(raw);
      if (!raw.includes('\\u') && (absent(models, defaults?.model) || absent(licences, defaults?.licence))) return false;
    }
    const p = extractProvenance(parse(), defaults);
    const has = (set: ValueSet | undefined, value: string | undefined) => !set || set.wanted.has(value?.toLowerCase() ?? UNKNOWN_VALUE);
    return has(models, p.model) && has(licences, p.licence);
  }

  close(): void {
    this.#window.close();
  }

  #defaultsOf(source: string): ProvenanceDefaults | undefined {
    if (!this.#defaults.has(source)) this.#defaults.set(source, this.store.provenanceDefaultsOf?.(source));
    return this.#defaults.get(source);
  }
}

/**
 * The indices of the samples matching `query`, in the requested order. Examines `chunk` samples at
 * a time, then reports progress and yields to the event loop; rejects with a QueryAbortError
 * (name 'AbortError') once `signal` aborts, with a QueryError for a bad verdict or sort and a
 * TextPatternError for an invalid or risky regular expression (both before reading anything).
 */
export async function runQuery(store: QueryableStore, query: SampleQuery, options: QueryOptions = {}): Promise<Int32Array> {
  const { signal, onProgress } = options;
  const chunk = Math.max(1, Math.floor(options.chunk ?? DEFAULT_CHUNK));
  checkQuery(query);
  throwIfAborted(signal);
  const verdicts = query.verdicts?.length ? new Set(query.verdicts) : undefined;
  const sources = query.sources?.length ? matchingSources(query.sources, store.sourcePaths ?? everySource(store)) : undefined;
  const labels = query.labels?.length ? query.labels : undefined;
  const flags = query.flags?.length ? query.flags : undefined;
  const judge = query.judge?.length ? query.judge : undefined;
  const byJudge = query.sort === 'judge';
  const criteria: RecordCriteria = {
    text: query.text ? compileTextMatcher(query.text) : undefined,
    models: valueSet(query.models),
    licences: valueSet(query.licences),
    judge,
    judgeReader: judge || byJudge ? new JudgeReader(options.judgeFields) : undefined,
  };
  const tester = criteria.text || criteria.models || criteria.licences || criteria.judgeReader ? new RecordTester(store, criteria) : undefined;
  const total = store.size;
  const found = new GrowableList((n) => new Int32Array(n), Math.min(total, 1 << 16));
  const scores = byJudge ? new GrowableList((n) => new Float64Array(n), Math.min(total, 1 << 16)) : undefined;
  try {
    for (let from = 0; from < total; ) {
      const to = Math.min(total, from + chunk);
      for (let i = from; i < to; i++) {
        if (verdicts && !verdicts.has(store.verdictAt(i))) continue;
        if (sources && !sources.has(store.sourceAt(i))) continue;
        if (labels) {
          const has = store.annotationsAt(i).labels;
          if (!labels.every((l) => has.includes(l))) continue;
        }
        if (flags) {
          const has = store.flagsAt?.(i) ?? [];
          if (!flags.every((f) => has.includes(f))) continue;
        }
        if (tester && !tester.matches(i)) continue;
        found.push(i);
        scores?.push(tester?.score ?? NaN);
      }
      from = to;
      onProgress?.({ done: to, total, matches: found.length });
      if (from < total) {
        await yieldToEventLoop();
        throwIfAborted(signal);
      }
    }
  } finally {
    tester?.close();
  }
  return sortIndices(store, found.toArray(), query.sort ?? 'order', query.descending ?? false, scores?.toArray());
}

/** The distinct sources of a store that does not list them (one pass, no read). */
function* everySource(store: QueryableStore): Generator<string> {
  let last: string | undefined;
  for (let i = 0; i < store.size; i++) {
    const s = store.sourceAt(i);
    if (s !== last) yield (last = s);
  }
}

/**
 * Sorts matched indices (ascending on entry) by the query's key; stable, ties in store order.
 * Sorting by judge needs `judgeScores`, parallel to `indices` (NaN: no score, last either way).
 */
export function sortIndices(store: Pick<QueryableStore, 'sourceAt' | 'byteLengthAt'>, indices: Int32Array, sort: QuerySort, descending: boolean, judgeScores?: Float64Array): Int32Array {
  if (sort === 'order') return descending ? indices.slice().reverse() : indices;
  if (sort === 'judge') {
    if (!judgeScores || judgeScores.length !== indices.length) throw new RangeError('sorting by judge needs a score per index');
    return radixSortByKey(indices, judgeRanks(judgeScores, descending));
  }
  const keys = new Uint32Array(indices.length);
  if (sort === 'length') {
    for (let k = 0; k < indices.length; k++) keys[k] = store.byteLengthAt(indices[k]);
  } else {
    const names = [...new Set(Array.from(indices, (i) => store.sourceAt(i)))].sort();
    const rank = new Map(names.map((n, r) => [n, r]));
    for (let k = 0; k < indices.length; k++) keys[k] = rank.get(store.sourceAt(indices[k])) as number;
  }
  if (descending) for (let k = 0; k < keys.length; k++) keys[k] = 0xffffffff - keys[k];
  return radixSortByKey(indices, keys);
}

/**
 * Each score's rank among the distinct scores as a radix key (reversed when descending), with
 * 0xffffffff for no score: scores are floats, and their ranks sort them as the radix sort needs.
 */
function judgeRanks(scores: Float64Array, descending: boolean): Uint32Array {
  const sorted = scores.slice().sort(); // numeric for a typed array; NaN last
  let distinct = 0;
  for (let k = 0; k < sorted.length && !Number.isNaN(sorted[k]); k++) if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[distinct++] = sorted[k];
  const keys = new Uint32Array(scores.length);
  for (let k = 0; k < scores.length; k++) {
    const x = scores[k];
    if (Number.isNaN(x)) {
      keys[k] = 0xffffffff;
      continue;
    }
    let lo = 0;
    let hi = distinct - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    keys[k] = descending ? distinct - 1 - lo : lo;
  }
  return keys;
}

/** Stable LSD radix sort of `items` by 32-bit `keys` (two 16-bit passes): linear, for a million matches. */
function radixSortByKey(items: Int32Array, keys: Uint32Array): Int32Array {
  let srcItems: Int32Array = items.slice();
  let srcKeys: Uint32Array = keys;
  let dstItems: Int32Array = new Int32Array(items.length);
  let dstKeys: Uint32Array = new Uint32Array(items.length);
  const counts = new Uint32Array(1 << 16);
  for (const shift of [0, 16]) {
    counts.fill(0);
    for (let k = 0; k < srcKeys.length; k++) counts[(srcKeys[k] >>> shift) & 0xffff]++;
    let sum = 0;
    for (let d = 0; d < counts.length; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let k = 0; k < srcKeys.length; k++) {
      const at = counts[(srcKeys[k] >>> shift) & 0xffff]++;
      dstItems[at] = srcItems[k];
      dstKeys[at] = srcKeys[k];
    }
    [srcItems, dstItems] = [dstItems, srcItems];
    [srcKeys, dstKeys] = [dstKeys, srcKeys];
  }
  return srcItems;
}
