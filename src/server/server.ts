// The language server: problems in JSONL sample files, computed by src/core.
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  createConnection, DiagnosticSeverity, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type Diagnostic,
} from 'vscode-languageserver/node';
import { validateJsonl } from '../core/jsonlValidation';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

connection.onInitialize(() => ({
  capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
}));

function validate(doc: TextDocument): void {
  const diagnostics: Diagnostic[] = validateJsonl(doc.getText()).map((p) => ({
    severity: DiagnosticSeverity.Error,
    range: { start: { line: p.line, character: p.startChar }, end: { line: p.line, character: p.endChar } },
    code: p.code,
    source: 'sample-curator',
    message: p.message,
  }));
  void connection.sendDiagnostics({ uri: doc.uri, diagnostics });
}

documents.onDidChangeContent((e) => validate(e.document));
documents.onDidClose((e) => void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }));
documents.listen(connection);
connection.listen();
