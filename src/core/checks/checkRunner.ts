// Runs every check over a store's samples in one streaming pass (records read through a window,
// parsed one at a time and dropped), keeping per sample only typed-array entries: 16 LSH band
// keys, the contamination match, the verifier status and provenance codes. A second step finds
// near-duplicate candidates from the band keys and confirms each by exact Jaccard, re-reading
// just those records. Runs in the checks worker (checksWorker.ts); plain Node, no vscode.
import { checkText, referenceOf } from './checkText';
import { matchBuffers, type BenchmarkIndex, type BenchmarkItem, type ContaminationMatch } from './contamination';
import { verifySolution, type VerifierResult, type VerifierStatus } from './answerVerifier';
import { mayStateSteps } from './stepReader';
import { bandKeys, candidatePairs, clusterIds, LSH_BANDS } from './lshIndex';
import { jaccard, MinHasher, shingleSet } from './minHash';
import { extractProvenance, type Origin, type ProvenanceDefaults } from '../formats/provenance';
import { readRecord } from '../ingest/recordReader';
import { RecordWindow } from '../ingest/recordWindow';
import { wordHashes } from './textTokens';

// 2: the verifier reads prose steps and compares answers exactly (issue 18); results cached by 1 are stale.
export const CHECKS_VERSION = 2;
export const DEFAULT_NEAR_DUPLICATE_THRESHOLD = 0.8;

/** One indexed source file, as the store has it. Sample indices run on from `offset`. */
export interface CheckSource {
  /** The indexed UTF-8 JSONL file. */
  readonly path: string;
  /** The file as the store names it (messages). */
  readonly file: string;
  readonly offset: number;
  readonly starts: Float64Array;
  readonly lengths: Uint32Array;
  readonly defaults?: ProvenanceDefaults;
}

export interface ChecksOptions {
  readonly threshold?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** Checked between samples; the run stops with an error when it says so. */
  readonly cancelled?: () => boolean;
}

/** Verifier status codes in `ChecksResult.verifier`. */
export const VERIFIER_CODES: readonly VerifierStatus[] = ['no-reference', 'pass', 'fail'];

/** Origin codes in `ChecksResult.origin`. */
export const ORIGIN_CODES: readonly Origin[] = ['unknown', 'human', 'model'];

/** A confirmed near-duplicate pair and its exact Jaccard similarity. */
export type DuplicatePair = readonly [number, number, number];

export interface ChecksResult {
  readonly version: number;
  readonly count: number;
  readonly threshold: number;
  /** Names of the benchmarks checked against. */
  readonly benchmarks: readonly string[];
  /** Per sample: the smallest index of its near-duplicate cluster, or -1. */
  readonly dupCluster: Int32Array;
  /** Per sample: the matched benchmark item (a key of `items`), or -1. */
  readonly contaminated: Int32Array;
  /** Per sample: index into VERIFIER_CODES. */
  readonly verifier: Uint8Array;
  /** Per sample: 0 = no model named, else 1 + index into `models`. */
  readonly model: Uint16Array;
  /** Per sample: 0 = no template named, else 1 + index into `templates`. */
  readonly template: Uint16Array;
  /** Per sample: index into ORIGIN_CODES. */
  readonly origin: Uint8Array;
  /** Per sample: generation depth, 255 when unknown. */
  readonly depth: Uint8Array;
  readonly models: readonly string[];
  readonly templates: readonly string[];
  readonly pairs: readonly DuplicatePair[];
  /** Sample index → its contamination match. */
  readonly matches: ReadonlyMap<number, ContaminationMatch>;
  /** Benchmark item number → the item, for the matched ones. */
  readonly items: ReadonlyMap<number, BenchmarkItem>;
  /** Sample index → the verifier's findings, for the samples it failed (others are cheap to verify again when shown). */
  readonly verdicts: ReadonlyMap<number, VerifierResult>;
  readonly seconds: number;
}

class StringCodes {
  readonly names: string[] = [];
  readonly #codes = new Map<string, number>();

  code(name: string | undefined): number {
    if (name === undefined) return 0;
    let c = this.#codes.get(name);
    if (c === undefined) {
      if (this.names.length >= 0xfffe) return 0;
      this.names.push(name);
      c = this.names.length;
      this.#codes.set(name, c);
    }
    return c;
  }
}

function* spans(sources: readonly CheckSource[]) {
  for (const s of sources) {
    for (let i = 0; i < s.starts.length; i++) yield { source: s, index: s.offset + i, span: { path: s.path, start: s.starts[i], length: s.lengths[i] } };
  }
}

