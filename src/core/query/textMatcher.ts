// The text criterion of a sample query, matched against a record's raw bytes.
//
// What is searched: the record's JSON text with its string escapes decoded — keys, values and
// numbers, what grep would see if `\n`, `\"` or `\u00e9` were written out as the characters they
// stand for. So a phrase spanning a line break in a message is found by typing the line break,
// and `café` is found in a record written by Python's json.dumps as `caf\u00e9`.
//
// A plain text is a case-insensitive substring. `/pattern/flags` is a regular expression (flags
// among d g i m s u v y; g, y and d have no meaning here and are dropped); its case sensitivity
// is the pattern's own. Text that starts with `/` but has other letters after its last `/`
// (`/usr/bin`) is plain text.
//
// Speed: most records are decided on the raw bytes without decoding escapes or parsing JSON
// (see `matches` below); only records holding `\u` escapes, or needles holding characters JSON
// escapes, are decoded in full.

export class TextPatternError extends Error {
  override readonly name = 'TextPatternError';
}

export interface TextMatcher {
  /** `text “…”` or `text /…/flags`, for summaries. */
  readonly description: string;
  matches(bytes: Uint8Array): boolean;
}

const REGEX_FORM = /^\/(.+)\/([a-z]*)$/s;
const REGEX_FLAGS = /^[dgimsuvy]*$/;
/** Characters a JSON writer may put as an escape without a `\u`: they can hide a needle that holds them. */
const ESCAPED_CHARS = /["\\/\u0000-\u001f]/;
const ESCAPE = /\\(?:u([0-9a-fA-F]{4})|(.))/gs;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** The text with its JSON string escapes decoded (outside strings valid JSON has no backslash). */
export function decodeJsonEscapes(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(ESCAPE, (_m, hex: string | undefined, c: string | undefined) =>
    hex !== undefined ? String.fromCharCode(parseInt(hex, 16)) : (SIMPLE_ESCAPES[c as string] ?? (c as string)));
}

/** Whether text[at] is preceded by an odd run of backslashes, i.e. is the second char of an escape. */
function escapedAt(text: string, at: number): boolean {
  let n = 0;
  while (at - n - 1 >= 0 && text.charCodeAt(at - n - 1) === 0x5c) n++;
  return n % 2 === 1;
}

function phraseMatcher(phrase: string): TextMatcher {
  const needle = phrase.toLowerCase();
  const needleMayBeEscaped = ESCAPED_CHARS.test(needle);
  // An ASCII needle can only match ASCII bytes, so the bytes are read as Latin-1 (no UTF-8 work;
  // offsets are byte offsets) and searched with a case-insensitive regex, which is cheaper than
  // lower-casing a copy. Without the u flag, /i never folds a non-ASCII character into ASCII.
  const ascii = !/[^\u0000-\u007f]/.test(needle);
  const literal = needle.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  const anywhere = new RegExp(literal, 'i');
  const each = new RegExp(literal, 'gi');
  const decodedHasNeedle = (text: string) => decodeJsonEscapes(text).toLowerCase().includes(needle);
  return {
    description: `text “${phrase}”`,
    matches(bytes) {
      if (!ascii) {
        const text = utf8(bytes);
        return text.includes('\\') ? decodedHasNeedle(text) : text.toLowerCase().includes(needle);
      }
      const raw = latin1(bytes);
      if (!raw.includes('\\')) return anywhere.test(raw);
      if (needleMayBeEscaped || raw.includes('\\u')) return decodedHasNeedle(utf8(bytes));
      // Escapes here are two characters decoding to one of ESCAPED_CHARS, which the needle lacks:
      // an occurrence in the decoded text is one in the raw text, and a raw occurrence is real
      // unless it starts on the second character of an escape (`\nice` does not hold "nice").
      each.lastIndex = 0;
      for (let m = each.exec(raw); m; m = each.exec(raw)) {
        if (!escapedAt(raw, m.index)) return true;
        each.lastIndex = m.index + 1;
      }
      return false;
    },
  };
}

interface QuantifierAt {
  readonly length: number;
  readonly max: number;
}

/** The quantifier starting at `at` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, each maybe lazy), if any. */
function quantifierAt(pattern: string, at: number): QuantifierAt | undefined {
  const c = pattern[at];
  let length: number;
  let max: number;
  if (c === '*' || c === '+') [length, max] = [1, Infinity];
  else if (c === '?') [length, max] = [1, 1];
  else {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at, at + 24));
    if (!m) return undefined;
    length = m[0].length;
    max = m[2] === undefined ? Number(m[1]) : m[3] ? Number(m[3]) : Infinity;
  }
  if (pattern[at + length] === '?') length++;
  return { length, max };
}

/**
 * The part of a pattern that can backtrack exponentially, if any: a group repeated more than once
 * whose body itself repeats or alternates — `(a+)+`, `(\w*)*`, `(a|aa)+`, `(x+y?){3,}`.
 * A heuristic (the usual "star height" test), deliberately strict: `(cat|dog)+` is refused too,
 * where `(?:cat|dog)` without repetition or `[a-z]+` would do.
 */
export function catastrophicPart(pattern: string): string | undefined {
  const groups: { start: number; risky: boolean }[] = [{ start: 0, risky: false }];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      i += 2;
    } else if (c === '[') {
      i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '(') {
      groups.push({ start: i, risky: false });
      // Skip the group's kind (?: ?= ?! ?<= ?<! ?<name>) so its `?` is not read as a quantifier.
      const kind = /^\(\?(?:[:=!]|<[=!]|<[^>]*>)?/.exec(pattern.slice(i, i + 64));
      i += kind ? kind[0].length : 1;
    } else if (c === ')' && groups.length > 1) {
      const group = groups.pop() as { start: number; risky: boolean };
      const q = quantifierAt(pattern, i + 1);
      if (q && q.max > 1 && group.risky) return pattern.slice(group.start, i + 1 + q.length);
      if (group.risky || (q && q.max > 1)) groups[groups.length - 1].risky = true;
      i += 1 + (q?.length ?? 0);
    } else {
      if (c === '|') groups[groups.length - 1].risky = true;
      const q = quantifierAt(pattern, i);
      if (q && i > 0 && q.max > 1) groups[groups.length - 1].risky = true;
      i += q && i > 0 ? q.length : 1;
    }
  }
  return undefined;
}

function regexMatcher(source: string, flags: string, written: string): TextMatcher {
  const risky = catastrophicPart(source);
  if (risky) {
    throw new TextPatternError(`${written}: “${risky}” repeats a group that itself repeats or alternates, which can take exponential time on some records; rewrite it without the nested repetition`);
  }
  let re: RegExp;
  try {
    re = new RegExp(source, flags.replace(/[dgy]/g, ''));
  } catch (e) {
    throw new TextPatternError(`${written} is not a valid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '')}`);
  }
  return {
    description: `text ${written}`,
    matches(bytes) {
      return re.test(decodeJsonEscapes(utf8(bytes)));
    },
  };
}

/** Whether a query text is read as `/regex/flags` rather than as a phrase. */
export function isRegexText(text: string): boolean {
  const m = REGEX_FORM.exec(text);
  return !!m && REGEX_FLAGS.test(m[2]);
}

/** Compiles a query's text criterion; throws TextPatternError for an invalid or risky pattern. */
export function compileTextMatcher(text: string): TextMatcher {
  const m = REGEX_FORM.exec(text);
  return m && isRegexText(text) ? regexMatcher(m[1], m[2], text) : phraseMatcher(text);
}
