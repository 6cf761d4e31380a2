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
  /** Largest first; samples naming no model count as "unknown". */
  readonly models: readonly Share[];
  readonly templates: readonly Share[];
}

export const UNKNOWN = 'unknown';

function shares(counts: Map<string, number>, total: number): Share[] {
  return [...counts].map(([name, count]) => ({ name, count, share: total ? count / total : 0 })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

export function teacherMix(samples: Iterable<{ readonly model?: string; readonly template?: string }>): TeacherMix {
  const models = new Map<string, number>();
  const templates = new Map<string, number>();
  let total = 0;
  for (const s of samples) {
    total++;
    models.set(s.model ?? UNKNOWN, (models.get(s.model ?? UNKNOWN) ?? 0) + 1);
    templates.set(s.template ?? UNKNOWN, (templates.get(s.template ?? UNKNOWN) ?? 0) + 1);
  }
  return { total, models: shares(models, total), templates: shares(templates, total) };
}

/** The warning when one known teacher model holds more than `cap` (0..1) of the set; undefined otherwise. */
export function teacherCapWarning(mix: TeacherMix, cap: number): string | undefined {
  const top = mix.models.find((m) => m.name !== UNKNOWN);
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
  const counts: Record<GenerationClass, number> = { human: 0, model: 0, 'model-from-model': 0, unknown: 0 };
  let total = 0;
  let depthSum = 0;
  let depthCount = 0;
  let maxDepth: number | undefined;
  for (const s of samples) {
    total++;
    counts[generationClass(s.origin, s.depth)]++;
    if (s.depth !== undefined) {
      depthSum += s.depth;
      depthCount++;
      maxDepth = Math.max(maxDepth ?? 0, s.depth);
    }
  }
  const known = total - counts.unknown;
  return {
    total, counts, syntheticShare: known ? (counts.model + counts['model-from-model']) / known : 0,
    ...(depthCount ? { meanDepth: depthSum / depthCount, maxDepth } : {}),
  };
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
