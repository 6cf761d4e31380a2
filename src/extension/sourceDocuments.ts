// The `file:line` link's view of a source file: a content provider's document, which VS Code
// shows read-only, so keys typed into it can never reach the data file (and no auto-save writes
// it). The link opens it beside the panel without taking the panel's focus.
import { readFile, stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import { readLinesAround } from '../core/ingest/linesAround';

export const SOURCE_SCHEME = 'sample-curator-source';

/** Files up to this size are shown whole; larger ones as the lines around the record. */
const WHOLE_FILE_BYTES = 16 << 20;
/** Lines shown before and after the record of a large file. */
const CONTEXT_LINES = 200;

export class SourceDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  readonly #onDidChange = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.#onDidChange.event;
  readonly #registration = vscode.workspace.registerTextDocumentContentProvider(SOURCE_SCHEME, this);

  /** The read-only view of `file` (an absolute path); `line` (1-based) matters only for large files. */
  uriFor(file: string, line: number): vscode.Uri {
    return vscode.Uri.file(file).with({ scheme: SOURCE_SCHEME, query: `line=${line}` });
  }

  /** Opens the read-only view at `line` beside the active editor group, keeping the focus where it is. */
  async show(file: string, line: number): Promise<vscode.TextEditor> {
    const position = new vscode.Position(Math.max(0, line - 1), 0);
    return vscode.window.showTextDocument(this.uriFor(file, line), {
      viewColumn: vscode.ViewColumn.Beside, selection: new vscode.Range(position, position), preview: true, preserveFocus: true,
    });
  }

  /** Views of these files (absolute paths) read them again: they changed on disk. */
  refresh(files: readonly string[]): void {
    const paths = new Set(files.map((f) => vscode.Uri.file(f).path));
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme === SOURCE_SCHEME && paths.has(doc.uri.path)) this.#onDidChange.fire(doc.uri);
    }
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const file = uri.with({ scheme: 'file', query: '' }).fsPath;
    if ((await stat(file)).size <= WHOLE_FILE_BYTES) return readFile(file, 'utf8');
    const line = Number(new URLSearchParams(uri.query).get('line')) || 1;
    return readLinesAround(file, line, { context: CONTEXT_LINES, maxBytes: WHOLE_FILE_BYTES });
  }

  dispose(): void {
    this.#registration.dispose();
    this.#onDidChange.dispose();
  }
}
