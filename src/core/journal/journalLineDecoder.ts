// Decodes one journal line into fields (no object per event), for readers that replay millions of
// lines. The ledger writes every line in one shape (JSON.stringify of a stamped event: fixed key
// order, no spaces; see journalEvents.ts), so such a line is read straight from its bytes. Anything
// else — a hand-written line, another key order, an extra key, a space, an escape in a string, a
// number not written as plain digits, a hash that is not 16 lowercase hex characters, version 1 —
// is not guessed at: it goes through JSON.parse and asJournalEvent, as every other reader does.
// The fast path never decides that a line is invalid; it only decodes or declines, and what it
// decodes equals what the parse gives (test/unit/journalLineDecoder.test.ts).
import { asJournalEvent, type JournalEvent } from './journalEvents';

/** Event kinds. Steps are 1–5 (the same numbers as LedgerState's step kinds). */
export const EVENT_VERDICT = 1;
export const EVENT_LABEL = 2;
export const EVENT_RATING = 3;
export const EVENT_NOTE = 4;
export const EVENT_REVISION = 5;
export const EVENT_UNDO = 6;
export const EVENT_REDO = 7;

/** Verdict codes: the index in this list (LedgerState's and VERDICTS' order). */
const VERDICT_NAMES = ['pending', 'accepted', 'rejected', 'skipped'] as const;
const VERDICT_CODE = new Map<string, number>(VERDICT_NAMES.map((v, code) => [v, code]));

const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
const HEAD = bytes('{"v":2,"seq":');
const AT = bytes(',"at":"');
const REVIEWER = bytes('","reviewer":"');
const TYPE = bytes('","type":"');
const VERDICT_SAMPLES = bytes('verdict","samples":[');
const LABEL_SAMPLES = bytes('label","samples":[');
const RATING_SAMPLE = bytes('rating","sample":"');
const NOTE_SAMPLE = bytes('note","sample":"');
const REVISION_SAMPLE = bytes('revision","sample":"');
const UNDO = bytes('undo","undoes":');
const REDO = bytes('redo","redoes":');
const VERDICT_KEY = bytes('],"verdict":"');
const ADJUDICATION = bytes(',"adjudication":true}');
const LABEL_KEY = bytes('],"label":"');
const PRESENT_KEY = bytes('","present":');
const TRUE_END = bytes('true}');
const FALSE_END = bytes('false}');
const RATING_KEY = bytes(',"rating":');
const NULL_END = bytes('null}');
const NOTE_KEY = bytes(',"note":');
const TEXT_KEY = bytes(',"text":"');
const VERDICT_VALUES = VERDICT_NAMES.map((v) => bytes(`${v}"`));

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/** `word` at buf[p], ending before `end`: the position after it, or −1. */
function expect(buf: Uint8Array, p: number, end: number, word: Uint8Array): number {
  if (p < 0 || p + word.length > end) return -1;
  for (let i = 0; i < word.length; i++) if (buf[p + i] !== word[i]) return -1;
  return p + word.length;
}

/**
 * A string's content from buf[p] up to its closing quote: the quote's position, or −1 when it has
 * an escape or a control character (JSON.parse decides those) or does not close before `end`.
 */
function stringEnd(buf: Uint8Array, p: number, end: number): number {
  for (; p < end; p++) {
    const c = buf[p];
    if (c === QUOTE) return p;
    if (c < 0x20 || c === BACKSLASH) return -1;
  }
  return -1;
}

/** Per byte its value as a lowercase hex digit, −1 for any other byte. */
const HEX = new Int8Array(256).fill(-1);
for (let c = 0; c < 16; c++) HEX['0123456789abcdef'.charCodeAt(c)] = c;

/** The decoded fields of the last line given to decode(); valid until the next call. */
export class JournalLineDecoder {
  /** EVENT_* of the line. */
  kind = 0;
  seq = 0;
  /** Verdict code (index in VERDICTS) of a verdict event. */
  verdict = 0;
  adjudication = false;
  /** Samples a verdict, label, rating, note or revision names: count, and each one's hash words... */
  sampleCount = 0;
  hi = new Uint32Array(16);
  lo = new Uint32Array(16);
  /** ...or, when the line was parsed, the hashes as text (then hi/lo are unused). */
  sampleTexts: readonly string[] | undefined;
  label = '';
  present = false;
  /** 1–5, 0 when cleared. */
  rating = 0;
  /** undefined when cleared. */
  note: string | undefined;
  /** The seq an undo or redo names. */
  target = 0;
  /** Whether the line took the fast path (else it was parsed). */
  fast = false;
  #buf: Buffer = Buffer.alloc(0);
  #reviewerStart = 0;
  #reviewerEnd = 0;
  #reviewer: string | undefined;

  /** Decodes buf[start, end): whether it is a valid journal event (fields set), fast or parsed. */
  decode(buf: Buffer, start: number, end: number): boolean {
    return this.decodeFast(buf, start, end) || this.decodeParsed(buf, start, end);
  }

