// Worker thread entry (bundled as out/parquetWorker.js): converts one Parquet file to the JSONL
// lines of the prepared-source cache (parquetLines.ts), posting progress per row group. Decoding a
// row group is seconds of synchronous work on a large file: never on the extension host's thread.
import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerMessage } from '../workers/runWorker';
import { convertParquet, type ParquetConversion, type ParquetProgress } from './parquetLines';

export interface ParquetWorkerInput {
  readonly absPath: string;
  readonly dataPath: string;
  readonly linesPath: string;
}

export type ParquetWorkerMessage = WorkerMessage<ParquetConversion, ParquetProgress>;

const input = workerData as ParquetWorkerInput;
void (async () => {
  const data = await open(input.dataPath, 'w');
  const lines = await open(input.linesPath, 'w');
  try {
    const result = await convertParquet(input.absPath, data, lines, (p) => parentPort?.postMessage({ type: 'progress', ...p } satisfies ParquetWorkerMessage));
    parentPort?.postMessage({ type: 'done', result } satisfies ParquetWorkerMessage);
  } finally {
    await data.close();
    await lines.close();
  }
})().catch((e: Error) => {
  parentPort?.postMessage({ type: 'error', message: e.message } satisfies ParquetWorkerMessage);
});
