// Reads a journal's complete lines from a byte offset, in chunks, without holding the file as one
// string (a million-event journal is over 100 MB). Shared by every journal reader.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { asJournalEvent, type JournalEvent } from './journalEvents';
import { READ_NO_FOLLOW } from './storePaths';

export interface JournalScan {
  /** Byte length up to the end of the last complete line: what a writer may append after. */
  readonly validLength: number;
  /** Bytes of a last line without its newline: a write that was never acknowledged. */
  readonly tornTailBytes: number;
  /** Complete lines read, blank ones included (line numbers continue from here). */
  readonly lines: number;
  /** Events the callback accepted. */
  readonly events: number;
  /** 1-based numbers of non-blank lines that were not valid events or were refused by the callback. */
  readonly skippedLines: number[];
}

// 1 MiB: sequential reads are as fast as with larger chunks here (measured-limits.md), and the
// buffer is held for the life of the process (reused by every scan).
const CHUNK = 1024 * 1024;
const NEWLINE = 0x0a;

/**
 * Calls `onEvent` for each valid event on a complete line at or after byte `fromOffset` (which
 * starts line `fromLine + 1`). `onEvent` returns false to refuse an event (it is then reported
 * as skipped). A missing file reads as empty.
 */
export function scanJournal(
  path: string,
  fromOffset: number,
  fromLine: number,
  onEvent: (event: JournalEvent) => boolean,
): JournalScan {
  return scanJournalLines(path, fromOffset, fromLine, (buf, start, end) => readLine(buf, start, end, onEvent));
}

/**
 * The line reading under scanJournal, for readers that look at a line's bytes before (or instead
 * of) parsing it: `onLine` gets each complete line's bytes as buf[start, end) (valid only during
 * the call) and returns whether it was a readable event.
 */
export function scanJournalLines(
  path: string,
  fromOffset: number,
  fromLine: number,
  onLine: (buf: Buffer, start: number, end: number) => boolean,
): JournalScan {
  // A plain loop, not journalLineSteps: a generator step per line was a third of the scan's time.
  const file = LineChunks.open(path, fromOffset, fromLine, true);
  if (!file) return emptyScan();
  try {
    for (let end = file.read(); end >= 0; end = file.read()) {
      const buf = file.buf;
      let start = 0;
      for (let nl = buf.indexOf(NEWLINE, file.carry); nl !== -1 && nl < end; nl = buf.indexOf(NEWLINE, start)) {
        file.line++;
        if (onLine(buf, start, nl)) file.events++;
        else if (!isBlank(buf, start, nl)) file.skippedLines.push(file.line);
        start = nl + 1;
      }
      file.keep(start, end);
    }
    return file.result();
  } finally {
    file.close();
  }
}

/**
 * scanJournalLines for a reader that pauses (to yield to the event loop, report progress, stop
 * on cancel): `onLine` may return a promise, and the buffer stays valid until it settles.
 * `progress` tells how far the scan is, in bytes of the file.
 */
export async function scanJournalLinesAsync(
  path: string,
  fromOffset: number,
  fromLine: number,
  onLine: (buf: Buffer, start: number, end: number, progress: { readonly offset: number; readonly size: number }) => boolean | Promise<boolean>,
): Promise<JournalScan> {
  const steps = journalLineSteps(path, fromOffset, fromLine);
  try {
    let step = steps.next(false);
    while (!step.done) {
      const { buf, start, end } = step.value;
      const readable = onLine(buf, start, end, step.value);
      step = steps.next(typeof readable === 'boolean' ? readable : await readable);
    }
    return step.value;
  } finally {
    steps.return(undefined as never); // closes the file when onLine threw
  }
}

interface LineStep {
  buf: Buffer;
  start: number;
  end: number;
  /** File offset just after the bytes read so far, and the file's size. */
  offset: number;
  size: number;
}

const emptyScan = (): JournalScan => ({ validLength: 0, tornTailBytes: 0, lines: 0, events: 0, skippedLines: [] });

