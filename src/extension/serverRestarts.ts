// How often a crashed language server is restarted: as vscode-languageclient's default does (4
// restarts in 3 minutes), kept here so the give-up message can say what still works and what to do.
export class RestartBudget {
  #crashes: number[] = [];

  constructor(
    readonly maxRestarts = 4,
    readonly windowMs = 3 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a crash; true while a restart is still within the budget. */
  crashed(): boolean {
    const t = this.now();
    this.#crashes = this.#crashes.filter((c) => t - c < this.windowMs);
    this.#crashes.push(t);
    return this.#crashes.length <= this.maxRestarts;
  }

  /** A restart the user asked for starts a fresh budget. */
  reset(): void {
    this.#crashes = [];
  }
}
