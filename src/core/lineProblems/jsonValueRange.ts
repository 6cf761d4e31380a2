// Finds where a value sits in the text of a JSON record, by field path (`messages[2].content`), so a
// diagnostic can underline the field at fault and a quick fix can rewrite that value alone, leaving
// every other byte of the line as the author wrote it. Only called on text JSON.parse accepted.

/** `input.messages[0].role` → ['input', 'messages', 0, 'role']. */
export function parseFieldPath(path: string): (string | number)[] {
  const steps: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) steps.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return steps;
}

export interface ValueRange {
  /** Where the value's text starts and ends (end exclusive), in UTF-16 units of the line. */
  readonly start: number;
  readonly end: number;
  /** Where its key starts, for a member of an object. */
  readonly keyStart?: number;
}

const WHITESPACE = /[ \t\r\n]/;

function skipSpace(text: string, i: number): number {
  while (i < text.length && WHITESPACE.test(text[i])) i++;
  return i;
}

/** The end of the string token starting at `i` (a quote). */
function stringEnd(text: string, i: number): number {
  for (let k = i + 1; k < text.length; k++) {
    if (text[k] === '\\') k++;
    else if (text[k] === '"') return k + 1;
  }
  return text.length;
}

/** The end of the value starting at `i`; containers are skipped with a depth count, not recursion. */
function valueEnd(text: string, i: number): number {
  let depth = 0;
  let k = i;
  do {
    const c = text[k];
    if (c === '"') k = stringEnd(text, k);
    else {
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') depth--;
      k++;
      if (depth === 0 && c !== '{' && c !== '[' && c !== '}' && c !== ']') {
        // A number or a literal: runs to the next delimiter.
        while (k < text.length && !/[,}\]\s]/.test(text[k])) k++;
      }
    }
  } while (depth > 0 && k < text.length);
  return k;
}

/** The range of the value at `path` in `text`, or undefined when the record has no such value. */
export function findValueRange(text: string, path: string | readonly (string | number)[]): ValueRange | undefined {
  const steps = typeof path === 'string' ? parseFieldPath(path) : path;
  let i = skipSpace(text, 0);
  let keyStart: number | undefined;
  for (const step of steps) {
    const open = text[i];
    if (open !== '{' && open !== '[') return undefined;
    i = skipSpace(text, i + 1);
    let index = 0;
    let found: { at: number; keyStart?: number } | undefined;
    while (i < text.length && text[i] !== '}' && text[i] !== ']') {
      if (open === '{') {
        const kStart = i;
        const kEnd = stringEnd(text, i);
        const matches = JSON.parse(text.slice(kStart, kEnd)) === step;
        i = skipSpace(text, skipSpace(text, kEnd) + 1); // past the colon
        // A key given twice: JSON.parse keeps the last, so the range is the last one's.
        if (matches) found = { at: i, keyStart: kStart };
      } else if (index === step) {
        found = { at: i };
        break;
      }
      i = skipSpace(text, valueEnd(text, i));
      if (text[i] === ',') i = skipSpace(text, i + 1);
      index++;
    }
    if (!found) return undefined;
    i = found.at;
    keyStart = found.keyStart;
  }
  return { start: i, end: valueEnd(text, i), ...(keyStart !== undefined ? { keyStart } : {}) };
}

/** The value at `path` in a parsed record, or undefined. */
export function valueAtPath(record: unknown, path: string): unknown {
  let v = record;
  for (const step of parseFieldPath(path)) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[step];
  }
  return v;
}

/**
 * Where each UTF-16 unit of a JSON string's decoded value sits in the raw text: `offsets[i]` is
 * where unit i's source starts (an escape such as `\n` or `\u00e9` is one unit for several raw
 * characters), `offsets[length]` the closing quote. `start` is the opening quote (a ValueRange's
 * start); undefined when no string token starts there.
 */
export function jsonStringOffsets(text: string, start: number): Int32Array | undefined {
  if (text[start] !== '"') return undefined;
  const end = stringEnd(text, start) - 1;
  const offsets = new Int32Array(end - start);
  let n = 0;
  for (let k = start + 1; k < end; k++) {
    offsets[n++] = k;
    if (text[k] === '\\') k += text[k + 1] === 'u' ? 5 : 1;
  }
  offsets[n] = end;
  return offsets.subarray(0, n + 1);
}
