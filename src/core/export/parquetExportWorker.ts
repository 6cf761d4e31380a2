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

/** To the worker: one row group of a split (its shard's spec with it; `close`: the shard ends with it), or the end of every split. */
export type ParquetWorkerInput =
  | { readonly split: SplitName; readonly spec: ShardSpec; readonly json: Uint8Array; readonly close: boolean; readonly spare: readonly ArrayBuffer[] }
  | { readonly finish: readonly { readonly split: SplitName; readonly spec: ShardSpec }[] };

/** From the worker, after each group and each split's end: the shard's next bytes, and after a group its shard's size. */
export interface ParquetWorkerProgress {
  readonly split: SplitName;
  readonly bytes: readonly Uint8Array[];
  /** After a group: the shard's size then; after a split's end, undefined. */
  readonly size?: number;
  /** After a group: the group's text memory, transferred back for the next group. */
  readonly back?: Uint8Array;
}

const encoders = new Map<SplitName, ShardEncoder>();
let bytes: Uint8Array[] = [];
/**
 * Memory for the bytes handed out, given back by the export once it wrote them: reused, so that
 * memory allocated here and freed there does not pile up in the allocator.
 */
const spare: ArrayBuffer[] = [];
const SPARE_BYTES = 3 << 19;

/** The encoder's buffer is reused: what it hands out is copied (a megabyte at a time). */
function handOut(b: Uint8Array): void {
  const i = spare.findIndex((s) => s.byteLength >= b.length);
  const memory = i === -1 ? new ArrayBuffer(Math.max(b.length, SPARE_BYTES)) : spare.splice(i, 1)[0];
  const copy = new Uint8Array(memory, 0, b.length);
  copy.set(b);
  bytes.push(copy);
}

function encoderOf(split: SplitName, spec: ShardSpec): ShardEncoder {
  let e = encoders.get(split);
  if (!e) encoders.set(split, (e = new ShardEncoder(spec, handOut)));
  return e;
}

function post(split: SplitName, size?: number, back?: Uint8Array): void {
  const out = bytes;
  bytes = [];
  const transfer = out.map((b) => b.buffer as ArrayBuffer);
  if (back) transfer.push(back.buffer as ArrayBuffer);
  parentPort?.postMessage({ type: 'progress', split, bytes: out, size, back } satisfies WorkerMessage<null, ParquetWorkerProgress>, transfer);
}

parentPort?.on('message', (m: ParquetWorkerInput) => {
  try {
    if ('json' in m) {
      spare.push(...m.spare);
      const records = JSON.parse(Buffer.from(m.json.buffer, m.json.byteOffset, m.json.byteLength).toString('utf8')) as JsonRecord[];
      post(m.split, encoderOf(m.split, m.spec).writeGroup(records, m.close), m.json);
      return;
    }
    if (process.env.EW_MEM) { const h = require('node:v8').getHeapStatistics(); const sp = require('node:v8').getHeapSpaceStatistics(); console.error('worker heap', Math.round(h.total_heap_size/1e6), 'used', Math.round(h.used_heap_size/1e6), 'malloced', Math.round(h.malloced_memory/1e6), 'peak malloced', Math.round(h.peak_malloced_memory/1e6), sp.map((x: any) => x.space_name + ':' + Math.round(x.space_size/1e6)).join(' ')); }
    for (const { split, spec } of m.finish) {
      encoderOf(split, spec).finish();
      post(split);
    }
    parentPort?.postMessage({ type: 'done', result: null } satisfies WorkerMessage<null>);
  } catch (e) {
    parentPort?.postMessage({ type: 'error', message: (e as Error).message } satisfies WorkerMessage<null>);
  }
});
