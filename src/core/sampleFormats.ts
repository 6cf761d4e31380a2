// Recognizes the sample formats trainers use and maps each record to a NormalizedSample.
// One implementation, shared by the store, the language server and (later) export.
import type { NormalizedSample, Role, Turn } from './sampleModel';


/**
 * The sample formats recognized, by the fields of one record:
 *
 * - `openai-chat`       `{messages: [{role, content, weight?}]}`: OpenAI chat fine-tuning, and TRL's
 *                       conversational language-modeling format (same shape).
 * - `openai-preference` `{input: {messages}, preferred_output: [..], non_preferred_output: [..]}` (OpenAI DPO).
 * - `sharegpt`          `{conversations: [{from, value}], system?}`.
 * - `alpaca`            `{instruction, input?, output, system?, history?: [[instruction, output], ..]}`.
 * - `self-instruct-seed` `{instruction, instances: [{input, output}]}` (Alpaca's seed tasks).
 * - `hh-rlhf`           `{chosen, rejected}` as `\n\nHuman: .. \n\nAssistant: ..` transcripts.
 * - `trl-preference`    `{prompt?, chosen, rejected}`: explicit prompt, or implicit (shared leading turns).
 * - `trl-prompt-completion` `{prompt, completion}`, each a string or a message list.
 * - `trl-unpaired-preference` `{prompt, completion, label: boolean}` (KTO-style).
 * - `qa`                `{question, answer}`; GSM8K's `#### N` last line becomes `finalAnswer`.
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
  | 'qa';

export const FORMAT_IDS: readonly FormatId[] = [
  'openai-chat', 'openai-preference', 'sharegpt', 'alpaca', 'self-instruct-seed', 'hh-rlhf', 'trl-preference',
  'trl-prompt-completion', 'trl-unpaired-preference', 'qa',
];

/** A record that matches no known shape, or a known shape with a bad or empty field. */
export class SampleShapeError extends Error {
  constructor(
    message: string,
    /** Stable code for diagnostics. */
    readonly code: 'unknown-shape' | 'missing-field' | 'bad-role' | 'empty-content',
  ) {
    super(message);
  }
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

// A Map, not an object literal: a `from` of "constructor" or "__proto__" must not find a role.
const SHAREGPT_ROLES: ReadonlyMap<string, Role> = new Map([
  ['system', 'system'], ['human', 'user'], ['user', 'user'], ['gpt', 'assistant'], ['assistant', 'assistant'],
  ['chatgpt', 'assistant'], ['bing', 'assistant'], ['bard', 'assistant'], ['model', 'assistant'], ['tool', 'tool'],
  ['function', 'tool'], ['observation', 'tool'],
]);
// OpenAI's `developer` is the system prompt of its newer models; `function` is the legacy tool role.
const MESSAGE_ROLES: ReadonlyMap<string, Role> = new Map([
  ['system', 'system'], ['developer', 'system'], ['user', 'user'], ['assistant', 'assistant'], ['tool', 'tool'],
  ['function', 'tool'],
]);

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function has(record: JsonObject, field: string): boolean {
  return Object.hasOwn(record, field);
}

function str(record: JsonObject, field: string): string {
  const v = record[field];
  if (typeof v !== 'string') throw new SampleShapeError(`field "${field}" must be a string`, 'missing-field');
  return v;
}

function optionalStr(record: JsonObject, field: string): string {
  const v = record[field];
  return typeof v === 'string' ? v : '';
}

function nonEmpty(turns: Turn[], field: string): Turn[] {
  if (turns.length === 0) throw new SampleShapeError(`field "${field}" is an empty list: the sample has no turns`, 'empty-content');
  return turns;
}

function toTurns(list: Json | undefined, field: string): Turn[] {
  if (!Array.isArray(list)) throw new SampleShapeError(`field "${field}" must be a list of messages`, 'missing-field');
  return list.map((m, i) => {
    if (!isObject(m)) throw new SampleShapeError(`${field}[${i}] must be an object`, 'missing-field');
    const role = typeof m.role === 'string' ? MESSAGE_ROLES.get(m.role) : undefined;
    if (!role) {
      throw new SampleShapeError(`${field}[${i}].role must be one of system, developer, user, assistant, tool (found ${JSON.stringify(m.role) ?? 'none'})`, 'bad-role');
    }
    return withWeight({ role, content: contentText(m.content) }, m, `${field}[${i}]`);
  });
}

/** Keeps a message's training weight (OpenAI: 0 or 1) in the normalized turn. */
function withWeight(turn: Turn, message: JsonObject, where: string): Turn {
  if (!has(message, 'weight')) return turn;
  const w = message.weight;
  if (typeof w !== 'number' || !Number.isFinite(w)) throw new SampleShapeError(`${where}.weight must be a number (0 or 1)`, 'missing-field');
  return { ...turn, weight: w };
}

/** Message content may be a string or a list of typed parts (OpenAI); only text parts are shown. */
function contentText(content: Json | undefined): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((p) => (isObject(p) && typeof p.text === 'string' ? p.text : '')).join('');
  }
  return content === null || content === undefined ? '' : JSON.stringify(content);
}

