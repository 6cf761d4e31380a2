// The samples manifest's entries, written in sample order, each held until its row's place is known:
// a Parquet row's shard is known once the row group before it is encoded (parquetShards.ts), which
// in a large export happens on a worker while later samples are converted. An entry without a row
// to place (JSONL, a refusal) is written as soon as those before it are.
import type { SampleEntry } from './exportManifest';
import type { RowPlace } from './parquetShards';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class HeldEntries {
  readonly #entries: Mutable<SampleEntry>[] = [];
  readonly #places: (RowPlace | undefined)[] = [];
  #head = 0;

  /** `write`: an entry's line, in order. */
  constructor(private readonly write: (entry: SampleEntry) => void) {}

  /** The next entry; `at`: its Parquet row, whose shard and row fill `file` and `fileLine` once known. */
  push(entry: Mutable<SampleEntry>, at?: RowPlace): void {
    if (this.#head === this.#entries.length && (!at || at.group.file !== undefined)) {
      this.#write(entry, at);
      return;
    }
    this.#entries.push(entry);
    this.#places.push(at);
  }

  /** Writes the entries whose rows are placed, up to the first that is not. */
  release(): void {
    while (this.#head < this.#entries.length) {
      const at = this.#places[this.#head];
      if (at && at.group.file === undefined) break;
      this.#write(this.#entries[this.#head], at);
      this.#head++;
    }
    // Written entries leave the queue in batches (a large export always holds some: never all at once).
    if (this.#head >= 1024 || this.#head === this.#entries.length) {
      this.#entries.splice(0, this.#head);
      this.#places.splice(0, this.#head);
      this.#head = 0;
    }
  }

  /** How many wait (none once every row is placed and release() ran). */
  get held(): number {
    return this.#entries.length - this.#head;
  }

  #write(entry: Mutable<SampleEntry>, at: RowPlace | undefined): void {
    if (at) {
      entry.file = at.group.file;
      entry.fileLine = at.group.first + at.index + 1;
    }
    this.write(entry);
  }
}
