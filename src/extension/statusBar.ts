// The status bar item: accepted, rejected and pending counts with codicons, the pace over the
// last 15 minutes and the time left at that pace; per-label counts in the tooltip. Clicking it
// opens the review panel. It updates on every change the store reports.
import * as vscode from 'vscode';
import { eta, formatCount, pace } from '../core/store/curationPace';
import type { CurationStore } from '../core/store/curationStore';
import { CommandIds } from './commandIds';
import { PauseTimer } from './pauseTimer';

/** Changes in a burst are drawn once they pause this long, and at least once this often. */
const RENDER_QUIET_MS = 250;
const RENDER_MAX_WAIT_MS = 5000;

export class CurationStatusBar implements vscode.Disposable {
  readonly #item = vscode.window.createStatusBarItem('sampleCurator.status', vscode.StatusBarAlignment.Left, 100);
  /** When this session's verdicts were made (ms), oldest first; an undo takes back the latest. */
  readonly #decisionTimes: number[] = [];
  #pending: number | undefined;
  #unsubscribe: (() => void) | undefined;
  #renderTimer: PauseTimer | undefined;

  constructor(private readonly now: () => number = Date.now) {
    this.#item.name = 'Sample Curator';
    this.#item.command = CommandIds.openReviewPanel;
    this.#item.text = '$(checklist) Sample Curator';
    this.#item.tooltip = 'Sample Curator: open the review panel';
    this.#item.show();
  }

  get text(): string {
    return this.#item.text;
  }

  /** What screen readers hear (and what UI tests read): the counts in words. */
  get accessibleText(): string {
    return this.#item.accessibilityInformation?.label ?? this.#item.text;
  }

  /** Markdown the checks add to the tooltip (teacher mix, synthetic share), if any. */
  #checksTooltip: () => string = () => '';
  #store: CurationStore | undefined;

  /** Shows the counts of `store` and follows its changes; `checksTooltip` adds the checks' figures. */
  track(store: CurationStore, checksTooltip: () => string = () => ''): void {
    this.#unsubscribe?.();
    this.#store = store;
    this.#checksTooltip = checksTooltip;
    this.#pending = store.counts().pending;
    // Drawn once the reviewer's keys pause, not inside the change: the store tells its listeners
    // before a decision's answer goes to the panel, the tooltip's figures are a pass over every
    // sample every 2 s, and the item's update is drawn by the workbench on the thread the panel
    // paints on.
    this.#renderTimer?.dispose();
    const timer = new PauseTimer(() => {
      if (this.#store === store) this.#render(store);
    }, RENDER_QUIET_MS, RENDER_MAX_WAIT_MS);
    this.#renderTimer = timer;
    this.#unsubscribe = store.onDidChange(() => timer.poke());
    this.#render(store);
  }

  /** Draws again (the checks finished or changed). */
  refresh(): void {
    if (this.#store) this.#render(this.#store);
  }

  #render(store: CurationStore): void {
    const c = store.counts();
    const now = this.now();
    const delta = (this.#pending ?? c.pending) - c.pending;
    for (let k = 0; k < delta; k++) this.#decisionTimes.push(now);
    for (let k = 0; k < -delta && this.#decisionTimes.length; k++) this.#decisionTimes.pop();
    this.#pending = c.pending;
    const { perHour } = pace(this.#decisionTimes, now);
    const left = eta(c.pending, perHour);
    const speed = perHour > 0 ? ` · ${Math.round(perHour)}/h${left ? ` · ETA ${left}` : ''}` : '';
    this.#item.text = `$(check) ${formatCount(c.accepted)} $(close) ${formatCount(c.rejected)} $(circle-large-outline) ${formatCount(c.pending)}${speed}`;
    // Pending records that are not readable as samples cannot be accepted: said apart (the panel's header subtracts them).
    const unreadable = store.unreadablePending();
    const apart = unreadable ? `, of which ${unreadable} unreadable` : '';
    this.#item.accessibilityInformation = {
      label: `Sample Curator: ${c.total - c.pending}/${c.total} reviewed, ${c.accepted} accepted, ${c.rejected} rejected, ${c.skipped} skipped, ${c.pending} pending${apart}`,
      role: 'button',
    };
    const labels = [...store.labelCounts()].sort((a, b) => b[1] - a[1]);
    const tip = new vscode.MarkdownString(
      `**Sample Curator** — ${store.name}\n\n` +
        `| | |\n|---|---:|\n| accepted | ${formatCount(c.accepted)} |\n| rejected | ${formatCount(c.rejected)} |\n` +
        `| skipped | ${formatCount(c.skipped)} |\n| pending | ${formatCount(c.pending - unreadable)} |\n` +
        (unreadable ? `| unreadable (cannot be accepted) | ${formatCount(unreadable)} |\n` : '') + '\n' +
        (labels.length ? `| label | samples |\n|---|---:|\n${labels.map(([l, n]) => `| ${l} | ${formatCount(n)} |`).join('\n')}\n\n` : '') +
        this.#checksTooltip() +
        (perHour > 0 ? `Pace over the last 15 minutes: ${Math.round(perHour)} an hour${left ? `; about ${left} left` : ''}.\n\n` : '') +
        'Click to open the review panel.',
    );
    this.#item.tooltip = tip;
  }

  dispose(): void {
    this.#renderTimer?.dispose();
    this.#unsubscribe?.();
    this.#item.dispose();
  }
}
