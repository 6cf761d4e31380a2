// Problems in one line of a JSONL sample file, with ranges inside the line and, where the fix is
// certain, the edit that fixes it. Formats are read by sampleFormats.ts (the store's own reader);
// this file adds only what a writer of samples needs flagged. A pure function of the line's text,
// so callers may cache results by text (the language server re-checks only changed lines).
import type { DiagnosticCode } from './diagnosticCodes';
import { findValueRange, parseFieldPath, valueAtPath } from './jsonValueRange';
import { DEFAULT_MAX_LINE_BYTES } from '../ingest/recordReader';
import {
  detectFormat, EXPECTED_SHAPES, normalizeRecord, sameTurn, SampleShapeError, sourceOf, type FormatId,
} from '../formats/sampleFormats';
import { messageRole, sharegptRole } from '../formats/roleNames';
import type { NormalizedSample, Turn } from '../formats/sampleModel';

/** A replacement inside the line (UTF-16 offsets, end exclusive). */
export interface LineEdit {
  readonly startChar: number;
  readonly endChar: number;
  readonly newText: string;
}

/** A certain fix: edits inside the line, or deleting the whole line. */
export type LineFix =
  | { readonly title: string; readonly edits: readonly LineEdit[] }
  | { readonly title: string; readonly deleteLine: true };

export interface LineProblem {
  /** 0-based UTF-16 range within the line. */
  readonly startChar: number;
  readonly endChar: number;
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly fix?: LineFix;
}

/** What the line is, for the hover. */
export interface LineFacts {
  readonly format: FormatId;
  readonly kind: NormalizedSample['kind'];
  readonly turns: number;
  /** A rough count: 4 characters a token over every text of the sample. */
  readonly tokens: number;
}

export interface LineCheck {
  readonly problems: readonly LineProblem[];
  /** Present when the line reads as a sample. */
  readonly facts?: LineFacts;
}

/** A line that parsed as a sample, as extra checkers see it. */
export interface ParsedLine {
  readonly text: string;
  readonly record: unknown;
  readonly format: FormatId;
  readonly sample: NormalizedSample;
}

/**
 * The extension point for checks defined elsewhere (contamination against benchmarks, verifier
 * flags): called on every line that reads as a sample, after the built-in checks. It must be a
 * pure function of the line, like the built-ins, because results are cached by line text; its
 * codes go in DIAGNOSTIC_CODES.
 */
export type LineChecker = (line: ParsedLine) => readonly LineProblem[];

export interface LineCheckOptions {
  /** Lines longer than this (UTF-8 bytes) are reported and not parsed. Default: the store's limit. */
  readonly maxLineBytes?: number;
  readonly checkers?: readonly LineChecker[];
}

const NO_PROBLEMS: LineCheck = { problems: [] };

/** Characters per token in the hover's estimate (English prose with a BPE tokenizer). */
const CHARS_PER_TOKEN = 4;

type Range = { readonly startChar: number; readonly endChar: number };

/** The range of the value at `path`, or the whole line when there is no path or no such value. */
function rangeAt(text: string, path: string | undefined): Range {
  const r = path === undefined ? undefined : findValueRange(text, path);
  return r ? { startChar: r.start, endChar: r.end } : { startChar: 0, endChar: Math.max(text.length, 1) };
}

function problem(code: DiagnosticCode, message: string, range: Range, fix?: LineFix): LineProblem {
  return { ...range, code, message, ...(fix ? { fix } : {}) };
}

function turnsOf(sample: NormalizedSample): readonly Turn[] {
  switch (sample.kind) {
    case 'chat': return sample.turns;
    case 'preference': return [...sample.prompt, ...sample.chosen, ...sample.rejected];
    case 'instruction': return [...(sample.history ?? []), { role: 'user', content: sample.instruction }, { role: 'assistant', content: sample.output }];
    case 'qa': return [{ role: 'user', content: sample.question }, { role: 'assistant', content: sample.answer }];
  }
}

function factsOf(format: FormatId, sample: NormalizedSample): LineFacts {
  const turns = turnsOf(sample);
  const chars = turns.reduce((n, t) => n + t.content.length, sample.kind === 'instruction' ? sample.input.length + (sample.system?.length ?? 0) : 0);
  return { format, kind: sample.kind, turns: turns.length, tokens: Math.ceil(chars / CHARS_PER_TOKEN) };
}

