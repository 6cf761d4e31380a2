// The core's problems as LSP diagnostics and quick fixes.
import { CodeActionKind, DiagnosticSeverity, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import { DIAGNOSTIC_CODES, DIAGNOSTIC_SOURCE, type ProblemSeverity } from '../core/lineProblems/diagnosticCodes';
import type { DocumentChecks, DocumentProblem } from '../core/lineProblems/documentChecks';
import type { LineFix } from '../core/lineProblems/sampleLineChecks';

const SEVERITY: Readonly<Record<ProblemSeverity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

export function toDiagnostic(p: DocumentProblem): Diagnostic {
  return {
    range: { start: { line: p.line, character: p.startChar }, end: { line: p.line, character: p.endChar } },
    severity: SEVERITY[DIAGNOSTIC_CODES[p.code].severity],
    code: p.code,
    source: DIAGNOSTIC_SOURCE,
    message: p.message,
  };
}

function fixEdits(doc: DocumentChecks, line: number, fix: LineFix): TextEdit[] {
  if ('edits' in fix) {
    return fix.edits.map((e) => ({ range: { start: { line, character: e.startChar }, end: { line, character: e.endChar } }, newText: e.newText }));
  }
  // Deleting a line takes its line break with it: the following one, or for the last line the one before.
  const start = line + 1 < doc.lineCount ? { line, character: 0 } : line > 0 ? { line: line - 1, character: doc.lineText(line - 1).length } : { line, character: 0 };
  const end = line + 1 < doc.lineCount ? { line: line + 1, character: 0 } : { line, character: doc.lineText(line).length };
  return [{ range: { start, end }, newText: '' }];
}

/** Lines looked at for one code-action request: a selection of the whole file must not stall the server. */
const MAX_LINES = 2000;

/**
 * Quick fixes for the problems on lines `from`..`to`, recomputed from the current text (cached per
 * line), so a fix never applies to a line that changed since its diagnostic was published.
 */
export function quickFixes(uri: string, doc: DocumentChecks, from: number, to: number, published: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (let line = from; line <= Math.min(to, from + MAX_LINES, doc.lineCount - 1); line++) {
    const duplicate = doc.duplicateAt(line);
    const fixable: DocumentProblem[] = [...doc.checkAt(line).problems.map((p) => ({ ...p, line })), ...(duplicate ? [duplicate] : [])];
    for (const p of fixable) {
      if (!p.fix) continue;
      const diagnostic = published.find((d) => d.code === p.code && d.range.start.line === line && d.range.start.character === p.startChar);
      actions.push({
        title: p.fix.title, kind: CodeActionKind.QuickFix, isPreferred: true,
        ...(diagnostic ? { diagnostics: [diagnostic] } : {}),
        edit: { changes: { [uri]: fixEdits(doc, line, p.fix) } },
      });
    }
  }
  return actions;
}
