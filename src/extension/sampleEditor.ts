// Edit a sample in a real editor tab: a file system provider whose files are samples' normalized
// JSON, or the plain text of one part of a sample (a turn, an instruction, an answer). Saving one
// adds a revision to the store (the source file is never written); a read-only twin with
// `?original` shows the source record's view, the left side of the diff.
import * as vscode from 'vscode';
import type { CurationStore } from '../core/store/curationStore';
import { fromNormalizedJson, toNormalizedJson } from '../core/formats/normalizedJson';
import { lineAndColumn, normalizedJsonProblem } from '../core/lineProblems/normalizedJsonProblem';
import type { NormalizedSample } from '../core/formats/sampleModel';
import type { PartId } from '../core/formats/samplePartIds';
import { partOf, withPartText } from '../core/formats/sampleParts';
import type { StoreHost } from './storeHost';

export const SAMPLE_SCHEME = 'sample-curator';
/** The language of a single part's tab (package.json: word wrap on by default). */
export const PART_LANGUAGE = 'sample-text';
/**
 * The language of a whole sample's JSON tab: JSON's grammar (media/languages), word wrap on by
 * default (a turn is one long JSON string), and no other JSON checker: its problems are ours
 * (EditDiagnostics), the reasons a save would give.
 */
export const SAMPLE_JSON_LANGUAGE = 'sample-json';

/** Whether `uri` is a whole sample's editable JSON (not a part, not the original's view). */
export function isSampleJson(uri: vscode.Uri): boolean {
  return uri.scheme === SAMPLE_SCHEME && uri.query !== 'original' && uri.path.endsWith('.json');
}

/**
 * `sample-curator:/<sample id>/<source file>:<line>.json` for the whole sample, or
 * `…:<line>.<part>.txt` for one part's text (`chat.jsonl:12.turn3.txt`); `?original` for the
 * source record's view. The id (CurationStore.idAt; identical records have different ones) names
 * the sample (revisions follow it, as verdicts do); the last segment is the tab's title.
 */
const SAMPLE_PATH = /^\/([0-9a-f]{16})\/([^/]+):(\d+)(?:\.json|\.([a-z]+\d*)\.txt)$/;

/** A revision saved from an editor tab. */
export interface SavedRevision {
  readonly index: number;
  readonly revision: number;
  /** Every sample that shows the new revision (identical lines share it). */
  readonly changed: readonly number[];
}

/** A save that was refused; `message` is what VS Code shows after "Failed to save …". */
export interface RefusedSave {
  readonly uri: vscode.Uri;
  readonly message: string;
}

interface Target {
  readonly store: CurationStore;
  readonly index: number;
  readonly hash: string;
  readonly label: string;
  readonly original: boolean;
  /** The part of the sample the tab holds as plain text; undefined for the whole normalized JSON. */
  readonly part: PartId | undefined;
}

export class SampleEditor implements vscode.FileSystemProvider, vscode.Disposable {
  readonly #onDidChangeFile = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.#onDidChangeFile.event;
  readonly #onDidSaveRevision = new vscode.EventEmitter<SavedRevision>();
  /** Fires after a save became a revision in the store. */
  readonly onDidSaveRevision = this.#onDidSaveRevision.event;
  readonly #onDidRefuseSave = new vscode.EventEmitter<RefusedSave>();
  /** Fires when a save is refused (not JSON, or not a sample); the tab keeps its text. */
  readonly onDidRefuseSave = this.#onDidRefuseSave.event;

  readonly #created = Date.now();
  /**
   * Per sample hash: the revision last reported and its mtime. mtimes only grow, so VS Code's
   * "the file is newer" check holds when an undo elsewhere changes a sample under an open tab.
   */
  readonly #versions = new Map<string, { revision: number; mtime: number }>();
  /** The current-revision URIs handed out or read, by path: told of changes, and their index kept. */
  readonly #uris = new Map<string, { readonly uri: vscode.Uri; readonly index: number; readonly hash: string }>();
  /**
   * The URI path being saved: its change event would only make VS Code re-read what it just wrote.
   * Other tabs of the same sample (its JSON while a turn is saved) are told.
   */
  #saving: string | undefined;
  readonly #disposables: vscode.Disposable[] = [];

  constructor(
    private readonly stores: StoreHost,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.#disposables.push(
      vscode.workspace.registerFileSystemProvider(SAMPLE_SCHEME, this, { isCaseSensitive: true }),
      stores.onDidOpen((store) => {
        const unsubscribe = store.onDidChange((changed) => this.#storeChanged(store, changed));
        this.#disposables.push(new vscode.Disposable(unsubscribe));
      }),
      this.#onDidChangeFile, this.#onDidSaveRevision, this.#onDidRefuseSave,
    );
  }

