// Benchmark test sets for the contamination check: the GSM8K test file that ships with the
// extension (its questions, final answers and precomputed 13-gram fingerprints; MIT, (c) 2021
// OpenAI) and any JSON/JSONL benchmark a user names in a setting, by path and field names.
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { BenchmarkIndex, type BenchmarkIndexData, type BenchmarkItem } from './contamination';

/** A user's benchmark: a JSON array or JSONL file, the field holding the item text and optionally its answer (dotted paths allowed). */
export interface BenchmarkSpec {
  readonly path: string;
  readonly fields: { readonly text: string; readonly answer?: string };
  /** Shown with matches; default: the file name. */
  readonly name?: string;
}

/** The shipped file's shape (media/benchmarks/gsm8k-test.json, made by `npm run build:benchmarks`). */
export interface ShippedBenchmark {
  readonly name: string;
  readonly licence: string;
  readonly source: string;
  readonly items: readonly { readonly text: string; readonly answer?: string }[];
  readonly fingerprints: BenchmarkIndexData;
}

export const SHIPPED_BENCHMARK_FILE = 'gsm8k-test.json';

/**
 * The setting `sampleCurator.checks.benchmarks` as specs: a relative `path` is resolved against
 * `folder` (the store's, or the workspace's); an entry without `path` and `fields.text` goes to `ignored`.
 */
export function benchmarkSpecs(setting: unknown, folder: string | undefined, ignored: (entry: unknown) => void): BenchmarkSpec[] {
  return (Array.isArray(setting) ? setting : []).flatMap((b): BenchmarkSpec[] => {
    const o = b as { path?: unknown; fields?: { text?: unknown; answer?: unknown }; name?: unknown } | null;
    if (typeof o?.path !== 'string' || typeof o.fields?.text !== 'string') {
      ignored(b);
      return [];
    }
    const path = isAbsolute(o.path) || !folder ? o.path : join(folder, o.path);
    return [{ path, fields: { text: o.fields.text, ...(typeof o.fields.answer === 'string' ? { answer: o.fields.answer } : {}) }, ...(typeof o.name === 'string' ? { name: o.name } : {}) }];
  });
}

function field(record: unknown, path: string): unknown {
  let v: unknown = record;
  for (const key of path.split('.')) {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** The final answer of a GSM8K-style answer (`… #### 18` → "18"); other answers as they are. */
export function finalOfAnswer(answer: string): string {
  const at = answer.lastIndexOf('####');
  return at >= 0 ? answer.slice(at + 4).trim() : answer.trim();
}

/** Reads a user's benchmark file into items; throws with the file and line when it cannot. */
export function readBenchmarkItems(spec: BenchmarkSpec): BenchmarkItem[] {
  const name = spec.name ?? spec.path.split(/[\\/]/).pop() ?? spec.path;
  const raw = readFileSync(spec.path, 'utf8').replace(/^\uFEFF/, '');
  const records: unknown[] = [];
  if (raw.trimStart().startsWith('[')) {
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) throw new Error(`${spec.path}: not a JSON array`);
    records.push(...parsed);
  } else {
    for (const [k, line] of raw.split('\n').entries()) {
      if (!line.trim()) continue;
      try {
        records.push(JSON.parse(line));
      } catch (e) {
        throw new Error(`${spec.path}:${k + 1}: ${(e as Error).message}`);
      }
    }
  }
  const items: BenchmarkItem[] = [];
  for (const [position, r] of records.entries()) {
    const text = field(r, spec.fields.text);
    if (typeof text !== 'string' || !text.trim()) continue;
    const answer = spec.fields.answer ? field(r, spec.fields.answer) : undefined;
    items.push({ benchmark: name, position, text, ...(typeof answer === 'string' || typeof answer === 'number' ? { answer: finalOfAnswer(String(answer)) } : {}) });
  }
  if (!items.length) throw new Error(`${spec.path}: no item has a text in field "${spec.fields.text}"`);
  return items;
}

/** The shipped file's items and fingerprints, as written by the build script. */
export function makeShippedBenchmark(items: readonly BenchmarkItem[], meta: Omit<ShippedBenchmark, 'items' | 'fingerprints'>): ShippedBenchmark {
  return { ...meta, items: items.map((i) => ({ text: i.text, ...(i.answer !== undefined ? { answer: i.answer } : {}) })), fingerprints: BenchmarkIndex.build(items).toData() };
}

export function readShippedBenchmark(path: string): { readonly items: BenchmarkItem[]; readonly data: BenchmarkIndexData } {
  const file = JSON.parse(readFileSync(path, 'utf8')) as ShippedBenchmark;
  return { items: file.items.map((i, position) => ({ benchmark: file.name, position, ...i })), data: file.fingerprints };
}

/**
 * One index over the shipped benchmark (when `shippedPath` is given) and the user's benchmarks.
 * With the shipped file alone its stored fingerprints are used as they are.
 */
export function loadBenchmarkIndex(shippedPath: string | undefined, specs: readonly BenchmarkSpec[]): BenchmarkIndex {
  const shipped = shippedPath ? readShippedBenchmark(shippedPath) : undefined;
  if (shipped && specs.length === 0) return BenchmarkIndex.fromData(shipped.items, shipped.data);
  return BenchmarkIndex.build([...(shipped?.items ?? []), ...specs.flatMap(readBenchmarkItems)]);
}