/**
 * The fix for ShareGPT names in a message list (`role: "gpt"`, or `from`/`value` turns): every
 * turn of that list whose role is a ShareGPT name gets the role it stands for. Only offered when
 * each such name maps to exactly one role.
 */
function sharegptRoleFix(text: string, record: unknown, badPath: string): LineFix | undefined {
  const m = /^(.*)\[\d+\](?:\.role)?$/.exec(badPath);
  if (!m) return undefined;
  const list = valueAtPath(record, m[1]);
  if (!Array.isArray(list)) return undefined;
  const edits: LineEdit[] = [];
  for (let i = 0; i < list.length; i++) {
    const turn = list[i] as Record<string, unknown> | null;
    if (typeof turn !== 'object' || turn === null) return undefined;
    const at = `${m[1]}[${i}]`;
    if (Object.hasOwn(turn, 'role')) {
      if (messageRole(turn.role)) continue;
      const role = sharegptRole(turn.role);
      const r = findValueRange(text, `${at}.role`);
      if (!role || !r) return undefined;
      edits.push({ startChar: r.start, endChar: r.end, newText: JSON.stringify(role) });
    } else {
      const role = sharegptRole(turn.from);
      const from = findValueRange(text, `${at}.from`);
      if (!role || from?.keyStart === undefined || !text.startsWith('"from"', from.keyStart)) return undefined;
      edits.push({ startChar: from.keyStart, endChar: from.end, newText: `"role":${JSON.stringify(role)}` });
      const value = findValueRange(text, `${at}.value`);
      if (value?.keyStart !== undefined && !Object.hasOwn(turn, 'content') && text.startsWith('"value"', value.keyStart)) {
        edits.push({ startChar: value.keyStart, endChar: value.keyStart + '"value"'.length, newText: '"content"' });
      }
    }
  }
  return edits.length ? { title: 'Map ShareGPT names to roles', edits: edits.sort((a, b) => a.startChar - b.startChar) } : undefined;
}

function shapeProblem(text: string, record: unknown, e: SampleShapeError): LineProblem {
  if (e.code === 'unknown-shape') {
    const keys = typeof record === 'object' && record !== null && !Array.isArray(record) ? Object.keys(record) : [];
    return problem('unknown-shape', `Unknown sample shape (fields: ${keys.join(', ') || 'none'}); expected one of: ${EXPECTED_SHAPES.join(' | ')}`, rangeAt(text, undefined));
  }
  const fix = e.code === 'bad-role' && e.path ? sharegptRoleFix(text, record, e.path) : undefined;
  return problem(e.code, e.message, rangeAt(text, e.path), fix);
}

/** A text field (turn content, instruction, answer …) as written in the record. */
interface TextField {
  readonly name: string;
  readonly content: string;
  readonly path: string | undefined;
  /** An assistant turn with tool calls: its text may be empty. */
  readonly callsTools?: boolean;
}

function textFields(sample: NormalizedSample): TextField[] {
  const fields = sourceOf(sample)?.fields;
  const field = (name: string, content: string) => ({ name, content, path: fields?.[name] });
  switch (sample.kind) {
    case 'instruction': return [field('instruction', sample.instruction), field('output', sample.output)];
    case 'qa': return [field('question', sample.question), field('answer', sample.answer)];
    default: return turnsOf(sample).map((t) => ({ name: `${t.role} turn`, content: t.content, path: sourceOf(t)?.content, callsTools: Boolean(t.toolCalls?.length) }));
  }
}

function contentProblems(text: string, record: unknown, sample: NormalizedSample): LineProblem[] {
  const out: LineProblem[] = [];
  for (const f of textFields(sample)) {
    const written = f.path === undefined ? undefined : valueAtPath(record, f.path);
    // A list of text parts is empty when its texts are; a turn that calls tools needs no text.
    if (Array.isArray(written) && !f.content.trim() && !f.callsTools) {
      out.push(problem('empty-content', `The ${f.name} is empty (its text parts hold no text)`, rangeAt(text, f.path)));
    }
    // Split transcripts and call-only turns (null content) are not plain strings.
    if (typeof written !== 'string') continue;
    if (!written.trim() && !f.callsTools) {
      out.push(problem('empty-content', `The ${f.name} is empty`, rangeAt(text, f.path)));
    } else if (written === f.content && /\s$/.test(written)) {
      const r = findValueRange(text, f.path!);
      if (r) {
        out.push(problem('trailing-whitespace', `The ${f.name} ends in whitespace`, { startChar: r.start, endChar: r.end }, {
          title: 'Trim trailing whitespace in the content', edits: [{ startChar: r.start, endChar: r.end, newText: JSON.stringify(written.trimEnd()) }],
        }));
      }
    }
  }
  return out;
}

