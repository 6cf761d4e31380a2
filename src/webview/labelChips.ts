// A label as a chip: filled with its label's theme colour, its text in the editor colour that reads
// on it (labelColours.ts), both as `var(--vscode-…)` values. Chips are painted again when the theme
// changes (VS Code rewrites the variables on the document element and the theme class on the body).
import { el } from './dom';
import { chipText, type ChipColours } from './labelColours';

/** How each chip colour is drawn in the current theme. */
const chosen = new Map<string, ChipColours>();

function themeValue(variable: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(variable);
}

function paint(chip: HTMLElement): void {
  const color = chip.dataset.color;
  if (!color) return;
  let colours = chosen.get(color);
  if (colours === undefined) {
    colours = chipText(color, themeValue) ?? { text: 'var(--vscode-foreground)', contrast: 0, filled: false };
    chosen.set(color, colours);
  }
  chip.classList.toggle('label-chip-outline', !colours.filled);
  chip.style.setProperty('--chip-background', color);
  chip.style.setProperty('--chip-foreground', colours.text);
}

/** A label chip; `color` the label's theme variable (absent: drawn as a plain chip). */
export function labelChip(name: string, color: string | undefined, attrs: Readonly<Record<string, string>> = {}): HTMLElement {
  watchTheme();
  const chip = el('span', { ...attrs, class: color ? 'chip label-chip' : 'chip', ...(color ? { 'data-color': color } : {}) }, name);
  paint(chip);
  return chip;
}

let watching = false;

/** From the first chip on: a theme change paints every chip again. */
function watchTheme(): void {
  if (watching) return;
  watching = true;
  const repaint = new MutationObserver(() => {
    chosen.clear();
    for (const chip of document.querySelectorAll<HTMLElement>('.label-chip')) paint(chip);
  });
  repaint.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  repaint.observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
