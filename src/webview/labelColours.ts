// Label chips drawn in their label's theme colour, with text readable on it. A label's colour is a
// `var(--vscode-…)` theme variable (labelTaxonomy.ts); its value depends on the theme, so the text
// colour is chosen here, in the panel, from the theme's own values: of the editor's foreground and
// background, the one with the higher WCAG contrast against the chip. Where neither reaches 4.5:1
// (a mid-tone blue in High Contrast Light) the chip is drawn as an outline instead — the label's
// colour as its border, the editor's text on the editor's background — as high-contrast themes draw
// badges. test/unit/labelColours.test.ts checks every default label in VS Code's dark, light and
// high-contrast themes. Only variable names are ever written to the style, never a computed colour.

/** sRGB channels 0–255 and alpha 0–1. */
export interface Rgba {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  readonly a: number;
}

/** `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa` or `rgb()/rgba()` (how theme variables are written); undefined otherwise. */
export function parseColour(value: string): Rgba | undefined {
  const v = value.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,8})$/.exec(v)?.[1];
  if (hex && [3, 4, 6, 8].includes(hex.length)) {
    const full = hex.length <= 4 ? [...hex].map((c) => c + c).join('') : hex;
    const n = (k: number) => parseInt(full.slice(2 * k, 2 * k + 2), 16);
    return { r: n(0), g: n(1), b: n(2), a: full.length === 8 ? n(3) / 255 : 1 };
  }
  const fn = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/.exec(v);
  if (!fn) return undefined;
  const alpha = fn[4] === undefined ? 1 : fn[4].endsWith('%') ? parseFloat(fn[4]) / 100 : parseFloat(fn[4]);
  return { r: +fn[1], g: +fn[2], b: +fn[3], a: alpha };
}

/** A colour with alpha as it shows over an opaque `under`. */
export function over(top: Rgba, under: Rgba): Rgba {
  const mix = (t: number, u: number) => t * top.a + u * (1 - top.a);
  return { r: mix(top.r, under.r), g: mix(top.g, under.g), b: mix(top.b, under.b), a: 1 };
}

/** WCAG 2 relative luminance. */
export function luminance(c: Rgba): number {
  const lin = (x: number) => {
    const s = x / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

/** WCAG 2 contrast ratio of two opaque colours, 1–21. */
export function contrastRatio(a: Rgba, b: Rgba): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** `var(--vscode-charts-red)` → `--vscode-charts-red` (undefined for anything else). */
export function variableOf(css: string): string | undefined {
  return /^var\((--[\w-]+)\)$/.exec(css.trim())?.[1];
}

/** The variables a chip's text may take: the editor's own pair, one of which reads on any colour a theme gives. */
export const TEXT_CANDIDATES = ['--vscode-editor-foreground', '--vscode-editor-background'] as const;
const PAGE = '--vscode-editor-background';

/** WCAG AA for normal text. */
export const MIN_CONTRAST = 4.5;

export interface ChipColours {
  /** The text colour, a `var(--vscode-…)`. */
  readonly text: string;
  /** Its contrast with what it is drawn on. */
  readonly contrast: number;
  /** Filled with the label's colour; false: an outline in it, the text on the editor's background. */
  readonly filled: boolean;
}

/**
 * For a chip of colour `css` (a theme variable), how to draw it readably, reading the theme's
 * values with `valueOf`; undefined when a value is missing.
 */
export function chipText(css: string, valueOf: (variable: string) => string): ChipColours | undefined {
  const variable = variableOf(css);
  const page = parseColour(valueOf(PAGE));
  const raw = variable ? parseColour(valueOf(variable)) : undefined;
  if (!page || !raw) return undefined;
  const bg = over(raw, { ...page, a: 1 });
  let best: ChipColours | undefined;
  for (const t of TEXT_CANDIDATES) {
    const c = parseColour(valueOf(t));
    if (!c) continue;
    const contrast = contrastRatio(over(c, bg), bg);
    if (!best || contrast > best.contrast) best = { text: `var(${t})`, contrast, filled: true };
  }
  if (!best || best.contrast >= MIN_CONTRAST) return best;
  const text = parseColour(valueOf(TEXT_CANDIDATES[0]));
  const pageOpaque = { ...page, a: 1 };
  return text ? { text: `var(${TEXT_CANDIDATES[0]})`, contrast: contrastRatio(over(text, pageOpaque), pageOpaque), filled: false } : best;
}
