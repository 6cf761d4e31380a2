// Worker thread entry (bundled as out/parquetExportWorker.js): a large Parquet export's row groups
// encoded (hyparquet-writer, snappy in JS: half the export's CPU) off the thread that reads and
// converts samples, which meanwhile gathers the next group. Each group comes as the UTF-8 JSON text
// of its records' array (the lines the export wrote anyway, transferred, not copied); the shards'
// bytes go back, in order, to be written, hashed and fsynced by the export's files.
import { parentPort } from 'node:worker_threads';
import type { WorkerMessage } from '../workers/runWorker';
import type { JsonRecord } from './exportFormats';
import type { SplitName } from './exportSplit';
import { ShardEncoder, type ShardSpec } from './parquetShardEncoder';

/** To the worker: one row group of a split (its shard's spec with it), or the end of every split. */
export type ParquetWorkerInput =
  | { readonly split: SplitName; readonly spec: ShardSpec; readonly json: Uint8Array }
  | { readonly finish: readonly { readonly split: SplitName; readonly spec: ShardSpec }[] };

/** From the worker, after each group and each split's end: the shard's next bytes, whether that closed it. */
export interface ParquetWorkerProgress {
  readonly split: SplitName;
  readonly bytes: readonly Uint8Array[];
  readonly closed: boolean;
  /** After a group (not a split's end): the group's text memory, transferred back for the next group. */
  readonly back?: Uint8Array;
}

const encoders = new Map<SplitName, ShardEncoder>();
let bytes: Uint8Array[] = [];

function encoderOf(split: SplitName, spec: ShardSpec): ShardEncoder {
  let e = encoders.get(split);
  // The encoder's buffer is reused: what it hands out is copied (a megabyte at a time).
  if (!e) encoders.set(split, (e = new ShardEncoder(spec, (b) => bytes.push(b.slice()))));
  return e;
}

function post(split: SplitName, closed: boolean, back?: Uint8Array): void {
  const out = bytes;
  bytes = [];
  const transfer = out.map((b) => b.buffer as ArrayBuffer);
  if (back) transfer.push(back.buffer as ArrayBuffer);
  parentPort?.postMessage({ type: 'progress', split, bytes: out, closed, back } satisfies WorkerMessage<null, ParquetWorkerProgress>, transfer);
}

parentPort?.on('message', (m: ParquetWorkerInput) => {
  try {
    if ('json' in m) {
      const records = JSON.parse(Buffer.from(m.json.buffer, m.json.byteOffset, m.json.byteLength).toString('utf8')) as JsonRecord[];
      post(m.split, encoderOf(m.split, m.spec).writeGroup(records), m.json);
      return;
    }
    for (const { split, spec } of m.finish) post(split, encoderOf(split, spec).finish());
    parentPort?.postMessage({ type: 'done', result: null } satisfies WorkerMessage<null>);
  } catch (e) {
    parentPort?.postMessage({ type: 'error', message: (e as Error).message } satisfies WorkerMessage<null>);
  }
});