/** A prompt or completion in TRL may be a plain string or a message list. */
function turnsOrText(v: Json | undefined, field: string, role: Role): Turn[] {
  if (typeof v === 'string') return [{ role, content: v }];
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

/** The longest common prefix of two turn lists, by role and content. */
function sharedPrefix(a: readonly Turn[], b: readonly Turn[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i].role === b[i].role && a[i].content === b[i].content) i++;
  // The completions must keep at least their final turn.
  return Math.min(i, a.length - 1, b.length - 1);
}

function preferenceFromTurns(chosenAll: Turn[], rejectedAll: Turn[]): NormalizedSample {
  const n = Math.max(0, sharedPrefix(chosenAll, rejectedAll));
  return { kind: 'preference', prompt: chosenAll.slice(0, n), chosen: chosenAll.slice(n), rejected: rejectedAll.slice(n) };
}

/** Alpaca `history`: a list of [instruction, output] pairs, oldest first. */
function alpacaHistory(v: Json | undefined): Turn[] {
  if (!Array.isArray(v)) throw new SampleShapeError('field "history" must be a list of [instruction, output] pairs', 'missing-field');
  return v.flatMap((pair, i): Turn[] => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      throw new SampleShapeError(`history[${i}] must be a pair of strings [instruction, output]`, 'missing-field');
    }
    return [{ role: 'user', content: pair[0] }, { role: 'assistant', content: pair[1] }];
  });
}

/** Which format a record is in, judged by its fields alone. */
export function detectFormat(record: unknown): FormatId {
  if (!isObject(record)) throw new SampleShapeError('a sample must be a JSON object', 'unknown-shape');
  const is = (k: string) => has(record, k);
  if (is('messages')) return 'openai-chat';
  if (is('input') && is('preferred_output') && is('non_preferred_output')) return 'openai-preference';
  if (is('conversations')) return 'sharegpt';
  if (is('chosen') && is('rejected')) {
    if (is('prompt') || typeof record.chosen !== 'string') return 'trl-preference';
    // TRL's implicit-prompt standard pairs are plain strings too; only transcripts are HH-RLHF.
    return TRANSCRIPT_MARKER.test(record.chosen) ? 'hh-rlhf' : 'trl-preference';
  }
  if (is('instruction') && is('instances')) return 'self-instruct-seed';
  if (is('instruction') && is('output')) return 'alpaca';
  if (is('prompt') && is('completion')) return is('label') ? 'trl-unpaired-preference' : 'trl-prompt-completion';
  if (is('question') && is('answer')) return 'qa';
  throw new SampleShapeError(
    `unknown sample shape (fields: ${Object.keys(record).join(', ') || 'none'}); expected one of ` +
      'messages | input+preferred_output+non_preferred_output | conversations | chosen+rejected | instruction+output | ' +
      'instruction+instances | prompt+completion(+label) | question+answer',
    'unknown-shape',
  );
}

