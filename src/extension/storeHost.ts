// Finds and opens the curation store on first use (never during activation), and shares it.
// While it is open its source files are watched: a change re-indexes them (the store is opened
// again; unchanged files come from the index cache) and onDidOpen fires with the new store.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CURATOR_DIR, CurationStore, type StoreOpenProgress } from '../core/store/curationStore';
import type { JournalChange } from '../core/journal/decisionLedger';
import { buildLineIndexInWorkers } from '../core/ingest/parallelIndex';
import { SOURCE_FILE_PATTERN } from '../core/ingest/preparedSource';
import { teamOptions } from './team/teamSettings';
import { readTeamJournalsInWorker } from '../core/team/teamInWorker';

/** Opening a store that needs no indexing takes well under this; only longer opens show a notification. */
const PROGRESS_NOTIFICATION_DELAY_MS = 400;
/** A save arrives as several events (truncate, write, rename): one re-index after they settle. */
const REINDEX_DEBOUNCE_MS = 300;
/** Journal events arrive with every append of ours too: look at the journal once they settle. */
const JOURNAL_DEBOUNCE_MS = 150;
/** In a team, the reviewer's own decisions change conflicts and agreement: read the team again once they pause. */
const TEAM_AFTER_DECISIONS_MS = 1500;

export class StoreHost implements vscode.Disposable {
  #opening: Promise<CurationStore> | undefined;
  #store: CurationStore | undefined;
  readonly #onDidOpen = new vscode.EventEmitter<CurationStore>();
  /** Fires once the store has been opened, and again with the new store after each re-index. */
  readonly onDidOpen = this.#onDidOpen.event;
  readonly #onDidChangeSources = new vscode.EventEmitter<readonly string[]>();
  /** Fires with the absolute paths of source files that changed on disk (before the re-index). */
  readonly onDidChangeSources = this.#onDidChangeSources.event;
  #watcher: vscode.Disposable | undefined;
  #journalTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set by takeOver() for the next open only. */
  #takeOver = false;
  readonly #onDidChangeJournal = new vscode.EventEmitter<JournalChange>();
  /**
   * Fires when the reviewer's journal changed underneath the open store (the other window's
   * decisions, a git checkout or pull, a delete) and was read again; verdicts may differ anywhere.
   */
  readonly onDidChangeJournal = this.#onDidChangeJournal.event;
  readonly #onDidChangeTeam = new vscode.EventEmitter<CurationStore>();
  /** Fires after every reviewer's journal was read again (store.peekTeam() holds the result). */
  readonly onDidChangeTeam = this.#onDidChangeTeam.event;
  #teamTimer: ReturnType<typeof setTimeout> | undefined;
  #teamReading: Promise<void> | undefined;
  #teamAgain = false;
  /** How long the last team read took (worker read + join), to pace the next. */
  #teamReadMs = 0;
  readonly #trust: vscode.Disposable;
  /**
   * What the reviewer asked to review (Open With, Review in Sample Curator): a folder, or one file of
   * it as a one-file store; undefined: the setting or the workspace folder.
   */
  #target: StoreTarget | undefined;
  #unsubscribe: (() => void) | undefined;
  #unsubscribeTeam: (() => void) | undefined;
  readonly #changed = new Set<string>();
  #reindexTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #onProgress = new vscode.EventEmitter<StoreOpenProgress>();
  /** Index progress while the store opens. */
  readonly onProgress = this.#onProgress.event;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    /** out/indexWorker.js: files are indexed on worker threads, never on the extension host's thread. */
    private readonly indexWorkerScript: string,
    /** out/teamWorker.js: every reviewer's journal is read on a worker thread too. */
    private readonly teamWorkerScript: string,
  ) {
    // An untrusted workspace opens the store read-only (nothing written into a folder the user has
    // not trusted, and a cloned repository's .curator/ is never acted on); trust reopens it to write.
    this.#trust = vscode.workspace.onDidGrantWorkspaceTrust(() => void this.reindex([]));
  }

  /**
   * Opens the store again taking the reviewer's journal from the window that holds it (the reviewer
   * says that window is gone or frozen). Its decisions stop being recorded from then on.
   */
  takeOver(): Promise<CurationStore | undefined> {
    this.#takeOver = true;
    return this.reindex([]);
  }

  /**
   * Looks at the journal again (window focus, a change seen by the watcher): picks up the other
   * window's decisions when read-only; recovers a journal replaced or deleted underneath.
   */
  async refreshJournal(): Promise<void> {
    const store = this.#store;
    if (!store) return;
    try {
      const change = await store.refresh();
      if (!change || store !== this.#store) return;
      if (change.drift === 'appended') this.log.info(`journal: ${change.message}`);
      else this.log.warn(change.message);
      this.#onDidChangeJournal.fire(change);
    } catch (e) {
      if (store === this.#store) this.log.error(`reading the journal again failed: ${(e as Error).message}`);
    }
  }

  /**
   * Reads every reviewer's journal again (another reviewer's arrived with a pull, this reviewer
   * adjudicated, the settings changed) with the team settings, and tells the panel and status bar.
   */
  refreshTeam(): Promise<void> {
    if (this.#teamTimer) clearTimeout(this.#teamTimer);
    this.#teamTimer = undefined;
    // One read at a time; a request during a read makes one more read after it (it may have missed the change).
    if (this.#teamReading) {
      this.#teamAgain = true;
      return this.#teamReading;
    }
    this.#teamReading = this.#readTeam().finally(() => {
      this.#teamReading = undefined;
      if (this.#teamAgain) {
        this.#teamAgain = false;
        void this.refreshTeam();
      }
    });
    return this.#teamReading;
  }

  async #readTeam(): Promise<void> {
    const store = this.#store;
    if (!store) return;
    try {
      // One journal (a reviewer alone, the common case) makes no team: no worker reads it again.
      if (!store.peekTeam()?.isTeam && journalFiles(path.join(store.folder, CURATOR_DIR, 'journal')) < 2) return;
      const started = Date.now();
      const journals = await readTeamJournalsInWorker(this.teamWorkerScript, path.join(store.folder, CURATOR_DIR));
      if (store !== this.#store) return;
      const team = store.refreshTeamFrom(journals, teamOptions());
      this.#teamReadMs = Date.now() - started;
      for (const f of team.journals.ignored) this.log.warn(`team: ${f.file} not read (${f.why})`);
      for (const j of team.journals.journals) {
        if (j.skippedLines.length) this.log.warn(`team: ${j.file}: lines ${j.skippedLines.slice(0, 10).join(', ')}${j.skippedLines.length > 10 ? ', …' : ''} are not readable events; skipped`);
      }
      if (team.isTeam) this.log.info(`team: read ${team.reviewers.length} reviewers' journals in ${Date.now() - started} ms`);
      this.#onDidChangeTeam.fire(store);
    } catch (e) {
      if (store === this.#store) this.log.error(`reading the team's journals failed: ${(e as Error).message}`);
    }
  }

  #scheduleTeamRefresh(ms: number): void {
    if (this.#teamTimer) clearTimeout(this.#teamTimer);
    this.#teamTimer = setTimeout(() => void this.refreshTeam(), ms);
  }

  get current(): CurationStore | undefined {
    return this.#store;
  }

  /** The one file the open store is made of ("Open With… Sample Curator"), else undefined (the folder's files). */
  get only(): string | undefined {
    return this.#target?.only;
  }

  /**
   * Opens the store on `uri`: a folder is a store of its files; a file is a one-file store whose
   * folder is the file's own, so its decisions go to the `.curator/` beside the file (see
   * storeFileList). An open store is closed first, like a re-index; onDidOpen fires with the new one.
   */
  openOn(uri: vscode.Uri): Promise<CurationStore> {
    const target = fs.statSync(uri.fsPath).isDirectory() ? { folder: uri.fsPath } : { folder: path.dirname(uri.fsPath), only: path.basename(uri.fsPath) };
    const same = this.#target?.folder === target.folder && this.#target?.only === target.only;
    this.#target = target;
    if (same && this.#opening) return this.#opening;
    if (!this.#opening) return this.open();
    return this.#reopen(path.basename(uri.fsPath), `opening ${path.basename(uri.fsPath)}`, target.folder);
  }

  /** The store folder: what openOn was given, else the `sampleCurator.storePath` setting, else the first workspace folder. */
  folder(): string {
    if (this.#target) return this.#target.folder;
    // In a restricted workspace VS Code ignores the workspace value of this setting
    // (`restrictedConfigurations` in package.json), so a workspace cannot point us elsewhere.
    const configured = vscode.workspace.getConfiguration('sampleCurator').get<string>('storePath', '').trim();
    const ws = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (configured) {
      if (path.isAbsolute(configured)) return configured;
      if (ws) return path.join(ws.fsPath, configured);
    }
    if (!ws) throw new Error('Open a folder of sample files (or set "sampleCurator.storePath") to start curating.');
    return ws.fsPath;
  }

  reviewer(): string {
    const configured = vscode.workspace.getConfiguration('sampleCurator').get<string>('reviewer', '').trim();
    if (configured) return configured;
    try {
      return os.userInfo().username || 'reviewer';
    } catch {
      return 'reviewer';
    }
  }

  open(): Promise<CurationStore> {
    this.#opening ??= this.#track((async () => this.#openIn(this.folder(), 'Sample Curator: indexing the store'))());
    return this.#opening;
  }

  /**
   * Re-indexes after source files changed on disk: closes the store (its journal flushed and
   * closed), opens it again, and fires onDidOpen with the new store. Callers of open() meanwhile
   * wait for the new store. Resolves with it (undefined when no store was open).
   */
  reindex(files: readonly string[] = []): Promise<CurationStore | undefined> {
    if (!this.#opening) return Promise.resolve(undefined);
    const names = files.length ? files.map((f) => path.basename(f)).join(', ') : 'the store';
    return this.#reopen(names, 'changed on disk');
  }

  /** Closes the store (once its open settled) and opens it again, in `folder` or where it was. */
  #reopen(names: string, why: string, folder?: string): Promise<CurationStore> {
    const opening = this.#opening ?? Promise.reject(new Error('no store open'));
    this.#opening = this.#track((async () => {
      const old = await opening.catch(() => undefined);
      const into = folder ?? old?.folder ?? this.folder();
      this.log.info(`re-indexing ${names}: ${why}`);
      this.#store = undefined;
      this.#stopWatching();
      await old?.close();
      return vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Sample Curator: re-indexing ${names}` },
        () => this.#openIn(into, `Sample Curator: ${names}: ${why}; indexing`),
      );
    })());
    return this.#opening;
  }

  #track(opening: Promise<CurationStore>): Promise<CurationStore> {
    // A failed open is reported by whoever awaited it; the next open() tries again.
    opening.catch(() => {
      if (this.#opening === opening) this.#opening = undefined;
    });
    return opening;
  }

  async #openIn(folder: string, title: string): Promise<CurationStore> {
    const started = Date.now();
    const store = await this.#openWithProgress(folder, title);
    this.log.info(`opened store ${folder}: ${store.size} samples in ${store.sourcePaths.length} files (${Date.now() - started} ms)`);
    for (const p of store.problems) this.log.warn(p.message);
    this.#store = store;
    this.#watch(store);
    this.#onDidOpen.fire(store);
    return store;
  }

  /** Watches the store folder's sample files (not `.curator/`); a change schedules a re-index. */
  #watch(store: CurationStore): void {
    this.#stopWatching();
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(store.folder), '*'));
    const only = this.only;
    const changed = (uri: vscode.Uri) => {
      if (only !== undefined && path.basename(uri.fsPath) !== only) return; // a one-file store reads no other file
      if (path.dirname(uri.fsPath) === path.resolve(store.folder) && SOURCE_FILE_PATTERN.test(uri.fsPath)) this.#scheduleReindex(uri.fsPath);
    };
    // The journal folder too: another window's appends, git replacing or deleting the file. Node's
    // watcher, not VS Code's: the workbench's watcher may exclude or coalesce a dot-folder's events.
    const ownJournal = path.basename(store.journalPath);
    const journalChanged = (_event: string, file: string | Buffer | null) => {
      if (this.#journalTimer) clearTimeout(this.#journalTimer);
      this.#journalTimer = setTimeout(() => void this.refreshJournal(), JOURNAL_DEBOUNCE_MS);
      // Another reviewer's journal (a pull, a checkout, their window on a shared folder): the team.
      if (String(file ?? '') !== ownJournal) this.#scheduleTeamRefresh(JOURNAL_DEBOUNCE_MS);
    };
    let journals: fs.FSWatcher | undefined;
    try {
      journals = fs.watch(path.join(store.folder, CURATOR_DIR, 'journal'), journalChanged);
      journals.on('error', (e) => this.log.warn(`watching the journal folder stopped: ${e.message}; it is read again when the window gets the focus`));
    } catch (e) {
      this.log.warn(`the journal folder is not watched (${(e as Error).message}); it is read again when the window gets the focus`);
    }
    const subs = [watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed),
      new vscode.Disposable(() => journals?.close()),
      vscode.window.onDidChangeWindowState((state) => state.focused && void this.refreshJournal()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('sampleCurator.team') && void this.refreshTeam())];
    this.#watcher = vscode.Disposable.from(...subs);
    // A read or a decision that found other bytes than indexed says so even before the watcher does.
    this.#unsubscribe = store.onDidDetectChange((source) => this.#scheduleReindex(path.join(store.folder, source)));
    this.#unsubscribeTeam = store.onDidChange(() => {
      // Every journal is read again, so wait the longer of a pause and ten reads' time: a read of
      // seconds (a million samples) then takes at most a tenth of a core while the reviewer works.
      if (store.peekTeam()?.isTeam) this.#scheduleTeamRefresh(Math.max(TEAM_AFTER_DECISIONS_MS, 10 * this.#teamReadMs));
    });
    // The first team read, off the open's path.
    this.#scheduleTeamRefresh(0);
  }

  #stopWatching(): void {
    this.#watcher?.dispose();
    this.#watcher = undefined;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#unsubscribeTeam?.();
    this.#unsubscribeTeam = undefined;
    if (this.#teamTimer) clearTimeout(this.#teamTimer);
    this.#teamTimer = undefined;
  }

  /** A source file (absolute path) was found changed on disk (e.g. a query read other bytes than indexed): re-index soon. */
  noticeChange(file: string): void {
    if (this.#opening) this.#scheduleReindex(file);
  }

  #scheduleReindex(file: string): void {
    this.#changed.add(file);
    if (this.#reindexTimer) clearTimeout(this.#reindexTimer);
    this.#reindexTimer = setTimeout(() => {
      this.#reindexTimer = undefined;
      const files = [...this.#changed];
      this.#changed.clear();
      this.#onDidChangeSources.fire(files);
      this.reindex(files).catch((e: Error) => {
        const message = `re-indexing ${files.map((f) => path.basename(f)).join(', ')} failed: ${e.message}`;
        this.log.error(message);
        void vscode.window.showErrorMessage(`Sample Curator: ${message}`, 'Open Log').then((choice) => choice && this.log.show());
      });
    }, REINDEX_DEBOUNCE_MS);
  }

  /** Opens the store; if that takes a while, a cancellable notification shows the indexing. */
  async #openWithProgress(folder: string, title: string): Promise<CurationStore> {
    const abort = new AbortController();
    let report: ((p: StoreOpenProgress) => void) | undefined;
    let last: StoreOpenProgress | undefined;
    const takeOver = this.#takeOver;
    this.#takeOver = false;
    const opening = CurationStore.open(folder, {
      reviewer: this.reviewer(),
      readOnly: !vscode.workspace.isTrusted,
      takeOver,
      ...(this.only !== undefined ? { only: this.only } : {}),
      signal: abort.signal,
      indexer: (path, onProgress, signal) =>
        buildLineIndexInWorkers(path, { workerScript: this.indexWorkerScript, workers: 2, onProgress, signal }),
      // Beside out/indexWorker.js, bundled the same way.
      parquetWorker: path.join(path.dirname(this.indexWorkerScript), 'parquetWorker.js'),
      onProgress: (p) => {
        last = p;
        this.#onProgress.fire(p);
        report?.(p);
      },
    });
    const timer = setTimeout(() => {
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => abort.abort(new Error('indexing cancelled')));
          let shown = 0;
          report = (p) => {
            const pct = p.bytesTotal ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 100;
            const overall = Math.floor(((p.fileNumber - 1) * 100 + pct) / p.files);
            progress.report({ message: `${p.file} (${p.fileNumber}/${p.files}) ${pct}%`, increment: overall - shown });
            shown = overall;
          };
          if (last) report(last);
          return opening.then(() => undefined, () => undefined);
        },
      );
    }, PROGRESS_NOTIFICATION_DELAY_MS);
    try {
      return await opening;
    } finally {
      clearTimeout(timer);
    }
  }

  dispose(): void {
    if (this.#reindexTimer) clearTimeout(this.#reindexTimer);
    if (this.#journalTimer) clearTimeout(this.#journalTimer);
    this.#trust.dispose();
    this.#onDidChangeJournal.dispose();
    this.#onDidChangeTeam.dispose();
    this.#stopWatching();
    this.#onDidOpen.dispose();
    this.#onDidChangeSources.dispose();
    this.#onProgress.dispose();
    void this.#store?.close();
  }
}

/** A store folder, or one file of it (a name directly in the folder). */
interface StoreTarget {
  readonly folder: string;
  readonly only?: string;
}

/** How many `*.jsonl` files the journal folder holds (0 when it cannot be read). */
function journalFiles(dir: string): number {
  try {
    return fs.readdirSync(dir).filter((n) => n.endsWith('.jsonl')).length;
  } catch {
    return 0;
  }
}
