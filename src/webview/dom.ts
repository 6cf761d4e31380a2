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
