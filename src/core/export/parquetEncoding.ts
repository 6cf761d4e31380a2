// Where an export's Parquet row groups are encoded: on this thread (a small export, where starting a
// worker costs more than it saves) or on the Parquet export worker (a large one: converting samples
// here and encoding there overlap). Each gathers a group in the form it hands it over in — the
// records themselves, or their JSON text written straight into one buffer that is transferred — and
// both report a split's shard bytes, then the group's end with its shard's size, in order, through
// the same callbacks.
import { runWorker } from '../workers/runWorker';
import { contentHash } from '../ingest/lineIndex';
import { ExportError } from './exportFolder';
import type { JsonRecord } from './exportFormats';
import type { SplitName } from './exportSplit';
import type { ParquetWorkerInput, ParquetWorkerProgress } from './parquetExportWorker';
import { ShardEncoder, type ShardSpec } from './parquetShardEncoder';

/** What the encoding reports, in order per split. */
export interface EncodedOutput {
  /** The next bytes of `split`'s open shard (a view: written or copied before it returns). */
  bytes(split: SplitName, chunk: Uint8Array): void;
  /** `split`'s group sent last is encoded (`size`: its shard's size then), or its end (`size` undefined: the open shard closed). */
  written(split: SplitName, size: number | undefined): void;
  /** The encoding failed (the worker, or writing its bytes here): the export fails with `e`. */
  failed(e: Error): void;
}

/** A row group being gathered. */
export interface GroupRows {
  readonly rows: number;
  /** The rows' JSON text so far, in UTF-16 units (a group of long records is written early). */
  readonly chars: number;
  /** Adds `record`, whose JSON text is `line`; returns the content hash of the line's UTF-8 bytes (the JSONL export's hash of the record). */
  add(record: JsonRecord, line: string): string;
}

export interface GroupEncoding {
  /** A new, empty group. */
  rows(): GroupRows;
  /** Encodes a full group of `split` (one of this encoding's rows()), closing its shard after it when `close`; written() follows, now or later. */
  encode(split: SplitName, spec: ShardSpec, rows: GroupRows, close: boolean): void;
  /** Ends every split (after its last group was sent): the open shards closed, an empty one for a split without rows. */
  finish(splits: readonly { readonly split: SplitName; readonly spec: ShardSpec }[]): Promise<void>;
  abandon(): void;
}

class RecordRows implements GroupRows {
  readonly records: JsonRecord[] = [];
  chars = 0;

  get rows(): number {
    return this.records.length;
  }

  add(record: JsonRecord, line: string): string {
    this.records.push(record);
    this.chars += line.length;
    return contentHash(Buffer.from(line, 'utf8'));
  }
}

/** Encoded here, at once: written() is called before encode() returns. */
export class EncodingOnThisThread implements GroupEncoding {
  readonly #encoders = new Map<SplitName, ShardEncoder>();

  constructor(private readonly out: EncodedOutput) {}

  rows(): GroupRows {
    return new RecordRows();
  }

  encode(split: SplitName, spec: ShardSpec, rows: GroupRows, close: boolean): void {
    this.out.written(split, this.#encoderOf(split, spec).writeGroup((rows as RecordRows).records, close));
  }

  finish(splits: readonly { readonly split: SplitName; readonly spec: ShardSpec }[]): Promise<void> {
    for (const { split, spec } of splits) {
      this.#encoderOf(split, spec).finish();
      this.out.written(split, undefined);
    }
    return Promise.resolve();
  }

  abandon(): void {}

  #encoderOf(split: SplitName, spec: ShardSpec): ShardEncoder {
    let e = this.#encoders.get(split);
    if (!e) this.#encoders.set(split, (e = new ShardEncoder(spec, (b) => this.out.bytes(split, b))));
    return e;
  }
}

/**
 * The worker's young generation: half of V8's default, ~17 MB less resident; its scavenges then take
 * ~7% of its time instead of ~3% (a quarter of the default: ~12%, for 8 MB more).
 */
const YOUNG_GENERATION_MB = 24;

