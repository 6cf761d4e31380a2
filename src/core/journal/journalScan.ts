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

const CHUNK = 4 * 1024 * 1024;
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
  const steps = journalLineSteps(path, fromOffset, fromLine);
  let step = steps.next(false);
  while (!step.done) step = steps.next(onLine(step.value.buf, step.value.start, step.value.end));
  return step.value;
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

/** The scan: yields each complete line (one reused object) and takes back whether it was readable. */
function* journalLineSteps(path: string, fromOffset: number, fromLine: number): Generator<LineStep, JournalScan, boolean> {
  let fd: number;
  try {
    fd = openSync(path, READ_NO_FOLLOW);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { validLength: 0, tornTailBytes: 0, lines: 0, events: 0, skippedLines: [] };
    throw e;
  }
  try {
    const size = fstatSync(fd).size;
    const skippedLines: number[] = [];
    let line = fromLine;
    let events = 0;
    let buf = Buffer.allocUnsafe(CHUNK);
    let carry = 0; // bytes at the start of buf belonging to a line not yet complete
    let lineStart = fromOffset; // file offset of the first byte in buf
    let pos = fromOffset;
    const step: LineStep = { buf, start: 0, end: 0, offset: pos, size };
    while (pos < size) {
      if (carry === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, carry);
        buf = bigger;
      }
      const n = readSync(fd, buf, carry, Math.min(buf.length - carry, size - pos), pos);
      if (n === 0) break;
      pos += n;
      const end = carry + n;
      let start = 0;
      let nl = buf.indexOf(NEWLINE, carry);
      step.buf = buf;
      step.offset = pos;
      while (nl !== -1 && nl < end) {
        line++;
        step.start = start;
        step.end = nl;
        if (!(yield step)) {
          if (!isBlank(buf, start, nl)) skippedLines.push(line);
        } else {
          events++;
        }
        start = nl + 1;
        nl = buf.indexOf(NEWLINE, start);
      }
      buf.copy(buf, 0, start, end);
      carry = end - start;
      lineStart += start;
    }
    return { validLength: lineStart, tornTailBytes: carry, lines: line - fromLine, events, skippedLines };
  } finally {
    closeSync(fd);
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
