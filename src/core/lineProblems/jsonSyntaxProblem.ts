// Where JSON text stops being JSON, and why, in words a reviewer editing a sample can act on.
// JSON.parse says only some of this (its messages differ between V8 versions and some carry no
// position), so the text is scanned here; the scanner runs only on text JSON.parse refused.

export interface JsonSyntaxProblem {
  /** Where the problem starts, in UTF-16 units of the text. */
  readonly offset: number;
  readonly length: number;
  readonly reason: string;
}

class Stop {
  constructor(readonly problem: JsonSyntaxProblem) {}
}

/** Deeper than any sample; past it the scan stops instead of overflowing the stack. */
const MAX_DEPTH = 500;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const QUOTE_HINT = 'if a text goes on here, a " inside it must be written \\"';

/** The first syntax problem of `text`, or undefined when it is one well-formed JSON value. */
export function jsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  let i = 0;
  const stop = (offset: number, reason: string, length = 1): never => {
    throw new Stop({ offset, length: Math.max(1, Math.min(length, text.length - offset)), reason });
  };
  const space = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r' || text[i] === '\n')) i++;
  };
  /** The rest of the line from `at`, to underline what follows a broken spot. */
  const toLineEnd = (at: number): number => {
    const end = text.indexOf('\n', at);
    return (end < 0 ? text.length : end) - at;
  };

  const string = (): void => {
    const start = i++;
    for (;;) {
      if (i >= text.length) stop(start, 'this text never ends: it needs a closing "', toLineEnd(start));
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) stop(i, 'a \\u escape needs four hex digits', 2);
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2;
        } else {
          stop(i, `"\\${e ?? ''}" is not an escape JSON knows; a backslash itself is written \\\\`, 2);
        }
        continue;
      }
      if (c < 0x20) {
        stop(i, c === 0x0a ? 'a line break inside a text must be written \\n (or the text lacks its closing ")'
          : c === 0x09 ? 'a tab inside a text must be written \\t' : 'a control character inside a text must be written as \\u00XX');
      }
      i++;
    }
  };

  const value = (depth: number): void => {
    space();
    if (i >= text.length) stop(Math.max(0, text.length - 1), 'the text ends where a value was expected');
    if (depth > MAX_DEPTH) stop(i, `nested more than ${MAX_DEPTH} deep`);
    const c = text[i];
    if (c === '{') return container('}', depth);
    if (c === '[') return container(']', depth);
    if (c === '"') return string();
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      return;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    stop(i, 'expected a value here: a "text" in double quotes, a number, true, false, null, {…} or […]', Math.min(toLineEnd(i), 20));
  };

  /** After a value inside a container: the separator or the closing bracket. */
  const after = (close: '}' | ']', wasString: boolean): boolean => {
    space();
    if (text[i] === ',') {
      i++;
      return true;
    }
    if (text[i] === close) {
      i++;
      return false;
    }
    if (i >= text.length) stop(Math.max(0, text.length - 1), `the text ends before the closing "${close}"`);
    const expected = `expected "," or "${close}" here`;
    return stop(i, wasString ? `${expected}; ${QUOTE_HINT}` : expected, Math.min(toLineEnd(i), 40));
  };

  /** An object's members or an array's elements, from its opening bracket (at `i`) past its closing one. */
  const container = (close: '}' | ']', depth: number): void => {
    i++;
    space();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      space();
      if (text[i] === close) stop(i, `a "," before "${close}" has nothing after it; remove it`);
      if (close === '}') {
        if (text[i] !== '"') stop(i, 'expected a field name in double quotes');
        string();
        space();
        if (text[i] !== ':') stop(i, 'expected ":" after the field name');
        i++;
        space();
      }
      const wasString = text[i] === '"';
      value(depth + 1);
      if (!after(close, wasString)) return;
    }
  };

  try {
    value(0);
    space();
    if (i < text.length) stop(i, 'more text after the sample\'s closing "}"', toLineEnd(i));
    return undefined;
  } catch (e) {
    if (e instanceof Stop) return e.problem;
    throw e;
  }
}
