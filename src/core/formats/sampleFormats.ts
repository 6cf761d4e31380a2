// Recognizes the sample formats trainers use and maps each record to a NormalizedSample.
// One implementation, shared by the store, the language server and (later) export.
import { candidateView, readCandidates, type Candidate } from './candidateResponses';
import { messageRole, sharegptRole } from './roleNames';
import type { JsonObjectValue, JsonValue, NormalizedSample, Role, ToolCall, Turn } from './sampleModel';
import { withArticle } from './englishArticle';


/**
 * The sample formats recognized, by the fields of one record:
 *
 * - `openai-chat`       `{messages: [{role, content, weight?}], tools?}`: OpenAI chat fine-tuning, and TRL's
 *                       conversational language-modeling format (same shape).
 * - `openai-preference` `{input: {messages, tools?}, preferred_output: [..], non_preferred_output: [..]}` (OpenAI DPO).
 * - `sharegpt`          `{conversations: [{from, value}], system?}`.
 * - `alpaca`            `{instruction, input?, output, system?, history?: [[instruction, output], ..]}`.
 * - `self-instruct-seed` `{instruction, instances: [{input, output}]}` (Alpaca's seed tasks).
 * - `hh-rlhf`           `{chosen, rejected}` as `\n\nHuman: .. \n\nAssistant: ..` transcripts.
 * - `trl-preference`    `{prompt?, chosen, rejected}`: explicit prompt, or implicit (shared leading turns).
 * - `trl-prompt-completion` `{prompt, completion}`, each a string or a message list.
 * - `trl-unpaired-preference` `{prompt, completion, label: boolean}` (KTO-style).
 * - `qa`                `{question, answer}`; GSM8K's `#### N` last line becomes `finalAnswer`.
 *
 * What synthetic-data generators write (each one's documentation named in candidateResponses.ts
 * or below; the other fields are metadata, kept in the record and never read as text):
 *
 * - `distilabel`        `{instruction, generation}` (one answer: an instruction sample) or
 *                       `{instruction, generations, ratings?, rationales?}` (candidate answers: a
 *                       preference pair by rating, see candidateResponses.ts), `system_prompt?`;
 *                       `distilabel_metadata` (raw prompts and outputs) is never read.
 * - `ultrafeedback`     `{instruction, completions: [{model, response, overall_score, …}]}`
 *                       (openbmb/UltraFeedback): the same candidate pair, by `overall_score`.
 * - `ultrafeedback-binarized` `{prompt: "text", chosen: [..], rejected: [..], messages?, score_chosen?}`
 *                       (HuggingFaceH4/ultrafeedback_binarized, distilabel's FormatTextGenerationDPO):
 *                       both lists repeat the prompt as their first user message; the prompt is shown once.
 * - `conversation`      `{conversation: [{role, content}]}` (argilla/magpie-ultra-v1.0, distilabel's Magpie step).
 * - `instruction-response` `{instruction, response, input?|context?, instruction_2?, response_2?}`
 *                       (Magpie-Align sets without `conversations`, argilla/magpie-ultra-v0.1 without
 *                       `messages`, Dolly's `context`); a second turn (Magpie MT) is the instruction
 *                       after a one-pair history.
 * OpenHermes-2.5 (`conversations` with `weight: null`) is `sharegpt`; Tulu 3 SFT mixture and
 * SmolTalk (`messages` + `source`) are `openai-chat`: their `source`, `model`… are provenance.
 *
 * Detection order, where a record matches two shapes (detectFormat; each rule tested):
 * 1. `chosen` + `rejected` beside `messages` is a pair (ultrafeedback_binarized's `messages` is a
 *    copy of the chosen conversation), so pairs are looked for before `messages`.
 * 2. A message list (`messages`, `conversation`, `conversations`) wins over `instruction` +
 *    `response`/`generation`: Magpie and magpie-ultra write both, and the list holds every turn.
 * 3. `completions` (UltraFeedback) and `generation(s)` (distilabel) win over `output`/`response`.
 *
 * In every message list, `content` is a string or a list of text parts (`{"type": "text", "text"}`);
 * an assistant message may carry `tool_calls` (`[{id?, type: "function", function: {name, arguments}}]`,
 * its content then null or absent), a tool message `tool_call_id` and `name`; record-level `tools`
 * (OpenAI preference: `input.tools`) holds the tool schemas. Any other content is a problem, never
 * an empty turn: the sample would otherwise be shown and exported without it.
 */
