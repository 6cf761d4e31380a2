// The list the panel shows: every sample in store order, or the result of a filter / search /
// sort (sample indices in display order). The webview only knows positions in this list; the
// host maps them to sample indices here, at the boundary.
import type { CurationStore } from '../../core/store/curationStore';

export type AfterVerdict = 'nextPending' | 'nextInOrder';

export class PanelListModel {
  readonly #indices: Int32Array | undefined;
  readonly #positions: Int32Array | undefined;

  /** `indices` undefined: all samples of a store of `storeSize`, in order. */
  constructor(
    private readonly storeSize: number,
    indices?: Int32Array,
    /** How the filter reads, for the header ("label incorrect · sort length"); empty for all. */
    readonly description = '',
  ) {
    this.#indices = indices;
    if (indices) {
      this.#positions = new Int32Array(storeSize).fill(-1);
      indices.forEach((sample, pos) => {
        this.#positions![sample] = pos;
      });
    }
  }

  get size(): number {
    return this.#indices ? this.#indices.length : this.storeSize;
  }

  get filtered(): boolean {
    return this.#indices !== undefined;
  }

  /** The sample index at a list position, or undefined outside the list. */
  indexAt(position: number): number | undefined {
    if (!Number.isInteger(position) || position < 0 || position >= this.size) return undefined;
    return this.#indices ? this.#indices[position] : position;
  }

  /** The list position of a sample, or -1 when the filter hides it. */
  positionOf(index: number): number {
    if (!this.#positions) return index >= 0 && index < this.storeSize ? index : -1;
    return this.#positions[index] ?? -1;
  }

  /** Every sample index in list order. */
  allIndices(): number[] {
    return Array.from({ length: this.size }, (_, p) => this.indexAt(p) as number);
  }

  /**
   * Where the selection goes after a verdict at `position`: the next pending sample of the list
   * (wrapping), or simply the next row; undefined when nothing is left to go to.
   */
  after(position: number, store: Pick<CurationStore, 'verdictAt'>, mode: AfterVerdict): number | undefined {
    if (mode === 'nextInOrder') return position + 1 < this.size ? position + 1 : undefined;
    for (let k = 1; k <= this.size; k++) {
      const p = (position + k) % this.size;
      if (store.verdictAt(this.indexAt(p) as number) === 'pending') return p;
    }
    return undefined;
  }
}
