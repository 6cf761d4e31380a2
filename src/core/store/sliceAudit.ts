// Slices and their audits (issue 15): a slice is any filter (the filter box's syntax), with ready
// ones per source file, teacher model and check flag; its audit is a seeded draw from it, decided
// by the reviewer with the usual keys, read as a defect rate with an interval; the slice is then
// decided on that rate as one journal step (CurationStore.decideSliceRest).
//
// Nothing about an audit is stored until the slice is decided: the seed is a function of the
// slice's query and the store's sources, so reopening an audit draws the same samples, and its size
// is found again from the decisions (the draw grows by blocks while the next block holds a sample
// this reviewer decided, so the draw the reviewer grew comes back with its decisions in it). The slice
// decision records the seed and the drawn ids, as proof of what the rate rests on.
// The draw is stratified by source file (auditDraw.ts), in store order within each, so it replays.
import { createHash } from 'node:crypto';
import { drawAudit, extendDraw, stratifySlice, type AuditDraw, type StratifiedSlice } from '../audit/auditDraw';
import { estimateDefectRate, type DefectEstimate, type IsDefect } from '../audit/auditEstimate';
import { decisionsForHalfWidth, type AuditSize } from '../audit/auditSize';
import { DEFAULT_LEVEL, type IntervalMethod } from '../audit/proportionIntervals';
import { applySliceRule, sliceRuleText, type SliceDecision, type SliceDecisionRule } from '../audit/sliceDecisionRule';
import type { SliceDecisionRecord } from '../journal/journalEvents';
import { filterValue, parseQueryFilter } from '../query/queryFilter';
import { QueryError, runQuery, type QueryableStore, type QueryOptions, type SampleQuery } from '../query/sampleQuery';

/** Where a slice comes from: ready ones are made from the store, `saved` ones by the reviewer. */
export type SliceKind = 'source' | 'model' | 'flag' | 'saved';

export interface Slice {
  readonly name: string;
  /** In the filter box's syntax (core/query/queryFilter.ts); its sort is ignored. */
  readonly query: string;
  readonly kind: SliceKind;
}

/** The check flags a slice is made ready for (the others, verifier-pass and no-reference, are not defects' usual home). */
export const FLAG_SLICES: readonly string[] = ['duplicate', 'contaminated', 'verifier-fail'];

/** Samples added to an audit at a time (its first draw, and each "draw more"). */
export const AUDIT_BLOCK = 50;

/** The ready slices: one per source file, per teacher model the checks found, per check flag. */
export function readySlices(sources: readonly string[], models: readonly string[] = [], flags: readonly string[] = FLAG_SLICES): Slice[] {
  return [
    ...sources.map((s): Slice => ({ name: s, query: `source:${filterValue(s)}`, kind: 'source' })),
    ...models.map((m): Slice => ({ name: `model ${m}`, query: `model:${filterValue(m)}`, kind: 'model' })),
    ...flags.map((f): Slice => ({ name: `flag ${f}`, query: `flag:${filterValue(f)}`, kind: 'flag' })),
  ];
}

/**
 * A slice's query, checked: the filter box's syntax, without `verdict:` or `label:` — deciding an
 * audit's samples would move them in or out of such a slice, and its draw with them. Its sort is
 * dropped (a slice is a set; its draw is in store order). Throws a QueryError saying why.
 */
export function sliceQuery(text: string): SampleQuery {
  const { sort: _sort, descending: _descending, ...query } = parseQueryFilter(text);
  if (query.verdicts?.length || query.labels?.length) {
    throw new QueryError(`a slice cannot filter on ${query.verdicts?.length ? 'verdict:' : 'label:'}: deciding its audit would change which samples it holds`);
  }
  return query;
}

/** The slice's samples, in store order (a QueryError for a query sliceQuery refuses). */
export async function sliceIndices(store: QueryableStore, slice: Pick<Slice, 'query'>, options: QueryOptions = {}): Promise<Int32Array> {
  return runQuery(store, sliceQuery(slice.query), options);
}

