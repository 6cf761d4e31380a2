// The candidate answers a generator wrote for one instruction, with each one's model and score,
// and which two of them make the preference pair the store shows. Read by sampleFormats (the
// pair's text), provenance (the chosen answer's model) alike, so both name the same candidate.
//
// Shapes read:
// - distilabel (https://distilabel.argilla.io, TextGeneration with num_generations > 1 and
//   group_generations, or GroupColumns, then the UltraFeedback task): `generations` (strings; null
//   for a failed generation), `ratings` (one per generation, null when the judge failed),
//   per-generation models in `model_names` / `generation_models` (GroupColumns' outputs, as on the
//   Hub, e.g. distilabel-internal-testing/airoboros-3.2-writing-ultrafeedback-mini) or a `model_name`
//   list; a string `model_name` beside such a list is the judge's (distilabel's UltraFeedback task
//   writes its own `model_name`).
// - UltraFeedback (openbmb/UltraFeedback, https://huggingface.co/datasets/openbmb/UltraFeedback):
//   `completions: [{model, response, overall_score, fine-grained_score, annotations, critique, …}]`.
//
// The pair: the first candidate with the highest score is chosen, the first with the lowest
// rejected (what HuggingFaceH4/ultrafeedback_binarized and distilabel's FormatTextGenerationDPO
// take as chosen; the lowest rather than a random other one, so the pair is the same every time).
// Unscored candidates are not in the pair; one candidate alone is an instruction's answer.

export type CandidateField = 'generations' | 'completions';

export interface Candidate {
  /** Where the answer sits in the record (`generations[1]`, `completions[2].response`). */
  readonly at: string;
  /** The answer; null when the generator failed (distilabel writes null). */
  readonly text: string | null;
  /** The judge's score, when it gave one. */
  readonly score?: number;
  /** The model that wrote this answer, when the record says. */
  readonly model?: string;
}

/** A field holding something it must not: the path and what is wrong, for SampleShapeError. */
export interface CandidateProblem {
  readonly problem: string;
  readonly path: string;
  /** The list holds no answer at all (empty, or every generation failed). */
  readonly noAnswer?: true;
}

export interface Candidates {
  readonly field: CandidateField;
  readonly list: readonly Candidate[];
}

