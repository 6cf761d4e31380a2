// What is wrong with the text of a sample's JSON tab, and where: shown as a diagnostic in the tab
// while the reviewer types, and named (line, column) when a save is refused. The same reading as
// the save itself (fromNormalizedJson), so the tab never shows clean text a save would refuse.
import { fromNormalizedJson } from '../formats/normalizedJson';
import { SampleShapeError } from '../formats/sampleFormats';
import { jsonSyntaxProblem } from './jsonSyntaxProblem';
import { findValueRange, parseFieldPath } from './jsonValueRange';

export interface NormalizedJsonProblem {
  /** `syntax`: not JSON; `shape`: JSON, but not a sample. */
  readonly kind: 'syntax' | 'shape';
  /** Where to underline, in UTF-16 units of the text (end exclusive). */
  readonly start: number;
  readonly end: number;
  readonly reason: string;
}

/** `"label" must be…`, `turns[2].role must be…`, `"turns[0].toolCalls" must be…`: the field named first. */
const LEADING_PATH = /^"?([A-Za-z_]\w*(?:\[\d+\]|\.[A-Za-z_]\w*)*)"?[ :]/;

/** The problem with `text` as a sample's normalized JSON, or undefined when a save would take it. */
export function normalizedJsonProblem(text: string): NormalizedJsonProblem | undefined {
  try {
    fromNormalizedJson(text);
    return undefined;
  } catch (e) {
    if (e instanceof SyntaxError) {
      const at = jsonSyntaxProblem(text);
      // The scanner and JSON.parse disagree only on text beyond JSON's grammar: V8's word, at the start.
      const found = at ?? { offset: 0, length: 1, reason: e.message };
      return { kind: 'syntax', start: found.offset, end: found.offset + found.length, reason: found.reason };
    }
    if (e instanceof SampleShapeError) return { kind: 'shape', ...fieldRange(text, e.path ?? LEADING_PATH.exec(e.message)?.[1]), reason: e.message };
    throw e;
  }
}

/** The key (or value) of the field at fault on its first line; a missing field: its nearest present parent; else the first `{`. */
function fieldRange(text: string, path: string | undefined): { start: number; end: number } {
  const steps = path ? parseFieldPath(path) : [];
  for (let n = steps.length; n > 0; n--) {
    const range = findValueRange(text, steps.slice(0, n));
    if (!range) continue;
    const start = range.keyStart ?? range.start;
    const lineEnd = text.indexOf('\n', start);
    return { start, end: Math.min(range.end, lineEnd < 0 ? text.length : lineEnd) };
  }
  const brace = Math.max(0, text.indexOf('{'));
  return { start: brace, end: Math.min(text.length, brace + 1) };
}

/** 1-based line and column of `offset`, as an editor's status bar counts them. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf('\n'); k >= 0 && k < offset; k = text.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