  /** The URI of a sample's (or one part's) current revision, or (`original`) of its source record's view. */
  uriFor(store: CurationStore, index: number, original = false, part?: PartId): vscode.Uri {
    const row = store.row(index);
    const name = `${row.source}:${row.line}${part ? `.${part}.txt` : '.json'}`;
    const uri = vscode.Uri.from({ scheme: SAMPLE_SCHEME, path: `/${row.id}/${name}`, ...(original ? { query: 'original' } : {}) });
    if (!original) this.#uris.set(uri.path, { uri, index, hash: row.id });
    return uri;
  }

  /**
   * Opens the sample's normalized JSON in an editor tab beside the panel, or with `part` the plain
   * text of that part alone (the turn selected in the panel).
   */
  async openEditor(index: number | undefined, part?: PartId): Promise<vscode.TextEditor | undefined> {
    const store = await this.#editable(index, part);
    if (!store || index === undefined) return undefined;
    const doc = await this.#openAs(this.uriFor(store, index, false, part), part);
    return vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  }

  /**
   * Opens a tab's document in its own language before any editor shows it: a turn is prose, a
   * sample's JSON holds whole turns on one line; both languages wrap long lines by default, and the
   * diff editor takes its wrapping from the documents it is opened on.
   */
  async #openAs(uri: vscode.Uri, part: PartId | undefined): Promise<vscode.TextDocument> {
    const doc = await vscode.workspace.openTextDocument(uri);
    const language = part ? PART_LANGUAGE : SAMPLE_JSON_LANGUAGE;
    return doc.languageId === language ? doc : vscode.languages.setTextDocumentLanguage(doc, language);
  }

  /** Opens VS Code's diff editor: the source record's view against the current revision (of `part` alone if given). */
  async openDiff(index: number | undefined, part?: PartId): Promise<void> {
    const store = await this.#editable(index, part);
    if (!store || index === undefined) return;
    const row = store.row(index);
    const [original, current] = await Promise.all([this.#openAs(this.uriFor(store, index, true, part), part), this.#openAs(this.uriFor(store, index, false, part), part)]);
    await vscode.commands.executeCommand('vscode.diff', original.uri, current.uri,
      `${row.source}:${row.line}${part ? ` ${part}` : ''} original ↔ current`, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  }

  async #editable(index: number | undefined, part: PartId | undefined): Promise<CurationStore | undefined> {
    if (index === undefined) {
      void vscode.window.showInformationMessage('Sample Curator: no sample is selected.');
      return undefined;
    }
    const store = await this.stores.open();
    const sample = store.sample(index);
    if (!sample.normalized) {
      void vscode.window.showErrorMessage(`Sample Curator: there is nothing to edit, the record is not a readable sample. ${sample.error ?? ''}`);
      return undefined;
    }
    if (part && !partOf(sample.normalized, part)) {
      void vscode.window.showErrorMessage(`Sample Curator: the sample has no part "${part}" to edit.`);
      return undefined;
    }
    return store;
  }

  watch(): vscode.Disposable {
    // Changes are reported for every sample URI handed out; nothing to start per watch.
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    if (!SAMPLE_PATH.test(uri.path)) return { type: vscode.FileType.Directory, ctime: this.#created, mtime: this.#created, size: 0 };
    const target = await this.#resolve(uri);
    const { bytes, revision } = this.#content(target);
    return {
      type: vscode.FileType.File, ctime: this.#created, size: bytes.byteLength,
      mtime: target.original ? this.#created : this.#mtime(target.hash, revision),
      ...(target.original ? { permissions: vscode.FilePermission.Readonly } : {}),
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const target = await this.#resolve(uri);
    if (!target.original) this.#uris.set(uri.path, { uri, index: target.index, hash: target.hash });
    return this.#content(target).bytes;
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const target = await this.#resolve(uri);
    const { store, index, hash, label } = target;
    if (target.original) throw vscode.FileSystemError.NoPermissions(`${label} (original) is read-only: edit the current revision instead`);
    const text = new TextDecoder().decode(content);
    const before = store.sample(index);
    let edited: NormalizedSample;
    try {
      if (target.part) {
        if (!before.normalized) throw new Error('the record is not a readable sample');
        edited = withPartText(before.normalized, target.part, text);
      } else {
        const problem = normalizedJsonProblem(text);
        if (problem) {
          const { line, column } = lineAndColumn(text, problem.start);
          const what = problem.kind === 'syntax' ? 'the text is not valid JSON' : 'the JSON is not a valid sample';
          throw new Error(`${what} at line ${line}, column ${column}: ${problem.reason}`);
        }
        edited = fromNormalizedJson(text);
      }
    } catch (e) {
      throw this.#refuse(uri, label, before.revision, e);
    }
    // Saving what the sample already is makes no revision (nothing to undo either).
    if (before.normalized && toNormalizedJson(edited) === toNormalizedJson(before.normalized)) return;
    this.#saving = uri.path;
    let changed: readonly number[];
    try {
      changed = await store.addRevision(index, target.part ? toNormalizedJson(edited) : text, hash);
    } catch (e) {
      throw this.#refuse(uri, label, before.revision, e);
    } finally {
      this.#saving = undefined;
    }
    const revision = before.revision + 1;
    this.#mtime(hash, revision);
    this.log.info(`${label}: saved as revision ${revision}`);
    this.#onDidSaveRevision.fire({ index, revision, changed });
  }

  /**
   * The error a refused save throws: VS Code shows its message and keeps the tab dirty (the typed
   * text stays). A JSON tab's reason names the line and column its diagnostic underlines.
   */
  #refuse(uri: vscode.Uri, label: string, revision: number, e: unknown): vscode.FileSystemError {
    const reason = (e as Error).message;
    const message = `Not saved: ${reason}. ${label} stays at revision ${revision}; fix the text and save again.`;
    this.log.warn(message);
    this.#onDidRefuseSave.fire({ uri, message });
    return vscode.FileSystemError.NoPermissions(message);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('samples are edited in place; nothing can be created here');
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions('samples cannot be deleted from an editor tab');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('samples cannot be renamed');
  }

  async #resolve(uri: vscode.Uri): Promise<Target> {
    const m = SAMPLE_PATH.exec(uri.path);
    if (!m) throw vscode.FileSystemError.FileNotFound(uri);
    const [, hash, source, line, part] = m;
    const store = await this.stores.open();
    // The remembered index only while it still holds this sample (a source re-indexed moves samples).
    const known = this.#uris.get(uri.path)?.index;
    const index = known !== undefined && known < store.size && store.idAt(known) === hash ? known : store.indexOfId(hash);
    if (index === undefined) throw vscode.FileSystemError.FileNotFound(`${source}:${line}: no sample with id ${hash} in the store`);
    return { store, index, hash, label: `${source}:${line}${part ? ` ${part}` : ''}`, original: uri.query === 'original', part };
  }

  #content(t: Target): { bytes: Uint8Array; revision: number } {
    const sample = t.store.sample(t.index);
    const normalized = t.original ? sample.original ?? sample.normalized : sample.normalized;
    if (!normalized) throw vscode.FileSystemError.Unavailable(`${t.label} is not a readable sample: ${sample.error ?? 'unknown reason'}`);
    if (!t.part) return { bytes: new TextEncoder().encode(toNormalizedJson(normalized)), revision: sample.revision };
    const part = partOf(normalized, t.part);
    // An original without the part (a later revision added a turn) diffs against empty text.
    if (!part && !t.original) throw vscode.FileSystemError.FileNotFound(`${t.label}: the sample has no part "${t.part}" any more`);
    return { bytes: new TextEncoder().encode(part?.text ?? ''), revision: sample.revision };
  }

  #mtime(hash: string, revision: number): number {
    const known = this.#versions.get(hash);
    if (!known) {
      this.#versions.set(hash, { revision, mtime: this.#created });
      return this.#created;
    }
    if (known.revision !== revision) {
      known.revision = revision;
      known.mtime = Math.max(Date.now(), known.mtime + 1);
    }
    return known.mtime;
  }

  /** Undo, redo or a save elsewhere changed samples: open tabs of those re-read (when not dirty). */
  #storeChanged(store: CurationStore, changed: readonly number[]): void {
    if (!this.#uris.size) return;
    const indices = new Set(changed);
    const stale = new Map<string, boolean>();
    const events: vscode.FileChangeEvent[] = [];
    for (const { uri, index, hash } of this.#uris.values()) {
      if (!indices.has(index)) continue;
      // Once per sample: its tabs (the JSON, single turns) all follow the same revision.
      if (!stale.has(hash)) {
        const revision = store.revisionsAt(index).length;
        stale.set(hash, this.#versions.get(hash)?.revision !== revision);
        this.#mtime(hash, revision);
      }
      if (stale.get(hash) && uri.path !== this.#saving) events.push({ type: vscode.FileChangeType.Changed, uri });
    }
    if (events.length) this.#onDidChangeFile.fire(events);
  }

  dispose(): void {
    while (this.#disposables.length) this.#disposables.pop()?.dispose();
  }
}