/** A group's first memory; it grows for long records. */
const JSON_BYTES = 1 << 20;

/** The group as the JSON text of its records' array, `[a,b,…]`, each line's UTF-8 hashed where it lies. */
class JsonRows implements GroupRows {
  #used = 1;
  rows = 0;
  chars = 0;

  constructor(private buffer: Buffer) {
    buffer[0] = 0x5b; // [
  }

  add(_record: JsonRecord, line: string): string {
    // UTF-8 takes at most 3 bytes per UTF-16 unit; room for the comma before and the bracket after.
    const need = this.#used + line.length * 3 + 2;
    if (need > this.buffer.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(need, this.buffer.length * 2));
      this.buffer.copy(bigger, 0, 0, this.#used);
      this.buffer = bigger;
    }
    if (this.rows > 0) this.buffer[this.#used++] = 0x2c; // ,
    const start = this.#used;
    this.#used += this.buffer.write(line, start, 'utf8');
    this.rows++;
    this.chars += line.length;
    return contentHash(this.buffer.subarray(start, this.#used));
  }

  /** The array's text, closed: its memory is then the worker's. */
  seal(): Uint8Array {
    this.buffer[this.#used++] = 0x5d; // ]
    return new Uint8Array(this.buffer.buffer, this.buffer.byteOffset, this.#used);
  }
}

/** Encoded on a worker started from `script` (out/parquetExportWorker.js), a group's text transferred there, its bytes back. */
export class EncodingOnWorker implements GroupEncoding {
  readonly #stop = new AbortController();
  #send!: (message: ParquetWorkerInput, transfer?: readonly ArrayBuffer[]) => void;
  readonly #done: Promise<null>;
  /** Group memory the worker gave back: two take turns. */
  readonly #free: ArrayBuffer[] = [];
  /** Memory of the shard bytes written, given back to the worker with the next group. */
  #written: ArrayBuffer[] = [];
  #failure: Error | undefined;
  #over = false;

  constructor(script: string, private readonly out: EncodedOutput) {
    this.#done = runWorker<null, ParquetWorkerProgress>(script, {
      name: 'Parquet export', signal: this.#stop.signal, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB }, feed: (send) => (this.#send = send),
      onProgress: (p) => {
        if (this.#over) return;
        try {
          for (const b of p.bytes) {
            out.bytes(p.split, b);
            if (this.#written.length < 4) this.#written.push(b.buffer as ArrayBuffer);
          }
          if (p.back && this.#free.length < 2 && p.back.byteLength <= 4 * JSON_BYTES) this.#free.push(p.back.buffer as ArrayBuffer);
          out.written(p.split, p.size);
        } catch (e) {
          // Writing the bytes here failed (a full disk): the worker is stopped, the export fails with the write's error.
          this.#fail(e as Error);
        }
      },
    });
    this.#done.catch((e: Error) => this.#fail(new ExportError(`encoding the Parquet shards failed: ${e.message} (nothing was left behind; export again)`, 'write-failed', { cause: e })));
  }

  rows(): GroupRows {
    const memory = this.#free.pop();
    return new JsonRows(memory ? Buffer.from(memory) : Buffer.allocUnsafeSlow(JSON_BYTES));
  }

  encode(split: SplitName, spec: ShardSpec, rows: GroupRows, close: boolean): void {
    const json = (rows as JsonRows).seal();
    const spare = this.#written;
    this.#written = [];
    this.#send({ split, spec, json, close, spare }, [json.buffer as ArrayBuffer, ...spare]);
  }

  async finish(splits: readonly { readonly split: SplitName; readonly spec: ShardSpec }[]): Promise<void> {
    this.#send({ finish: splits });
    await this.#done.catch(() => undefined);
    if (this.#failure) throw this.#failure;
  }

  abandon(): void {
    this.#over = true;
    this.#stop.abort(new Error('export abandoned'));
  }

  #fail(e: Error): void {
    if (this.#over) return;
    this.#over = true;
    this.#failure = e;
    this.#stop.abort(e);
    this.out.failed(e);
  }
}
