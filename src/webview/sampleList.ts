// The sample list: virtual (only the rows in view exist in the DOM, so a million rows scroll like
// a hundred), rows fetched from the host in windows as they come into view, one tab stop
// (`role="listbox"` + `aria-activedescendant`). Row text is set with textContent only.
// Drawing is incremental: a row's node is kept while its row data is the same object, so a key
// that moves the selection or scrolls by one row touches a few nodes, not the whole window (every
// node inserted anew would be styled and laid out again before the next frame).
import { elementScroll, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import type { CheckFlag, LabelView, RowView } from '../protocol';
import { el, markSampleText } from './dom';
import { scrollTopFor } from './panelModel';
import { labelChip } from './labelChips';

const ROW_HEIGHT = 22;
const WINDOW = 200;
/** Rows kept in view beyond the selected one when a key moves it, so the reviewer sees what comes next. */
const CONTEXT_ROWS = 2;

/** Short row badges for the checks' flags, and what each means. */
export const FLAG_TEXT: Readonly<Record<CheckFlag, string>> = { duplicate: 'dup', contaminated: 'bench', 'verifier-fail': 'verify ✗' };
const FLAG_TITLES: Readonly<Record<CheckFlag, string>> = {
  duplicate: 'Near-duplicate of another sample (c opens the cluster)',
  contaminated: 'Overlaps a benchmark test item',
  'verifier-fail': 'The verifier found a wrong calculation or answer',
};

/** A row's preview, its invisible characters marked as in the sample (a direction override must not reorder the row). */
function preview(text: string): HTMLElement {
  const node = el('span', { class: 'preview' }, text);
  markSampleText(node, undefined);
  return node;
}

export class SampleList {
  readonly #rows = new Map<number, RowView>();
  readonly #inner = el('div', { class: 'list-inner' });
  readonly #virtualizer: Virtualizer<HTMLElement, HTMLElement>;
  readonly #requested = new Set<number>();
  /** The row nodes in the DOM by position, with the row data each was drawn from (undefined: a placeholder). */
  readonly #drawn = new Map<number, { readonly node: HTMLElement; readonly row: RowView | undefined }>();
  #total = 0;
  /** The virtualizer's offset callback, so a scroll this list makes is reported as it is made. */
  #reportOffset: ((offset: number, isScrolling: boolean) => void) | undefined;
  /** The scrollTop this list wrote, reported already: its scroll event need not read it back. */
  #wroteTop: number | undefined;
  #selected: number | undefined;
  #labels = new Map<string, LabelView>();
  #cleanup: (() => void) | undefined;

  constructor(
    readonly element: HTMLElement,
    /** Ask the host for rows start … start + count - 1. */
    private readonly requestRows: (start: number, count: number) => void,
    /** The reviewer clicked a row. */
    private readonly onPick: (index: number) => void,
  ) {
    element.replaceChildren(this.#inner);
    this.#virtualizer = new Virtualizer<HTMLElement, HTMLElement>({
      count: 0, getScrollElement: () => element, estimateSize: () => ROW_HEIGHT, overscan: 12,
      scrollToFn: elementScroll, observeElementRect, onChange: () => this.#render(),
      // The library's own observer reads scrollTop in every scroll event. After a key moved the
      // selection off screen, that event comes in the next frame after the new sample is in the
      // DOM, and the read forces a layout of the whole panel (measured: ~3 ms a verdict key), and
      // the rows are drawn a second time. Here a scroll this list makes is reported when it is
      // made (select) and its event reads nothing; a scroll by the reviewer is read as before.
      observeElementOffset: (_instance, report) => {
        this.#reportOffset = report;
        const onScroll = () => {
          const wrote = this.#wroteTop;
          this.#wroteTop = undefined;
          report(wrote ?? element.scrollTop, false);
        };
        element.addEventListener('scroll', onScroll, { passive: true });
        return () => {
          element.removeEventListener('scroll', onScroll);
          this.#reportOffset = undefined;
        };
      },
    });
    element.addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('.row');
      if (row?.dataset.index) this.onPick(Number(row.dataset.index));
    });
  }

  get total(): number {
    return this.#total;
  }

  get selected(): number | undefined {
    return this.#selected;
  }

  row(index: number): RowView | undefined {
    return this.#rows.get(index);
  }

  /** A new list: `total` rows, the first window known. */
  reset(total: number, first: readonly RowView[], labels: readonly LabelView[]): void {
    this.#rows.clear();
    this.#requested.clear();
    // Labels' colours may have changed: every row is drawn anew.
    this.#drawn.clear();
    this.#inner.replaceChildren();
    this.#labels = new Map(labels.map((l) => [l.name, l]));
    this.#total = total;
    for (const r of first) this.#rows.set(r.index, r);
    this.#virtualizer.setOptions({ ...this.#virtualizer.options, count: total });
    this.#cleanup?.();
    this.#cleanup = this.#virtualizer._didMount();
    this.#virtualizer._willUpdate();
    this.#render();
  }

  /** Rows from the host: a requested window or rows whose verdict or labels changed. */
  setRows(rows: readonly RowView[]): void {
    for (const r of rows) this.#rows.set(r.index, r);
    this.#render();
  }

  select(index: number | undefined): void {
    const previous = this.#selected;
    this.#selected = index;
    // Moving the selection within the rows on screen touches two rows, not the whole window:
    // this runs on every j/k press. Geometry is read before anything is written, so no layout is forced.
    const node = index === undefined ? undefined : this.#drawn.get(index)?.node;
    if (node && this.#withContext(index as number)) {
      if (previous !== undefined) this.#drawn.get(previous)?.node.setAttribute('aria-selected', 'false');
      node.setAttribute('aria-selected', 'true');
      this.element.setAttribute('aria-activedescendant', node.id);
      return;
    }
    // Rows have one fixed height, so the offset that brings the row into view is known: written
    // straight to scrollTop (as scrollToIndex would with align 'auto', without its frames of
    // reconciling), and told to the virtualizer at once, so the new range is drawn in this task.
    if (index !== undefined) {
      const top = this.element.scrollTop;
      const to = scrollTopFor(index, top, this.element.clientHeight, this.#total, ROW_HEIGHT, CONTEXT_ROWS);
      if (to !== top) {
        this.element.scrollTop = to;
        this.#wroteTop = to;
        this.#reportOffset?.(to, false);
      }
    }
    this.#render();
  }

  /** Whether row `index` is in view with its context rows (no scroll needed). */
  #withContext(index: number): boolean {
    const top = this.element.scrollTop;
    return scrollTopFor(index, top, this.element.clientHeight, this.#total, ROW_HEIGHT, CONTEXT_ROWS) === top;
  }

  #render(): void {
    const items = this.#virtualizer.getVirtualItems();
    const height = `${this.#virtualizer.getTotalSize()}px`;
    if (this.#inner.style.height !== height) this.#inner.style.height = height;
    const inRange = new Set(items.map((item) => item.index));
    for (const [index, drawn] of this.#drawn) {
      if (inRange.has(index)) continue;
      drawn.node.remove();
      this.#drawn.delete(index);
    }
    // The range is contiguous and ascending, and so are the nodes kept: walk both in step,
    // inserting new nodes where they belong and replacing those whose row changed.
    const missing: number[] = [];
    let next: ChildNode | null = this.#inner.firstChild;
    for (const item of items) {
      const row = this.#rows.get(item.index);
      if (!row) missing.push(item.index);
      const drawn = this.#drawn.get(item.index);
      let node = drawn?.node;
      if (!node || drawn?.row !== row) {
        const fresh = row ? this.#rowElement(row) : el('div', { class: 'row placeholder', role: 'option', 'aria-selected': 'false', id: `row-${item.index}`, 'data-index': String(item.index) }, '…');
        this.#drawn.set(item.index, { node: fresh, row });
        if (node) {
          // A changed row: its new node takes the old one's place.
          if (next === node) next = fresh;
          node.replaceWith(fresh);
        }
        node = fresh;
      }
      if (node === next) next = node.nextSibling;
      else this.#inner.insertBefore(node, next);
      const transform = `translateY(${item.start}px)`;
      if (node.style.transform !== transform) node.style.transform = transform;
      const selected = String(item.index === this.#selected);
      if (node.getAttribute('aria-selected') !== selected) node.setAttribute('aria-selected', selected);
    }
    const active = this.#selected !== undefined && this.#selected < this.#total ? `row-${this.#selected}` : undefined;
    if (active === undefined) this.element.removeAttribute('aria-activedescendant');
    else if (this.element.getAttribute('aria-activedescendant') !== active) this.element.setAttribute('aria-activedescendant', active);
    if (missing.length) this.#request(missing[0], missing[missing.length - 1]);
  }

  #request(from: number, to: number): void {
    // Whole windows, each asked for once, so scrolling asks for each row at most once.
    for (let w = Math.floor(from / WINDOW); w <= Math.floor(to / WINDOW); w++) {
      if (this.#requested.has(w)) continue;
      this.#requested.add(w);
      this.requestRows(w * WINDOW, Math.min(WINDOW, this.#total - w * WINDOW));
    }
  }

  #rowElement(row: RowView): HTMLElement {
    const selected = row.index === this.#selected;
    const badge = row.verdict === 'pending' ? '·' : row.verdict[0].toUpperCase();
    const labels = (row.labels ?? []).map((name) => labelChip(name, this.#labels.get(name)?.color, { title: name }));
    return el('div', {
      id: `row-${row.index}`, class: `row verdict-${row.verdict}${row.kind === 'invalid' ? ' invalid' : ''}`, role: 'option',
      'aria-selected': String(selected), 'data-index': String(row.index),
    }, el('span', { class: 'badge', title: row.verdict }, badge), preview(row.preview), ...labels,
    ...(row.flags ?? []).map((f) => el('span', { class: `flag flag-${f}`, title: FLAG_TITLES[f] }, FLAG_TEXT[f])),
    ...(row.conflict ? [el('span', { class: `flag flag-conflict-${row.conflict}`, title: row.conflict === 'open' ? 'Reviewers disagree (Shift+A / Shift+R settles it)' : 'Reviewers disagreed; settled by adjudication' }, row.conflict === 'open' ? 'conflict' : 'settled')] : []));
  }
}
