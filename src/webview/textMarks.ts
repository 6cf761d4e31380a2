// What the panel marks in sample text, as pure functions of strings (unit-tested under Node; the
// DOM is built from their output in dom.ts):
// - the search the list was found by (a phrase, case-insensitive, or `/regex/flags`, as
//   core/query/textMatcher.ts reads it), so the reviewer sees where a sample matched;
// - characters that draw nothing or reorder what follows (bidi controls, zero-width characters,
//   the BOM, every other Unicode format character, Hangul fillers), each shown as a visible badge
//   with its code point, as VS Code's editor does: a right-to-left override can make text read
//   differently from what a trainer sees, and a zero-width space can hide inside a word.

/** [start, end) ranges in UTF-16 offsets, sorted and non-overlapping. */
export type TextRange = readonly [number, number];

const REGEX_FORM = /^\/(.+)\/([a-z]*)$/s;
const REGEX_FLAGS = /^[dgimsuvy]*$/;
/** Stop marking after this many matches in one text (a one-letter search over a long answer). */
const MAX_MATCHES = 1000;

/** Where `search` matches in `text`: a plain phrase ignoring case, or a `/regex/flags` (its own case). */
export function searchRanges(text: string, search: string | undefined): TextRange[] {
  if (!search || !text) return [];
  const regex = REGEX_FORM.exec(search);
  let re: RegExp;
  if (regex && REGEX_FLAGS.test(regex[2])) {
    try {
      // The host checked the pattern before the list was found with it; g is ours, y and d mean nothing here.
      re = new RegExp(regex[1], `${regex[2].replace(/[gyd]/g, '')}g`);
    } catch {
      return [];
    }
  } else {
    re = new RegExp(search.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&'), 'giu');
  }
  const out: TextRange[] = [];
  for (let m = re.exec(text); m && out.length < MAX_MATCHES; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++; // an empty match marks nothing; step over it
      continue;
    }
    out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

/** Names of the invisible characters a reviewer meets most; others are named by their kind. */
const NAMES: Readonly<Record<number, string>> = {
  0x00ad: 'SOFT HYPHEN', 0x061c: 'ARABIC LETTER MARK', 0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE', 0x200c: 'ZERO WIDTH NON-JOINER', 0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK', 0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING', 0x202b: 'RIGHT-TO-LEFT EMBEDDING', 0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE', 0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER', 0x2066: 'LEFT-TO-RIGHT ISOLATE', 0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE', 0x2069: 'POP DIRECTIONAL ISOLATE', 0xfeff: 'ZERO WIDTH NO-BREAK SPACE (BOM)',
  0x115f: 'HANGUL CHOSEONG FILLER', 0x1160: 'HANGUL JUNGSEONG FILLER', 0x3164: 'HANGUL FILLER', 0xffa0: 'HALFWIDTH HANGUL FILLER',
};

/** Format characters (Cf: bidi controls, zero-width characters, tags, the BOM …) and the fillers that draw as blanks. */
const INVISIBLE = /[\p{Cf}\u115f\u1160\u3164\uffa0]/gu;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;

export interface InvisibleChar {
  /** UTF-16 offset in the text. */
  readonly at: number;
  /** The character itself (one or two UTF-16 units). */
  readonly char: string;
  /** `U+202E`. */
  readonly code: string;
  /** What it is and does, for the badge's title. */
  readonly title: string;
}

function codeOf(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

function describe(cp: number): string {
  const name = NAMES[cp] ?? (cp >= 0xe0000 && cp <= 0xe007f ? 'TAG CHARACTER' : 'FORMAT CHARACTER');
  const what = (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp === 0x200e || cp === 0x200f || cp === 0x061c
    ? 'changes the direction the text around it is drawn in, so it may read differently from what a model is trained on'
    : cp >= 0xe0000 && cp <= 0xe007f
      ? 'invisible; tag characters can carry hidden text'
      : 'draws nothing but is part of the text';
  return `${codeOf(cp)} ${name}: an invisible character that ${what}. Marked by the panel; the sample text holds it unchanged.`;
}

/**
 * The invisible characters of `text`, in order. A zero width joiner between two pictographs is part
 * of an emoji sequence (👩‍💻) and is left alone, as VS Code's editor does.
 */
export function invisibleChars(text: string): InvisibleChar[] {
  const out: InvisibleChar[] = [];
  INVISIBLE.lastIndex = 0;
  for (let m = INVISIBLE.exec(text); m; m = INVISIBLE.exec(text)) {
    const cp = m[0].codePointAt(0) as number;
    if (cp === 0x200d && emojiJoin(text, m.index)) continue;
    out.push({ at: m.index, char: m[0], code: codeOf(cp), title: describe(cp) });
  }
  return out;
}

function emojiJoin(text: string, at: number): boolean {
  let i = at - 1;
  if (text[i] === '\ufe0f') i--; // a variation selector may sit between the pictograph and the joiner
  if (i > 0 && /[\udc00-\udfff]/.test(text[i])) i--;
  const left = i >= 0 ? text.codePointAt(i) : undefined;
  const right = text.codePointAt(at + 1);
  return left !== undefined && right !== undefined && PICTOGRAPH.test(String.fromCodePoint(left)) && PICTOGRAPH.test(String.fromCodePoint(right));
}

/** A run of text as drawn: plain, inside a search match, or one invisible character's badge. */
export interface TextSegment {
  readonly text: string;
  /** Inside a search match (drawn in a <mark>). */
  readonly match: boolean;
  readonly invisible?: InvisibleChar;
}

/** The text cut where marks start and end; the segments' texts joined give the text back. */
export function textSegments(text: string, matches: readonly TextRange[], invisibles: readonly InvisibleChar[]): TextSegment[] {
  const cuts = new Set<number>([0, text.length]);
  for (const [s, e] of matches) cuts.add(Math.max(0, Math.min(s, text.length))).add(Math.max(0, Math.min(e, text.length)));
  const badge = new Map(invisibles.map((c) => [c.at, c]));
  for (const c of invisibles) cuts.add(c.at).add(c.at + c.char.length);
  const points = [...cuts].sort((a, b) => a - b);
  const out: TextSegment[] = [];
  let r = 0;
  for (let k = 0; k + 1 < points.length; k++) {
    const [from, to] = [points[k], points[k + 1]];
    while (r < matches.length && matches[r][1] <= from) r++;
    const match = r < matches.length && matches[r][0] <= from && to <= matches[r][1];
    const invisible = badge.get(from);
    out.push({ text: text.slice(from, to), match, ...(invisible && invisible.char.length === to - from ? { invisible } : {}) });
  }
  return out;
}
