// The panel's single-key table. One table drives both the key dispatcher and the `?` help sheet,
// so what the help shows is exactly what the keys do. Chords (Ctrl+Z …) are not here: they are
// contributed keybindings in package.json, gated on the panel being active.

export type PanelAction = 'accept' | 'reject' | 'skip' | 'undo' | 'next' | 'previous' | 'help' | 'close';

export interface KeyBinding {
  /** KeyboardEvent.key values that trigger the action. */
  readonly keys: readonly string[];
  readonly action: PanelAction;
  /** What the help sheet says. */
  readonly description: string;
}

export const KEYMAP: readonly KeyBinding[] = [
  { keys: ['a'], action: 'accept', description: 'Accept the sample and go to the next pending one' },
  { keys: ['r'], action: 'reject', description: 'Reject the sample and go to the next pending one' },
  { keys: ['s'], action: 'skip', description: 'Skip the sample (decide later)' },
  { keys: ['u'], action: 'undo', description: 'Undo the last decision (also Ctrl+Z)' },
  { keys: ['j', 'ArrowDown'], action: 'next', description: 'Next sample' },
  { keys: ['k', 'ArrowUp'], action: 'previous', description: 'Previous sample' },
  { keys: ['?'], action: 'help', description: 'Show or hide this help' },
  { keys: ['Escape'], action: 'close', description: 'Close the help or a message' },
];

export interface KeyInput {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly altKey: boolean;
  readonly metaKey: boolean;
  /** True when the key goes to a text field: typing must never trigger actions. */
  readonly inTextField: boolean;
}

const BY_KEY = new Map(KEYMAP.flatMap((b) => b.keys.map((k) => [k, b.action] as const)));

/** The action a key press triggers, or undefined if the panel should leave it alone. */
export function actionForKey(input: KeyInput): PanelAction | undefined {
  if (input.inTextField || input.ctrlKey || input.altKey || input.metaKey) return undefined;
  return BY_KEY.get(input.key);
}
