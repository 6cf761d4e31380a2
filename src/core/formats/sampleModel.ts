// The normalized view of a sample, whatever its source format. Pure types: this file is also
// compiled into the webview (through protocol.ts), so it must stay free of Node and DOM.

/** Roles after normalization (ShareGPT `human`/`gpt` map to `user`/`assistant`). */
export type Role = 'system' | 'user' | 'assistant' | 'tool';

/** A JSON value as the record held it: tool schemas are kept whole, never interpreted. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObjectValue;
export type JsonObjectValue = { readonly [key: string]: JsonValue };

/** One function call an assistant turn makes (OpenAI and TRL `tool_calls[i]`, `type: "function"`). */
export interface ToolCall {
  /** The call's id (`call_1`), which the tool turn holding its result names; absent when the record gave none (TRL). */
  readonly id?: string;
  /** The function called. */
  readonly name: string;
  /**
   * The arguments exactly as the record gave them: OpenAI's JSON text, kept as written (never
   * parsed and re-serialized), or TRL's object.
   */
  readonly arguments: string | JsonObjectValue;
}

export interface Turn {
  readonly role: Role;
  /** The text; empty for an assistant turn that only calls tools (its record's content was null or absent). */
  readonly content: string;
  /** OpenAI fine-tuning's per-message training weight (0 = not trained on, 1 = trained on), when given. */
  readonly weight?: number;
  /** An assistant turn's tool calls, in the record's order; absent when it calls none. */
  readonly toolCalls?: readonly ToolCall[];
  /** A tool turn: the id of the call whose result it holds (OpenAI `tool_call_id`). */
  readonly toolCallId?: string;
  /** `name`: on a tool turn the function whose result it holds; on others the participant's name (OpenAI). */
  readonly name?: string;
}

/** The normalized content of one sample. The original record is kept separately, byte for byte. */
export type NormalizedSample =
  | {
      readonly kind: 'chat';
      readonly turns: readonly Turn[];
      /**
       * TRL unpaired preference (`{prompt, completion, label}`): whether the completion is a good
       * (true) or bad (false) answer to the prompt. Absent for every other chat format.
       */
      readonly label?: boolean;
      /** The tool schemas the conversation may call (record-level `tools`), kept whole; absent when none. */
      readonly tools?: readonly JsonValue[];
    }
  | {
      readonly kind: 'instruction';
      readonly instruction: string;
      readonly input: string;
      readonly output: string;
      readonly system?: string;
      /** Alpaca `history` ([instruction, output] pairs) as the user/assistant turns before this one. */
      readonly history?: readonly Turn[];
    }
  | {
      readonly kind: 'preference';
      /** The turns both completions answer. */
      readonly prompt: readonly Turn[];
      readonly chosen: readonly Turn[];
      readonly rejected: readonly Turn[];
      /** The tool schemas both completions may call (`tools`, OpenAI: `input.tools`); absent when none. */
      readonly tools?: readonly JsonValue[];
    }
  | {
      readonly kind: 'qa';
      readonly question: string;
      /** The full solution text as given. */
      readonly answer: string;
      /** The final answer when the format marks one (GSM8K `#### N`). */
      readonly finalAnswer?: string;
    };

/** A one-line description of a sample, for lists and the status bar. */
export interface SampleRow {
  /** The sample's index in the store (in the panel's protocol: its position in the list). */
  readonly index: number;
  /**
   * The sample's identity in the store (verdicts, labels and edits are keyed by it): the content
   * hash of its original bytes, or for a later copy of an identical record one derived from it.
   */
  readonly id: string;
  /** Only for the 2nd, 3rd… of identical records in store order: which copy, and the shared content hash. */
  readonly copy?: { readonly n: number; readonly contentHash: string };
  /** Source file, relative to the store folder. */
  readonly source: string;
  /** 1-based line in the source file. */
  readonly line: number;
  readonly kind: NormalizedSample['kind'] | 'invalid';
  readonly preview: string;
  readonly verdict: Verdict;
}

/** A reviewer's verdict on a sample; `pending` means no verdict (or the last one was undone). */
export type Verdict = 'pending' | 'accepted' | 'rejected' | 'skipped';

export const VERDICTS: readonly Verdict[] = ['pending', 'accepted', 'rejected', 'skipped'];

export type VerdictCounts = Readonly<Record<Verdict, number>> & { readonly total: number };
