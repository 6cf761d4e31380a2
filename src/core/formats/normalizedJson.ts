// The normalized view as JSON text: what an edit opens in an editor tab and what a revision
// stores. Reading it back checks every field, so a hand-edited revision that is not a valid
// sample is refused with a reason instead of being stored.
import { SampleShapeError } from './sampleFormats';
import type { JsonObjectValue, JsonValue, NormalizedSample, Role, ToolCall, Turn } from './sampleModel';

const ROLES: readonly string[] = ['system', 'user', 'assistant', 'tool'];

export function toNormalizedJson(sample: NormalizedSample): string {
  return `${JSON.stringify(sample, null, 2)}\n`;
}

type Obj = Record<string, unknown>;

function fail(message: string): never {
  throw new SampleShapeError(message, 'missing-field');
}

function str(o: Obj, key: string, optional = false): string | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string') fail(`"${key}" must be a string`);
  return v;
}

function turnList(v: unknown, key: string, optional = false): Turn[] | undefined {
  if (v === undefined && optional) return undefined;
  if (!Array.isArray(v)) fail(`"${key}" must be a list of turns`);
  return v.map((t, i) => {
    if (typeof t !== 'object' || t === null || Array.isArray(t)) fail(`${key}[${i}] must be an object`);
    const o = t as Obj;
    if (typeof o.role !== 'string' || !ROLES.includes(o.role)) {
      throw new SampleShapeError(`${key}[${i}].role must be one of ${ROLES.join(', ')}`, 'bad-role');
    }
    if (typeof o.content !== 'string') fail(`${key}[${i}].content must be a string`);
    if (o.weight !== undefined && typeof o.weight !== 'number') fail(`${key}[${i}].weight must be a number`);
    const toolCalls = toolCallList(o.toolCalls, `${key}[${i}].toolCalls`);
    if (toolCalls && o.role !== 'assistant') fail(`${key}[${i}].toolCalls: only an assistant turn calls tools`);
    const toolCallId = str(o, 'toolCallId', true);
    if (toolCallId !== undefined && o.role !== 'tool') fail(`${key}[${i}].toolCallId belongs on a tool turn`);
    const name = str(o, 'name', true);
    return {
      role: o.role as Role, content: o.content, ...(o.weight !== undefined ? { weight: o.weight as number } : {}),
      ...(toolCalls ? { toolCalls } : {}), ...(toolCallId !== undefined ? { toolCallId } : {}), ...(name !== undefined ? { name } : {}),
    };
  });
}

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A turn's tool calls: `[{id?, name, arguments}]`, arguments a string (kept as typed) or an object. */
function toolCallList(v: unknown, key: string): ToolCall[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) fail(`"${key}" must be a list of tool calls`);
  return v.map((c, i) => {
    if (!isObject(c)) fail(`${key}[${i}] must be an object {id?, name, arguments}`);
    const id = str(c, 'id', true);
    if (typeof c.name !== 'string' || !c.name) fail(`${key}[${i}].name must be a non-empty string`);
    if (typeof c.arguments !== 'string' && !isObject(c.arguments)) fail(`${key}[${i}].arguments must be a string (JSON text) or an object`);
    return { ...(id !== undefined ? { id } : {}), name: c.name, arguments: c.arguments as string | JsonObjectValue };
  });
}

/** Tool schemas: a list of objects, kept whole. */
function toolSchemaList(v: unknown): { tools?: readonly JsonValue[] } {
  if (v === undefined) return {};
  if (!Array.isArray(v) || !v.every(isObject)) fail('"tools" must be a list of tool schema objects');
  return { tools: v as JsonValue[] };
}

/** Parses normalized JSON text back into a sample; throws SyntaxError or SampleShapeError with a reason. */
export function fromNormalizedJson(text: string): NormalizedSample {
  const v: unknown = JSON.parse(text);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('a sample must be a JSON object');
  const o = v as Obj;
  switch (o.kind) {
    case 'chat': {
      if (o.label !== undefined && typeof o.label !== 'boolean') fail('"label" must be true or false');
      return { kind: 'chat', turns: turnList(o.turns, 'turns') ?? [], ...(o.label !== undefined ? { label: o.label as boolean } : {}), ...toolSchemaList(o.tools) };
    }
    case 'instruction': {
      const system = str(o, 'system', true);
      const history = turnList(o.history, 'history', true);
      return {
        kind: 'instruction', instruction: str(o, 'instruction') ?? '', input: str(o, 'input') ?? '', output: str(o, 'output') ?? '',
        ...(system !== undefined ? { system } : {}), ...(history !== undefined ? { history } : {}),
      };
    }
    case 'preference':
      return {
        kind: 'preference', prompt: turnList(o.prompt, 'prompt') ?? [], chosen: turnList(o.chosen, 'chosen') ?? [], rejected: turnList(o.rejected, 'rejected') ?? [],
        ...toolSchemaList(o.tools),
      };
    case 'qa': {
      const finalAnswer = str(o, 'finalAnswer', true);
      return { kind: 'qa', question: str(o, 'question') ?? '', answer: str(o, 'answer') ?? '', ...(finalAnswer !== undefined ? { finalAnswer } : {}) };
    }
    default:
      return fail(`"kind" must be one of chat, instruction, preference, qa (got ${JSON.stringify(o.kind)})`);
  }
}
