// Tiny DOM builder. Text is always set with textContent: sample text is untrusted model output
// and must never be parsed as HTML.
import { invisibleChars, searchRanges, textSegments } from './textMarks';

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Readonly<Record<string, string>> = {},
  ...children: ReadonlyArray<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'class') node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return node;
}

/** A block of sample text: shown verbatim, whitespace kept, wrapped. */
export function textBlock(text: string, className = 'text'): HTMLElement {
  const node = el('div', { class: className });
  node.textContent = text;
  return node;
}

/**
 * A block of text with some [start, end) ranges wrapped in <mark> (sorted, non-overlapping):
 * text nodes and mark elements only, so the text stays text whatever it holds.
 */
export function markedTextBlock(text: string, ranges: readonly (readonly [number, number])[], className = 'text'): HTMLElement {
  const node = el('div', { class: className });
  let at = 0;
  for (const [start, end] of ranges) {
    const s = Math.max(at, Math.min(start, text.length));
    const e = Math.max(s, Math.min(end, text.length));
    if (s > at) node.append(document.createTextNode(text.slice(at, s)));
    if (e > s) node.append(el('mark', {}, text.slice(s, e)));
    at = e;
  }
  if (at < text.length) node.append(document.createTextNode(text.slice(at)));
  return node;
}

/** Sample text the panel marks: blocks of text it drew from a record (not its own labels and headings). */
const SAMPLE_TEXT = '.text, .judge-text, .preview';

/**
 * Marks, inside `root`'s sample text, where `search` matches (<mark class="search-match">) and
 * every invisible character (a badge with its code point, the character kept inside it, isolated
 * so a direction override cannot reach past it): text nodes are split and elements made with DOM
 * calls only, so the text stays text and its textContent is unchanged.
 */
export function markSampleText(root: HTMLElement, search: string | undefined): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const parent = n.parentElement;
    if (parent?.closest(SAMPLE_TEXT) && !parent.closest('.invisible-char')) nodes.push(n as Text);
  }
  for (const node of nodes) {
    const text = node.data;
    const invisibles = invisibleChars(text);
    // A <mark> the checks drew (an overlap with a benchmark) is not marked again as a search match.
    const matches = node.parentElement?.closest('mark') ? [] : searchRanges(text, search);
    if (!invisibles.length && !matches.length) continue;
    const out = document.createDocumentFragment();
    let mark: HTMLElement | undefined;
    for (const seg of textSegments(text, matches, invisibles)) {
      const piece: Node = seg.invisible
        ? el('span', { class: 'invisible-char', 'data-code': seg.invisible.code, title: seg.invisible.title }, seg.text)
        : document.createTextNode(seg.text);
      if (!seg.match) {
        mark = undefined;
        out.append(piece);
        continue;
      }
      if (!mark) out.append((mark = el('mark', { class: 'search-match' })));
      mark.append(piece);
    }
    node.replaceWith(out);
  }
}