type Obj = { readonly [key: string]: unknown };

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function found(v: unknown): string {
  if (v === undefined) return 'none';
  if (v === null) return 'null';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 30 ? `${v.slice(0, 30)}…` : v)}`;
  return Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** Which field holds the record's candidates, if it has such a list. */
export function candidateField(record: Obj): CandidateField | undefined {
  if (Object.hasOwn(record, 'completions')) return 'completions';
  if (Object.hasOwn(record, 'generations')) return 'generations';
  return undefined;
}

const MODEL_LISTS = ['model_names', 'generation_models', 'model_name'];

/** distilabel's per-generation model names, from the first list of them the record has. */
function generationModels(record: Obj): readonly unknown[] {
  for (const name of MODEL_LISTS) {
    const v = record[name];
    if (Array.isArray(v)) return v;
  }
  return [];
}

function score(v: unknown, at: string): number | undefined | CandidateProblem {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  return { problem: `${at} must be a number or null (found ${found(v)})`, path: at };
}

/** The record's candidates, or the first field that holds the wrong thing. */
export function readCandidates(record: Obj): Candidates | CandidateProblem | undefined {
  const field = candidateField(record);
  if (!field) return undefined;
  const raw = record[field];
  if (!Array.isArray(raw)) return { problem: `field "${field}" must be a list (found ${found(raw)})`, path: field };
  const list: Candidate[] = [];
  if (field === 'completions') {
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i];
      const at = `completions[${i}]`;
      if (!isObj(c)) return { problem: `${at} must be an object {model, response, overall_score, …} (found ${found(c)})`, path: at };
      if (typeof c.response !== 'string') return { problem: `${at}.response must be a string (found ${found(c.response)})`, path: Object.hasOwn(c, 'response') ? `${at}.response` : at };
      const s = score(c.overall_score, `${at}.overall_score`);
      if (typeof s === 'object') return s;
      list.push({ at: `${at}.response`, text: c.response, ...(s !== undefined ? { score: s } : {}), ...(typeof c.model === 'string' && c.model ? { model: c.model } : {}) });
    }
    return { field, list };
  }
  const ratings = record.ratings;
  if (ratings !== undefined && ratings !== null && (!Array.isArray(ratings) || ratings.length !== raw.length)) {
    const what = Array.isArray(ratings) ? `${ratings.length} ratings for ${raw.length} generations` : found(ratings);
    return { problem: `field "ratings" must be a list with one rating per generation (found ${what})`, path: 'ratings' };
  }
  const models = generationModels(record);
  for (let i = 0; i < raw.length; i++) {
    const g = raw[i];
    const at = `generations[${i}]`;
    if (g !== null && typeof g !== 'string') return { problem: `${at} must be a string, or null for a failed generation (found ${found(g)})`, path: at };
    const s = Array.isArray(ratings) ? score(ratings[i], `ratings[${i}]`) : undefined;
    if (typeof s === 'object') return s;
    const model = models[i];
    list.push({ at, text: g, ...(s !== undefined ? { score: s } : {}), ...(typeof model === 'string' && model ? { model } : {}) });
  }
  return { field, list };
}

/** What the store shows of the candidates: one answer, or the chosen/rejected pair (indices into the list). */
export type CandidateView =
  | { readonly kind: 'single'; readonly index: number }
  | { readonly kind: 'pair'; readonly chosen: number; readonly rejected: number };

/** One answer or a pair, or why the candidates make neither (a reason to show, naming the field). */
export function candidateView(c: Candidates): CandidateView | CandidateProblem {
  const answered = c.list.flatMap((x, i) => (x.text !== null ? [i] : []));
  if (answered.length === 0) {
    return { problem: `field "${c.field}" holds no answer (${c.list.length ? 'every one is null: the generation failed' : 'an empty list'})`, path: c.field, noAnswer: true };
  }
  if (answered.length === 1) return { kind: 'single', index: answered[0] };
  const scored = answered.filter((i) => c.list[i].score !== undefined);
  let chosen = -1;
  let rejected = -1;
  for (const i of scored) {
    const s = c.list[i].score as number;
    if (chosen < 0 || s > (c.list[chosen].score as number)) chosen = i;
    if (rejected < 0 || s < (c.list[rejected].score as number)) rejected = i;
  }
  if (chosen >= 0 && c.list[chosen].score !== c.list[rejected].score) return { kind: 'pair', chosen, rejected };
  const by = c.field === 'completions' ? 'an overall_score' : 'a rating';
  const why = scored.length === 0 ? `none has ${by}` : scored.length === 1 ? `only one has ${by}` : 'their scores are all equal';
  return {
    problem: `field "${c.field}" holds ${answered.length} answers and ${why}: no chosen and rejected answer to show; rate them, or write one answer per record`,
    path: c.field === 'generations' && scored.length ? 'ratings' : c.field,
  };
}

/** The chosen (or only) candidate's model; undefined when the record names none. Never throws. */
export function chosenCandidateModel(record: unknown): string | undefined {
  if (!isObj(record)) return undefined;
  const c = readCandidates(record);
  if (!c || 'problem' in c) return undefined;
  const view = candidateView(c);
  if ('problem' in view) return undefined;
  return c.list[view.kind === 'single' ? view.index : view.chosen].model;
}

/** One candidate answer as the panel lists it: its model and score, and which side of the sample shows it. */
export interface CandidateLine {
  readonly model?: string;
  readonly score?: number;
  /** `chosen`/`rejected`: a side of the pair; `answer`: the one answer of an instruction sample; absent: not shown. */
  readonly shown?: 'chosen' | 'rejected' | 'answer';
  /** The generator failed on this one (distilabel's null generation). */
  readonly failed?: true;
}

/**
 * Every candidate of a record, in its order, with what the sample shows of them; undefined when
 * the record holds no readable candidate list (then the sample itself says why). Never throws.
 */
export function candidateLines(record: unknown): readonly CandidateLine[] | undefined {
  if (!isObj(record)) return undefined;
  const c = readCandidates(record);
  if (!c || 'problem' in c) return undefined;
  const view = candidateView(c);
  if ('problem' in view) return undefined;
  const shownAt = (i: number): CandidateLine['shown'] => {
    if (view.kind === 'single') return i === view.index ? 'answer' : undefined;
    return i === view.chosen ? 'chosen' : i === view.rejected ? 'rejected' : undefined;
  };
  return c.list.map((x, i): CandidateLine => {
    const shown = shownAt(i);
    return {
      ...(x.model !== undefined ? { model: x.model } : {}), ...(x.score !== undefined ? { score: x.score } : {}),
      ...(shown ? { shown } : {}), ...(x.text === null ? { failed: true as const } : {}),
    };
  });
}
