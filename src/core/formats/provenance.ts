// Where a sample came from: which teacher model wrote it, how, from what, under which terms, and
// how far it is from human-written text. Read from the fields real pipelines write, with per-file
// defaults (asked once per file in the UI) filling what the records leave out.
//
// Recognized field names, looked up at the record's top level first, then inside `provenance`,
// `metadata`, `meta`, `info`, a `generation` object and Magpie's `gen_response_configs` (first
// match wins, names in the order listed):
//
//   model      teacher_model, teacher, model, model_name, generator, generator_model, output_generator
//              (a string, or an object with name/id/model and optionally version). A record of
//              candidate answers (distilabel `generations`, UltraFeedback `completions`) that names
//              a model per candidate gives the model of the answer shown as chosen (candidateResponses.ts);
//              a string model_name beside such a list is then the judge's, not read. Without one,
//              model_name is read as the generator's: distilabel cannot tell them apart there (its
//              UltraFeedback task writes model_name too; pipelines rename one, e.g. ultrafeedback_model).
//   version    model_version, teacher_model_version, model_revision
//   params     temperature, top_p, top_k, max_tokens, max_new_tokens, seed, frequency_penalty,
//              presence_penalty, repetition_penalty, n — directly, or inside generation_params,
//              sampling_params, generation_config, gen_kwargs, parameters, or a `generation` object
//   template   prompt_template_id, template_id, prompt_template, template
//   parent     parent_id, seed_id, source_id, parent
//   licence    license, licence, terms, terms_of_use (a string, or an object with spdx_id/id/name)
//   origin     origin ('human' | 'model' | 'synthetic' | 'machine' | 'generated'),
//              human_written (bool), is_synthetic (bool), synthetic (bool)
//   depth      generation_depth, depth, generation (a number; 0 = human-written, 1 = model output
//              from a human prompt, 2+ = model output from model output)
//   source     source (the dataset or subset a mixture took the sample from: Tulu 3 SFT mixture,
//              SmolTalk, OpenHermes-2.5, UltraFeedback)
//
// Derived when not given: a known depth gives the origin (0 → human, else model); a record that
// names its model is model-written; a human-written sample has depth 0.

import { chosenCandidateModel } from './candidateResponses';

export type Origin = 'human' | 'model' | 'unknown';

/** Sampling settings as recorded (name → value), e.g. `{ temperature: 0.7, seed: 42 }`. */
export type GenerationParams = Readonly<Record<string, number | string | boolean>>;

export type ProvenanceField = 'model' | 'modelVersion' | 'params' | 'template' | 'parent' | 'licence' | 'origin' | 'depth' | 'source';

/** Where a field's value came from: the record itself, the file's defaults, or nowhere. */
export type ProvenanceSource = 'record' | 'file' | 'unknown';

export interface Provenance {
  /** The teacher model that wrote the sample. */
  readonly model?: string;
  readonly modelVersion?: string;
  /** Empty when none is known. */
  readonly params: GenerationParams;
  /** Prompt template id (or the template text, when that is what the pipeline recorded). */
  readonly template?: string;
  /** The sample or seed task this one was generated from. */
  readonly parent?: string;
  /** Licence or terms of use. */
  readonly licence?: string;
  readonly origin: Origin;
  /** 0 = human-written, 1 = model output from human input, 2+ = model output from model output. */
  readonly depth?: number;
  /** The dataset or subset a mixture took the sample from (`source`: `ai2-adapt-dev/oasst1_converted`, `smol-magpie-ultra`). */
  readonly source?: string;
  readonly from: Readonly<Record<ProvenanceField, ProvenanceSource>>;
}

/** What the reviewer (or a project setting) says about a whole file. */
export type ProvenanceDefaults = Partial<Omit<Provenance, 'from'>>;

type Obj = { readonly [key: string]: unknown };

