// The names of a sample's parts (sampleParts.ts). Kept apart, free of imports, because the
// webview and the message boundary need the names but none of the format code.

/** A list of turns within a sample, by the name its part ids start with. */
export type TurnListName = 'turn' | 'history' | 'prompt' | 'chosen' | 'rejected';

/**
 * `turn3` (chat turn 3), `prompt1`, `chosen2`, `rejected1`, `history2` (1-based, as a reviewer
 * counts), or a field name: `system`, `instruction`, `input`, `output`, `question`, `answer`.
 */
export type PartId = string;

export const PART_ID = /^(?:(?:turn|history|prompt|chosen|rejected)[1-9]\d{0,5}|system|instruction|input|output|question|answer)$/;

export function turnPartId(list: TurnListName, i: number): PartId {
  return `${list}${i + 1}`;
}