/** A 4 MiB buffer for one synchronous scan at a time, kept between scans (a team read scans journal after journal). */
let spareBuffer: Buffer | undefined;

/** A journal read chunk by chunk: each chunk after the bytes of a line not yet complete. */
class LineChunks {
  buf: Buffer;
  line: number;
  events = 0;
  readonly skippedLines: number[] = [];
  /** Bytes at the start of buf belonging to a line not yet complete (no newline among them). */
  carry = 0;
  readonly #fromLine: number;
  /** File offset of the first byte in buf, and of the next byte to read. */
  #lineStart: number;
  pos: number;
  readonly size: number;
  readonly #fd: number;

  private constructor(fd: number, fromOffset: number, fromLine: number, spare: boolean) {
    this.#fd = fd;
    this.size = fstatSync(fd).size;
    this.line = this.#fromLine = fromLine;
    this.#lineStart = this.pos = fromOffset;
    this.buf = (spare ? spareBuffer : undefined) ?? Buffer.allocUnsafe(CHUNK);
    if (this.buf === spareBuffer) spareBuffer = undefined; // a scan within onLine gets its own
  }

  /** undefined for a missing file. `spare`: may use the kept buffer (synchronous scans only). */
  static open(path: string, fromOffset: number, fromLine: number, spare: boolean): LineChunks | undefined {
    let fd: number;
    try {
      fd = openSync(path, READ_NO_FOLLOW);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    try {
      return new LineChunks(fd, fromOffset, fromLine, spare);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  /** Reads the next chunk: the end of the bytes in buf, or −1 at the end of the file. */
  read(): number {
    if (this.pos >= this.size) return -1;
    if (this.carry === this.buf.length) {
      const bigger = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, this.carry);
      this.buf = bigger;
    }
    const n = readSync(this.#fd, this.buf, this.carry, Math.min(this.buf.length - this.carry, this.size - this.pos), this.pos);
    if (n === 0) return -1;
    this.pos += n;
    return this.carry + n;
  }

  /** After a chunk's lines: buf[start, end) is a line not yet complete, kept for the next chunk. */
  keep(start: number, end: number): void {
    this.buf.copy(this.buf, 0, start, end);
    this.carry = end - start;
    this.#lineStart += start;
  }

  result(): JournalScan {
    return { validLength: this.#lineStart, tornTailBytes: this.carry, lines: this.line - this.#fromLine, events: this.events, skippedLines: this.skippedLines };
  }

  close(): void {
    closeSync(this.#fd);
    if (this.buf.length === CHUNK) spareBuffer = this.buf;
  }
}

/** The scan: yields each complete line (one reused object) and takes back whether it was readable. */
function* journalLineSteps(path: string, fromOffset: number, fromLine: number): Generator<LineStep, JournalScan, boolean> {
  const file = LineChunks.open(path, fromOffset, fromLine, false);
  if (!file) return emptyScan();
  try {
    const step: LineStep = { buf: file.buf, start: 0, end: 0, offset: file.pos, size: file.size };
    for (let end = file.read(); end >= 0; end = file.read()) {
      const buf = file.buf;
      let start = 0;
      step.buf = buf;
      step.offset = file.pos;
      for (let nl = buf.indexOf(NEWLINE, file.carry); nl !== -1 && nl < end; nl = buf.indexOf(NEWLINE, start)) {
        file.line++;
        step.start = start;
        step.end = nl;
        if (yield step) file.events++;
        else if (!isBlank(buf, start, nl)) file.skippedLines.push(file.line);
        start = nl + 1;
      }
      file.keep(start, end);
    }
    return file.result();
  } finally {
    file.close();
  }
}

function readLine(buf: Buffer, start: number, end: number, onEvent: (event: JournalEvent) => boolean): boolean {
  let event: JournalEvent | undefined;
  try {
    event = asJournalEvent(JSON.parse(buf.toString('utf8', start, end)));
  } catch {
    return false;
  }
  return event !== undefined && onEvent(event);
}

function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}
