// The language server: problems, quick fixes and hovers for JSONL sample files, all computed by
// src/core. Documents are synced incrementally and kept as lines (not TextDocuments, which would
// rebuild the whole text on every keystroke); only changed lines are checked again.
import {
  CodeActionKind, createConnection, ProposedFeatures, TextDocumentSyncKind, type InitializeParams,
} from 'vscode-languageserver/node';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchmarkSpecs, loadBenchmarkIndex, SHIPPED_BENCHMARK_FILE, type BenchmarkSpec } from '../core/checks/benchmarkFingerprints';
import type { BenchmarkIndex } from '../core/checks/contamination';
import { contaminationChecker } from '../core/lineProblems/contaminationLineCheck';
import { DEFAULT_MAX_LINE_BYTES } from '../core/ingest/recordReader';
import type { LineChecker, LineCheckOptions } from '../core/lineProblems/sampleLineChecks';
import { verifierChecker } from '../core/lineProblems/verifierLineCheck';
import { LINE_VERDICT_REQUEST, type LineVerdictParams, type LineVerdictResult } from '../protocol';
import { CheckedDocuments } from './checkedDocuments';
import { lineHover } from './lineHover';
import { quickFixes } from './problemDiagnostics';

const connection = createConnection(ProposedFeatures.all);

/** The settings the server reads: `sampleCurator.*`, plus the shipped benchmark's path at start. */
interface ServerSettings {
  readonly maxLineBytes?: unknown;
  readonly checks?: { readonly benchmarks?: unknown };
  /** media/benchmarks/gsm8k-test.json (initializationOptions only). */
  readonly shippedBenchmark?: unknown;
}

/** Next to the bundle (out/server.js) when the client does not say where it is. */
let shippedBenchmark = path.join(__dirname, '..', 'media', 'benchmarks', SHIPPED_BENCHMARK_FILE);
/** Where relative paths in `sampleCurator.checks.benchmarks` start: the first workspace folder. */
let workspaceFolder: string | undefined;

/**
 * The benchmark index, read once the server is initialized, while the first document's text is
 * still arriving (the client starts the server only when a JSONL document is open, so one is on its
 * way; a large one takes hundreds of milliseconds to send), else at first use; and again only when
 * the benchmark settings change. A user benchmark that cannot be
 * read is reported once and left out; the shipped one failing turns the check off.
 */
class LazyBenchmarks {
  #index: BenchmarkIndex | null | undefined;
  constructor(readonly specs: readonly BenchmarkSpec[]) {}

  get = (): BenchmarkIndex | undefined => {
    if (this.#index === undefined) this.#index = this.#load();
    return this.#index ?? undefined;
  };

  #load(): BenchmarkIndex | null {
    try {
      return loadBenchmarkIndex(shippedBenchmark, this.specs);
    } catch (e) {
      connection.console.error(`benchmark contamination: ${(e as Error).message}${this.specs.length ? ' (checking against the shipped GSM8K test only)' : ''}`);
    }
    try {
      return this.specs.length ? loadBenchmarkIndex(shippedBenchmark, []) : null;
    } catch (e) {
      connection.console.error(`benchmark contamination is off: ${(e as Error).message}`);
      return null;
    }
  }
}

let benchmarks = new LazyBenchmarks([]);

function benchmarksFor(specs: readonly BenchmarkSpec[]): LazyBenchmarks {
  if (JSON.stringify(specs) !== JSON.stringify(benchmarks.specs)) benchmarks = new LazyBenchmarks(specs);
  return benchmarks;
}

/**
 * Checks beyond the built-in ones, run on every line that reads as a sample (LineCheckers from
 * src/core; their codes are in diagnosticCodes.ts): benchmark contamination and the verifier.
 */
function extraLineCheckers(b: LazyBenchmarks): readonly LineChecker[] {
  return [contaminationChecker(b.get), verifierChecker(b.get)];
}

/** The server's settings from `sampleCurator.*` (sent at start, and again on every change). */
function optionsFrom(settings: ServerSettings | undefined): LineCheckOptions {
  const max = settings?.maxLineBytes;
  const specs = benchmarkSpecs(settings?.checks?.benchmarks, workspaceFolder, (b) =>
    connection.console.warn(`sampleCurator.checks.benchmarks: an entry needs "path" and "fields.text"; ignored: ${JSON.stringify(b)}`));
  return {
    maxLineBytes: typeof max === 'number' && Number.isFinite(max) && max > 0 ? max : DEFAULT_MAX_LINE_BYTES,
    checkers: extraLineCheckers(benchmarksFor(specs)),
  };
}

let documents = new CheckedDocuments(() => undefined, optionsFrom(undefined));

connection.onInitialize((params: InitializeParams) => {
  const init = params.initializationOptions as ServerSettings | undefined;
  if (typeof init?.shippedBenchmark === 'string') shippedBenchmark = init.shippedBenchmark;
  const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
  workspaceFolder = folder?.startsWith('file:') ? fileURLToPath(folder) : undefined;
  documents = new CheckedDocuments(
    (uri, version, diagnostics) => void connection.sendDiagnostics({ uri, ...(version ? { version } : {}), diagnostics }),
    optionsFrom(init),
  );
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      hoverProvider: true,
    },
  };
});

// setImmediate: the initialized notification is answered first; the load then runs in the time the
// first didOpen takes to arrive instead of delaying that document's first problems.
connection.onInitialized(() => {
  setImmediate(() => benchmarks.get());
});

connection.onDidChangeConfiguration((params) => {
  documents.setOptions(optionsFrom((params.settings as { sampleCurator?: ServerSettings } | undefined)?.sampleCurator));
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