export type FormatId =
  | 'openai-chat'
  | 'openai-preference'
  | 'sharegpt'
  | 'alpaca'
  | 'self-instruct-seed'
  | 'hh-rlhf'
  | 'trl-preference'
  | 'trl-prompt-completion'
  | 'trl-unpaired-preference'
  | 'qa'
  | 'distilabel'
  | 'ultrafeedback'
  | 'ultrafeedback-binarized'
  | 'conversation'
  | 'instruction-response';

/** A record that matches no known shape, or a known shape with a bad or empty field. */
export class SampleShapeError extends Error {
  constructor(
    message: string,
    /** Stable code for diagnostics. */
    readonly code: 'unknown-shape' | 'missing-field' | 'bad-role' | 'empty-content',
    /** The field at fault as a path into the record (`messages[2].role`), when one field is. */
    readonly path?: string,
  ) {
    super(message);
  }
}

/** The field combinations that make a known sample shape, as the unknown-shape message lists them. */
export const EXPECTED_SHAPES: readonly string[] = [
  'messages', 'input+preferred_output+non_preferred_output', 'conversations', 'chosen+rejected', 'instruction+output',
  'instruction+instances', 'prompt+completion(+label)', 'question+answer', 'instruction+generation(s)',
  'instruction+completions', 'conversation', 'instruction+response',
];

/**
 * Where a part of a normalized sample came from in its record, as field paths: `content` and `role`
 * for a turn, `fields` (by normalized field name) for instruction and QA samples. Diagnostics use it
 * to point at the field, and quick fixes to rewrite just that value.
 */
export interface PartSource {
  readonly content?: string;
  readonly role?: string;
  readonly fields?: Readonly<Record<string, string>>;
}

// Kept beside the objects, not in them: the normalized view stays the same shape for the store and the panel.
const partSources = new WeakMap<object, PartSource>();

/** Off while normalizeRecord runs with `{ trace: false }` (export: a million WeakMap entries it never reads). */
let tracing = true;

function traced<T extends object>(part: T, source: PartSource): T {
  if (tracing) partSources.set(part, source);
  return part;
}

/** The record fields a turn or a sample was read from (undefined for parts made up, e.g. split transcripts). */
export function sourceOf(part: object): PartSource | undefined {
  return partSources.get(part);
}

