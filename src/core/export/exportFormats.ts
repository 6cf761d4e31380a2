// The formats export writes, each a function from a NormalizedSample to one JSONL record, and the
// writers of the input formats (sampleFormats.ts reads them; these write them back) so an edited
// sample can be exported in its source's shape. A conversion that makes no sense for a sample
// (a chat into a preference format) is a refusal with the reason, never an empty record.
import type { FormatId } from '../formats/sampleFormats';
import { SHAREGPT_FROM } from '../formats/roleNames';
import type { JsonValue, NormalizedSample, ToolCall, Turn } from '../formats/sampleModel';
import { toolUseIn } from '../formats/toolUse';
import { withArticle } from '../formats/englishArticle';

/**
 * The export formats, by the shape of one record:
 *
 * - `openai-chat`           `{messages: [{role, content, weight?}], tools?}`: OpenAI chat fine-tuning (weight kept).
 * - `openai-preference`     `{input: {messages, tools?}, preferred_output: [assistant], non_preferred_output: [assistant]}`.
 * - `trl-messages`          `{messages: [{role, content}], tools?}`: TRL conversational language modeling.
 * - `trl-prompt-completion` `{prompt: [..], completion: [..], tools?}`: TRL conversational prompt-completion.
 * - `trl-preference`        `{prompt: [..], chosen: [..], rejected: [..], tools?}`: TRL preference, explicit prompt.
 * - `sharegpt`              `{conversations: [{from: system|human|gpt|observation, value}]}`.
 * - `alpaca`                `{instruction, input, output, system?, history?}`.
 *
 * Messages carry tool use as OpenAI and TRL write it: an assistant's `tool_calls` (content null when
 * it only calls), a tool result's `tool_call_id` and `name`. ShareGPT and Alpaca have no place for
 * it, so a sample with tool calls, call ids, message names or tool schemas is refused there.
 * - `original`              the source records as they are; edited ones written back in their own format.
 */
export type ExportFormatId =
  | 'openai-chat' | 'openai-preference' | 'trl-messages' | 'trl-prompt-completion' | 'trl-preference'
  | 'sharegpt' | 'alpaca' | 'original';

export interface ExportFormatInfo {
  readonly id: ExportFormatId;
  readonly label: string;
  /** The sample kinds that convert (others are refused per sample). */
  readonly takes: string;
}

export const EXPORT_FORMATS: readonly ExportFormatInfo[] = [
  { id: 'openai-chat', label: 'OpenAI chat fine-tuning JSONL', takes: 'chat, instruction, qa' },
  { id: 'openai-preference', label: 'OpenAI preference (DPO) JSONL', takes: 'preference with a prompt and one-message answers' },
  { id: 'trl-messages', label: 'TRL messages', takes: 'chat, instruction, qa' },
  { id: 'trl-prompt-completion', label: 'TRL prompt / completion', takes: 'chat ending in an assistant turn, instruction, qa' },
  { id: 'trl-preference', label: 'TRL prompt / chosen / rejected (explicit prompt)', takes: 'preference with a prompt' },
  { id: 'sharegpt', label: 'ShareGPT', takes: 'chat, instruction, qa, without tool use' },
  { id: 'alpaca', label: 'Alpaca', takes: 'instruction, qa, chat of user/assistant pairs, without tool use' },
  { id: 'original', label: 'Original records (edits applied where the shape allows)', takes: 'every readable sample' },
];

export const EXPORT_FORMAT_IDS: readonly ExportFormatId[] = EXPORT_FORMATS.map((f) => f.id);

export type JsonRecord = { readonly [key: string]: unknown };

export type Conversion = { readonly ok: true; readonly record: JsonRecord } | { readonly ok: false; readonly reason: string };

function refuse(reason: string): Conversion {
  return { ok: false, reason };
}

function ok(record: JsonRecord): Conversion {
  return { ok: true, record };
}