/** Maps a parsed record to its normalized view. Throws SampleShapeError with a precise reason. */
export function normalizeRecord(record: unknown, format: FormatId = detectFormat(record)): NormalizedSample {
  if (!isObject(record)) throw new SampleShapeError('a sample must be a JSON object', 'unknown-shape');
  switch (format) {
    case 'openai-chat':
      return { kind: 'chat', turns: nonEmpty(toTurns(record.messages, 'messages'), 'messages') };
    case 'openai-preference': {
      const input = record.input;
      if (!isObject(input)) throw new SampleShapeError('field "input" must be an object holding "messages"', 'missing-field');
      return {
        kind: 'preference', prompt: toTurns(input.messages, 'input.messages'),
        chosen: nonEmpty(toTurns(record.preferred_output, 'preferred_output'), 'preferred_output'),
        rejected: nonEmpty(toTurns(record.non_preferred_output, 'non_preferred_output'), 'non_preferred_output'),
      };
    }
    case 'sharegpt': {
      const list = record.conversations;
      if (!Array.isArray(list)) throw new SampleShapeError('field "conversations" must be a list', 'missing-field');
      const turns = list.map((m, i): Turn => {
        if (!isObject(m)) throw new SampleShapeError(`conversations[${i}] must be an object`, 'missing-field');
        const role = SHAREGPT_ROLES.get(String(m.from).toLowerCase());
        if (!role) throw new SampleShapeError(`conversations[${i}].from "${String(m.from)}" is not a known role`, 'bad-role');
        return withWeight({ role, content: contentText(m.value) }, m, `conversations[${i}]`);
      });
      // LLaMA-Factory's ShareGPT variant keeps the system prompt beside the conversation.
      const system = optionalStr(record, 'system');
      return { kind: 'chat', turns: [...(system ? [{ role: 'system' as const, content: system }] : []), ...nonEmpty(turns, 'conversations')] };
    }
    case 'alpaca': {
      const system = optionalStr(record, 'system');
      const history = has(record, 'history') && record.history !== null ? alpacaHistory(record.history) : [];
      return {
        kind: 'instruction', instruction: str(record, 'instruction'), input: optionalStr(record, 'input'),
        output: str(record, 'output'), ...(system ? { system } : {}), ...(history.length ? { history } : {}),
      };
    }
    case 'self-instruct-seed': {
      const first = Array.isArray(record.instances) && isObject(record.instances[0]) ? record.instances[0] : undefined;
      if (!first) throw new SampleShapeError('field "instances" must hold at least one {input, output}', 'missing-field');
      return { kind: 'instruction', instruction: str(record, 'instruction'), input: optionalStr(first, 'input'), output: str(first, 'output') };
    }
    case 'hh-rlhf':
      return preferenceFromTurns(parseTranscript(str(record, 'chosen')), parseTranscript(str(record, 'rejected')));
    case 'trl-preference': {
      if (record.prompt === undefined) {
        if (typeof record.chosen === 'string' && typeof record.rejected === 'string') {
          // Implicit prompt in plain text: where the prompt ends is not marked, so none is split off.
          return { kind: 'preference', prompt: [], chosen: [{ role: 'assistant', content: record.chosen }], rejected: [{ role: 'assistant', content: record.rejected }] };
        }
        const chosen = toTurns(record.chosen, 'chosen');
        const rejected = toTurns(record.rejected, 'rejected');
        return preferenceFromTurns(nonEmpty(chosen, 'chosen'), nonEmpty(rejected, 'rejected'));
      }
      return {
        kind: 'preference', prompt: turnsOrText(record.prompt, 'prompt', 'user'),
        chosen: nonEmpty(turnsOrText(record.chosen, 'chosen', 'assistant'), 'chosen'),
        rejected: nonEmpty(turnsOrText(record.rejected, 'rejected', 'assistant'), 'rejected'),
      };
    }
    case 'trl-prompt-completion':
      return {
        kind: 'chat',
        turns: [...turnsOrText(record.prompt, 'prompt', 'user'), ...nonEmpty(turnsOrText(record.completion, 'completion', 'assistant'), 'completion')],
      };
    case 'trl-unpaired-preference': {
      if (typeof record.label !== 'boolean') throw new SampleShapeError('field "label" must be true or false', 'missing-field');
      return {
        kind: 'chat', label: record.label,
        turns: [...turnsOrText(record.prompt, 'prompt', 'user'), ...nonEmpty(turnsOrText(record.completion, 'completion', 'assistant'), 'completion')],
      };
    }
    case 'qa': {
      const answer = str(record, 'answer');
      const finalAnswer = markedFinalAnswer(answer);
      return { kind: 'qa', question: str(record, 'question'), answer, ...(finalAnswer ? { finalAnswer } : {}) };
    }
  }
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