/** The records of one file do not agree on a format, or none of them has a known shape. */
export class FileFormatError extends Error {
  constructor(
    message: string,
    readonly code: 'mixed-formats' | 'no-known-format',
    /** For mixed files: each format seen, with the (1-based) record numbers or lines that have it. */
    readonly seen: ReadonlyMap<FormatId, readonly number[]>,
  ) {
    super(message);
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function has(record: JsonObject, field: string): boolean {
  return Object.hasOwn(record, field);
}

function str(record: JsonObject, field: string): string {
  const v = record[field];
  if (typeof v !== 'string') throw new SampleShapeError(`field "${field}" must be a string`, 'missing-field', field);
  return v;
}

/** An optional text field: absent or null is "", any other non-string a problem (it would read as empty). */
function optionalStr(record: JsonObject, field: string, at = field): string {
  const v = record[field];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new SampleShapeError(`field "${at}" must be a string when given (found ${describe(v)})`, 'missing-field', at);
  return v;
}

function nonEmpty(turns: Turn[], field: string): Turn[] {
  if (turns.length === 0) throw new SampleShapeError(`field "${field}" is an empty list: the sample has no turns`, 'empty-content', field);
  return turns;
}

function toTurns(list: Json | undefined, field: string): Turn[] {
  if (!Array.isArray(list)) throw new SampleShapeError(`field "${field}" must be a list of messages`, 'missing-field', field);
  return list.map((m, i) => {
    const at = `${field}[${i}]`;
    if (!isObject(m)) throw new SampleShapeError(`${at} must be an object`, 'missing-field', at);
    const role = messageRole(m.role);
    if (!role) {
      throw new SampleShapeError(`${at}.role must be one of system, developer, user, assistant, tool (found ${JSON.stringify(m.role) ?? 'none'})`, 'bad-role', has(m, 'role') ? `${at}.role` : at);
    }
    return traced(withWeight(messageTurn(m, role, at), m, at), { role: `${at}.role`, content: `${at}.content` });
  });
}

/** One message's turn: its text, and its tool calls (assistant) or the call it answers (tool). */
function messageTurn(m: JsonObject, role: Role, at: string): Turn {
  if (has(m, 'function_call') && m.function_call !== null) {
    throw new SampleShapeError(`${at}.function_call (the legacy single call) is not read: write it as "tool_calls": [{"id", "type": "function", "function": {"name", "arguments"}}]`, 'missing-field', `${at}.function_call`);
  }
  const calls = has(m, 'tool_calls') && m.tool_calls !== null ? toolCalls(m.tool_calls, `${at}.tool_calls`) : [];
  if (calls.length && role !== 'assistant') throw new SampleShapeError(`${at}.tool_calls: only an assistant message calls tools (this one is ${role})`, 'missing-field', `${at}.tool_calls`);
  // OpenAI writes a call-only assistant message with null (or no) content: that is a turn, not an empty one.
  const callOnly = calls.length > 0 && (m.content === null || m.content === undefined);
  let turn: Turn = { role, content: callOnly ? '' : contentText(m.content, `${at}.content`, has(m, 'content') ? undefined : at) };
  if (calls.length) turn = { ...turn, toolCalls: calls };
  for (const [key, prop] of [['tool_call_id', 'toolCallId'], ['name', 'name']] as const) {
    if (!has(m, key) || m[key] === null) continue;
    const v = m[key];
    if (key === 'tool_call_id' && role !== 'tool') throw new SampleShapeError(`${at}.tool_call_id belongs on a tool message (this one is ${role})`, 'missing-field', `${at}.${key}`);
    if (typeof v !== 'string') throw new SampleShapeError(`${at}.${key} must be a string`, 'missing-field', `${at}.${key}`);
    turn = { ...turn, [prop]: v };
  }
  return turn;
}

function toolCalls(v: Json, at: string): ToolCall[] {
  if (!Array.isArray(v)) throw new SampleShapeError(`${at} must be a list of tool calls`, 'missing-field', at);
  return v.map((c, i): ToolCall => {
    const where = `${at}[${i}]`;
    if (!isObject(c)) throw new SampleShapeError(`${where} must be an object {"id", "type": "function", "function": {"name", "arguments"}}`, 'missing-field', where);
    if (has(c, 'type') && c.type !== 'function') throw new SampleShapeError(`${where}.type must be "function" (found ${JSON.stringify(c.type)})`, 'missing-field', `${where}.type`);
    if (has(c, 'id') && typeof c.id !== 'string') throw new SampleShapeError(`${where}.id must be a string`, 'missing-field', `${where}.id`);
    const fn = c.function;
    if (!isObject(fn)) throw new SampleShapeError(`${where}.function must be an object {"name", "arguments"}`, 'missing-field', has(c, 'function') ? `${where}.function` : where);
    if (typeof fn.name !== 'string' || !fn.name) throw new SampleShapeError(`${where}.function.name must be a non-empty string`, 'missing-field', has(fn, 'name') ? `${where}.function.name` : `${where}.function`);
    const args = fn.arguments;
    if (typeof args !== 'string' && !isObject(args)) {
      throw new SampleShapeError(`${where}.function.arguments must be a JSON string (OpenAI) or an object (TRL) (found ${describe(args)})`, 'missing-field', has(fn, 'arguments') ? `${where}.function.arguments` : `${where}.function`);
    }
    return { ...(typeof c.id === 'string' ? { id: c.id } : {}), name: fn.name, arguments: args as string | JsonObjectValue };
  });
}

/** Record-level tool schemas: a list of objects, kept whole. An empty list holds nothing, so it is left out. */
function toolSchemas(holder: JsonObject, at: string): { tools?: readonly JsonValue[] } {
  if (!has(holder, 'tools') || holder.tools === null) return {};
  const v = holder.tools;
  const where = at ? `${at}.tools` : 'tools';
  if (!Array.isArray(v)) throw new SampleShapeError(`field "${where}" must be a list of tool schemas`, 'missing-field', where);
  v.forEach((t, i) => {
    if (!isObject(t)) throw new SampleShapeError(`${where}[${i}] must be a tool schema object ({"type": "function", "function": {"name", …}})`, 'missing-field', `${where}[${i}]`);
  });
  return v.length ? { tools: v } : {};
}

/** Keeps a message's training weight (OpenAI: 0 or 1) in the normalized turn; null (OpenHermes-2.5) is none. */
function withWeight(turn: Turn, message: JsonObject, where: string): Turn {
  if (!has(message, 'weight') || message.weight === null) return turn;
  const w = message.weight;
  if (typeof w !== 'number' || !Number.isFinite(w)) throw new SampleShapeError(`${where}.weight must be a number (0 or 1)`, 'missing-field', `${where}.weight`);
  return { ...turn, weight: w };
}

const CONTENT_SHAPE = 'a string or a list of text parts ({"type": "text", "text": "…"})';

function describe(v: Json | undefined): string {
  if (v === undefined) return 'none';
  if (v === null) return 'null';
  return Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : withArticle(typeof v);
}

/**
 * Message content: a string, or a list of text parts (OpenAI, TRL) joined in order. Anything else
 * (plain strings or lists in the list, image parts, non-string text, numbers, null) is refused with
 * the part at fault: read as "" it would be shown and exported as an empty turn.
 * `missingAt` is the path to name when the content field is absent.
 */
function contentText(content: Json | undefined, at: string, missingAt?: string): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) {
    throw new SampleShapeError(`${at} must be ${CONTENT_SHAPE} (found ${describe(content)})`, 'missing-field', missingAt ?? at);
  }
  return content.map((p, i) => {
    const where = `${at}[${i}]`;
    if (!isObject(p)) throw new SampleShapeError(`${where} is ${describe(p)}, not a text part: ${at} must be ${CONTENT_SHAPE}`, 'missing-field', where);
    if (p.type !== 'text') {
      throw new SampleShapeError(`${where} is ${p.type === undefined ? 'an untyped' : withArticle(JSON.stringify(p.type))} part: only text parts are read (the sample would lose it)`, 'missing-field', has(p, 'type') ? `${where}.type` : where);
    }
    if (typeof p.text !== 'string') throw new SampleShapeError(`${where}.text must be a string (found ${describe(p.text)})`, 'missing-field', has(p, 'text') ? `${where}.text` : where);
    return p.text;
  }).join('');
}