/** The size of each slice, one paced and cancellable query after another. */
export async function sliceSizes(store: QueryableStore, slices: readonly Pick<Slice, 'query'>[], options: QueryOptions = {}): Promise<number[]> {
  const sizes: number[] = [];
  for (const slice of slices) sizes.push((await sliceIndices(store, slice, options)).length);
  return sizes;
}

/** The audit's seed: from the slice's query and the store's sources, so the same audit draws the same samples. */
export function sliceSeed(query: string, sourcePaths: readonly string[]): number {
  const hash = createHash('sha256').update([...sourcePaths].sort().join('\n')).update('\0').update(query.trim()).digest();
  return hash.readUInt32LE(0);
}

export interface AuditSettings {
  readonly method: IntervalMethod;
  /** Default 0.95. */
  readonly level?: number;
  /** The half-width the reviewer aims at (0.02: ±2 points). */
  readonly targetHalfWidth: number;
  /** A label that makes a sample a defect, besides a rejection. */
  readonly defectLabel?: string;
}

/** What an audit needs of a store; CurationStore provides it. */
export interface AuditableStore extends QueryableStore {
  readonly sourcePaths: readonly string[];
  idAt(i: number): string;
  /** Whether a slice decision set the sample's verdict (then it is not an audited answer). */
  decidedBySlice(i: number): boolean;
}

/** What counts as a defect, in words, for the journal and the manifest. */
export function defectDefinition(settings: Pick<AuditSettings, 'defectLabel'>): string {
  return settings.defectLabel ? `rejected or labelled ${JSON.stringify(settings.defectLabel)}` : 'rejected';
}

/**
 * The reviewer's answer on a sample: a defect when rejected or carrying the defect label, fine when
 * accepted, undefined when not decided by the reviewer (pending, skipped, or set by a slice decision).
 */
export function auditAnswer(store: AuditableStore, settings: Pick<AuditSettings, 'defectLabel'>): IsDefect {
  return (i) => {
    const verdict = store.verdictAt(i);
    if ((verdict !== 'accepted' && verdict !== 'rejected') || store.decidedBySlice(i)) return undefined;
    if (verdict === 'rejected') return true;
    return settings.defectLabel !== undefined && store.annotationsAt(i).labels.includes(settings.defectLabel);
  };
}

export interface AuditState {
  readonly slice: Slice;
  readonly sliceSize: number;
  readonly seed: number;
  /** Drawn store indices, in draw order. */
  readonly drawn: Uint32Array;
  readonly estimate: DefectEstimate;
  /** Decisions still needed for the target half-width. */
  readonly toTarget: AuditSize;
  readonly settings: AuditSettings;
}

/** An open audit of one slice: its draw, grown on request. */
export class SliceAudit {
  #draw: AuditDraw;

  private constructor(
    readonly slice: Slice,
    /** The slice's store indices, in store order. */
    readonly indices: Int32Array,
    readonly seed: number,
    readonly stratified: StratifiedSlice,
    draw: AuditDraw,
  ) {
    this.#draw = draw;
  }

  /**
   * The audit of `slice` (its samples `indices`, in store order), drawn again from its seed at the
   * size its decisions reached: a block at first, a block more while the next block holds a
   * sample this reviewer decided.
   */
  static open(store: AuditableStore, slice: Slice, indices: Int32Array, settings: Pick<AuditSettings, 'defectLabel'>, block = AUDIT_BLOCK): SliceAudit {
    const stratumOf = new Map(store.sourcePaths.map((p, h) => [p, h]));
    const members = new Uint32Array(indices.buffer, indices.byteOffset, indices.length);
    const strata = new Uint32Array(indices.length);
    for (let k = 0; k < indices.length; k++) strata[k] = stratumOf.get(store.sourceAt(indices[k])) ?? 0;
    const stratified = stratifySlice(members, strata);
    const seed = sliceSeed(slice.query, store.sourcePaths);
    const answer = auditAnswer(store, settings);
    let draw = drawAudit(stratified, seed, block);
    for (;;) {
      const size = draw.indices.length;
      if (size >= indices.length) break;
      const next = extendDraw(stratified, draw, size + block);
      let decided = false;
      for (let t = size; t < next.indices.length && !decided; t++) decided = answer(next.indices[t]) !== undefined;
      if (!decided) break;
      draw = next;
    }
    return new SliceAudit(slice, indices, seed, stratified, draw);
  }