// Magpie-Align writes the response's sampling settings and model in `gen_response_configs`.
const NESTED = ['provenance', 'metadata', 'meta', 'info', 'generation', 'gen_response_configs'];
const MODEL = ['teacher_model', 'teacher', 'model', 'model_name', 'generator', 'generator_model', 'output_generator'];
const VERSION = ['model_version', 'teacher_model_version', 'model_revision'];
const PARAMS = ['temperature', 'top_p', 'top_k', 'max_tokens', 'max_new_tokens', 'seed', 'frequency_penalty', 'presence_penalty', 'repetition_penalty', 'n'];
const PARAM_GROUPS = ['generation_params', 'sampling_params', 'generation_config', 'gen_kwargs', 'parameters', 'generation', 'gen_response_configs'];
const TEMPLATE = ['prompt_template_id', 'template_id', 'prompt_template', 'template'];
const PARENT = ['parent_id', 'seed_id', 'source_id', 'parent'];
const LICENCE = ['license', 'licence', 'terms', 'terms_of_use'];
const DEPTH = ['generation_depth', 'depth', 'generation'];
const SOURCE = ['source'];
const ORIGIN_WORDS: ReadonlyMap<string, Origin> = new Map([
  ['human', 'human'], ['human-written', 'human'], ['model', 'model'], ['synthetic', 'model'], ['machine', 'model'], ['generated', 'model'],
]);

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The record and its nested metadata objects, in lookup order. */
function containers(record: unknown): Obj[] {
  if (!isObj(record)) return [];
  const out: Obj[] = [record];
  for (const k of NESTED) {
    if (!Object.hasOwn(record, k)) continue;
    const v = record[k];
    if (isObj(v)) out.push(v);
  }
  return out;
}

