// An append-only file whose append() resolves only once the bytes are on disk (fdatasync).
// Appends that arrive while a sync is running are coalesced into the next single write + sync
// (measured: one combined write + fdatasync costs about what one small one does).
import { open, type FileHandle } from 'node:fs/promises';

interface Pending {
  readonly text: string;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

export class DurableAppendFile {
  #queue: Pending[] = [];
  #draining = false;
  #size: number;

  private constructor(
    private readonly handle: FileHandle,
    size: number,
  ) {
    this.#size = size;
  }

  /** Opens (creating) the file for appending; `validLength` cuts off a torn tail first. */
  static async open(path: string, validLength?: number): Promise<DurableAppendFile> {
    const handle = await open(path, 'a+');
    let { size } = await handle.stat();
    if (validLength !== undefined && validLength < size) {
      await handle.truncate(validLength);
      await handle.datasync();
      size = validLength;
    }
    return new DurableAppendFile(handle, size);
  }

  get size(): number {
    return this.#size;
  }

  /** Appends text; resolves when it is durable, rejects (and leaves the file as before) on failure. */
  append(text: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ text, resolve, reject });
      if (!this.#draining) void this.#drain();
    });
  }

  async close(): Promise<void> {
    while (this.#draining) await new Promise((r) => setImmediate(r));
    await this.handle.close();
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0);
      const data = Buffer.from(batch.map((p) => p.text).join(''), 'utf8');
      try {
        let written = 0;
        while (written < data.length) {
          const { bytesWritten } = await this.handle.write(data, written, data.length - written);
          written += bytesWritten;
        }
        await this.handle.datasync();
        this.#size += data.length;
        for (const p of batch) p.resolve();
      } catch (e) {
        // Cut back to the last durable length so a half-written batch never precedes later lines.
        await this.handle.truncate(this.#size).catch(() => undefined);
        for (const p of batch) p.reject(e);
      }
    }
    this.#draining = false;
  }
}