/** The sample as one conversation, for the supervised formats; a reason when it is not one. */
export function conversationOf(sample: NormalizedSample): readonly Turn[] | string {
  switch (sample.kind) {
    case 'chat':
      // An unpaired preference marked bad is an example of what not to say: never a training target.
      return sample.label === false ? 'an unpaired preference marked undesirable (label false) is not a supervised example' : sample.turns;
    case 'instruction':
      return [
        ...(sample.system ? [{ role: 'system' as const, content: sample.system }] : []),
        ...(sample.history ?? []),
        { role: 'user', content: sample.input ? `${sample.instruction}\n\n${sample.input}` : sample.instruction },
        { role: 'assistant', content: sample.output },
      ];
    case 'qa':
      return [{ role: 'user', content: sample.question }, { role: 'assistant', content: sample.answer }];
    case 'preference':
      return 'a preference pair is not one conversation (export it in a preference format)';
  }
}

/** How a message list writes a call's arguments: as given, or as JSON text (OpenAI takes only text). */
type ArgumentsAs = 'given' | 'text';

function toolCallOf(c: ToolCall, args: ArgumentsAs) {
  const written = args === 'text' && typeof c.arguments !== 'string' ? JSON.stringify(c.arguments) : c.arguments;
  return { ...(c.id !== undefined ? { id: c.id } : {}), type: 'function', function: { name: c.name, arguments: written } };
}

/**
 * One message: role and content, then whatever tool fields and weight the turn has, nothing else.
 * Built field by field, not by spreads: JSON.stringify takes a slower path over spread-built
 * objects (a third of a large export's time stringifying its records).
 */
function messageOf(t: Turn, weight: boolean, args: ArgumentsAs): JsonRecord {
  const calls = t.toolCalls?.length ? t.toolCalls : undefined;
  // A call-only turn is written as OpenAI and TRL write it: null content beside its calls.
  const m: { [key: string]: unknown } = { role: t.role, content: calls && t.content === '' ? null : t.content };
  if (calls) m.tool_calls = calls.map((c) => toolCallOf(c, args));
  if (t.toolCallId !== undefined) m.tool_call_id = t.toolCallId;
  if (t.name !== undefined) m.name = t.name;
  if (weight && t.weight !== undefined) m.weight = t.weight;
  return m;
}

const plain = (t: Turn) => messageOf(t, false, 'given');
const weighted = (t: Turn) => messageOf(t, true, 'given');
const openaiPlain = (t: Turn) => messageOf(t, false, 'text');
const openaiWeighted = (t: Turn) => messageOf(t, true, 'text');

/** `record` with the record-level `tools` field last, when the sample has schemas (assigned, not spread: see messageOf). */
function withTools(record: { [key: string]: unknown }, sample: NormalizedSample): JsonRecord {
  if ((sample.kind === 'chat' || sample.kind === 'preference') && sample.tools?.length) record.tools = sample.tools as readonly JsonValue[];
  return record;
}

/** The refusal for a format with no place for tool use, when the sample has some. */
function toolUseRefusal(sample: NormalizedSample, formatName: string): Conversion | undefined {
  const what = toolUseIn(sample);
  return what ? refuse(`the sample has ${what}; ${formatName} cannot hold them`) : undefined;
}

function withAssistant(turns: readonly Turn[] | string): readonly Turn[] | string {
  if (typeof turns === 'string') return turns;
  return turns.some((t) => t.role === 'assistant') ? turns : 'the conversation has no assistant turn to train on';
}

/** Splits a conversation before its final run of assistant turns; a reason when it does not end in one. */
function promptAndCompletion(turns: readonly Turn[]): { prompt: readonly Turn[]; completion: readonly Turn[] } | string {
  let cut = turns.length;
  while (cut > 0 && turns[cut - 1].role === 'assistant') cut--;
  if (cut === turns.length) return 'the conversation does not end in an assistant turn (no completion)';
  if (cut === 0) return 'the conversation has no prompt before its assistant turns';
  return { prompt: turns.slice(0, cut), completion: turns.slice(cut) };
}

