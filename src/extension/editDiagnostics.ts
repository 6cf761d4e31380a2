// The problem of a sample's JSON tab shown in the tab as the reviewer types (a squiggle, the
// Problems view, the hover): where the text stops being JSON or a sample, and why. A save of such
// text is refused with the same reason (SampleEditor.writeFile), so the tab is the place to fix it,
// not a notification.
import * as vscode from 'vscode';
import { normalizedJsonProblem } from '../core/lineProblems/normalizedJsonProblem';
import { isSampleJson } from './sampleEditor';

/** The diagnostics' source, shown after each message ("Sample Curator"). */
const EDIT_DIAGNOSTIC_SOURCE = 'Sample Curator';

export class EditDiagnostics implements vscode.Disposable {
  readonly #collection = vscode.languages.createDiagnosticCollection('sample-curator-edit');
  readonly #disposables: vscode.Disposable[] = [this.#collection];

  constructor() {
    this.#disposables.push(
      vscode.workspace.onDidOpenTextDocument((doc) => this.#check(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => this.#check(e.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.#collection.delete(doc.uri)),
    );
    for (const doc of vscode.workspace.textDocuments) this.#check(doc);
  }

  /** The diagnostics shown on `uri` (tests). */
  diagnosticsOf(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.#collection.get(uri) ?? [];
  }

  #check(doc: vscode.TextDocument): void {
    if (!isSampleJson(doc.uri)) return;
    const text = doc.getText();
    const problem = normalizedJsonProblem(text);
    if (!problem) {
      this.#collection.delete(doc.uri);
      return;
    }
    const message = problem.kind === 'syntax'
      ? `Not valid JSON: ${problem.reason}.\nA save is refused until this is fixed. To change a turn's text without JSON escapes, select the turn in the panel (t) and press e.`
      : `Not a valid sample: ${problem.reason}.\nA save is refused until this is fixed.`;
    const d = new vscode.Diagnostic(new vscode.Range(doc.positionAt(problem.start), doc.positionAt(problem.end)), message, vscode.DiagnosticSeverity.Error);
    d.source = EDIT_DIAGNOSTIC_SOURCE;
    this.#collection.set(doc.uri, [d]);
  }

  dispose(): void {
    while (this.#disposables.length) this.#disposables.pop()?.dispose();
  }
}
