// Key → paint timing, read by bench/uiBench.ts through the Performance API; it changes nothing the
// panel does. A timed key is measured from its event's `timeStamp` (when the browser took the key,
// before any handler ran) to the frame that shows its answer: `<kind>-to-dom` once the answer is in
// the DOM, `<kind>-to-paint` once that frame is out (a requestAnimationFrame, then a setTimeout(0)
// from it: the first task after the frame's style, layout and paint). bench/minimalWebview times
// its floor the same way. One entry per key; nothing is kept between keys but the pending start.

/** `key`: j / k (next, previous); `verdict`: a / r / s (the host's durable write and its answer); `jump`: G, g g. */
export type TimedKey = 'key' | 'verdict' | 'jump';

export class PaintTiming {
  #pending: { readonly kind: TimedKey; readonly start: number } | undefined;

  /** A timed key was pressed; a newer press replaces one still waiting for its answer. */
  pressed(kind: TimedKey, timeStamp: number): void {
    this.#pending = { kind, start: timeStamp };
  }

  /** The kind of key still waiting for its answer, if any. */
  get pending(): TimedKey | undefined {
    return this.#pending?.kind;
  }

  /**
   * The pending key's answer is in the DOM: the new sample drawn, or (`refused`) the host's error
   * shown instead, e.g. an accept that asks to be pressed again (measured under its own name).
   */
  answered(refused = false): void {
    const pending = this.#pending;
    if (!pending) return;
    this.#pending = undefined;
    const name = `${pending.kind}${refused ? '-refused' : ''}`;
    const start = pending.start;
    performance.measure(`${name}-to-dom`, { start });
    requestAnimationFrame(() => setTimeout(() => performance.measure(`${name}-to-paint`, { start }), 0));
  }
}