function preferenceOf(sample: NormalizedSample): Extract<NormalizedSample, { kind: 'preference' }> | string {
  if (sample.kind !== 'preference') return `${withArticle(sample.kind)} sample is not a preference pair`;
  if (sample.prompt.length === 0) return 'the preference pair has no explicit prompt';
  return sample;
}

/** Alpaca's view of a conversation: [system] (user, assistant)+ pairs, the last pair the instruction. */
function alpacaOf(sample: NormalizedSample): Conversion {
  const tools = toolUseRefusal(sample, 'Alpaca');
  if (tools) return tools;
  if (sample.kind === 'instruction') {
    return ok({
      instruction: sample.instruction, input: sample.input, output: sample.output,
      ...(sample.system ? { system: sample.system } : {}),
      ...(sample.history?.length ? { history: pairsOf(sample.history) } : {}),
    });
  }
  const turns = conversationOf(sample);
  if (typeof turns === 'string') return refuse(turns);
  const system = turns[0]?.role === 'system' ? turns[0].content : undefined;
  const rest = system === undefined ? turns : turns.slice(1);
  const pairs = pairsOf(rest);
  if (!pairs) return refuse('Alpaca holds only alternating user/assistant pairs (after an optional system prompt)');
  const [instruction, output] = pairs[pairs.length - 1];
  return ok({
    instruction, input: '', output, ...(system !== undefined ? { system } : {}),
    ...(pairs.length > 1 ? { history: pairs.slice(0, -1) } : {}),
  });
}

/** [[user, assistant], ..] when the turns alternate user/assistant, starting with user; else undefined. */
function pairsOf(turns: readonly Turn[]): [string, string][] | undefined {
  if (turns.length === 0 || turns.length % 2) return undefined;
  const pairs: [string, string][] = [];
  for (let i = 0; i < turns.length; i += 2) {
    if (turns[i].role !== 'user' || turns[i + 1].role !== 'assistant') return undefined;
    pairs.push([turns[i].content, turns[i + 1].content]);
  }
  return pairs;
}

function oneAssistantMessage(turns: readonly Turn[]): boolean {
  return turns.length === 1 && turns[0].role === 'assistant';
}

/** One sample in one export format (not `original`, which needs the source record: see writeAsSource). */
export function convertSample(sample: NormalizedSample, format: Exclude<ExportFormatId, 'original'>): Conversion {
  switch (format) {
    case 'openai-chat':
    case 'trl-messages': {
      const turns = withAssistant(conversationOf(sample));
      if (typeof turns === 'string') return refuse(turns);
      return ok(withTools({ messages: turns.map(format === 'openai-chat' ? openaiWeighted : plain) }, sample));
    }
    case 'trl-prompt-completion': {
      const turns = conversationOf(sample);
      const split = typeof turns === 'string' ? turns : promptAndCompletion(turns);
      if (typeof split === 'string') return refuse(split);
      return ok(withTools({ prompt: split.prompt.map(plain), completion: split.completion.map(plain) }, sample));
    }
    case 'sharegpt': {
      const tools = toolUseRefusal(sample, 'ShareGPT');
      if (tools) return tools;
      const turns = withAssistant(conversationOf(sample));
      if (typeof turns === 'string') return refuse(turns);
      return ok({ conversations: turns.map((t) => ({ from: SHAREGPT_FROM[t.role], value: t.content })) });
    }
    case 'alpaca':
      return alpacaOf(sample);
    case 'openai-preference': {
      const p = preferenceOf(sample);
      if (typeof p === 'string') return refuse(p);
      if (!oneAssistantMessage(p.chosen) || !oneAssistantMessage(p.rejected)) {
        return refuse('OpenAI preference outputs must each be one assistant message');
      }
      return ok({
        input: withTools({ messages: p.prompt.map(openaiPlain) }, p), preferred_output: p.chosen.map(openaiPlain), non_preferred_output: p.rejected.map(openaiPlain),
      });
    }
    case 'trl-preference': {
      const p = preferenceOf(sample);
      if (typeof p === 'string') return refuse(p);
      return ok(withTools({ prompt: p.prompt.map(plain), chosen: p.chosen.map(plain), rejected: p.rejected.map(plain) }, p));
    }
  }
}

