// The open sample documents and when their problems are checked and published. Checking runs in
// slices between which the server answers other messages (hover, code actions, further edits), so
// a 100k-line file never blocks it; the first slice's problems are published at once.
import type { Diagnostic } from 'vscode-languageserver/node';
import { DocumentChecks, type TextChange } from '../core/lineProblems/documentChecks';
import type { LineCheckOptions } from '../core/lineProblems/sampleLineChecks';
import { toDiagnostic } from './problemDiagnostics';

/** Work done in one slice before yielding to the event loop. */
const SLICE_MS = 15;
/** Lines between clock reads inside a slice. */
const LINES_PER_STEP = 256;
/**
 * While a first pass is still running, partial results are published at most this often — except
 * the first problems found after an empty publish, which go out at once: an empty list is not what
 * the person waits for.
 */
const PARTIAL_PUBLISH_MS = 250;

interface Entry {
  readonly checks: DocumentChecks;
  version: number;
  scheduled: boolean;
  lastPublish: number;
  /** The diagnostics last published, for matching quick fixes to them. */
  published: readonly Diagnostic[];
}

export type Publish = (uri: string, version: number, diagnostics: Diagnostic[]) => void;

export class CheckedDocuments {
  readonly #entries = new Map<string, Entry>();
  #options: LineCheckOptions;

  constructor(private readonly publish: Publish, options: LineCheckOptions) {
    this.#options = options;
  }

  get(uri: string): DocumentChecks | undefined {
    return this.#entries.get(uri)?.checks;
  }

  published(uri: string): readonly Diagnostic[] {
    return this.#entries.get(uri)?.published ?? [];
  }

  open(uri: string, version: number, text: string): void {
    this.#entries.set(uri, { checks: new DocumentChecks(text, this.#options), version, scheduled: false, lastPublish: 0, published: [] });
    this.#schedule(uri);
  }

  change(uri: string, version: number, changes: readonly TextChange[]): void {
    const entry = this.#entries.get(uri);
    if (!entry) return;
    entry.checks.applyChanges(changes);
    entry.version = version;
    // The edit's own lines are checked now, so its diagnostics go out without waiting for a slice.
    entry.lastPublish = 0;
    this.#schedule(uri);
  }

  close(uri: string): void {
    this.#entries.delete(uri);
    this.publish(uri, 0, []);
  }

  setOptions(options: LineCheckOptions): void {
    this.#options = options;
    for (const [uri, entry] of this.#entries) {
      entry.checks.setOptions(options);
      this.#schedule(uri);
    }
  }

  #schedule(uri: string): void {
    const entry = this.#entries.get(uri);
    if (!entry || entry.scheduled) return;
    entry.scheduled = true;
    setImmediate(() => this.#slice(uri, entry));
  }

  #slice(uri: string, entry: Entry): void {
    entry.scheduled = false;
    if (this.#entries.get(uri) !== entry) return;
    const started = Date.now();
    let done: boolean;
    do done = entry.checks.checkSome(LINES_PER_STEP);
    while (!done && Date.now() - started < SLICE_MS);
    const now = Date.now();
    const firstFound = entry.published.length === 0 && entry.checks.hasProblems;
    if (done || firstFound || now - entry.lastPublish >= PARTIAL_PUBLISH_MS) {
      entry.published = entry.checks.problems().map(toDiagnostic);
      entry.lastPublish = now;
      this.publish(uri, entry.version, [...entry.published]);
    }
    if (!done) this.#schedule(uri);
  }
}