/** A prompt or completion in TRL may be a plain string or a message list. */
function turnsOrText(v: Json | undefined, field: string, role: Role): Turn[] {
  if (typeof v === 'string') return [traced({ role, content: v }, { content: field })];
  return toTurns(v, field);
}

/** Splits an HH-RLHF transcript ("\n\nHuman: …\n\nAssistant: …") into turns. */
export function parseTranscript(text: string): Turn[] {
  const turns: Turn[] = [];
  const re = /(?:^|\n\n)(Human|Assistant): /g;
  let m: RegExpExecArray | null;
  let last: { role: Role; start: number } | undefined;
  while ((m = re.exec(text)) !== null) {
    if (last) turns.push({ role: last.role, content: text.slice(last.start, m.index) });
    last = { role: m[1] === 'Human' ? 'user' : 'assistant', start: m.index + m[0].length };
  }
  if (!last) throw new SampleShapeError('transcript has no "Human:" or "Assistant:" turn', 'unknown-shape');
  turns.push({ role: last.role, content: text.slice(last.start) });
  return turns;
}

const TRANSCRIPT_MARKER = /(?:^|\n\n)(?:Human|Assistant): /;

/** Whether two turns say the same: role, text, and tool calls or call ids (two calls with empty text differ by their calls). */
export function sameTurn(a: Turn, b: Turn): boolean {
  return a.role === b.role && a.content === b.content && a.toolCallId === b.toolCallId && a.name === b.name
    && JSON.stringify(a.toolCalls ?? []) === JSON.stringify(b.toolCalls ?? []);
}

