// Starts the language server on the first JSONL document (never at activation) and keeps the
// client's lifetime in one place.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

const isJsonl = (doc: vscode.TextDocument) => doc.languageId === 'jsonl' || doc.uri.path.toLowerCase().endsWith('.jsonl');

export class SampleLanguageClient implements vscode.Disposable {
  #client: LanguageClient | undefined;
  #starting: Promise<void> | undefined;
  readonly #watch: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.#watch = vscode.workspace.onDidOpenTextDocument((doc) => {
      if (isJsonl(doc)) void this.start();
    });
    if (vscode.workspace.textDocuments.some(isJsonl)) void this.start();
  }

  get started(): boolean {
    return this.#client !== undefined;
  }

  start(): Promise<void> {
    this.#starting ??= this.#start().catch((e: unknown) => {
      this.#starting = undefined;
      this.#client = undefined;
      const message = `The Sample Curator language server could not start: ${(e as Error).message}`;
      this.log.error(message);
      void vscode.window.showErrorMessage(message, 'Open Log').then((c) => c && this.log.show());
    });
    return this.#starting;
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
    };
    this.#client = new LanguageClient('sampleCurator', 'Sample Curator Language Server', serverOptions, clientOptions);
    this.log.info('starting the language server');
    await this.#client.start();
  }

  dispose(): void {
    this.#watch.dispose();
    void this.#client?.stop();
  }
}
