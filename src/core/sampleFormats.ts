// Recognizes the sample formats trainers use and maps each record to a NormalizedSample.
// One implementation, shared by the store, the language server and (later) export.
import type { NormalizedSample, Role, Turn } from './sampleModel';

export type FormatId =
  | 'openai-chat'
  | 'sharegpt'
  | 'alpaca'
  | 'self-instruct-seed'
  | 'hh-rlhf'
  | 'trl-preference'
  | 'trl-prompt-completion'
  | 'qa';

/** A record that matches no known shape, or a known shape with a bad field. */
export class SampleShapeError extends Error {
  constructor(
    message: string,
    /** Stable code for diagnostics. */
    readonly code: 'unknown-shape' | 'missing-field' | 'bad-role',
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
const ROLES: readonly Role[] = ['system', 'user', 'assistant', 'tool'];

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
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

function toTurns(list: Json, field: string): Turn[] {
  if (!Array.isArray(list)) throw new SampleShapeError(`field "${field}" must be a list of messages`, 'missing-field');
  return list.map((m, i) => {
    if (!isObject(m)) throw new SampleShapeError(`${field}[${i}] must be an object`, 'missing-field');
    const role = m.role;
    if (typeof role !== 'string' || !ROLES.includes(role as Role)) {
      throw new SampleShapeError(`${field}[${i}].role must be one of ${ROLES.join(', ')}`, 'bad-role');
    }
    return { role: role as Role, content: contentText(m.content) };
  });
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
  return toTurns(v ?? null, field);
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

/** Which format a record is in, judged by its fields alone. */
export function detectFormat(record: unknown): FormatId {
  if (!isObject(record)) throw new SampleShapeError('a sample must be a JSON object', 'unknown-shape');
  const has = (k: string) => k in record;
  if (has('messages')) return 'openai-chat';
  if (has('conversations')) return 'sharegpt';
  if (has('chosen') && has('rejected')) {
    return has('prompt') || typeof record.chosen !== 'string' ? 'trl-preference' : 'hh-rlhf';
  }
  if (has('instruction') && has('instances')) return 'self-instruct-seed';
  if (has('instruction') && has('output')) return 'alpaca';
  if (has('prompt') && has('completion')) return 'trl-prompt-completion';
  if (has('question') && has('answer')) return 'qa';
  throw new SampleShapeError(
    `unknown sample shape (fields: ${Object.keys(record).join(', ') || 'none'}); expected one of ` +
      'messages | conversations | chosen+rejected | instruction+output | prompt+completion | question+answer',
    'unknown-shape',
  );
}

/** Maps a parsed record to its normalized view. Throws SampleShapeError with a precise reason. */
export function normalizeRecord(record: unknown, format: FormatId = detectFormat(record)): NormalizedSample {
  if (!isObject(record)) throw new SampleShapeError('a sample must be a JSON object', 'unknown-shape');
  switch (format) {
    case 'openai-chat':
      return { kind: 'chat', turns: toTurns(record.messages, 'messages') };
    case 'sharegpt': {
      const list = record.conversations;
      if (!Array.isArray(list)) throw new SampleShapeError('field "conversations" must be a list', 'missing-field');
      const turns = list.map((m, i): Turn => {
        if (!isObject(m)) throw new SampleShapeError(`conversations[${i}] must be an object`, 'missing-field');
        const role = SHAREGPT_ROLES.get(String(m.from).toLowerCase());
        if (!role) throw new SampleShapeError(`conversations[${i}].from "${String(m.from)}" is not a known role`, 'bad-role');
        return { role, content: contentText(m.value) };
      });
      return { kind: 'chat', turns };
    }
    case 'alpaca': {
      const system = optionalStr(record, 'system');
      return {
        kind: 'instruction', instruction: str(record, 'instruction'), input: optionalStr(record, 'input'),
        output: str(record, 'output'), ...(system ? { system } : {}),
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
        return preferenceFromTurns(toTurns(record.chosen, 'chosen'), toTurns(record.rejected, 'rejected'));
      }
      return {
        kind: 'preference', prompt: turnsOrText(record.prompt, 'prompt', 'user'),
        chosen: turnsOrText(record.chosen, 'chosen', 'assistant'), rejected: turnsOrText(record.rejected, 'rejected', 'assistant'),
      };
    }
    case 'trl-prompt-completion':
      return {
        kind: 'chat',
        turns: [...turnsOrText(record.prompt, 'prompt', 'user'), ...turnsOrText(record.completion, 'completion', 'assistant')],
      };
    case 'qa': {
      const answer = str(record, 'answer');
      const final = /\n####\s*(.+)\s*$/.exec(answer);
      return { kind: 'qa', question: str(record, 'question'), answer, ...(final ? { finalAnswer: final[1].trim() } : {}) };
    }
  }
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
