// The lines around one line of a file too large to show whole, at their real line numbers: the
// lines before them come back empty (one byte each), so an editor's line N is the file's line N.
import { open } from 'node:fs/promises';

const CHUNK = 1 << 20;

export interface LinesAroundOptions {
  /** Lines kept before and after `line`. */
  readonly context: number;
  /** Stop keeping lines once this many bytes are kept (a few very long lines). */
  readonly maxBytes: number;
}

/** Lines `line - context` … `line + context` (1-based) of the file, preceded by empty lines. */
export async function readLinesAround(path: string, line: number, options: LinesAroundOptions): Promise<string> {
  const first = Math.max(1, line - options.context);
  const last = line + options.context;
  const fh = await open(path, 'r');
  const kept: Buffer[] = [];
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    let lineNo = 1;
    let keptBytes = 0;
    for (let pos = 0; lineNo <= last && keptBytes < options.maxBytes;) {
      const { bytesRead } = await fh.read(buf, 0, CHUNK, pos);
      if (bytesRead === 0) break;
      let from = 0;
      while (from < bytesRead && lineNo <= last) {
        const nl = buf.subarray(0, bytesRead).indexOf(0x0a, from);
        const end = nl === -1 ? bytesRead : nl + 1;
        if (lineNo >= first) {
          kept.push(Buffer.from(buf.subarray(from, end)));
          keptBytes += end - from;
        }
        if (nl !== -1) lineNo++;
        from = end;
      }
      pos += bytesRead;
    }
  } finally {
    await fh.close();
  }
  return '\n'.repeat(first - 1) + Buffer.concat(kept).toString('utf8');
}