  /** The fast path alone: true when the line is exactly in the ledger's shape (fields set), else false (fields undefined). */
  decodeFast(buf: Buffer, start: number, end: number): boolean {
    this.fast = false;
    let p = expect(buf, start, end, HEAD);
    if (p < 0) return false;
    // seq: 0 or up to 15 digits without a leading zero (exact in a double).
    let seq = 0;
    const digits = p;
    while (p < end && buf[p] >= 0x30 && buf[p] <= 0x39 && p - digits < 16) seq = seq * 10 + (buf[p++] - 0x30);
    if (p === digits || p - digits > 15 || (buf[digits] === 0x30 && p - digits > 1)) return false;
    p = expect(buf, p, end, AT);
    if (p < 0 || (p = stringEnd(buf, p, end)) < 0) return false;
    p = expect(buf, p, end, REVIEWER);
    if (p < 0) return false;
    const reviewerStart = p;
    if ((p = stringEnd(buf, p, end)) < 0) return false;
    const reviewerEnd = p;
    p = expect(buf, p, end, TYPE);
    if (p < 0) return false;
    let q = -1;
    const t = p < end ? buf[p] : 0;
    if (t === 0x76 && (q = expect(buf, p, end, VERDICT_SAMPLES)) >= 0) {
      if ((p = this.#samples(buf, q, end)) < 0 || (p = expect(buf, p, end, VERDICT_KEY)) < 0) return false;
      let code = 0;
      for (; code < VERDICT_VALUES.length; code++) if ((q = expect(buf, p, end, VERDICT_VALUES[code])) >= 0) break;
      if (code === VERDICT_VALUES.length) return false;
      if (q + 1 === end && buf[q] === CLOSE_BRACE) this.adjudication = false;
      else if (expect(buf, q, end, ADJUDICATION) === end) this.adjudication = true;
      else return false;
      this.kind = EVENT_VERDICT;
      this.verdict = code;
    } else if (t === 0x6c && (q = expect(buf, p, end, LABEL_SAMPLES)) >= 0) {
      if ((p = this.#samples(buf, q, end)) < 0 || (p = expect(buf, p, end, LABEL_KEY)) < 0) return false;
      const labelStart = p;
      if ((p = stringEnd(buf, p, end)) <= labelStart) return false; // also an empty label: JSON.parse's path refuses it
      const labelEnd = p;
      if ((p = expect(buf, p, end, PRESENT_KEY)) < 0) return false;
      if (expect(buf, p, end, TRUE_END) === end) this.present = true;
      else if (expect(buf, p, end, FALSE_END) === end) this.present = false;
      else return false;
      this.kind = EVENT_LABEL;
      this.label = buf.toString('utf8', labelStart, labelEnd);
    } else if (t === 0x72 && (q = expect(buf, p, end, RATING_SAMPLE)) >= 0) {
      if ((p = this.#oneSample(buf, q, end)) < 0 || (p = expect(buf, p, end, RATING_KEY)) < 0) return false;
      if (p + 2 === end && buf[p] >= 0x31 && buf[p] <= 0x35 && buf[p + 1] === CLOSE_BRACE) this.rating = buf[p] - 0x30;
      else if (expect(buf, p, end, NULL_END) === end) this.rating = 0;
      else return false;
      this.kind = EVENT_RATING;
    } else if (t === 0x6e && (q = expect(buf, p, end, NOTE_SAMPLE)) >= 0) {
      if ((p = this.#oneSample(buf, q, end)) < 0 || (p = expect(buf, p, end, NOTE_KEY)) < 0) return false;
      if (expect(buf, p, end, NULL_END) === end) this.note = undefined;
      else {
        if (buf[p] !== QUOTE || (q = stringEnd(buf, p + 1, end)) < 0 || q + 2 !== end || buf[q + 1] !== CLOSE_BRACE) return false;
        this.note = buf.toString('utf8', p + 1, q);
      }
      this.kind = EVENT_NOTE;
    } else if (t === 0x72 && (q = expect(buf, p, end, REVISION_SAMPLE)) >= 0) {
      // The text is normalized JSON, nearly always with escaped quotes: then parsed.
      if ((p = this.#oneSample(buf, q, end)) < 0 || (p = expect(buf, p, end, TEXT_KEY)) < 0) return false;
      if ((q = stringEnd(buf, p, end)) < 0 || q + 2 !== end || buf[q + 1] !== CLOSE_BRACE) return false;
      this.kind = EVENT_REVISION;
    } else if ((t === 0x75 && (q = expect(buf, p, end, UNDO)) >= 0) || (t === 0x72 && (q = expect(buf, p, end, REDO)) >= 0)) {
      const kind = buf[p] === 0x75 ? EVENT_UNDO : EVENT_REDO;
      let target = 0;
      const from = q;
      while (q < end && buf[q] >= 0x30 && buf[q] <= 0x39 && q - from < 16) target = target * 10 + (buf[q++] - 0x30);
      if (q === from || q - from > 15 || (buf[from] === 0x30 && q - from > 1) || q + 1 !== end || buf[q] !== CLOSE_BRACE) return false;
      this.kind = kind;
      this.target = target;
    } else {
      return false;
    }
    this.seq = seq;
    this.sampleTexts = undefined;
    this.#buf = buf;
    this.#reviewerStart = reviewerStart;
    this.#reviewerEnd = reviewerEnd;
    this.#reviewer = undefined;
    this.fast = true;
    return true;
  }

  /** The JSON.parse path alone: whether the line is a valid event (fields set from it). */
  decodeParsed(buf: Buffer, start: number, end: number): boolean {
    let e: JournalEvent | undefined;
    try {
      e = asJournalEvent(JSON.parse(buf.toString('utf8', start, end)));
    } catch {
      return false;
    }
    if (e === undefined) return false;
    this.fast = false;
    this.seq = e.seq;
    this.#reviewer = e.reviewer;
    this.sampleTexts = undefined;
    this.sampleCount = 0;
    // As LedgerState.apply reads an event (a `sample` key wins over `samples` in a verdict).
    switch (e.type) {
      case 'verdict':
        this.kind = EVENT_VERDICT;
        this.verdict = VERDICT_CODE.get(e.verdict) as number;
        this.adjudication = 'adjudication' in e && Boolean(e.adjudication); // truthy, as the team read took it (v1 lines are not checked for it)
        this.#texts('sample' in e ? [e.sample] : e.samples);
        break;
      case 'label':
        this.kind = EVENT_LABEL;
        this.label = e.label;
        this.present = e.present;
        this.#texts(e.samples);
        break;
      case 'rating':
        this.kind = EVENT_RATING;
        this.rating = e.rating ?? 0;
        this.#texts([e.sample]);
        break;
      case 'note':
        this.kind = EVENT_NOTE;
        this.note = e.note ?? undefined;
        this.#texts([e.sample]);
        break;
      case 'revision':
        this.kind = EVENT_REVISION;
        this.#texts([e.sample]);
        break;
      case 'undo':
        this.kind = EVENT_UNDO;
        this.target = e.undoes;
        break;
      case 'redo':
        this.kind = EVENT_REDO;
        this.target = e.redoes;
        break;
    }
    return true;
  }

  /** The reviewer the line names. */
  reviewer(): string {
    if (this.#reviewer === undefined) this.#reviewer = this.#buf.toString('utf8', this.#reviewerStart, this.#reviewerEnd);
    return this.#reviewer;
  }

  /** Whether the line names this reviewer (`utf8`: the name's UTF-8 bytes), without decoding the name when the bytes match. */
  reviewerIs(name: string, utf8: Uint8Array): boolean {
    if (this.#reviewer === undefined && this.#reviewerEnd - this.#reviewerStart === utf8.length) {
      const buf = this.#buf;
      let i = 0;
      while (i < utf8.length && buf[this.#reviewerStart + i] === utf8[i]) i++;
      if (i === utf8.length) return true;
    }
    return this.reviewer() === name; // other bytes may still decode to the same name (invalid UTF-8 → U+FFFD)
  }

  #texts(samples: readonly string[]): void {
    this.sampleTexts = samples;
    this.sampleCount = samples.length;
  }

  /** `"hash","hash",…]` from p (after the `[`): the position of the `]`, or −1. */
  #samples(buf: Uint8Array, p: number, end: number): number {
    let n = 0;
    for (;;) {
      if (p >= end || buf[p] !== QUOTE || (p = this.#hash(buf, p + 1, end, n)) < 0) return -1;
      n++;
      if (p >= end) return -1;
      if (buf[p] === CLOSE_BRACKET) break;
      if (buf[p] !== COMMA) return -1;
      p++;
    }
    this.sampleCount = n;
    return p;
  }

  /** `hash"` from p: the position after the closing quote, or −1. */
  #oneSample(buf: Uint8Array, p: number, end: number): number {
    p = this.#hash(buf, p, end, 0);
    if (p >= 0) this.sampleCount = 1;
    return p;
  }

  /** 16 lowercase hex digits and a closing quote at p, into sample `n`: the position after the quote, or −1. */
  #hash(buf: Uint8Array, p: number, end: number, n: number): number {
    if (p + 17 > end || buf[p + 16] !== QUOTE) return -1;
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < 8; i++) {
      const a = HEX[buf[p + i]];
      const b = HEX[buf[p + 8 + i]];
      if (a < 0 || b < 0) return -1;
      hi = (hi << 4) | a;
      lo = (lo << 4) | b;
    }
    if (n === this.hi.length) {
      const hiMore = new Uint32Array(n * 2);
      const loMore = new Uint32Array(n * 2);
      hiMore.set(this.hi);
      loMore.set(this.lo);
      this.hi = hiMore;
      this.lo = loMore;
    }
    this.hi[n] = hi >>> 0;
    this.lo[n] = lo >>> 0;
    return p + 17;
  }
}
