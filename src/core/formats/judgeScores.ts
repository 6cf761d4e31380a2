// A model judge's score (and its rationale) as records carry it, read from a list of fields (a
// setting; the defaults cover the common pipelines): `score`, `quality`, `reward`, `rating`,
// distilabel's `ratings` (one rating per generation: their mean, nulls — a failed rating —
// skipped) with `rationales` beside it, UltraFeedback's `score_chosen` (`score_rejected` when the
// rejected side is read), UltraFeedback's `completions.overall_score` (one per completion: their
// mean, like ratings), Magpie's `instruct_reward`. A field may be a dotted path (`metadata.score`);
// a path through a list of objects reads the field in each (`completions.overall_score`).
// The first listed field the record has is the judge's: a value there that is not a number is
// reported as a problem naming the field, never coerced ("4" stays a problem, not 4) and never
// passed over for a later field, which would show a score from another judge without a word.
// A field holding null counts as absent (a pipeline's way of writing "no score").

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
function resolve(record: Obj, path: string): { value: unknown; holders: Obj[] } | undefined {
  const keys = path.split('.');
  let holders: Obj[] = [record];
  let listed = false;
  for (const k of keys.slice(0, -1)) {
    const next: Obj[] = [];
    for (const h of holders) {
      const v = Object.hasOwn(h, k) ? h[k] : undefined;
      if (isObj(v)) next.push(v);
      else if (Array.isArray(v)) {
        listed = true;
        next.push(...v.filter(isObj));
      }
    }
    holders = next;
  }
  const key = keys[keys.length - 1];
  const having = holders.filter((h) => Object.hasOwn(h, key) && h[key] !== null);
  if (!having.length) return undefined;
  return { value: listed ? having.map((h) => h[key]) : having[0][key], holders: having };
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
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
  if (!isObj(record)) return undefined;
  for (const configured of fields) {
    const field = forSide(configured, side);
    const found = resolve(record, field);
    if (!found) continue;
    const score = scoreOf(found.value);
    if (typeof score === 'string') return { field, problem: `${field} holds ${score}` };
    const rationale = rationaleOf(found.holders);
    return rationale === undefined ? { field, score } : { field, score, rationale };
  }
  return undefined;
}

/** The judge's score of each side: `rejected` only when the record has a rejected side's own field (`score_rejected`). */
export interface JudgeSides {
  readonly chosen?: JudgeScoreRead;
  readonly rejected?: JudgeScoreRead;
}

/** Both sides' scores of a record (a preference pair scored per side); undefined when it has none. */
export function readJudgeSides(record: unknown, fields: readonly string[] = DEFAULT_JUDGE_SCORE_FIELDS): JudgeSides | undefined {
  const chosen = readJudgeScore(record, fields, 'chosen');
  const rejected = readJudgeScore(record, fields, 'rejected');
  const own = rejected && rejected.field !== chosen?.field ? rejected : undefined;
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
