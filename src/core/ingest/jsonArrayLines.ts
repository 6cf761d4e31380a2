// Turns a JSON array of records into JSONL, streaming: bytes in, bytes out, one record per output
// line, memory bounded by the chunk size whatever the size of the array or of one record.
//
// It only finds where each top-level element starts and ends (tracking strings, escapes and
// bracket depth); it does not validate JSON. A broken element still becomes one line, so the
// record reader reports it (as invalid JSON, at its original line) instead of losing it.
//
// Whitespace outside strings is dropped, except that one space is kept between two bare tokens
// (`1 2`, `true false`): dropping it there would turn invalid JSON into valid JSON. A raw line break
// inside a string (already invalid JSON) becomes a raw TAB, which keeps the record on one line and
// still invalid.
//
// A file whose first token is not `[` is read as a sequence of top-level values (JSONL saved as
// `.json`, or one pretty-printed object): each value becomes one line.

/** A problem with the array as a whole, found while splitting. `text` does not name the file. */
export interface SplitNote {
  readonly code: 'unterminated-array' | 'unterminated-value' | 'trailing-content' | 'empty-element';
  /** 1-based line in the input. */
  readonly line: number;
  readonly text: string;
}

const LF = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
const SPACE = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_SQUARE = 0x5b;
const CLOSE_SQUARE = 0x5d;
const OPEN_CURLY = 0x7b;
const CLOSE_CURLY = 0x7d;
const COLON = 0x3a;

function isWs(b: number): boolean {
  return b === SPACE || b === LF || b === CR || b === TAB;
}

/** A byte that can be part of a bare token (number, true, false, null, or junk). */
function isBare(b: number): boolean {
  return !(b === QUOTE || b === COMMA || b === COLON || b === OPEN_SQUARE || b === CLOSE_SQUARE || b === OPEN_CURLY || b === CLOSE_CURLY);
}

export class JsonArrayLines {
  #mode: 'array' | 'values' | undefined;
  #phase: 'before' | 'inside' | 'after' = 'before';
  #depth = 0;
  #inString = false;
  #escape = false;
  #inElement = false;
  #pendingWs = false;
  #lastOut = 0;
  #line = 1;
  #arrayLine = 1;
  #afterComma = false;
  #trailingNoted = false;
  #lastRecordLine = 0;
  #recordLines: number[] = [];
  #records = 0;
  readonly #notes: SplitNote[] = [];

  get notes(): readonly SplitNote[] {
    return this.#notes;
  }

  /** How many records (output lines) have been started so far. */
  get records(): number {
    return this.#records;
  }

  /** The input line where each record started since the last call, in output order. */
  takeRecordLines(): number[] {
    const lines = this.#recordLines;
    this.#recordLines = [];
    return lines;
  }

  /** Splits the next chunk of UTF-8 input; returns the JSONL bytes it completes or continues. */
  push(chunk: Uint8Array): Buffer {
    // Output can exceed input by one line break per record, at most one per input byte.
    const out = Buffer.allocUnsafe(chunk.length * 2 + 2);
    let n = 0;
    const emit = (b: number) => {
      if (this.#pendingWs && isBare(this.#lastOut) && isBare(b)) out[n++] = SPACE;
      this.#pendingWs = false;
      out[n++] = b;
      this.#lastOut = b;
    };
    const endElement = () => {
      out[n++] = LF;
      this.#inElement = false;
      this.#pendingWs = false;
    };
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      const line = this.#line;
      if (b === LF) this.#line++;
      if (this.#phase === 'after') {
        if (!isWs(b) && !this.#trailingNoted) {
          this.#trailingNoted = true;
          this.#notes.push({ code: 'trailing-content', line, text: 'content after the closing "]" of the array is ignored' });
        }
        continue;
      }
      if (this.#inString) {
        emit(b === LF || b === CR ? TAB : b);
        if (this.#escape) this.#escape = false;
        else if (b === BACKSLASH) this.#escape = true;
        else if (b === QUOTE) this.#inString = false;
        continue;
      }
      if (isWs(b)) {
        if (this.#inElement) {
          if (this.#mode === 'values' && this.#depth === 0) endElement();
          else this.#pendingWs = true;
        }
        continue;
      }
      if (this.#phase === 'before') {
        this.#phase = 'inside';
        if (b === OPEN_SQUARE) {
          this.#mode = 'array';
          this.#depth = 1;
          this.#arrayLine = line;
          continue;
        }
        this.#mode = 'values';
      }
      const base = this.#mode === 'array' ? 1 : 0;
      if (this.#depth === base && b === COMMA) {
        if (this.#inElement) endElement();
        else if (this.#mode === 'array') this.#notes.push({ code: 'empty-element', line, text: 'an empty element (",,", or "," right after "[") is skipped' });
        this.#afterComma = true;
        continue;
      }
      if (this.#mode === 'array' && this.#depth === 1 && (b === CLOSE_SQUARE || b === CLOSE_CURLY)) {
        if (this.#inElement) endElement();
        else if (this.#afterComma) this.#notes.push({ code: 'empty-element', line, text: 'a trailing comma before "]" is ignored' });
        this.#phase = 'after';
        this.#depth = 0;
        continue;
      }
      if (!this.#inElement) {
        this.#inElement = true;
        this.#pendingWs = false;
        this.#lastOut = 0;
        this.#afterComma = false;
        this.#lastRecordLine = line;
        this.#recordLines.push(line);
        this.#records++;
      }
      emit(b);
      if (b === QUOTE) {
        this.#inString = true;
      } else if (b === OPEN_CURLY || b === OPEN_SQUARE) {
        this.#depth++;
      } else if (b === CLOSE_CURLY || b === CLOSE_SQUARE) {
        if (this.#depth > base) this.#depth--;
        if (this.#mode === 'values' && this.#depth === 0) endElement();
      }
    }
    return out.subarray(0, n);
  }

  /** Ends the input; returns the final line break of a record left open, and notes a cut-off array. */
  end(): Buffer {
    if (this.#phase === 'inside') {
      const open = this.#mode === 'array' || this.#depth > 0 || this.#inString;
      if (open && this.#mode === 'array') {
        const last = this.#inElement ? `; the last record (line ${this.#lastRecordLine}) is probably cut off` : '';
        this.#notes.push({
          code: 'unterminated-array', line: this.#arrayLine,
          text: `the array that opens here is never closed: the file ends early${last}. Re-export or re-download the file`,
        });
      } else if (open) {
        this.#notes.push({
          code: 'unterminated-value', line: this.#lastRecordLine,
          text: 'the value that starts here is never closed: the file ends early. Re-export or re-download the file',
        });
      }
    }
    if (this.#inElement) {
      this.#inElement = false;
      return Buffer.from([LF]);
    }
    return Buffer.alloc(0);
  }
}
