// The problems of a whole JSONL document, kept up to date edit by edit: each line's check is kept
// beside the line and only lines an edit touched are checked again; a count of each line's text
// finds exact duplicates without re-reading the file. A new document costs one split: checking and
// counting are done in slices (checkSome), first line first, so the language server answers
// requests between them and publishes the first lines' problems at once. Pure: no LSP here.
import { checkSampleLine, type LineCheck, type LineCheckOptions, type LineProblem } from './sampleLineChecks';

export interface TextPosition {
  readonly line: number;
  /** UTF-16 offset in the line, as LSP and VS Code count. */
  readonly character: number;
}

/** One edit as the editor reports it; without a range, the whole text is replaced. */
export interface TextChange {
  readonly range?: { readonly start: TextPosition; readonly end: TextPosition };
  readonly text: string;
}

export interface DocumentProblem extends LineProblem {
  /** 0-based line. */
  readonly line: number;
}

const BLANK: LineCheck = { problems: [] };

/** Above this many inserted lines, splice's argument list could overflow the stack. */
const SPLICE_ARGS_MAX = 10_000;

function replaceRange<T>(array: T[], start: number, deleteCount: number, items: readonly T[]): T[] {
  if (items.length <= SPLICE_ARGS_MAX) {
    array.splice(start, deleteCount, ...items);
    return array;
  }
  return array.slice(0, start).concat(items, array.slice(start + deleteCount));
}

const isBlank = (text: string) => !text.trim();

function duplicateProblem(line: number, text: string, first: number): DocumentProblem {
  return {
    line, startChar: 0, endChar: text.endsWith('\r') ? text.length - 1 : text.length, code: 'duplicate-line',
    message: `An exact copy of line ${first + 1}`, fix: { title: 'Delete the duplicate line', deleteLine: true },
  };
}

export class DocumentChecks {
  /** Lines without their LF; a CR before it stays (splitting on /\r?\n/ costs 5-10 times more) and is ignored. */
  #lines: string[];
  /** Each line's check, undefined until checked. */
  #checks: (LineCheck | undefined)[];
  /** How many of the first #counted lines have each (non-blank) text; texts seen more than once are in #repeated. */
  readonly #counts = new Map<string, number>();
  readonly #repeated = new Set<string>();
  /** Lines 0 … #counted-1 are counted. Hashing every line of a large file is the bulk of opening it, so it goes with checking. */
  #counted = 0;
  /** No line before this index is unchecked. */
  #cursor = 0;
  /** How many lines' checks hold a problem (so whether there is anything to show costs no pass over the lines). */
  #linesWithProblems = 0;
  #options: LineCheckOptions;

  constructor(text: string, options: LineCheckOptions = {}) {
    this.#options = options;
    this.#lines = text.split('\n');
    this.#checks = new Array<LineCheck | undefined>(this.#lines.length).fill(undefined);
  }

  get lineCount(): number {
    return this.#lines.length;
  }

  /** Whether problems() would return anything now. */
  get hasProblems(): boolean {
    return this.#linesWithProblems > 0 || this.#repeated.size > 0;
  }

  get text(): string {
    return this.#lines.join('\n');
  }

  /** The line's text without its line break. */
  lineText(line: number): string {
    const text = this.#lines[line] ?? '';
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  }

  /** New options (e.g. a changed size limit): every line is checked again. */
  setOptions(options: LineCheckOptions): void {
    this.#options = options;
    this.#checks.fill(undefined);
    this.#linesWithProblems = 0;
    this.#cursor = 0;
  }

