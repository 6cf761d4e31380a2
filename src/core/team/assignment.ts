// An optional overlap plan: each sample reviewed by k of the team's reviewers, chosen by the
// sample's identity alone, so every reviewer's queue is known on every machine without a server.
//
// Rendezvous (highest-random-weight) hashing: each reviewer scores the sample with a 32-bit mix of
// the sample identity's 64 bits and a per-reviewer seed (the first 32 bits of the SHA-256 of the
// name's UTF-8 bytes); the k highest scores (ties by name) review it. The identity is the content
// hash for a record's first copy and a derived hash for later copies (store/sampleIdentity.ts), so
// identical records are split independently. Adding or removing a reviewer moves only the samples
// that reviewer gains or loses; the others keep their queues.
import { createHash } from 'node:crypto';
import { isWordHash } from '../journal/ledgerHashes';

export interface OverlapPlan {
  /** The team's reviewers (order does not matter; repeats are one reviewer). */
  readonly reviewers: readonly string[];
  /** Reviewers per sample (k), at least 1; more than the team means everyone reviews everything. */
  readonly perSample: number;
}

interface PreparedPlan {
  readonly reviewers: readonly string[];
  readonly seeds: Uint32Array;
  readonly k: number;
}

function reviewerSeed(name: string): number {
  return createHash('sha256').update(name, 'utf8').digest().readUInt32BE(0);
}

function prepare(plan: OverlapPlan): PreparedPlan {
  if (!Number.isInteger(plan.perSample) || plan.perSample < 1) throw new RangeError(`reviewers per sample must be a whole number ≥ 1, not ${plan.perSample}`);
  const reviewers = [...new Set(plan.reviewers)].sort();
  return { reviewers, seeds: Uint32Array.from(reviewers, reviewerSeed), k: Math.min(plan.perSample, reviewers.length) };
}

/** The identity's two 32-bit words: its 16 hex digits, or the SHA-256 of any other id. */
function idWords(id: string): [number, number] {
  if (isWordHash(id)) return [parseInt(id.slice(0, 8), 16) >>> 0, parseInt(id.slice(8), 16) >>> 0];
  const d = createHash('sha256').update(id, 'utf8').digest();
  return [d.readUInt32BE(0), d.readUInt32BE(4)];
}

/** murmur3's 32-bit finalizer over the two words and the seed: a score uniform in 0..2³²−1. */
function score(hi: number, lo: number, seed: number): number {
  let h = Math.imul(hi ^ seed, 0xcc9e2d51);
  h = Math.imul((h << 15) | (h >>> 17), 0x1b873593) ^ lo;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function assigned(p: PreparedPlan, id: string): number[] {
  const [hi, lo] = idWords(id);
  const order = p.reviewers.map((_, r) => r);
  const scores = Array.from(p.seeds, (seed) => score(hi, lo, seed));
  order.sort((a, b) => scores[b] - scores[a] || (p.reviewers[a] < p.reviewers[b] ? -1 : 1));
  return order.slice(0, p.k);
}

/** The reviewers the plan gives sample `id` to, highest score first. */
export function assignedReviewers(plan: OverlapPlan, id: string): string[] {
  const p = prepare(plan);
  return assigned(p, id).map((r) => p.reviewers[r]);
}

/** Whether sample `id` is in `reviewer`'s queue under the plan (false for a reviewer not in it). */
export function isInQueue(plan: OverlapPlan, reviewer: string, id: string): boolean {
  return queueOf(plan, reviewer)(id);
}

/**
 * The test of `reviewer`'s queue, prepared once for a pass over many samples (the "my queue"
 * filter): no allocation per sample beyond the id's parse.
 */
export function queueOf(plan: OverlapPlan, reviewer: string): (id: string) => boolean {
  const p = prepare(plan);
  const me = p.reviewers.indexOf(reviewer);
  if (me < 0) return () => false;
  if (p.k >= p.reviewers.length) return () => true;
  return (id) => {
    const [hi, lo] = idWords(id);
    const mine = score(hi, lo, p.seeds[me]);
    let above = 0; // reviewers ranked above me
    for (let r = 0; r < p.reviewers.length; r++) {
      if (r === me) continue;
      const s = score(hi, lo, p.seeds[r]);
      if (s > mine || (s === mine && p.reviewers[r] < reviewer)) above++;
    }
    return above < p.k;
  };
}
