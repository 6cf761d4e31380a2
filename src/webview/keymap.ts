// The panel's single-key table. One table drives both the key dispatcher and the `?` help sheet,
// so what the help shows is exactly what the keys do. Chords with Ctrl (Ctrl+Z, Ctrl+Shift+Z) are
// not here: they are contributed keybindings in package.json, gated on the panel being active.

export type PanelAction =
  | 'accept' | 'reject' | 'skip' | 'undo' | 'redo'
  | 'next' | 'previous' | 'firstPending' | 'lastPending'
  | 'label' | 'rating' | 'note' | 'edit' | 'diff' | 'nextPart' | 'previousPart'
  | 'search' | 'filter' | 'swap' | 'cluster' | 'help' | 'close'
  | 'adjudicateAccept' | 'adjudicateReject' | 'auditMore' | 'swapChosenRejected';

/**
 * A key as the help sheet writes it: `a`, `G`, `Shift+U`, `Shift+3`, `ArrowDown`, or a sequence
 * of two (`g g`). `Shift+<digit>` matches by physical key (KeyboardEvent.code), since the character
 * a shifted digit types depends on the keyboard layout.
 */
export type KeyName = string;

export interface KeyBinding {
  readonly keys: readonly KeyName[];
  readonly action: PanelAction;
  /** Label slot (1–9) or rating (1–5) the key stands for. */
  readonly arg?: number;
  readonly description: string;
}

const digits = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export const KEYMAP: readonly KeyBinding[] = [
  { keys: ['a'], action: 'accept', description: 'Accept the sample and go to the next pending one' },
  { keys: ['r'], action: 'reject', description: 'Reject the sample and go to the next pending one' },
  { keys: ['s'], action: 'skip', description: 'Skip the sample (decide later)' },
  { keys: ['u'], action: 'undo', description: 'Undo the last step (also Ctrl+Z)' },
  { keys: ['Shift+U'], action: 'redo', description: 'Redo (also Ctrl+Shift+Z)' },
  { keys: ['j', 'ArrowDown'], action: 'next', description: 'Next sample' },
  { keys: ['k', 'ArrowUp'], action: 'previous', description: 'Previous sample' },
  { keys: ['g g'], action: 'firstPending', description: 'First pending sample' },
  { keys: ['G'], action: 'lastPending', description: 'Last pending sample' },
  ...digits(1, 9).map((n): KeyBinding => ({ keys: [String(n)], action: 'label', arg: n, description: `Toggle the label in slot ${n}` })),
  ...digits(1, 5).map((n): KeyBinding => ({ keys: [`Shift+${n}`], action: 'rating', arg: n, description: `Rate ${n} of 5 (again clears)` })),
  { keys: ['n'], action: 'note', description: 'Write a note on the sample' },
  { keys: ['e'], action: 'edit', description: 'Edit the selected turn\'s text in an editor tab (t or a click selects one); with none selected, the sample\'s JSON, for its structure. Saving makes a revision' },
  { keys: ['d'], action: 'diff', description: 'Diff the sample (or the selected turn) with its original' },
  { keys: ['t'], action: 'nextPart', description: 'Select the next turn or field, for e and d (after the last: the whole sample)' },
  { keys: ['Shift+T'], action: 'previousPart', description: 'Select the previous turn or field' },
  { keys: ['/'], action: 'search', description: 'Search sample text' },
  { keys: ['f'], action: 'filter', description: 'Filter and sort with the keys listed under "Filter keys" below, e.g. source:gsm8k flag:conflict judge:>=4 sort:judge desc; Esc clears a filter that matches nothing' },
  { keys: ['Shift+A'], action: 'adjudicateAccept', description: 'Team review: settle the reviewers\' disagreement as accepted (an adjudication; export follows it)' },
  { keys: ['Shift+R'], action: 'adjudicateReject', description: 'Team review: settle the reviewers\' disagreement as rejected (an adjudication)' },
  { keys: ['+'], action: 'auditMore', description: 'Slice audit: draw 50 more samples of the slice (the draw so far is kept)' },
  { keys: ['x'], action: 'swap', description: 'Swap the sides of a preference pair as shown (nothing is recorded)' },
  { keys: ['Shift+X'], action: 'swapChosenRejected', description: 'Swap a preference pair\'s chosen and rejected answers as an edit (a revision; u undoes it)' },
  { keys: ['c'], action: 'cluster', description: 'Open the near-duplicate cluster side by side (keep one, reject the rest: one undo)' },
  { keys: ['?'], action: 'help', description: 'Show or hide this help' },
  { keys: ['Escape'], action: 'close', description: 'Close the help or a message; clear the selected turn; with nothing else open, clear a filter that matches nothing' },
];

export interface KeyInput {
  readonly key: string;
  /** KeyboardEvent.code (physical key), e.g. `Digit3`. */
  readonly code: string;
  readonly shiftKey: boolean;
  readonly ctrlKey: boolean;
  readonly altKey: boolean;
  readonly metaKey: boolean;
  /** True when the key goes to a text field: typing must never trigger actions. */
  readonly inTextField: boolean;
}

export interface KeyMatch {
  readonly action: PanelAction;
  readonly arg?: number;
}

/** The name a key press has in the table, or undefined for keys the table never uses. */
function nameOf(input: KeyInput): KeyName {
  const digit = /^Digit([0-9])$/.exec(input.code);
  if (input.shiftKey && digit) return `Shift+${digit[1]}`;
  if (input.shiftKey && input.key.length === 1 && /[A-Z]/.test(input.key) && input.key !== 'G') return `Shift+${input.key}`;
  return input.key;
}

const SINGLE = new Map<KeyName, KeyBinding>();
const SEQUENCES = new Map<KeyName, KeyBinding>();
for (const b of KEYMAP) {
  for (const k of b.keys) (k.includes(' ') ? SEQUENCES : SINGLE).set(k, b);
}
const PREFIXES = new Set([...SEQUENCES.keys()].map((k) => k.split(' ')[0]));

/**
 * Turns key presses into actions. Stateful only for two-key sequences (`g g`): the first key is
 * held for `sequenceMs`; anything else in between cancels it.
 */
export class KeyDispatcher {
  #pending: { key: KeyName; at: number } | undefined;

  constructor(private readonly sequenceMs = 1000) {}

  /** The action for this key press, undefined when the panel should leave the key alone. */
  handle(input: KeyInput, now: number): KeyMatch | undefined {
    if (input.inTextField || input.ctrlKey || input.altKey || input.metaKey) {
      this.#pending = undefined;
      return undefined;
    }
    if (input.key === 'Shift') return undefined; // the modifier's own keydown
    const name = nameOf(input);
    const prefix = this.#pending;
    this.#pending = undefined;
    if (prefix && now - prefix.at <= this.sequenceMs) {
      const seq = SEQUENCES.get(`${prefix.key} ${name}`);
      if (seq) return { action: seq.action, ...(seq.arg !== undefined ? { arg: seq.arg } : {}) };
    }
    if (PREFIXES.has(name)) {
      this.#pending = { key: name, at: now };
      return undefined;
    }
    const b = SINGLE.get(name);
    return b ? { action: b.action, ...(b.arg !== undefined ? { arg: b.arg } : {}) } : undefined;
  }

  /** True while the first key of a sequence waits for the second (the panel shows a hint). */
  get waiting(): boolean {
    return this.#pending !== undefined;
  }
}