  /** The line's check, made now if the line was not checked yet. */
  checkAt(line: number): LineCheck {
    let check = this.#checks[line];
    if (!check) {
      const text = this.#lines[line];
      check = text === undefined || isBlank(text) ? BLANK : checkSampleLine(text, this.#options);
      this.#checks[line] = check;
      if (check.problems.length) this.#linesWithProblems++;
    }
    return check;
  }

  /** The duplicate-line problem of the line, when it is an exact copy of an earlier non-blank line. */
  duplicateAt(line: number): DocumentProblem | undefined {
    this.#countUpTo(line + 1);
    const text = this.#lines[line];
    if (text === undefined || !this.#repeated.has(text)) return undefined;
    for (let i = 0; i < line; i++) if (this.#lines[i] === text) return duplicateProblem(line, text, i);
    return undefined;
  }

  /** Applies the editor's changes in order; the lines they touched become unchecked. */
  applyChanges(changes: readonly TextChange[]): void {
    for (const change of changes) {
      if (!change.range) {
        this.#lines = change.text.split('\n');
        this.#checks = new Array<LineCheck | undefined>(this.#lines.length).fill(undefined);
        this.#counts.clear();
        this.#repeated.clear();
        this.#counted = 0;
        this.#cursor = 0;
        this.#linesWithProblems = 0;
        continue;
      }
      const { start, end } = change.range;
      const last = Math.min(end.line, this.#lines.length - 1);
      const first = Math.min(start.line, last);
      const head = this.#lines[first].slice(0, start.character);
      const tail = this.#lines[last].slice(end.line > last ? this.#lines[last].length : end.character);
      this.#replace(first, last - first + 1, (head + change.text + tail).split('\n'));
    }
  }

  /** Checks up to `maxLines` unchecked lines, first to last; true once every line is checked. */
  checkSome(maxLines: number): boolean {
    let done = 0;
    while (this.#cursor < this.#lines.length && done < maxLines) {
      if (!this.#checks[this.#cursor]) {
        this.checkAt(this.#cursor);
        done++;
      }
      this.#cursor++;
    }
    this.#countUpTo(this.#cursor);
    return this.#cursor >= this.#lines.length;
  }

  /**
   * The problems of every checked line, in line order, with exact duplicates of earlier lines
   * (among the lines counted so far: the first pass finds a duplicate when it reaches it).
   * One pass over the lines: the editor is sent the document's whole list at each change anyway.
   */
  problems(): DocumentProblem[] {
    const out: DocumentProblem[] = [];
    const firstLines = this.#repeated.size ? new Map<string, number>() : undefined;
    for (let line = 0; line < this.#lines.length; line++) {
      const check = this.#checks[line];
      if (check) for (const p of check.problems) out.push({ ...p, line });
      if (!firstLines || line >= this.#counted) continue;
      const text = this.#lines[line];
      if (!this.#repeated.has(text)) continue;
      const first = firstLines.get(text);
      if (first === undefined) {
        firstLines.set(text, line);
        continue;
      }
      out.push(duplicateProblem(line, text, first));
    }
    return out;
  }

  #replace(start: number, deleteCount: number, lines: readonly string[]): void {
    const end = start + deleteCount;
    // Within the counted lines, the count follows the edit; past them, the edit is counted when they are.
    const counted = start < this.#counted;
    if (counted) {
      for (let i = start; i < Math.min(end, this.#counted); i++) this.#count(this.#lines[i], -1);
      this.#counted = this.#counted >= end ? this.#counted - deleteCount + lines.length : start + lines.length;
    }
    for (let i = start; i < end; i++) if (this.#checks[i]?.problems.length) this.#linesWithProblems--;
    this.#lines = replaceRange(this.#lines, start, deleteCount, lines);
    this.#checks = replaceRange(this.#checks, start, deleteCount, new Array<LineCheck | undefined>(lines.length).fill(undefined));
    if (counted) for (const line of lines) this.#count(line, 1);
    this.#cursor = Math.min(this.#cursor, start);
  }

  #countUpTo(end: number): void {
    const stop = Math.min(end, this.#lines.length);
    while (this.#counted < stop) this.#count(this.#lines[this.#counted++], 1);
  }

  #count(text: string, delta: 1 | -1): void {
    if (isBlank(text)) return;
    const n = (this.#counts.get(text) ?? 0) + delta;
    if (n > 0) this.#counts.set(text, n);
    else this.#counts.delete(text);
    if (n > 1) this.#repeated.add(text);
    else this.#repeated.delete(text);
  }
}
