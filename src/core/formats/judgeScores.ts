// A model judge's score (and its rationale) as records carry it, read from a list of fields (a
// setting; the defaults cover the common pipelines): `score`, `quality`, `reward`, `rating`,
// distilabel's `ratings` (one rating per generation: their mean, nulls — a failed rating —
// skipped) with `rationales` beside it, UltraFeedback's `score_chosen` (`score_rejected` when the
// rejected side is read), UltraFeedback's `completions.overall_score` (one per completion: their
// mean, like ratings), Magpie's `instruct_reward`. A field may be a dotted path (`metadata.score`);
// a path through a list of objects reads the field in each (`completions.overall_score`).
// A record of candidate answers shown as a pair (candidateResponses.ts) is scored per side from a
// list with one value per candidate: the chosen answer's rating, the rejected answer's, each with
// its own rationale (`rationales[i]`, `completions[i].critique`).
// The first listed field the record has is the judge's: a value there that is not a number is
// reported as a problem naming the field, never coerced ("4" stays a problem, not 4) and never
// passed over for a later field, which would show a score from another judge without a word.
// A field holding null counts as absent (a pipeline's way of writing "no score").
import { candidateView, readCandidates } from './candidateResponses';
import { withArticle } from './englishArticle';

export type JudgeScoreRead =
  | { readonly field: string; readonly score: number; readonly rationale?: string }
  | { readonly field: string; readonly problem: string };

export const DEFAULT_JUDGE_SCORE_FIELDS: readonly string[] = [
  'score', 'quality', 'reward', 'rating', 'ratings', 'completions.overall_score', 'instruct_reward', 'score_chosen',
];

/** Fields read, beside the score, for the judge's reasons. */
const RATIONALE_FIELDS = ['rationale', 'rationales', 'explanation', 'critique'];

/** Which answer of a preference pair the score is read for. */
export type PairSide = 'chosen' | 'rejected';

type Obj = { readonly [key: string]: unknown };

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The value at the path and the objects holding it (for the rationale beside it); undefined when
 * the path leads nowhere or to null. Through a list of objects the value is the list of each
 * item's value (items without one left out).
 */
function resolve(record: Obj, path: string): Resolved | undefined {
  const keys = path.split('.');
  let holders: (Obj | undefined)[] = [record];
  let listed = false;
  for (const k of keys.slice(0, -1)) {
    const next: (Obj | undefined)[] = [];
    for (const h of holders) {
      const v = h && Object.hasOwn(h, k) ? h[k] : undefined;
      if (isObj(v)) next.push(v);
      else if (Array.isArray(v)) {
        listed = true;
        // Items that are not objects keep their place, so the list stays one entry per item.
        next.push(...v.map((x) => (isObj(x) ? x : undefined)));
      }
    }
    holders = next;
  }
  const key = keys[keys.length - 1];
  const having = holders.filter((h): h is Obj => h !== undefined && Object.hasOwn(h, key) && h[key] !== null);
  if (!having.length) return undefined;
  return { value: listed ? having.map((h) => h[key]) : having[0][key], holders: having, key, ...(listed ? { items: holders } : {}) };
}

interface Resolved {
  readonly value: unknown;
  readonly holders: readonly Obj[];
  readonly key: string;
  /** Through a list: every item's object, in list order (undefined for an item that is not one). */
  readonly items?: readonly (Obj | undefined)[];
}

/**
 * The value and rationale for one candidate (`index` of `count`), when the field holds one value
 * per candidate: a list of `count` (distilabel `ratings`) or a path through the candidate list
 * (`completions.overall_score`). Undefined when the field is not such a list, or holds nothing for
 * that candidate.
 */
function candidateEntry(found: Resolved, index: number, count: number): { value: unknown; rationale?: string } | undefined {
  if (found.items) {
    const item = found.items.length === count ? found.items[index] : undefined;
    const value = item?.[found.key];
    if (value === undefined || value === null) return undefined;
    const rationale = rationaleOf([item as Obj]);
    return rationale === undefined ? { value } : { value, rationale };
  }
  if (!Array.isArray(found.value) || found.value.length !== count) return undefined;
  const value: unknown = found.value[index];
  if (value === undefined || value === null) return undefined;
  const holder = found.holders[0];
  const rationale = rationaleOf([Object.fromEntries(RATIONALE_FIELDS.map((k) => {
    const v = holder[k];
    return [k, Array.isArray(v) && v.length === count ? v[index] : undefined];
  }))]);
  return rationale === undefined ? { value } : { value, rationale };
}

/** For a record shown as a pair of its candidate answers: the candidate each side shows, and how many there are. */
function candidatePair(record: Obj): { readonly chosen: number; readonly rejected: number; readonly count: number } | undefined {
  const candidates = readCandidates(record);
  if (!candidates || 'problem' in candidates) return undefined;
  const view = candidateView(candidates);
  return 'kind' in view && view.kind === 'pair' ? { chosen: view.chosen, rejected: view.rejected, count: candidates.list.length } : undefined;
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : withArticle(typeof v);
}