/** The longest common prefix of two turn lists. */
function sharedPrefix(a: readonly Turn[], b: readonly Turn[]): number {
  let i = 0;
  while (i < a.length && i < b.length && sameTurn(a[i], b[i])) i++;
  // The completions must keep at least their final turn.
  return Math.min(i, a.length - 1, b.length - 1);
}

function preferenceFromTurns(chosenAll: Turn[], rejectedAll: Turn[]): NormalizedSample {
  const n = Math.max(0, sharedPrefix(chosenAll, rejectedAll));
  return { kind: 'preference', prompt: chosenAll.slice(0, n), chosen: chosenAll.slice(n), rejected: rejectedAll.slice(n) };
}

/** Alpaca `history`: a list of [instruction, output] pairs, oldest first. */
function alpacaHistory(v: Json | undefined): Turn[] {
  if (!Array.isArray(v)) throw new SampleShapeError('field "history" must be a list of [instruction, output] pairs', 'missing-field', 'history');
  return v.flatMap((pair, i): Turn[] => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      throw new SampleShapeError(`history[${i}] must be a pair of strings [instruction, output]`, 'missing-field', `history[${i}]`);
    }
    return [traced({ role: 'user', content: pair[0] }, { content: `history[${i}][0]` }), traced({ role: 'assistant', content: pair[1] }, { content: `history[${i}][1]` })];
  });
}

/** Which format a record is in, judged by its fields alone. */
export function detectFormat(record: unknown): FormatId {
  if (!isObject(record)) throw new SampleShapeError('a sample must be a JSON object', 'unknown-shape');
  const is = (k: string) => has(record, k);
  // The order is the one documented at FormatId.
  if (is('chosen') && is('rejected')) {
    if (typeof record.prompt === 'string' && Array.isArray(record.chosen)) return 'ultrafeedback-binarized';
    if (is('prompt') || typeof record.chosen !== 'string') return 'trl-preference';
    // TRL's implicit-prompt standard pairs are plain strings too; only transcripts are HH-RLHF.
    return TRANSCRIPT_MARKER.test(record.chosen) ? 'hh-rlhf' : 'trl-preference';
  }
  if (is('messages')) return 'openai-chat';
  if (is('input') && is('preferred_output') && is('non_preferred_output')) return 'openai-preference';
  if (is('conversations')) return 'sharegpt';
  if (is('conversation')) return 'conversation';
  if (is('instruction') && is('completions')) return 'ultrafeedback';
  if (is('instruction') && (is('generation') || is('generations'))) return 'distilabel';
  if (is('instruction') && is('instances')) return 'self-instruct-seed';
  if (is('instruction') && is('output')) return 'alpaca';
  if (is('instruction') && is('response')) return 'instruction-response';
  if (is('prompt') && is('completion')) return is('label') ? 'trl-unpaired-preference' : 'trl-prompt-completion';
  if (is('question') && is('answer')) return 'qa';
  throw new SampleShapeError(
    `unknown sample shape (fields: ${Object.keys(record).join(', ') || 'none'}); expected one of ${EXPECTED_SHAPES.join(' | ')}`,
    'unknown-shape',
  );
}

/**
 * Maps a parsed record to its normalized view. Throws SampleShapeError with a precise reason.
 * `trace: false` skips recording where each part came from (sourceOf then answers undefined).
 */
