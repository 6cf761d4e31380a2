// Worker thread entry (bundled as out/parquetWorker.js): converts every `workers`-th part (a row
// group, or part of one: parquetParts.ts) of one Parquet file, starting at `worker`, to JSONL
// lines (parquetLines.ts) and hands each part's bytes to the thread that started it
// (parquetOnWorkers.ts), which writes them in the file's order. Decoding a row group is seconds
// of synchronous work on a large file: never on the extension host's thread.
//
// At most one part is handed over and not yet written: the next is made meanwhile, and handed
// over only once the writer acknowledges the last. So a worker holds two parts at most, whatever
// the size of the file, and a slow disk slows the workers instead of filling memory. The writer
// hands each part's memory back with its word, and the worker writes a later part in it: tens of
// megabytes allocated and dropped per part on two threads are memory the allocator keeps.
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerMessage } from '../workers/runWorker';
import { openParquetParts, type ParquetNote } from './parquetLines';

export interface ParquetWorkerInput {
  readonly absPath: string;
  readonly worker: number;
  readonly workers: number;
  /** The file's parts are cut at this size (parquetParts.ts), as the starting thread cut them. */
  readonly maxPartBytes: number;
}

/** One part's lines, its memory handed over (the ArrayBuffers are transferred, not copied). */
export interface ParquetPartMessage {
  readonly part: number;
  readonly text: ArrayBuffer;
  readonly textLength: number;
  readonly rows: ArrayBuffer;
  readonly records: number;
  readonly note?: ParquetNote;
}

/** What a worker found besides its parts: the values it had to change to write them as JSON. */
export interface ParquetWorkerResult {
  readonly valueNotes: ParquetNote[];
}

export type ParquetWorkerMessage = WorkerMessage<ParquetWorkerResult, ParquetPartMessage>;

/** The writer's word that a part handed over is written, with the part's text memory handed back. */
export interface ParquetWritten {
  readonly type: 'written';
  readonly text: ArrayBuffer;
}

const input = workerData as ParquetWorkerInput;
let unwritten = 0;
let onWritten: (() => void) | undefined;
/** Memory handed back, for the next part's text. */
let spare: ArrayBuffer | undefined;
parentPort?.on('message', (m: ParquetWritten) => {
  if (m.type !== 'written') return;
  unwritten--;
  if (m.text.byteLength > (spare?.byteLength ?? 0)) spare = m.text;
  onWritten?.();
  onWritten = undefined;
});
const allWritten = () => (unwritten === 0 ? Promise.resolve() : new Promise<void>((resolve) => (onWritten = resolve)));

void (async () => {
  const file = await openParquetParts(input.absPath, input.maxPartBytes);
  // The thread that started this one read the same footer: failing now means the file changed.
  if ('code' in file) throw new Error(file.text);
  try {
    for (let p = input.worker; p < file.parts.length; p += input.workers) {
      const lines = await file.lines(p, spare);
      if (lines.text.buffer === spare) spare = undefined;
      await allWritten();
      const message: ParquetWorkerMessage = {
        type: 'progress', part: p, text: lines.text.buffer as ArrayBuffer, textLength: lines.text.length, rows: lines.rows.buffer as ArrayBuffer, records: lines.records,
        ...(lines.note ? { note: lines.note } : {}),
      };
      unwritten++;
      parentPort?.postMessage(message, [lines.text, lines.rows].filter((b) => b.byteLength > 0).map((b) => b.buffer as ArrayBuffer));
    }
    parentPort?.postMessage({ type: 'done', result: { valueNotes: file.valueNotes() } } satisfies ParquetWorkerMessage);
  } finally {
    await file.close();
  }
})().catch((e: Error) => {
  parentPort?.postMessage({ type: 'error', message: e.message } satisfies ParquetWorkerMessage);
});
