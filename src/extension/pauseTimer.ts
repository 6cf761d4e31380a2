// Work the host does after a reviewer's change that the next key must not wait behind (the status
// bar, the header's figures): run once the changes pause for `quietMs`, and at the latest
// `maxWaitMs` after the first change it has not served. Reviewers press keys in bursts tens of
// milliseconds apart; a fixed delay after each change lands that work on the next key.
export class PauseTimer {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #first = 0;

  constructor(
    private readonly run: () => void,
    private readonly quietMs: number,
    private readonly maxWaitMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A change: (re)starts the wait. */
  poke(): void {
    const t = this.now();
    if (this.#timer === undefined) this.#first = t;
    else clearTimeout(this.#timer);
    const wait = Math.min(this.quietMs, Math.max(0, this.#first + this.maxWaitMs - t));
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.run();
    }, wait);
  }

  /** Whether a run is waiting. */
  get pending(): boolean {
    return this.#timer !== undefined;
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