/** HH-RLHF's transcript text of user/assistant turns; undefined when another role is present. */
function transcript(turns: readonly Turn[]): string | undefined {
  if (!turns.every((t) => t.role === 'user' || t.role === 'assistant')) return undefined;
  return turns.map((t) => `\n\n${t.role === 'user' ? 'Human' : 'Assistant'}: ${t.content}`).join('');
}

/** The fields of a record in each input format that hold the sample (the rest is metadata, kept). */
const CONTENT_FIELDS: Readonly<Record<FormatId, readonly string[]>> = {
  'openai-chat': ['messages', 'tools'],
  'openai-preference': ['input', 'preferred_output', 'non_preferred_output'],
  sharegpt: ['conversations', 'system'],
  alpaca: ['instruction', 'input', 'output', 'system', 'history'],
  'self-instruct-seed': ['instruction', 'instances'],
  'hh-rlhf': ['chosen', 'rejected'],
  'trl-preference': ['prompt', 'chosen', 'rejected', 'tools'],
  'trl-prompt-completion': ['prompt', 'completion', 'tools'],
  'trl-unpaired-preference': ['prompt', 'completion', 'label', 'tools'],
  qa: ['question', 'answer'],
  distilabel: ['instruction', 'generation', 'system_prompt'],
  ultrafeedback: ['instruction', 'completions'],
  'ultrafeedback-binarized': ['prompt', 'chosen', 'rejected', 'messages'],
  conversation: ['conversation'],
  'instruction-response': ['instruction', 'response', 'input', 'context', 'instruction_2', 'response_2'],
};

/** The input formats whose messages and records have fields for tool use. */
const MESSAGE_LIST_FORMATS: readonly FormatId[] = [
  'openai-chat', 'openai-preference', 'trl-preference', 'trl-prompt-completion', 'trl-unpaired-preference', 'ultrafeedback-binarized', 'conversation',
];

