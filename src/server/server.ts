// The language server: problems, quick fixes and hovers for JSONL sample files, all computed by
// src/core. Documents are synced incrementally and kept as lines (not TextDocuments, which would
// rebuild the whole text on every keystroke); only changed lines are checked again.
import {
  CodeActionKind, createConnection, ProposedFeatures, TextDocumentSyncKind, type InitializeParams,
} from 'vscode-languageserver/node';
import { DEFAULT_MAX_LINE_BYTES } from '../core/recordReader';
import type { LineChecker, LineCheckOptions } from '../core/sampleLineChecks';
import { LINE_VERDICT_REQUEST, type LineVerdictParams, type LineVerdictResult } from '../protocol';
import { CheckedDocuments } from './checkedDocuments';
import { lineHover } from './lineHover';
import { quickFixes } from './problemDiagnostics';

const connection = createConnection(ProposedFeatures.all);

/**
 * Checks beyond the built-in ones, run on every line that reads as a sample: the place where the
 * contamination and verifier checks plug in (each a LineChecker from src/core; codes added to
 * diagnosticCodes.ts). Empty until those checks land.
 */
const EXTRA_LINE_CHECKERS: readonly LineChecker[] = [];

/** The server's settings from `sampleCurator.*` (sent at start, and again on every change). */
function optionsFrom(settings: unknown): LineCheckOptions {
  const max = (settings as { maxLineBytes?: unknown } | undefined)?.maxLineBytes;
  return {
    maxLineBytes: typeof max === 'number' && Number.isFinite(max) && max > 0 ? max : DEFAULT_MAX_LINE_BYTES,
    checkers: EXTRA_LINE_CHECKERS,
  };
}

let documents = new CheckedDocuments(() => undefined, optionsFrom(undefined));

connection.onInitialize((params: InitializeParams) => {
  documents = new CheckedDocuments(
    (uri, version, diagnostics) => void connection.sendDiagnostics({ uri, ...(version ? { version } : {}), diagnostics }),
    optionsFrom(params.initializationOptions),
  );
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      hoverProvider: true,
    },
  };
});

connection.onDidChangeConfiguration((params) => {
  documents.setOptions(optionsFrom((params.settings as { sampleCurator?: unknown } | undefined)?.sampleCurator));
});

connection.onDidOpenTextDocument(({ textDocument }) => documents.open(textDocument.uri, textDocument.version, textDocument.text));
connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => documents.change(textDocument.uri, textDocument.version, contentChanges));
connection.onDidCloseTextDocument(({ textDocument }) => documents.close(textDocument.uri));

connection.onCodeAction(({ textDocument, range, context }) => {
  const doc = documents.get(textDocument.uri);
  if (!doc || (context.only && !context.only.some((k) => CodeActionKind.QuickFix.startsWith(k)))) return [];
  return quickFixes(textDocument.uri, doc, range.start.line, range.end.line, documents.published(textDocument.uri));
});

connection.onHover(async ({ textDocument, position }) => {
  const doc = documents.get(textDocument.uri);
  if (!doc || position.line >= doc.lineCount) return null;
  const params: LineVerdictParams = { uri: textDocument.uri, line: position.line, text: doc.lineText(position.line) };
  let verdict: LineVerdictResult | undefined;
  try {
    verdict = await connection.sendRequest<LineVerdictResult>(LINE_VERDICT_REQUEST, params);
  } catch (e) {
    connection.console.warn(`the extension did not answer ${LINE_VERDICT_REQUEST}: ${(e as Error).message}`);
  }
  return lineHover(doc, position.line, verdict);
});

connection.listen();