/** The first value among `names` (container by container) that `accept` turns into a T. */
function pick<T>(where: readonly Obj[], names: readonly string[], accept: (v: unknown) => T | undefined): T | undefined {
  for (const c of where) {
    for (const name of names) {
      if (!Object.hasOwn(c, name)) continue;
      const v = accept(c[name]);
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function named(keys: readonly string[]) {
  return (v: unknown): string | undefined => (isObj(v) ? pick([v], keys, text) : text(v));
}

// Made once: extractProvenance runs on every record of an export.
const modelName = named(['name', 'id', 'model']);
const modelVersionOf = named(['version', 'revision']);
const licenceName = named(['spdx_id', 'id', 'name']);
const modelOrName = (v: unknown) => (isObj(v) ? v : text(v));
const ORIGIN_FIELDS = ['origin', 'human_written', 'is_synthetic', 'synthetic'];

function depthValue(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

function originValue(name: string, v: unknown): Origin | undefined {
  if (name === 'origin') return typeof v === 'string' ? ORIGIN_WORDS.get(v.trim().toLowerCase()) : undefined;
  if (typeof v !== 'boolean') return undefined;
  return (name === 'human_written') === v ? 'human' : 'model';
}

function params(where: readonly Obj[]): Record<string, number | string | boolean> {
  const found: Record<string, number | string | boolean> = {};
  const groups: Obj[] = [];
  for (const c of where) {
    for (const g of PARAM_GROUPS) {
      const v = Object.hasOwn(c, g) ? c[g] : undefined;
      if (isObj(v)) groups.push(v);
    }
  }
  const take = (c: Obj) => {
    for (const name of PARAMS) {
      if (Object.hasOwn(found, name) || !Object.hasOwn(c, name)) continue;
      const v = c[name];
      if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string' || typeof v === 'boolean') found[name] = v;
    }
  };
  for (const c of where) take(c);
  for (const c of groups) take(c);
  return found;
}

/** Reads a record's provenance; `fileDefaults` fill what the record does not say. Never throws. */
export function extractProvenance(record: unknown, fileDefaults: ProvenanceDefaults = {}): Provenance {
  const where = containers(record);
  const from: Record<ProvenanceField, ProvenanceSource> = {
    model: 'unknown', modelVersion: 'unknown', params: 'unknown', template: 'unknown', parent: 'unknown',
    licence: 'unknown', origin: 'unknown', depth: 'unknown', source: 'unknown',
  };
  const either = <T>(field: ProvenanceField, own: T | undefined, fallback: T | undefined): T | undefined => {
    if (own !== undefined) from[field] = 'record';
    else if (fallback !== undefined) from[field] = 'file';
    return own ?? fallback;
  };
  // A candidate list's model is its chosen answer's, when the record names one per candidate.
  const modelField = chosenCandidateModel(record) ?? pick(where, MODEL, modelOrName);
  const model = either('model', isObj(modelField) ? modelName(modelField) : modelField, fileDefaults.model);
  const ownVersion = pick(where, VERSION, text) ?? (isObj(modelField) ? modelVersionOf(modelField) : undefined);
  const modelVersion = either('modelVersion', ownVersion, fileDefaults.modelVersion);
  const ownParams = params(where);
  const hasOwnParams = Object.keys(ownParams).length > 0;
  const defaultParams = fileDefaults.params && Object.keys(fileDefaults.params).length ? fileDefaults.params : undefined;
  if (hasOwnParams) from.params = 'record';
  else if (defaultParams) from.params = 'file';
  const template = either('template', pick(where, TEMPLATE, text), fileDefaults.template);
  const parent = either('parent', pick(where, PARENT, text), fileDefaults.parent);
  const licence = either('licence', pick(where, LICENCE, licenceName), fileDefaults.licence);
  let depth = either('depth', pick(where, DEPTH, depthValue), fileDefaults.depth);
  const source = either('source', pick(where, SOURCE, text), fileDefaults.source);

  let origin: Origin = 'unknown';
  for (const c of where) {
    for (const name of ORIGIN_FIELDS) {
      const o = Object.hasOwn(c, name) ? originValue(name, c[name]) : undefined;
      if (o && origin === 'unknown') origin = o;
    }
  }
  if (origin !== 'unknown') from.origin = 'record';
  else if (depth !== undefined) [origin, from.origin] = [depth === 0 ? 'human' : 'model', from.depth];
  else if (from.model === 'record') [origin, from.origin] = ['model', 'record'];
  else if (fileDefaults.origin && fileDefaults.origin !== 'unknown') [origin, from.origin] = [fileDefaults.origin, 'file'];
  if (depth === undefined && origin === 'human') [depth, from.depth] = [0, from.origin];

  // Built field by field in the order the spread literal had (key order shows in the manifest).
  const out: { -readonly [K in keyof Provenance]: Provenance[K] } = {} as Provenance;
  if (model !== undefined) out.model = model;
  if (modelVersion !== undefined) out.modelVersion = modelVersion;
  out.params = defaultParams ? { ...defaultParams, ...ownParams } : ownParams;
  if (template !== undefined) out.template = template;
  if (parent !== undefined) out.parent = parent;
  if (licence !== undefined) out.licence = licence;
  out.origin = origin;
  if (depth !== undefined) out.depth = depth;
  if (source !== undefined) out.source = source;
  out.from = from;
  return out;
}

/**
 * Whether a record's raw text (its bytes as Latin-1, or as UTF-8) may name a licence of its own.
 * False means it certainly does not (no licence field name in it), so the record need not be
 * parsed to learn that; a `\u` escape could spell a name, so text holding one always may.
 * Plain substring searches, and few of them (LICENCE_NEEDLES): this runs on every record of an
 * export.
 */
export function mayNameLicence(raw: string): boolean {
  for (const needle of LICENCE_NEEDLES) if (raw.includes(needle)) return true;
  return false;
}

/**
 * What a record holds when it may name a licence: a `\u` escape, or a quote and the licence names'
 * shared beginnings (`"licen` for license and licence, `"terms` for terms and terms_of_use). ASCII,
 * so the same needles find them in the record's bytes.
 */
export const LICENCE_NEEDLES: readonly string[] = ['\\u', '"licen', '"terms'];

/**
 * What the UI should ask about once for a whole file: `model` when some sample that is not
 * known to be human-written names no model, `licence` when some sample has none.
 */
export function missingForFile(provenances: Iterable<Provenance>): ('model' | 'licence')[] {
  let model = false;
  let licence = false;
  for (const p of provenances) {
    if (p.model === undefined && p.origin !== 'human') model = true;
    if (p.licence === undefined) licence = true;
    if (model && licence) break;
  }
  return [...(model ? ['model' as const] : []), ...(licence ? ['licence' as const] : [])];
}