/** The sample's content in an input format's fields (`source`: the record it came from, for the generator shapes' variants). */
function contentAs(sample: NormalizedSample, format: FormatId, source: JsonRecord): Conversion {
  const wrong = () => refuse(`an edited ${sample.kind} sample cannot be written back as ${format}`);
  if (!MESSAGE_LIST_FORMATS.includes(format)) {
    const tools = toolUseRefusal(sample, format);
    if (tools) return tools;
  }
  switch (format) {
    case 'openai-chat':
      return sample.kind === 'chat' && sample.label === undefined ? ok(withTools({ messages: sample.turns.map(weighted) }, sample)) : wrong();
    case 'openai-preference':
    case 'trl-preference':
      if (sample.kind !== 'preference') return wrong();
      if (format === 'openai-preference') return convertSample(sample, 'openai-preference');
      // An implicit-prompt source stays implicit: the prompt goes back in front of both answers.
      return sample.prompt.length ? convertSample(sample, 'trl-preference')
        : ok(withTools({ chosen: sample.chosen.map(plain), rejected: sample.rejected.map(plain) }, sample));
    case 'sharegpt':
      return sample.kind === 'chat' && sample.label === undefined ? convertSample(sample, 'sharegpt') : wrong();
    case 'alpaca':
      return sample.kind === 'instruction' ? alpacaOf(sample) : wrong();
    case 'self-instruct-seed':
      return sample.kind === 'instruction' && !sample.system && !sample.history?.length
        ? ok({ instruction: sample.instruction, instances: [{ input: sample.input, output: sample.output }] }) : wrong();
    case 'hh-rlhf': {
      if (sample.kind !== 'preference') return wrong();
      const chosen = transcript([...sample.prompt, ...sample.chosen]);
      const rejected = transcript([...sample.prompt, ...sample.rejected]);
      return chosen !== undefined && rejected !== undefined ? ok({ chosen, rejected }) : wrong();
    }
    case 'trl-prompt-completion':
    case 'trl-unpaired-preference': {
      if (sample.kind !== 'chat' || (sample.label === undefined) !== (format === 'trl-prompt-completion')) return wrong();
      const split = promptAndCompletion(sample.turns);
      if (typeof split === 'string') return refuse(split);
      return ok(withTools({ prompt: split.prompt.map(plain), completion: split.completion.map(plain), ...(sample.label !== undefined ? { label: sample.label } : {}) }, sample));
    }
    case 'qa':
      return sample.kind === 'qa' ? ok({ question: sample.question, answer: sample.answer }) : wrong();
    case 'distilabel':
      // One `generation` goes back; a pair drawn from rated `generations` has no one place to go back to.
      if (sample.kind !== 'instruction' || sample.input || sample.history?.length || !Object.hasOwn(source, 'generation') || Object.hasOwn(source, 'generations')) {
        return refuse(`an edited ${sample.kind} sample read from distilabel's generations cannot be written back into them; export it in a converted format`);
      }
      return ok({ instruction: sample.instruction, generation: sample.output, ...(sample.system ? { system_prompt: sample.system } : {}) });
    case 'ultrafeedback':
      return refuse('an edited sample read from UltraFeedback completions cannot be written back into them; export it in a converted format');
    case 'ultrafeedback-binarized': {
      if (sample.kind !== 'preference') return wrong();
      const asked = [...sample.prompt].reverse().find((t) => t.role === 'user');
      if (!asked) return refuse('the pair\'s prompt has no user turn to write as "prompt"');
      const chosen = [...sample.prompt, ...sample.chosen].map(plain);
      const messages = Object.hasOwn(source, 'messages') ? { messages: chosen } : {};
      return ok({ prompt: asked.content, chosen, rejected: [...sample.prompt, ...sample.rejected].map(plain), ...messages });
    }
    case 'conversation':
      return sample.kind === 'chat' && sample.label === undefined && !sample.tools?.length ? ok({ conversation: sample.turns.map(plain) }) : wrong();
    case 'instruction-response': {
      if (sample.kind !== 'instruction' || sample.system) return wrong();
      const inputField = Object.hasOwn(source, 'input') ? 'input' : 'context';
      const input = sample.input || Object.hasOwn(source, inputField) ? { [inputField]: sample.input } : {};
      if (!sample.history?.length) return ok({ instruction: sample.instruction, ...input, response: sample.output });
      const pairs = pairsOf(sample.history);
      if (!pairs || pairs.length !== 1 || sample.input) return refuse('instruction/response holds at most one earlier pair (instruction_2, response_2) and no input beside it');
      return ok({ instruction: pairs[0][0], response: pairs[0][1], instruction_2: sample.instruction, response_2: sample.output });
    }
  }
}

/**
 * An edited sample written back in its source record's format: the record's other fields (ids,
 * provenance metadata) are kept, its content fields replaced. Refused when the edit changed the
 * sample into something that format cannot hold.
 */
export function writeAsSource(sample: NormalizedSample, source: JsonRecord, format: FormatId): Conversion {
  const content = contentAs(sample, format, source);
  if (!content.ok) return content;
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(source)) if (!CONTENT_FIELDS[format].includes(k)) kept[k] = v;
  const input = source.input;
  if (format === 'openai-preference' && typeof input === 'object' && input !== null && !Array.isArray(input)) {
    // OpenAI's input holds settings beside the prompt (parallel_tool_calls): kept like top-level metadata.
    const settings = Object.fromEntries(Object.entries(input).filter(([k]) => k !== 'messages' && k !== 'tools'));
    return ok({ ...kept, ...content.record, input: { ...settings, ...(content.record.input as JsonRecord) } });
  }
  return ok({ ...kept, ...content.record });
}
