// The normalized view of a sample, whatever its source format. Pure types: this file is also
// compiled into the webview (through protocol.ts), so it must stay free of Node and DOM.

/** What kind of training example a record is. */
export type SampleKind = 'chat' | 'instruction' | 'preference' | 'qa';

/** Roles after normalization (ShareGPT `human`/`gpt` map to `user`/`assistant`). */
export type Role = 'system' | 'user' | 'assistant' | 'tool';

export interface Turn {
  readonly role: Role;
  readonly content: string;
  /** OpenAI fine-tuning's per-message training weight (0 = not trained on, 1 = trained on), when given. */
  readonly weight?: number;
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