export function normalizeRecord(record: unknown, format: FormatId = detectFormat(record), options: { readonly trace?: boolean } = {}): NormalizedSample {
  if (options.trace === false) {
    tracing = false;
    try {
      return normalizeRecord(record, format);
    } finally {
      tracing = true;
    }
  }
  if (!isObject(record)) throw new SampleShapeError('a sample must be a JSON object', 'unknown-shape');
  switch (format) {
    case 'openai-chat':
      return { kind: 'chat', turns: nonEmpty(toTurns(record.messages, 'messages'), 'messages'), ...toolSchemas(record, '') };
    case 'openai-preference': {
      const input = record.input;
      if (!isObject(input)) throw new SampleShapeError('field "input" must be an object holding "messages"', 'missing-field', 'input');
      return {
        kind: 'preference', prompt: toTurns(input.messages, 'input.messages'),
        chosen: nonEmpty(toTurns(record.preferred_output, 'preferred_output'), 'preferred_output'),
        rejected: nonEmpty(toTurns(record.non_preferred_output, 'non_preferred_output'), 'non_preferred_output'),
        ...toolSchemas(input, 'input'),
      };
    }
    case 'sharegpt': {
      const list = record.conversations;
      if (!Array.isArray(list)) throw new SampleShapeError('field "conversations" must be a list', 'missing-field', 'conversations');
      const turns = list.map((m, i): Turn => {
        const at = `conversations[${i}]`;
        if (!isObject(m)) throw new SampleShapeError(`${at} must be an object`, 'missing-field', at);
        const role = sharegptRole(m.from);
        if (!role) throw new SampleShapeError(`${at}.from "${String(m.from)}" is not a known role`, 'bad-role', has(m, 'from') ? `${at}.from` : at);
        return traced(withWeight({ role, content: contentText(m.value, `${at}.value`, has(m, 'value') ? undefined : at) }, m, at), { role: `${at}.from`, content: `${at}.value` });
      });
      // LLaMA-Factory's ShareGPT variant keeps the system prompt beside the conversation.
      const system = optionalStr(record, 'system');
      return { kind: 'chat', turns: [...(system ? [traced({ role: 'system' as const, content: system }, { content: 'system' })] : []), ...nonEmpty(turns, 'conversations')] };
    }
    case 'alpaca': {
      const system = optionalStr(record, 'system');
      const history = has(record, 'history') && record.history !== null ? alpacaHistory(record.history) : [];
      return traced({
        kind: 'instruction', instruction: str(record, 'instruction'), input: optionalStr(record, 'input'),
        output: str(record, 'output'), ...(system ? { system } : {}), ...(history.length ? { history } : {}),
      }, { fields: { instruction: 'instruction', input: 'input', output: 'output' } });
    }
    case 'self-instruct-seed': {
      const first = Array.isArray(record.instances) && isObject(record.instances[0]) ? record.instances[0] : undefined;
      if (!first) throw new SampleShapeError('field "instances" must hold at least one {input, output}', 'missing-field', 'instances');
      if (typeof first.output !== 'string') throw new SampleShapeError('field "instances[0].output" must be a string', 'missing-field', 'instances[0].output');
      const output = first.output;
      return traced(
        { kind: 'instruction', instruction: str(record, 'instruction'), input: optionalStr(first, 'input', 'instances[0].input'), output },
        { fields: { instruction: 'instruction', input: 'instances[0].input', output: 'instances[0].output' } },
      );
    }
    case 'hh-rlhf':
      return preferenceFromTurns(parseTranscript(str(record, 'chosen')), parseTranscript(str(record, 'rejected')));
    case 'trl-preference': {
      if (record.prompt === undefined) {
        if (typeof record.chosen === 'string' && typeof record.rejected === 'string') {
          // Implicit prompt in plain text: where the prompt ends is not marked, so none is split off.
          return {
            kind: 'preference', prompt: [], chosen: [traced({ role: 'assistant', content: record.chosen }, { content: 'chosen' })],
            rejected: [traced({ role: 'assistant', content: record.rejected }, { content: 'rejected' })], ...toolSchemas(record, ''),
          };
        }
        const chosen = toTurns(record.chosen, 'chosen');
        const rejected = toTurns(record.rejected, 'rejected');
        return { ...preferenceFromTurns(nonEmpty(chosen, 'chosen'), nonEmpty(rejected, 'rejected')), ...toolSchemas(record, '') };
      }
      return {
        kind: 'preference', prompt: turnsOrText(record.prompt, 'prompt', 'user'),
        chosen: nonEmpty(turnsOrText(record.chosen, 'chosen', 'assistant'), 'chosen'),
        rejected: nonEmpty(turnsOrText(record.rejected, 'rejected', 'assistant'), 'rejected'),
        ...toolSchemas(record, ''),
      };
    }
    case 'trl-prompt-completion':
      return {
        kind: 'chat',
        turns: [...turnsOrText(record.prompt, 'prompt', 'user'), ...nonEmpty(turnsOrText(record.completion, 'completion', 'assistant'), 'completion')],
        ...toolSchemas(record, ''),
      };
    case 'trl-unpaired-preference': {
      if (typeof record.label !== 'boolean') throw new SampleShapeError('field "label" must be true or false', 'missing-field', 'label');
      return {
        kind: 'chat', label: record.label,
        turns: [...turnsOrText(record.prompt, 'prompt', 'user'), ...nonEmpty(turnsOrText(record.completion, 'completion', 'assistant'), 'completion')],
        ...toolSchemas(record, ''),
      };
    }
    case 'distilabel':
    case 'ultrafeedback':
      return fromCandidates(record, format);
    case 'ultrafeedback-binarized':
      return promptRepeatedPair(record);
    case 'conversation':
      return { kind: 'chat', turns: nonEmpty(toTurns(record.conversation, 'conversation'), 'conversation') };
    case 'instruction-response':
      return instructionResponse(record);
    case 'qa': {
      const answer = str(record, 'answer');
      const finalAnswer = markedFinalAnswer(answer);
      return traced(
        { kind: 'qa', question: str(record, 'question'), answer, ...(finalAnswer ? { finalAnswer } : {}) },
        { fields: { question: 'question', answer: 'answer' } },
      );
    }
  }
}

