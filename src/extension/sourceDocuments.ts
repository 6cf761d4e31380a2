// The `file:line` link's view of a source file: a content provider's document, which VS Code
// shows read-only, so keys typed into it can never reach the data file (and no auto-save writes
// it). The link opens it beside the panel without taking the panel's focus.
import { open, stat } from 'node:fs/promises';
import * as vscode from 'vscode';

export const SOURCE_SCHEME = 'sample-curator-source';

/** Files up to this size are shown whole; larger ones as the lines around the record. */
const WHOLE_FILE_BYTES = 16 << 20;
/** Lines shown before and after the record of a large file. */
const CONTEXT_LINES = 200;
const CHUNK = 1 << 20;

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
    const { size } = await stat(file);
    const fh = await open(file, 'r');
    try {
      if (size <= WHOLE_FILE_BYTES) return (await fh.readFile()).toString('utf8');
      const line = Number(new URLSearchParams(uri.query).get('line')) || 1;
      return await linesAround(fh, line);
    } finally {
      await fh.close();
    }
  }

  dispose(): void {
    this.#registration.dispose();
    this.#onDidChange.dispose();
  }
}

/**
 * For a file too large for an editor: the lines around `line` at their real line numbers (the
 * lines before them left empty, one byte each), so the link's line and the editor's agree.
 */
async function linesAround(fh: Awaited<ReturnType<typeof open>>, line: number): Promise<string> {
  const first = Math.max(1, line - CONTEXT_LINES);
  const last = line + CONTEXT_LINES;
  const buf = Buffer.allocUnsafe(CHUNK);
  const kept: Buffer[] = [];
  let lineNo = 1;
  let keptBytes = 0;
  for (let pos = 0; lineNo <= last && keptBytes < WHOLE_FILE_BYTES;) {
    const { bytesRead } = await fh.read(buf, 0, CHUNK, pos);
    if (bytesRead === 0) break;
    let from = 0;
    while (from < bytesRead && lineNo <= last) {
      const nl = buf.indexOf(0x0a, from);
      const end = nl === -1 || nl >= bytesRead ? bytesRead : nl + 1;
      if (lineNo >= first) {
        kept.push(Buffer.from(buf.subarray(from, end)));
        keptBytes += end - from;
      }
      if (end === nl + 1) lineNo++;
      from = end;
    }
    pos += bytesRead;
  }
  return '\n'.repeat(first - 1) + Buffer.concat(kept).toString('utf8');
}
