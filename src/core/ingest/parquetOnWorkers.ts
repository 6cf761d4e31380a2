// Converts a Parquet file on worker threads (parquetWorker.ts), two when its parts are small
// enough, and writes their lines to the cache files in the file's order.
//
// Decoding and writing rows as JSON is CPU work (~22 s for a million chat rows on one thread
// here); two workers each take every other part, so a cold open takes about two thirds as long.
// Memory is what limits it: a worker holds a part's decoded rows and their text, several times
// the part's uncompressed size. A row group is cut into parts where the file has a page index
// (parquetParts.ts), so such files are converted by two workers whatever their row groups; a file
// of large row groups without one (pyarrow writes none by default) by one worker with the larger
// heap (parquetWorkerPlan).
// Parts arrive in any order; each waits here until the ones before it are written, and a worker
// makes at most one more meanwhile (parquetWorker.ts), so at most two parts a worker are held,
// here and there together.
import { basename } from 'node:path';
import type { FileHandle } from 'node:fs/promises';
import type { FileMetaData } from 'hyparquet';
import { runWorker } from '../workers/runWorker';
import { ConversionTally, openParquetParts, writeAll, type ParquetConversion, type ParquetProgress } from './parquetLines';
import { parquetParts, type ParquetPart } from './parquetParts';
import type { ParquetPartMessage, ParquetWorkerInput, ParquetWorkerResult, ParquetWritten } from './parquetWorker';

export interface ParquetWorkersOptions {
  /** out/parquetWorker.js */
  readonly workerScript: string;
  /** At most this many workers (default 2). */
  readonly maxWorkers?: number;
  /** Cut row groups with a page index at this size (default MAX_PART_BYTES). */
  readonly maxPartBytes?: number;
  readonly onProgress?: (p: ParquetProgress) => void;
  readonly signal?: AbortSignal;
}

/** One worker converting the file: the old-generation cap that holds a 100k-row group of 1.5 KB chats (~150 MB as strings and objects). */
const ONE_WORKER_HEAP_MB = 384;
/**
 * Resident memory the converters of one file may take together when there are several. A worker
 * takes about RSS_BASE_MB + RSS_PER_PART_MB × its largest part's uncompressed megabytes (measured
 * on 1M chat rows: 2.7 MB parts ~44 MB a worker, 13.7 MB ~120 MB, most of it the decoded pages
 * and text the allocator keeps between parts).
 */
const RSS_BUDGET_MB = 200;
const RSS_BASE_MB = 25;
const RSS_PER_PART_MB = 7;
/** Row groups with a page index are cut into parts of at most this much, so two workers fit the budget (~10.7 MB). */
export const MAX_PART_BYTES = ((RSS_BUDGET_MB / 2 - RSS_BASE_MB) / RSS_PER_PART_MB) * 1e6;
/** Each of several workers' old-generation cap: the part's strings and objects, and room to collect. */
const HEAP_BASE_MB = 48;
const HEAP_PER_PART_MB = 6;

export interface ParquetWorkerPlan {
  readonly workers: number;
  /** Each worker's old-generation cap. */
  readonly heapMb: number;
  /** Where row groups are cut into parts (parquetParts.ts); each worker cuts the file so again. */
  readonly maxPartBytes: number;
  readonly parts: readonly ParquetPart[];
}

/** How many workers convert the file, each one's old-generation cap, and the parts it is cut in. */
export function parquetWorkerPlan(metadata: FileMetaData, maxWorkers: number, maxPartBytes = MAX_PART_BYTES): ParquetWorkerPlan {
  const parts = parquetParts(metadata, maxPartBytes);
  const largest = Math.max(0, ...parts.map((p) => p.bytes)) / 1e6;
  const fit = Math.floor(RSS_BUDGET_MB / (RSS_BASE_MB + RSS_PER_PART_MB * largest));
  const workers = Math.max(1, Math.min(maxWorkers, parts.length, fit));
  return { workers, heapMb: workers === 1 ? ONE_WORKER_HEAP_MB : Math.ceil(HEAP_BASE_MB + HEAP_PER_PART_MB * largest), maxPartBytes, parts };
}

interface Arrived {
  readonly message: ParquetPartMessage;
  readonly worker: number;
}

export async function convertParquetOnWorkers(absPath: string, data: FileHandle, lines: FileHandle, options: ParquetWorkersOptions): Promise<ParquetConversion> {
  // The footer is read here too (a few milliseconds), to plan the workers; each worker reads its own.
  const file = await openParquetParts(absPath);
  if ('code' in file) return { notes: [file], dataSize: 0, records: 0, rows: 0 };
  const { metadata, rows } = file;
  await file.close();
  const plan = parquetWorkerPlan(metadata, options.maxWorkers ?? 2, options.maxPartBytes);
  const { parts } = plan;

  const stop = new AbortController();
  const forward = () => stop.abort(options.signal?.reason ?? new Error('conversion cancelled'));
  if (options.signal?.aborted) forward();
  options.signal?.addEventListener('abort', forward, { once: true });

  const tally = new ConversionTally();
  const written: ((m: ParquetWritten, transfer: ArrayBuffer[]) => void)[] = [];
  const arrived = new Map<number, Arrived>();
  let next = 0;
  let writing: Promise<void> = Promise.resolve();
  const writeInOrder = async () => {
    for (let a = arrived.get(next); a; a = arrived.get(next)) {
      arrived.delete(next);
      const { message } = a;
      const text = Buffer.from(message.text, 0, message.textLength);
      await writeAll(data, text);
      await writeAll(lines, Buffer.from(message.rows));
      tally.add(parts[next], { text, records: message.records, ...(message.note ? { note: message.note } : {}) });
      written[a.worker]?.({ type: 'written', text: message.text } satisfies ParquetWritten, [message.text]);
      next++;
      options.onProgress?.({ rowsDone: tally.rowsDone, rowsTotal: rows });
    }
  };
  try {
    const results = await Promise.all(Array.from({ length: plan.workers }, (_, k) => runWorker<ParquetWorkerResult, ParquetPartMessage>(options.workerScript, {
      name: 'Parquet', label: basename(absPath),
      workerData: { absPath, worker: k, workers: plan.workers, maxPartBytes: plan.maxPartBytes } satisfies ParquetWorkerInput,
      // A part's rows are garbage once handed over: a small young generation and a capped old
      // one make V8 collect them instead of growing (100k chat rows on one worker: 238 MB peak at
      // a 96 MB cap, 404 MB uncapped, and faster).
      resourceLimits: { maxOldGenerationSizeMb: plan.heapMb, maxYoungGenerationSizeMb: 16 },
      signal: stop.signal,
      feed: (send) => {
        written[k] = send;
      },
      onProgress: (message) => {
        arrived.set(message.part, { message, worker: k });
        // One write at a time, in order: a failed write stops the workers.
        writing = writing.then(writeInOrder);
        writing.catch((e: unknown) => stop.abort(e));
      },
    })));
    await writing;
    if (next !== parts.length) throw new Error(`${basename(absPath)}: part ${next + 1} of ${parts.length} (rows from ${(parts[next]?.start ?? 0) + 1}) was never converted`);
    const valueNotes = new Map(results.flatMap((r) => r.valueNotes).map((n) => [n.text, n]));
    return tally.result(rows, [...valueNotes.values()]);
  } catch (e) {
    stop.abort(e);
    // A write in flight ends before the caller closes the files.
    await writing.catch(() => undefined);
    throw e;
  } finally {
    options.signal?.removeEventListener('abort', forward);
  }
}