/** distilabel `generation` / `generations` and UltraFeedback `completions`: one answer, or the rated pair. */
function fromCandidates(record: JsonObject, format: 'distilabel' | 'ultrafeedback'): NormalizedSample {
  const instruction = str(record, 'instruction');
  const system = format === 'distilabel' ? optionalStr(record, 'system_prompt') : '';
  if (format === 'distilabel' && has(record, 'generation') && !has(record, 'generations')) {
    const sample = { kind: 'instruction' as const, instruction, input: '', output: str(record, 'generation'), ...(system ? { system } : {}) };
    return traced(sample, { fields: { instruction: 'instruction', output: 'generation' } });
  }
  const candidates = readCandidates(record);
  if (!candidates) throw new SampleShapeError('the record has no "generations" or "completions" list', 'missing-field', 'generations');
  if ('problem' in candidates) throw new SampleShapeError(candidates.problem, 'missing-field', candidates.path);
  const view = candidateView(candidates);
  if ('problem' in view) throw new SampleShapeError(view.problem, view.noAnswer ? 'empty-content' : 'missing-field', view.path);
  const answer = (c: Candidate): Turn => traced({ role: 'assistant', content: c.text ?? '' }, { content: c.at });
  if (view.kind === 'single') {
    const only = candidates.list[view.index];
    return traced({ kind: 'instruction', instruction, input: '', output: only.text ?? '', ...(system ? { system } : {}) }, { fields: { instruction: 'instruction', output: only.at } });
  }
  const prompt: Turn[] = [
    ...(system ? [traced({ role: 'system' as const, content: system }, { content: 'system_prompt' })] : []),
    traced({ role: 'user', content: instruction }, { content: 'instruction' }),
  ];
  return { kind: 'preference', prompt, chosen: [answer(candidates.list[view.chosen])], rejected: [answer(candidates.list[view.rejected])] };
}

/**
 * ultrafeedback_binarized: `prompt` as text, `chosen` and `rejected` as whole conversations that
 * begin with it. The turns both lists share are the prompt; when they do not begin with the
 * prompt's text, it is put before them (it is what both answer).
 */
function promptRepeatedPair(record: JsonObject): NormalizedSample {
  const promptText = str(record, 'prompt');
  const chosen = nonEmpty(toTurns(record.chosen, 'chosen'), 'chosen');
  const rejected = nonEmpty(toTurns(record.rejected, 'rejected'), 'rejected');
  const pair = preferenceFromTurns(chosen, rejected);
  if (pair.kind !== 'preference') return pair;
  const asked = pair.prompt.some((t) => t.role === 'user' && t.content === promptText);
  return asked ? pair : { ...pair, prompt: [traced({ role: 'user', content: promptText }, { content: 'prompt' }), ...pair.prompt] };
}