function scoreOf(v: unknown): number | string {
  if (typeof v === 'number') return Number.isFinite(v) ? v : `${v}, not a finite number`;
  if (!Array.isArray(v)) return `${describe(v)}, not a number`;
  const numbers: number[] = [];
  for (const item of v) {
    if (item === null) continue;
    if (typeof item !== 'number' || !Number.isFinite(item)) return `a list holding ${describe(item)}, not only numbers`;
    numbers.push(item);
  }
  if (numbers.length === 0) return 'a list with no number in it';
  return numbers.reduce((s, x) => s + x, 0) / numbers.length;
}

function rationaleOf(holders: readonly Obj[]): string | undefined {
  for (const key of RATIONALE_FIELDS) {
    const texts = holders.flatMap((h) => {
      const v = h[key];
      return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x.trim() !== '');
    });
    if (texts.length) return texts.join('\n\n');
  }
  return undefined;
}

/** The path read for `side`: a last key ending in `_chosen` reads `_rejected` on the rejected side. */
function forSide(path: string, side: PairSide): string {
  return side === 'rejected' ? path.replace(/_chosen$/, '_rejected') : path;
}

/** The judge's score of `record` from the first of `fields` it has; undefined when it has none. */
export function readJudgeScore(record: unknown, fields: readonly string[] = DEFAULT_JUDGE_SCORE_FIELDS, side: PairSide = 'chosen'): JudgeScoreRead | undefined {
  return readSide(record, fields, side)?.read;
}

/** readJudgeScore, and whether the score is one candidate answer's (so the other side has its own). */
function readSide(record: unknown, fields: readonly string[], side: PairSide): { read: JudgeScoreRead; perCandidate: boolean } | undefined {
  if (!isObj(record)) return undefined;
  const pair = candidatePair(record);
  for (const configured of fields) {
    const field = forSide(configured, side);
    const found = resolve(record, field);
    if (!found) continue;
    const entry = pair && candidateEntry(found, pair[side], pair.count);
    if (entry) {
      const one = scoreOf(entry.value);
      if (typeof one === 'string') return { read: { field, problem: `${field} holds, for the ${side} answer, ${one}` }, perCandidate: true };
      return { read: entry.rationale === undefined ? { field, score: one } : { field, score: one, rationale: entry.rationale }, perCandidate: true };
    }
    const score = scoreOf(found.value);
    if (typeof score === 'string') return { read: { field, problem: `${field} holds ${score}` }, perCandidate: false };
    const rationale = rationaleOf(found.holders);
    return { read: rationale === undefined ? { field, score } : { field, score, rationale }, perCandidate: false };
  }
  return undefined;
}

/**
 * The judge's score of each side: `rejected` only when the record has a rejected side's own field
 * (`score_rejected`), or scores each candidate answer and shows two of them as the pair.
 */
export interface JudgeSides {
  readonly chosen?: JudgeScoreRead;
  readonly rejected?: JudgeScoreRead;
}

/** Both sides' scores of a record (a preference pair scored per side); undefined when it has none. */
export function readJudgeSides(record: unknown, fields: readonly string[] = DEFAULT_JUDGE_SCORE_FIELDS): JudgeSides | undefined {
  const chosenSide = readSide(record, fields, 'chosen');
  const rejectedSide = readSide(record, fields, 'rejected');
  const chosen = chosenSide?.read;
  const rejected = rejectedSide?.read;
  const own = rejected && (rejected.field !== chosen?.field || rejectedSide?.perCandidate) ? rejected : undefined;
  if (!chosen && !own) return undefined;
  return { ...(chosen ? { chosen } : {}), ...(own ? { rejected: own } : {}) };
}

/**
 * The quoted keys (`"score"`) a record's JSON text must hold to have a judge's score under `fields`,
 * either side; undefined when the text cannot rule a record out (a key outside printable ASCII,
 * which JSON may write escaped). With them, a record whose text holds none of these and no `\u`
 * escape has no score: the JSON is never parsed (what a filter over a million records relies on).
 */
export function judgeKeyNeedles(fields: readonly string[]): readonly string[] | undefined {
  const keys = new Set<string>();
  for (const field of fields) {
    for (const side of ['chosen', 'rejected'] as const) {
      const key = forSide(field, side).split('.').pop() ?? '';
      if (!/^[\u0020-\u007e]*$/.test(key) || /["\\]/.test(key)) return undefined;
      keys.add(`"${key}"`);
    }
  }
  return [...keys];
}

/** Whether a record's JSON text may hold a judge's score (false only when it surely does not). */
export function mayHoldJudgeScore(text: string, needles: readonly string[] | undefined): boolean {
  if (!needles || text.includes('\\u')) return true;
  return needles.some((n) => text.includes(n));
}

/** Both sides' scores of a record given as JSON text (the panel's sample); undefined when none or not JSON. */
export function readJudgeSidesOfText(text: string, fields: readonly string[] = DEFAULT_JUDGE_SCORE_FIELDS): JudgeSides | undefined {
  if (!fields.length || !mayHoldJudgeScore(text, judgeKeyNeedles(fields))) return undefined;
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    return undefined;
  }
  return readJudgeSides(record, fields);
}
