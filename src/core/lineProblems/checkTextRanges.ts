// Positions in a sample's check text (checkText.ts: the pieces joined, or one piece) traced back to
// the raw line, so the language server underlines exactly the text a check is about. A piece is
// mapped through its record field (sourceOf) and the JSON escapes in that field's string token.
import { PIECE_SEPARATOR, type CheckText } from '../checks/checkText';
import { findValueRange, jsonStringOffsets, valueAtPath } from './jsonValueRange';
import { sourceOf } from '../formats/sampleFormats';
import type { ParsedLine } from './sampleLineChecks';

/** [start, end) in UTF-16 units of the line. */
export interface LineRange {
  readonly startChar: number;
  readonly endChar: number;
}

function piecePath(line: ParsedLine, text: CheckText, i: number): string | undefined {
  const piece = text.pieces[i];
  if (piece.turn) return sourceOf(piece.turn)?.content;
  return piece.field ? sourceOf(line.sample)?.fields?.[piece.field] : undefined;
}

/**
 * The range in the line of [start, end) within piece `i`: exact when the record holds the piece as
 * one JSON string, else that field's whole value; undefined when the piece has no field in the line.
 */
export function pieceRange(line: ParsedLine, text: CheckText, i: number, start: number, end: number): LineRange | undefined {
  const path = piecePath(line, text, i);
  const value = path === undefined ? undefined : findValueRange(line.text, path);
  if (!value) return undefined;
  const offsets = valueAtPath(line.record, path!) === text.pieces[i].text ? jsonStringOffsets(line.text, value.start) : undefined;
  if (!offsets) return { startChar: value.start, endChar: value.end };
  const at = (k: number) => offsets[Math.max(0, Math.min(k, offsets.length - 1))];
  return { startChar: at(start), endChar: Math.max(at(start) + 1, at(end)) };
}

/** The range in the line of [start, end) of `text.all`; a span over several pieces covers them all. */
export function allRange(line: ParsedLine, text: CheckText, start: number, end: number): LineRange | undefined {
  const ranges: LineRange[] = [];
  let from = 0;
  for (let i = 0; i < text.pieces.length && from < end; i++) {
    const length = text.pieces[i].text.length;
    if (start < from + length + PIECE_SEPARATOR.length && end > from) {
      const r = pieceRange(line, text, i, Math.max(0, start - from), Math.min(length, end - from));
      if (r) ranges.push(r);
    }
    from += length + PIECE_SEPARATOR.length;
  }
  if (!ranges.length) return undefined;
  return { startChar: Math.min(...ranges.map((r) => r.startChar)), endChar: Math.max(...ranges.map((r) => r.endChar)) };
}

/** The whole line (a problem about the sample that no field can be pointed at). */
export function wholeLine(line: ParsedLine): LineRange {
  return { startChar: 0, endChar: Math.max(1, line.text.length) };
}
