// Tool use in a normalized sample: what of it a sample holds (formats without message lists must
// refuse such a sample rather than write it without), which call each tool result answers, and
// the arguments as a reviewer reads them. Pure: also compiled into the webview.
import type { NormalizedSample, ToolCall, Turn } from './sampleModel';

function turnsOf(sample: NormalizedSample): readonly Turn[] {
  switch (sample.kind) {
    case 'chat': return sample.turns;
    case 'instruction': return sample.history ?? [];
    case 'preference': return [...sample.prompt, ...sample.chosen, ...sample.rejected];
    case 'qa': return [];
  }
}

/**
 * What the sample holds that only a message-list format with tool fields can carry, named for a
 * refusal reason ("tool calls"), or undefined when it holds none of it. A tool turn with neither
 * call id nor name (ShareGPT's `observation`) is plain text and not counted.
 */
export function toolUseIn(sample: NormalizedSample): string | undefined {
  const turns = turnsOf(sample);
  if (turns.some((t) => t.toolCalls?.length)) return 'tool calls';
  if (turns.some((t) => t.toolCallId !== undefined)) return 'tool results tied to their calls';
  if ((sample.kind === 'chat' || sample.kind === 'preference') && sample.tools?.length) return 'tool schemas';
  if (turns.some((t) => t.name !== undefined)) return 'message names';
  return undefined;
}

/** The arguments pretty-printed when they are JSON (or TRL's object), else the text exactly as written. */
export function formatToolArguments(args: ToolCall['arguments']): string {
  if (typeof args !== 'string') return JSON.stringify(args, null, 2);
  try {
    return JSON.stringify(JSON.parse(args), null, 2);
  } catch {
    return args;
  }
}

/** Where a tool result's call is: the turn that made it and the call's position in that turn. */
export interface CallRef {
  readonly turn: number;
  readonly call: number;
}

/**
 * For each tool turn (by index) the call it answers: by `tool_call_id` when it has one, otherwise
 * the first call not yet answered (TRL records results in call order, without ids).
 */
export function toolResultCalls(turns: readonly Turn[]): Map<number, CallRef> {
  const open: (CallRef & { readonly id?: string })[] = [];
  const found = new Map<number, CallRef>();
  turns.forEach((t, i) => {
    t.toolCalls?.forEach((c, k) => open.push({ turn: i, call: k, ...(c.id !== undefined ? { id: c.id } : {}) }));
    if (t.role !== 'tool') return;
    const at = t.toolCallId !== undefined ? open.findIndex((c) => c.id === t.toolCallId) : open.findIndex((c) => c.id === undefined);
    if (at < 0) return;
    const [ref] = open.splice(at, 1);
    found.set(i, { turn: ref.turn, call: ref.call });
  });
  return found;
}