  get draw(): AuditDraw {
    return this.#draw;
  }

  /** Draws `count` more samples (the earlier draw stays its prefix); returns how many were added. */
  more(count = AUDIT_BLOCK): number {
    const before = this.#draw.indices.length;
    this.#draw = extendDraw(this.stratified, this.#draw, before + count);
    return this.#draw.indices.length - before;
  }

  /** The live figures: the estimate and interval, and the decisions still needed for the target. */
  state(store: AuditableStore, settings: AuditSettings): AuditState {
    const options = { method: settings.method, level: settings.level ?? DEFAULT_LEVEL };
    const estimate = estimateDefectRate(this.#draw, auditAnswer(store, settings), options);
    const toTarget = decisionsForHalfWidth(estimate.defects, estimate.audited, settings.targetHalfWidth, options);
    return { slice: this.slice, sliceSize: this.indices.length, seed: this.seed, drawn: this.#draw.indices, estimate, toTarget, settings };
  }

  /** What the journal records of a decision of this slice on its audit, now. */
  record(store: AuditableStore, settings: AuditSettings, rule: SliceDecisionRule): { readonly record: SliceDecisionRecord; readonly outcome: SliceDecision } {
    const state = this.state(store, settings);
    const { estimate } = state;
    if (estimate.audited === 0) throw new Error(`no sample of the audit of ${this.slice.name} is decided yet: decide some before deciding the slice`);
    const drawn = Array.from(this.#draw.indices, (i) => store.idAt(i));
    const record: SliceDecisionRecord = {
      slice: { name: this.slice.name, query: this.slice.query },
      audit: { seed: this.seed, drawn, n: estimate.audited, k: estimate.defects, defect: defectDefinition(settings) },
      estimate: { rate: estimate.rate, lower: estimate.interval.lower, upper: estimate.interval.upper, method: estimate.interval.method, level: estimate.interval.level },
      rule: { kind: rule.kind, rate: rule.rate, text: sliceRuleText(rule, estimate.interval.level) },
    };
    return { record, outcome: applySliceRule(rule, estimate) };
  }
}

/** The rest of the slice a slice decision would set: samples not decided by this reviewer. */
export function sliceRest(store: Pick<QueryableStore, 'verdictAt'>, indices: ArrayLike<number>): number {
  let rest = 0;
  for (let k = 0; k < indices.length; k++) if (store.verdictAt(indices[k]) === 'pending') rest++;
  return rest;
}

/**
 * Decides the rest of the slice (`verdict`) on its audit, under `rule`, as one undoable journal
 * step; resolves with the indices that changed and what was recorded.
 */
export async function decideSlice(
  store: AuditableStore & { decideSliceRest(indices: ArrayLike<number>, verdict: 'accepted' | 'rejected', record: SliceDecisionRecord): Promise<readonly number[]> },
  audit: SliceAudit,
  verdict: 'accepted' | 'rejected',
  rule: SliceDecisionRule,
  settings: AuditSettings,
): Promise<{ readonly changed: readonly number[]; readonly record: SliceDecisionRecord; readonly outcome: SliceDecision }> {
  const { record, outcome } = audit.record(store, settings, rule);
  const changed = await store.decideSliceRest(audit.indices, verdict, record);
  return { changed, record, outcome };
}
