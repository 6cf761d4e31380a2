// The project's label taxonomy: which labels exist, which key slot (1–9) toggles each, the theme
// colour it is drawn in, and the description the help sheet shows. Defaults suit synthetic data;
// the `sampleCurator.labels` setting replaces them, and the project document keeps the one in use.

export interface LabelDefinition {
  readonly name: string;
  /** Key 1–9 that toggles it in the panel; labels beyond nine have no key (palette and bulk only). */
  readonly slot?: number;
  /** A VS Code theme colour id (e.g. `charts.red`), drawn as `var(--vscode-charts-red)`. */
  readonly color: string;
  readonly description: string;
}

export const DEFAULT_LABELS: readonly LabelDefinition[] = [
  { name: 'correct', slot: 1, color: 'charts.green', description: 'Content checked and right' },
  { name: 'incorrect', slot: 2, color: 'charts.red', description: 'Wrong answer, reasoning or fact' },
  { name: 'hallucination', slot: 3, color: 'charts.orange', description: 'States things the prompt or world does not support' },
  { name: 'unsafe', slot: 4, color: 'errorForeground', description: 'Harmful, dangerous or policy-violating content' },
  { name: 'refusal', slot: 5, color: 'charts.purple', description: 'Refuses or deflects a legitimate request' },
  { name: 'low-effort', slot: 6, color: 'charts.yellow', description: 'Too short, generic or lazy to teach anything' },
  { name: 'off-topic', slot: 7, color: 'charts.blue', description: 'Does not answer what was asked' },
  { name: 'formatting', slot: 8, color: 'charts.foreground', description: 'Broken markup, template leftovers, bad structure' },
  { name: 'duplicate', slot: 9, color: 'descriptionForeground', description: 'Repeats another sample (near-)verbatim' },
];

const NAME = /^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,39}$/u;
const COLOR = /^[A-Za-z][A-Za-z0-9.-]*$/;

/**
 * Checks a taxonomy from a setting or file: unique names, slots 1–9 used once, colours that are
 * theme colour ids. Returns the cleaned list and a message per rejected entry (never throws).
 */
export function validateTaxonomy(input: unknown): { labels: LabelDefinition[]; problems: string[] } {
  const problems: string[] = [];
  if (!Array.isArray(input)) return { labels: [...DEFAULT_LABELS], problems: ['the label taxonomy must be a list; using the defaults'] };
  const labels: LabelDefinition[] = [];
  const names = new Set<string>();
  const slots = new Set<number>();
  input.forEach((raw, i) => {
    const at = `label ${i + 1}`;
    if (typeof raw !== 'object' || raw === null) return void problems.push(`${at}: must be an object {name, slot?, color?, description?}`);
    const e = raw as Record<string, unknown>;
    if (typeof e.name !== 'string' || !NAME.test(e.name)) return void problems.push(`${at}: name must be 1–40 letters, digits, spaces, _ . -`);
    if (names.has(e.name)) return void problems.push(`${at}: "${e.name}" is defined twice`);
    let slot: number | undefined;
    if (e.slot !== undefined) {
      if (typeof e.slot !== 'number' || !Number.isInteger(e.slot) || e.slot < 1 || e.slot > 9) {
        problems.push(`${at} ("${e.name}"): slot must be 1–9; it gets no key`);
      } else if (slots.has(e.slot)) {
        problems.push(`${at} ("${e.name}"): slot ${e.slot} is taken; it gets no key`);
      } else slot = e.slot;
    }
    const color = typeof e.color === 'string' && COLOR.test(e.color) ? e.color : 'foreground';
    if (e.color !== undefined && color !== e.color) problems.push(`${at} ("${e.name}"): colour must be a theme colour id like charts.red`);
    names.add(e.name);
    if (slot !== undefined) slots.add(slot);
    labels.push({ name: e.name, ...(slot !== undefined ? { slot } : {}), color, description: typeof e.description === 'string' ? e.description : '' });
  });
  return { labels, problems };
}

/** The label a key slot toggles. */
export function labelInSlot(labels: readonly LabelDefinition[], slot: number): LabelDefinition | undefined {
  return labels.find((l) => l.slot === slot);
}

/** `charts.red` → `var(--vscode-charts-red)`: the only way colours reach the webview. */
export function themeColorVar(color: string): string {
  return `var(--vscode-${color.replace(/\./g, '-')})`;
}
