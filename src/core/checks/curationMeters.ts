// Meters over the accepted set: teacher mix (share per generator model and per prompt template,
// with a cap on any one teacher), synthetic share and generation depth, and lexical diversity
// (distinct-2 and mean pairwise MinHash similarity). Pure functions of what the checks recorded.
import { estimatedJaccard, MinHasher } from './minHash';
import type { Origin } from '../formats/provenance';
import { wordHashes } from './textTokens';

export interface Share {
  readonly name: string;
  readonly count: number;
  /** count / total, 0..1. */
  readonly share: number;
}

export interface TeacherMix {
  readonly total: number;
  /**
   * Largest first, over every sample: a model-written sample under its model, one naming no model
   * as "unknown", a human-written one naming no model as "human-written" (it had no teacher; calling
   * it unknown made a set of human text read "top teacher unknown 100%").
   */
  readonly models: readonly Share[];
  readonly templates: readonly Share[];
}

export const UNKNOWN = 'unknown';
/** The teacher mix's name for samples known to be human-written (no teacher model). */
export const HUMAN_WRITTEN = 'human-written';

function shares(counts: Map<string, number>, total: number): Share[] {
  return [...counts].map(([name, count]) => ({ name, count, share: total ? count / total : 0 })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/** What the meters read of one sample. */
export interface MeteredSample {
  readonly model?: string;
  readonly template?: string;
  readonly origin?: Origin;
  readonly depth?: number;
}

/** The name the teacher mix (and the export manifest's `byModel`) counts a sample under. */
export function teacherName(s: MeteredSample): string {
  return s.model ?? (generationClass(s.origin ?? 'unknown', s.depth) === 'human' ? HUMAN_WRITTEN : UNKNOWN);
}

/**
 * The meters counted one sample at a time, so an export can count what it writes as it writes it
 * (never holding a million samples' provenance) and the panel can count the accepted set the same way.
 */
export class MeterTally {
  readonly #models = new Map<string, number>();
  readonly #templates = new Map<string, number>();
  readonly #classes: Record<GenerationClass, number> = { human: 0, model: 0, 'model-from-model': 0, unknown: 0 };
  #total = 0;
  #depthSum = 0;
  #depthCount = 0;
  #maxDepth: number | undefined;

  add(s: MeteredSample): void {
    this.#total++;
    const cls = generationClass(s.origin ?? 'unknown', s.depth);
    const model = teacherName(s);
    this.#models.set(model, (this.#models.get(model) ?? 0) + 1);
    const template = s.template ?? UNKNOWN;
    this.#templates.set(template, (this.#templates.get(template) ?? 0) + 1);
    this.#classes[cls]++;
    if (s.depth !== undefined) {
      this.#depthSum += s.depth;
      this.#depthCount++;
      this.#maxDepth = Math.max(this.#maxDepth ?? 0, s.depth);
    }
  }

  teacherMix(): TeacherMix {
    return { total: this.#total, models: shares(this.#models, this.#total), templates: shares(this.#templates, this.#total) };
  }

  synthetic(): SyntheticShare {
    const counts = { ...this.#classes };
    const known = this.#total - counts.unknown;
    return {
      total: this.#total, counts, syntheticShare: known ? (counts.model + counts['model-from-model']) / known : 0,
      ...(this.#depthCount ? { meanDepth: this.#depthSum / this.#depthCount, maxDepth: this.#maxDepth } : {}),
    };
  }
}

export function teacherMix(samples: Iterable<MeteredSample>): TeacherMix {
  const tally = new MeterTally();
  for (const s of samples) tally.add(s);
  return tally.teacherMix();
}

/** The first model that is a teacher (not unknown, not human-written); undefined when none is. */
export function topTeacher(mix: TeacherMix): Share | undefined {
  return mix.models.find((m) => m.name !== UNKNOWN && m.name !== HUMAN_WRITTEN);
}

/** The warning when one known teacher model holds more than `cap` (0..1) of the set; undefined otherwise. */
export function teacherCapWarning(mix: TeacherMix, cap: number): string | undefined {
  const top = topTeacher(mix);
  if (!top || top.share <= cap) return undefined;
  return `${top.name} wrote ${Math.round(top.share * 100)}% of the accepted samples (cap ${Math.round(cap * 100)}%)`;
}

/** Generation classes: human-written, model-generated from human input, model-generated from model output. */
export type GenerationClass = 'human' | 'model' | 'model-from-model' | 'unknown';

export function generationClass(origin: Origin, depth: number | undefined): GenerationClass {
  if (origin === 'human' || depth === 0) return 'human';
  if (depth !== undefined && depth >= 2) return 'model-from-model';
  return origin === 'model' ? 'model' : 'unknown';
}

export interface SyntheticShare {
  readonly total: number;
  readonly counts: Readonly<Record<GenerationClass, number>>;
  /** Model-generated (either class) over samples whose origin is known; 0 when none is known. */
  readonly syntheticShare: number;
  /** Mean generation depth over samples whose depth is known. */
  readonly meanDepth?: number;
  readonly maxDepth?: number;
}

export function syntheticShare(samples: Iterable<{ readonly origin: Origin; readonly depth?: number }>): SyntheticShare {
  const tally = new MeterTally();
  for (const s of samples) tally.add(s);
  return tally.synthetic();
}

/** The warning when the synthetic share is above `limit` (0..1). */
export function syntheticShareWarning(s: SyntheticShare, limit: number): string | undefined {
  if (s.total === 0 || s.syntheticShare <= limit) return undefined;
  return `${Math.round(s.syntheticShare * 100)}% of the accepted samples are model-generated (limit ${Math.round(limit * 100)}%)`;
}

/** distinct-2: distinct word bigrams over all word bigrams of the texts (0 when there are none). */
export function distinct2(texts: Iterable<string>): number {
  const seen = new Set<number>();
  let total = 0;
  const buf = { hashes: new Int32Array(1024) };
  for (const t of texts) {
    const n = wordHashes(t, buf);
    for (let i = 0; i + 1 < n; i++) {
      total++;
      // 53-bit key of the pair (the two 32-bit word hashes, one cut to 21 bits).
      seen.add((buf.hashes[i] >>> 0) * 2 ** 21 + (buf.hashes[i + 1] & 0x1fffff));
    }
  }
  return total ? seen.size / total : 0;
}

/**
 * Mean estimated Jaccard similarity over all pairs of the texts (MinHash signatures; callers pass
 * a sample of a large set, e.g. 300 texts, 44,850 pairs). 0 for fewer than two texts.
 */
export function meanPairwiseSimilarity(texts: readonly string[], hasher = new MinHasher()): number {
  if (texts.length < 2) return 0;
  const buf = { hashes: new Int32Array(1024) };
  const sigs = texts.map((t) => {
    const n = wordHashes(t, buf);
    return hasher.signature(buf.hashes, n, new Int32Array(hasher.size));
  });
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < sigs.length; i++) {
    for (let j = i + 1; j < sigs.length; j++) {
      sum += estimatedJaccard(sigs[i], sigs[j]);
      pairs++;
    }
  }
  return sum / pairs;
}