/** Magpie's `instruction` + `response` (Dolly's `context`, or `input`, as the input); `instruction_2`/`response_2` continue it. */
function instructionResponse(record: JsonObject): NormalizedSample {
  const inputField = has(record, 'input') ? 'input' : 'context';
  const first = { instruction: str(record, 'instruction'), input: optionalStr(record, inputField), output: str(record, 'response') };
  const second = has(record, 'instruction_2') && record.instruction_2 !== null;
  if (!second) return traced({ kind: 'instruction', ...first }, { fields: { instruction: 'instruction', input: inputField, output: 'response' } });
  if (first.input) throw new SampleShapeError(`field "${inputField}" beside "instruction_2": the input of a first turn has no place in a two-turn sample`, 'missing-field', inputField);
  const history: Turn[] = [
    traced({ role: 'user', content: first.instruction }, { content: 'instruction' }),
    traced({ role: 'assistant', content: first.output }, { content: 'response' }),
  ];
  return traced(
    { kind: 'instruction', instruction: str(record, 'instruction_2'), input: '', output: str(record, 'response_2'), history },
    { fields: { instruction: 'instruction_2', output: 'response_2' } },
  );
}

/** The final answer GSM8K marks on the solution's last line (`#### 42`), if there is one. */
export function markedFinalAnswer(answer: string): string | undefined {
  return /(?:^|\n)####[ \t]*([^\n]*?)\s*$/.exec(answer)?.[1] || undefined;
}

/** How many records detectFileFormat looks at by default. */
export const FILE_FORMAT_SAMPLE = 20;

/**
 * The format of a whole file, from its first `sample` records that have a known shape (records
 * that are not objects or match no shape are passed over). Throws FileFormatError when those
 * records disagree, naming which records are in which format, or when none has a known shape.
 * `lines` (parallel to `records`) lets the message name file lines instead of record numbers.
 */
export function detectFileFormat(
  records: readonly unknown[],
  options: { readonly sample?: number; readonly lines?: readonly number[] } = {},
): FormatId {
  const sample = options.sample ?? FILE_FORMAT_SAMPLE;
  const seen = new Map<FormatId, number[]>();
  let looked = 0;
  for (let i = 0; i < records.length && looked < sample; i++) {
    let format: FormatId;
    try {
      format = detectFormat(records[i]);
    } catch {
      continue;
    }
    looked++;
    const at = options.lines?.[i] ?? i + 1;
    const list = seen.get(format);
    if (list) list.push(at);
    else seen.set(format, [at]);
  }
  const what = options.lines ? 'line' : 'record';
  if (seen.size === 0) {
    throw new FileFormatError(
      `none of the ${records.length} records looked at has a known sample shape; convert the file to a supported format`,
      'no-known-format', seen,
    );
  }
  if (seen.size > 1) {
    const parts = [...seen].map(([f, at]) => `${f} (${what}${at.length > 1 ? 's' : ''} ${at.slice(0, 5).join(', ')}${at.length > 5 ? ', …' : ''})`);
    throw new FileFormatError(
      `records disagree on the format: ${parts.join(' vs ')}; split the file so each holds one format, or fix the odd records`,
      'mixed-formats', seen,
    );
  }
  return [...seen.keys()][0];
}

/** A one-line preview for lists: the first user-facing text, whitespace collapsed. */
export function previewText(sample: NormalizedSample, max = 160): string {
  let text: string;
  switch (sample.kind) {
    case 'chat': text = (sample.turns.find((t) => t.role === 'user') ?? sample.turns[0])?.content ?? ''; break;
    case 'instruction': text = sample.instruction; break;
    case 'preference': text = (sample.prompt.find((t) => t.role === 'user') ?? sample.chosen[0])?.content ?? ''; break;
    case 'qa': text = sample.question; break;
  }
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  // Never cut a surrogate pair in half (it would show as �).
  const cut = /[\uD800-\uDBFF]/.test(flat[max - 2]) ? max - 2 : max - 1;
  return `${flat.slice(0, cut)}…`;
}
