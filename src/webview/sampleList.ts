// The sample list: virtual (only the rows in view exist in the DOM, so a million rows scroll like
// a hundred), rows fetched from the host in windows as they come into view, one tab stop
// (`role="listbox"` + `aria-activedescendant`). Row text is set with textContent only.
import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import type { CheckFlag, LabelView, RowView } from '../protocol';
import { el } from './dom';

const ROW_HEIGHT = 22;
const WINDOW = 200;

/** Short row badges for the checks' flags, and what each means. */
export const FLAG_TEXT: Readonly<Record<CheckFlag, string>> = { duplicate: 'dup', contaminated: 'bench', 'verifier-fail': 'verify ✗' };
const FLAG_TITLES: Readonly<Record<CheckFlag, string>> = {
  duplicate: 'Near-duplicate of another sample (c opens the cluster)',
  contaminated: 'Overlaps a benchmark test item',
  'verifier-fail': 'The verifier found a wrong calculation or answer',
};

export class SampleList {
  readonly #rows = new Map<number, RowView>();
  readonly #inner = el('div', { class: 'list-inner' });
  readonly #virtualizer: Virtualizer<HTMLElement, HTMLElement>;
  readonly #requested = new Set<number>();
  #total = 0;
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
      scrollToFn: elementScroll, observeElementRect, observeElementOffset, onChange: () => this.#render(),
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
    // this runs on every j/k press.
    const node = index === undefined ? null : this.element.querySelector<HTMLElement>(`#row-${index}`);
    if (node && this.#fullyVisible(node)) {
      if (previous !== undefined) this.element.querySelector(`#row-${previous}`)?.setAttribute('aria-selected', 'false');
      node.setAttribute('aria-selected', 'true');
      this.element.setAttribute('aria-activedescendant', node.id);
      return;
    }
    if (index !== undefined) this.#virtualizer.scrollToIndex(index, { align: 'auto' });
    this.#render();
  }

  #fullyVisible(node: HTMLElement): boolean {
    const top = Number(/translateY\((\d+(?:\.\d+)?)px\)/.exec(node.style.transform)?.[1] ?? -1);
    return top >= this.element.scrollTop && top + ROW_HEIGHT <= this.element.scrollTop + this.element.clientHeight;
  }

  #render(): void {
    const items = this.#virtualizer.getVirtualItems();
    this.#inner.style.height = `${this.#virtualizer.getTotalSize()}px`;
    const missing: number[] = [];
    const nodes = items.map((item) => {
      const row = this.#rows.get(item.index);
      if (!row) missing.push(item.index);
      const node = row ? this.#rowElement(row) : el('div', { class: 'row placeholder', role: 'option', 'aria-selected': 'false', id: `row-${item.index}`, 'data-index': String(item.index) }, '…');
      node.style.transform = `translateY(${item.start}px)`;
      return node;
    });
    this.#inner.replaceChildren(...nodes);
    if (this.#selected !== undefined && this.#selected < this.#total) this.element.setAttribute('aria-activedescendant', `row-${this.#selected}`);
    else this.element.removeAttribute('aria-activedescendant');
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
    const labels = (row.labels ?? []).map((name) => {
      const chip = el('span', { class: 'chip', title: name }, name);
      const color = this.#labels.get(name)?.color;
      if (color) chip.style.borderColor = color;
      return chip;
    });
    return el('div', {
      id: `row-${row.index}`, class: `row verdict-${row.verdict}${row.kind === 'invalid' ? ' invalid' : ''}`, role: 'option',
      'aria-selected': String(selected), 'data-index': String(row.index),
    }, el('span', { class: 'badge', title: row.verdict }, badge), el('span', { class: 'preview' }, row.preview), ...labels,
    ...(row.flags ?? []).map((f) => el('span', { class: `flag flag-${f}`, title: FLAG_TITLES[f] }, FLAG_TEXT[f])),
    ...(row.conflict ? [el('span', { class: `flag flag-conflict-${row.conflict}`, title: row.conflict === 'open' ? 'Reviewers disagree (Shift+A / Shift+R settles it)' : 'Reviewers disagreed; settled by adjudication' }, row.conflict === 'open' ? 'conflict' : 'settled')] : []));
  }
}