function roleOrderProblems(text: string, turns: readonly Turn[], seen: Set<Turn>): LineProblem[] {
  const out: LineProblem[] = [];
  for (let i = 1; i < turns.length; i++) {
    const t = turns[i];
    if (seen.has(t)) continue;
    const why = t.role === 'system' ? 'A system turn that is not the first turn'
      : t.role === 'assistant' && turns[i - 1].role === 'assistant' ? 'Two assistant turns in a row' : undefined;
    if (!why) continue;
    seen.add(t);
    const source = sourceOf(t);
    out.push(problem('role-order', why, rangeAt(text, source?.role ?? source?.content)));
  }
  return out;
}

function sampleProblems(text: string, record: unknown, sample: NormalizedSample): LineProblem[] {
  const out = contentProblems(text, record, sample);
  const seen = new Set<Turn>();
  if (sample.kind === 'chat') out.push(...roleOrderProblems(text, sample.turns, seen));
  if (sample.kind === 'preference') {
    out.push(...roleOrderProblems(text, [...sample.prompt, ...sample.chosen], seen), ...roleOrderProblems(text, [...sample.prompt, ...sample.rejected], seen));
    if (sample.chosen.length === sample.rejected.length && sample.chosen.every((t, i) => sameTurn(t, sample.rejected[i]))) {
      const path = sourceOf(sample.rejected[0])?.content;
      out.push(problem('chosen-equals-rejected', 'The chosen and rejected completions are the same: the pair teaches no preference', rangeAt(text, path && String(parseFieldPath(path)[0]))));
    }
  }
  return out;
}

/** Where JSON.parse stopped, from V8's message ("… in JSON at position 12" / "(line 1 column 13)"). */
function errorPosition(message: string, text: string): number {
  const pos = /at position (\d+)/.exec(message);
  if (pos) return Math.min(Number(pos[1]), text.length);
  const col = /line 1 column (\d+)/.exec(message);
  if (col) return Math.min(Number(col[1]) - 1, text.length);
  return /Unexpected end/.test(message) ? text.length : 0;
}

function utf8Length(text: string, limit: number): number {
  // Each UTF-16 unit is at most 3 UTF-8 bytes: most lines need no count at all.
  return text.length * 3 <= limit ? text.length : Buffer.byteLength(text, 'utf8');
}

/** Checks one line (without its line break). Blank lines are not samples and have no problems. */
export function checkSampleLine(line: string, options: LineCheckOptions = {}): LineCheck {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (!text.trim()) return NO_PROBLEMS;
  const max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const bytes = utf8Length(text, max);
  if (bytes > max) {
    return { problems: [problem('too-large', `The line is ${bytes} bytes, over the ${max}-byte limit (sampleCurator.maxLineBytes); it is not checked further`, rangeAt(text, undefined))] };
  }
  const problems: LineProblem[] = [];
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) {
    problems.push(problem('not-utf8', 'The file holds bytes that are not UTF-8 (shown as U+FFFD here); re-save it as UTF-8 from its source', { startChar: bad, endChar: bad + 1 }));
  }
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const at = Math.max(0, Math.min(errorPosition(message, text), text.length - 1));
    problems.push(problem('invalid-json', `Invalid JSON: ${message}`, { startChar: at, endChar: text.length }));
    return { problems };
  }
  let format: FormatId;
  let sample: NormalizedSample;
  try {
    format = detectFormat(record);
    sample = normalizeRecord(record, format);
  } catch (e) {
    // Only pathological records throw anything else (e.g. content nested deeper than the stack).
    problems.push(e instanceof SampleShapeError ? shapeProblem(text, record, e)
      : problem('unknown-shape', `The record could not be read as a sample (${(e as Error).message})`, rangeAt(text, undefined)));
    return { problems };
  }
  problems.push(...sampleProblems(text, record, sample));
  for (const checker of options.checkers ?? []) problems.push(...checker({ text, record, format, sample }));
  return { problems, facts: factsOf(format, sample) };
}