export function runChecks(sources: readonly CheckSource[], benchmarks: BenchmarkIndex | undefined, options: ChecksOptions = {}): ChecksResult {
  const t0 = performance.now();
  const threshold = options.threshold ?? DEFAULT_NEAR_DUPLICATE_THRESHOLD;
  const count = sources.reduce((n, s) => Math.max(n, s.offset + s.starts.length), 0);
  const keys = new Uint32Array(count * LSH_BANDS);
  const contaminated = new Int32Array(count).fill(-1);
  const verifier = new Uint8Array(count);
  const model = new Uint16Array(count);
  const template = new Uint16Array(count);
  const origin = new Uint8Array(count);
  const depth = new Uint8Array(count).fill(255);
  const models = new StringCodes();
  const templates = new StringCodes();
  const matches = new Map<number, ContaminationMatch>();
  const items = new Map<number, BenchmarkItem>();
  const verdicts = new Map<number, VerifierResult>();
  const hasher = new MinHasher();
  const sig = new Int32Array(hasher.size);
  const buffers = matchBuffers();
  const records = new RecordWindow();
  const unreadable = new Uint8Array(count);
  let done = 0;
  try {
    for (const { source, index, span } of spans(sources)) {
      if (++done % 10_000 === 0) {
        options.onProgress?.(done, count);
        if (options.cancelled?.()) throw new Error('checks cancelled');
      }
      const read = readRecord(records.read(span), { file: source.file, line: index - source.offset + 1 });
      if (!read.ok) {
        unreadable[index] = 1;
        continue;
      }
      const text = checkText(read.normalized);
      const n = wordHashes(text.all, buffers.words);
      bandKeys(hasher.signature(buffers.words.hashes, n, sig), keys, index * LSH_BANDS);
      const match = benchmarks?.match(text.all, buffers, n);
      if (match) {
        contaminated[index] = match.item;
        matches.set(index, match);
        items.set(match.item, benchmarks!.items[match.item]);
      }
      if (text.solution) {
        let reference = referenceOf(read.record);
        if (reference === undefined && match && text.question && benchmarks) {
          const exact = benchmarks.exactItem(text.question);
          if (exact !== undefined) reference = benchmarks.items[exact].answer;
        }
        // No digit anywhere in the sample (wordHashes saw every character above) and no `=`: no
        // calculation to read, and no search for a digit paid again on the solution.
        if (reference !== undefined || (buffers.words.digits ? mayStateSteps(text.solution) : text.solution.includes('='))) {
          const v = verifySolution(text.solution, reference, text.question);
          verifier[index] = VERIFIER_CODES.indexOf(v.status);
          if (v.status === 'fail') verdicts.set(index, v);
        }
      }
      const p = extractProvenance(read.record, source.defaults);
      model[index] = models.code(p.model);
      template[index] = templates.code(p.template);
      origin[index] = ORIGIN_CODES.indexOf(p.origin);
      if (p.depth !== undefined) depth[index] = Math.min(254, p.depth);
    }
    options.onProgress?.(count, count);

    // Samples that could not be read get distinct random-free keys so they never pair up.
    for (let i = 0; i < count; i++) if (unreadable[i]) for (let b = 0; b < LSH_BANDS; b++) keys[i * LSH_BANDS + b] = (i * LSH_BANDS + b) >>> 0;
    const candidates = candidatePairs(keys, count);
    const where = new Map<number, { source: CheckSource; at: number }>();
    const locate = (i: number) => {
      let w = where.get(i);
      if (!w) {
        const source = sources.find((s) => i >= s.offset && i < s.offset + s.starts.length) as CheckSource;
        w = { source, at: i - source.offset };
        where.set(i, w);
      }
      return w;
    };
    const shingles = (i: number): Float64Array => {
      const { source, at } = locate(i);
      const read = readRecord(records.read({ path: source.path, start: source.starts[at], length: source.lengths[at] }), { file: source.file, line: at + 1 });
      if (!read.ok) return new Float64Array(0);
      const n = wordHashes(checkText(read.normalized).all, buffers.words);
      return shingleSet(buffers.words.hashes, n);
    };
    candidates.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const pairs: DuplicatePair[] = [];
    let cachedIndex = -1;
    let cachedSet: Float64Array = new Float64Array(0);
    for (const [i, j] of candidates) {
      if (i !== cachedIndex) {
        cachedIndex = i;
        cachedSet = shingles(i);
      }
      const similarity = jaccard(cachedSet, shingles(j));
      if (similarity >= threshold) pairs.push([i, j, similarity]);
    }
    const dupCluster = clusterIds(count, pairs.map(([i, j]) => [i, j] as const));
    return {
      version: CHECKS_VERSION, count, threshold, benchmarks: benchmarks ? [...new Set(benchmarks.items.map((i) => i.benchmark))] : [],
      dupCluster, contaminated, verifier, model, template, origin, depth, models: models.names, templates: templates.names,
      pairs, matches, items, verdicts, seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    records.close();
  }
}
