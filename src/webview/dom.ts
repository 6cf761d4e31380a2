// Tiny DOM builder. Text is always set with textContent: sample text is untrusted model output
// and must never be parsed as HTML.
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
