// Reads one line of a sample file into a record, its format and its normalized view, or says
// precisely why it cannot: every message starts with `file:line:` (the ORIGINAL file and line)
// and ends with what to do about it. Never throws, whatever the bytes.
import { detectFormat, normalizeRecord, SampleShapeError, type FormatId } from '../formats/sampleFormats';
import type { NormalizedSample } from '../formats/sampleModel';

/** Lines longer than this are not parsed (JSON.parse of a huge line would stall the extension host). */
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

export type RecordProblemCode =
  | 'invalid-json'
  | 'not-utf8'
  | 'binary'
  | 'too-large'
  | 'unknown-shape'
  | 'missing-field'
  | 'bad-role'
  | 'empty-content';

export interface RecordLocation {
  /** The original file, as messages should name it. */
  readonly file: string;
  /** 1-based line in the original file. */
  readonly line: number;
}

export interface RecordRead {
  readonly ok: true;
  readonly record: unknown;
  readonly format: FormatId;
  readonly normalized: NormalizedSample;
}

export interface RecordProblem {
  readonly ok: false;
  readonly code: RecordProblemCode;
  /** `file:line: what is wrong; what to do`. */
  readonly message: string;
  readonly file: string;
  readonly line: number;
}

const ADVICE: Readonly<Record<RecordProblemCode, string>> = {
  'invalid-json': 'fix the line or remove it',
  'not-utf8': 're-save the file as UTF-8',
  binary: 'if the file is UTF-16 without a byte-order mark, re-save it as UTF-8; otherwise remove the line',
  'too-large': 'split or shorten the record, or remove it',
  'unknown-shape': 'convert the record to a supported format or move it out of the store',
  'missing-field': 'fix the field or remove the line',
  'bad-role': 'use one of the roles listed',
  'empty-content': 'fill in the content or remove the line',
};

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function hex(b: number): string {
  return `0x${b.toString(16).padStart(2, '0')}`;
}

/** The first control byte that cannot appear in a JSON text line (TAB and CR can). */
function firstBinaryByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0a) return i;
  }
  return -1;
}

/** The offset of the first byte that breaks UTF-8 (only called once TextDecoder has refused). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let need: number;
    let min: number;
    if (b < 0x80) { i++; continue; }
    if (b >= 0xc2 && b <= 0xdf) { need = 1; min = 0x80; } else if (b >= 0xe0 && b <= 0xef) { need = 2; min = 0x800; } else if (b >= 0xf0 && b <= 0xf4) { need = 3; min = 0x10000; } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function problemAt(where: RecordLocation, code: RecordProblemCode, what: string): RecordProblem {
  return { ok: false, code, message: `${where.file}:${where.line}: ${what}; ${ADVICE[code]}`, file: where.file, line: where.line };
}

/**
 * The 'too-large' problem for a line of `byteLength` bytes, or undefined if it is within the limit.
 * Lets a caller that knows the length from the line index refuse a huge line without reading it.
 */
export function checkLineLength(byteLength: number, where: RecordLocation, options: { readonly maxLineBytes?: number } = {}): RecordProblem | undefined {
  const max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  if (byteLength <= max) return undefined;
  return problemAt(where, 'too-large', `the line is ${mib(byteLength)}, over the ${mib(max)} limit for one sample, so it was not read`);
}

/** Reads one line's bytes (without its line break). */
export function readRecord(
  bytes: Uint8Array,
  where: RecordLocation,
  options: { readonly maxLineBytes?: number } = {},
): RecordRead | RecordProblem {
  const problem = (code: RecordProblemCode, what: string) => problemAt(where, code, what);
  try {
    const tooLarge = checkLineLength(bytes.length, where, options);
    if (tooLarge) return tooLarge;
    let body = bytes;
    if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
    if (body.length && body[body.length - 1] === 0x0d) body = body.subarray(0, body.length - 1);
    const bin = firstBinaryByte(body);
    if (bin >= 0) return problem('binary', `the line holds binary data (byte ${hex(body[bin])} at byte ${bin + 1})`);
    let text: string;
    try {
      text = decoder.decode(body);
    } catch {
      const bad = firstInvalidUtf8(body);
      return problem('not-utf8', `the line is not valid UTF-8 (byte ${hex(body[bad] ?? 0)} at byte ${bad + 1})`);
    }
    if (!text.trim()) return problem('invalid-json', 'the line is blank, not a JSON record');
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (e) {
      const why = (e as Error).message;
      const cut = /Unexpected end|Unterminated string/.test(why) || (/^\s*[{[]/.test(text) && !/[}\]]\s*$/.test(text));
      return problem('invalid-json', `invalid JSON (${why})${cut ? ': the record is cut off before its closing brace' : ''}`);
    }
    const format = detectFormat(record);
    return { ok: true, record, format, normalized: normalizeRecord(record, format) };
  } catch (e) {
    if (e instanceof SampleShapeError) return problem(e.code, e.message);
    // Only pathological records get here (e.g. content nested deeper than the stack).
    return problem('unknown-shape', `the record could not be read as a sample (${(e as Error).message})`);
  }
}

/** Problems of one file, counted by code, for the per-file summary in the UI. */
export interface FileProblemSummary {
  readonly file: string;
  readonly total: number;
  readonly byCode: Readonly<Partial<Record<RecordProblemCode, number>>>;
  /** The first problem's line, to jump to. */
  readonly firstLine: number;
}

/** Counts problems per file (files in order of first appearance). */
export function summarizeProblems(problems: Iterable<Pick<RecordProblem, 'file' | 'line' | 'code'>>): FileProblemSummary[] {
  const byFile = new Map<string, { total: number; byCode: Partial<Record<RecordProblemCode, number>>; firstLine: number }>();
  for (const p of problems) {
    let s = byFile.get(p.file);
    if (!s) byFile.set(p.file, (s = { total: 0, byCode: {}, firstLine: p.line }));
    s.total++;
    s.byCode[p.code] = (s.byCode[p.code] ?? 0) + 1;
    s.firstLine = Math.min(s.firstLine, p.line);
  }
  return [...byFile].map(([file, s]) => ({ file, ...s }));
}
