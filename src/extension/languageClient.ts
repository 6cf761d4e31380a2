// Starts the language server on the first JSONL document (never at activation), restarts it when
// it crashes (within a budget), and keeps the client's lifetime in one place. Nothing else in the
// extension depends on the server: its commands stay registered and work while it is down.
import * as vscode from 'vscode';
import {
  CloseAction, ErrorAction, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';
import { LINE_VERDICT_REQUEST, type LineVerdictParams, type LineVerdictResult } from '../protocol';
import { CommandIds } from './commandIds';
import { RestartBudget } from './serverRestarts';

const isJsonl = (doc: vscode.TextDocument) => doc.languageId === 'jsonl' || doc.uri.path.toLowerCase().endsWith('.jsonl');

/** The server's settings, as it reads them (at start, and on every change of `sampleCurator.*`). */
function serverSettings(): { maxLineBytes?: number; checks: { benchmarks: unknown } } {
  const config = vscode.workspace.getConfiguration('sampleCurator');
  const max = config.get<number>('maxLineBytes');
  return { ...(max ? { maxLineBytes: max } : {}), checks: { benchmarks: config.get<unknown[]>('checks.benchmarks', []) } };
}

export class SampleLanguageClient implements vscode.Disposable {
  #client: LanguageClient | undefined;
  #starting: Promise<void> | undefined;
  readonly #watch: vscode.Disposable;
  readonly #restarts = new RestartBudget();
  readonly #onDidChangeState = new vscode.EventEmitter<void>();
  /** Fires when the server starts, stops or restarts (tests wait on it). */
  readonly onDidChangeState = this.#onDidChangeState.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    /** Answers the server's hover question about a line's verdict (from the open store). */
    private readonly answerLineVerdict: (params: LineVerdictParams) => LineVerdictResult,
  ) {
    this.#watch = vscode.workspace.onDidOpenTextDocument((doc) => {
      if (isJsonl(doc)) void this.start();
    });
    if (vscode.workspace.textDocuments.some(isJsonl)) void this.start();
  }

  get started(): boolean {
    return this.#client?.isRunning() ?? false;
  }

  start(): Promise<void> {
    this.#starting ??= this.#start().catch((e: unknown) => {
      this.#starting = undefined;
      const client = this.#client;
      this.#client = undefined;
      void client?.dispose().catch(() => undefined);
      this.#tellStopped(`The Sample Curator language server could not start: ${(e as Error).message}`);
    });
    return this.#starting;
  }

  /** Stops the server (the Problems panel keeps no stale entries); `restart` starts it again. */
  async stop(): Promise<void> {
    await this.#starting;
    if (this.#client?.isRunning()) await this.#client.stop();
  }

  /** Sample Curator: Restart Language Server — also after it gave up, or when it never started. */
  async restart(): Promise<void> {
    this.#restarts.reset();
    await this.#starting;
    if (!this.#client) return this.start();
    this.log.info('restarting the language server');
    if (this.#client.isRunning()) await this.#client.restart();
    else await this.#client.start();
  }

  async #start(): Promise<void> {
    const module = vscode.Uri.joinPath(this.extensionUri, 'out', 'server.js').fsPath;
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ language: 'jsonl' }, { pattern: '**/*.jsonl' }],
      outputChannel: this.log,
      // The shipped benchmark is read by the server at its first use, from the extension's own media/.
      initializationOptions: { ...serverSettings(), shippedBenchmark: vscode.Uri.joinPath(this.extensionUri, 'media', 'benchmarks', 'gsm8k-test.json').fsPath },
      // The server is sent `sampleCurator.*` whenever it changes (maxLineBytes and the benchmarks re-check every line).
      synchronize: { configurationSection: 'sampleCurator' },
      initializationFailedHandler: (e) => {
        this.log.error(`the language server failed to initialize: ${(e as Error)?.message ?? String(e)}`);
        return false;
      },
      errorHandler: {
        error: (_error, _message, count) => ({ action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true }),
        closed: () => {
          if (this.#restarts.crashed()) {
            this.log.warn('the language server stopped unexpectedly; restarting it');
            return { action: CloseAction.Restart, handled: true };
          }
          this.#tellStopped(
            `The Sample Curator language server crashed ${this.#restarts.maxRestarts + 1} times in 3 minutes and was not restarted, ` +
              'so problems in sample files are not shown. Every other command still works.',
          );
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
    };
    this.#client = new LanguageClient('sampleCurator', 'Sample Curator Language Server', serverOptions, clientOptions);
    this.#client.onDidChangeState(() => this.#onDidChangeState.fire());
    this.#client.onRequest<LineVerdictResult, void>(LINE_VERDICT_REQUEST, (params: LineVerdictParams) => this.answerLineVerdict(params));
    this.log.info('starting the language server');
    await this.#client.start();
  }

  /** Said once, with the two ways forward. */
  #tellStopped(message: string): void {
    this.log.error(message);
    void vscode.window.showErrorMessage(message, 'Restart Language Server', 'Open Log').then((choice) => {
      if (choice === 'Open Log') this.log.show();
      if (choice === 'Restart Language Server') void vscode.commands.executeCommand(CommandIds.restartLanguageServer);
    });
  }

  dispose(): void {
    this.#watch.dispose();
    this.#onDidChangeState.dispose();
    void this.#client?.stop();
  }
}
