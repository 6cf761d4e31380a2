// hyparquet-writer's byte writer made to stream: past a megabyte, its bytes are handed to `write`
// (an export file, a test file) and the buffer reused, instead of growing to hold a whole file.
import { ByteWriter } from 'hyparquet-writer';

/** Bytes held before they are handed on. */
const SINK_BYTES = 1 << 20;

export class ParquetByteSink extends ByteWriter {
  /** `write` gets a view of the buffer: it copies or writes the bytes before it returns. */
  constructor(private readonly write: (bytes: Uint8Array) => void) {
    super(SINK_BYTES + (SINK_BYTES >> 2));
  }

  override ensure(size: number): void {
    if (this.index > SINK_BYTES) this.drain();
    super.ensure(size);
  }

  override finish(): void {
    this.drain();
  }

  /** Hands on what is held (ParquetWriter.finish does at the end; call it after a row group too). */
  drain(): void {
    if (this.index === 0) return;
    this.write(new Uint8Array(this.buffer, 0, this.index));
    this.index = 0;
  }
}
