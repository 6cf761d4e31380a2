// Composition root: construct, register, return the API the integration tests use.
// Reads no data file, opens no store and starts no server here: all of that waits for first use.
import * as vscode from 'vscode';
import { watchJudgeSettings } from './judgeSettings';
import { PART_ID, type PartId } from '../core/formats/samplePartIds';
import { ChecksHost } from './checks/checksHost';
import { ChecksPresentation } from './checks/checksPresentation';
import { CommandIds, STORE_OPEN_CONTEXT } from './commandIds';
import { ExportCommand, type ExportCommandOptions } from './exportCommand';
import { SampleLanguageClient } from './languageClient';
import { lineVerdict } from './lineVerdicts';
import { ProvenancePrompt, type WrittenBy } from './provenancePrompt';
import { PanelProbe } from './panel/panelProbe';
import { ReviewPanel } from './panel/reviewPanel';
import { EditDiagnostics } from './editDiagnostics';
import { SampleEditor } from './sampleEditor';
import { SourceDocuments } from './sourceDocuments';
import { CurationStatusBar } from './statusBar';
import { StoreHost } from './storeHost';
import { teamTooltip } from './team/teamPresentation';
import { teamReport } from '../core/store/teamReport';
import { SliceCommands, type SliceArg } from './slices/sliceCommands';
import { SliceRegistry } from './slices/sliceRegistry';
import { SlicesView, SLICES_VIEW_ID } from './slices/slicesView';
import { calibrateJudge } from './judgeCalibrationCommand';
import { ReviewFileEditor } from './reviewFileEditor';
import { SourcesView, SOURCES_VIEW_ID, type SourceNode } from './sidebar/sourcesView';
import { ExportsView, EXPORTS_VIEW_ID } from './sidebar/exportsView';
import { ReviewersView, REVIEWERS_VIEW_ID } from './sidebar/reviewersView';
import { SidebarCommands } from './sidebar/sidebarCommands';
import type { ExportFolder } from '../core/store/exportFolders';

export interface CuratorApi {
  readonly stores: StoreHost;
  readonly panel: ReviewPanel;
  readonly sampleEditor: SampleEditor;
  /** The problems shown in sample JSON tabs. */
  readonly editDiagnostics: EditDiagnostics;
  readonly statusBar: CurationStatusBar;
  readonly checks: ChecksHost;
  readonly languageClient: SampleLanguageClient;
  readonly exporter: ExportCommand;
  /** For the integration tests only, not an API for other extensions; nothing in the extension reads it. */
  readonly testing: {
    /** The last 50 messages posted to the review panel's webview, and how many of its messages were refused. */
    readonly panelProbe: PanelProbe;
    /** The side bar's views (issue 17), to read what they list. */
    readonly sidebar: { readonly sources: SourcesView; readonly exports: ExportsView; readonly reviewers: ReviewersView };
  };
}

/** A command argument that names a sample part, or undefined (commands take anything from the palette or other extensions). */
function partArg(value: unknown): PartId | undefined {
  return typeof value === 'string' && PART_ID.test(value) ? value : undefined;
}

export function activate(context: vscode.ExtensionContext): CuratorApi {
  const log = vscode.window.createOutputChannel('Sample Curator', { log: true });
  const stores = new StoreHost(log, vscode.Uri.joinPath(context.extensionUri, 'out', 'indexWorker.js').fsPath, vscode.Uri.joinPath(context.extensionUri, 'out', 'teamWorker.js').fsPath);
  const statusBar = new CurationStatusBar();
  const out = (file: string) => vscode.Uri.joinPath(context.extensionUri, 'out', file).fsPath;
  const checks = new ChecksHost(log, out('checksWorker.js'), vscode.Uri.joinPath(context.extensionUri, 'media', 'benchmarks', 'gsm8k-test.json').fsPath);
  // Subscribed before the panel's own listener, so a store opened again (a source changed on disk)
  // is never drawn with the old results, which name samples by their old positions.
  const forgetChecks = stores.onDidOpen(() => checks.forget());
  const checksView = new ChecksPresentation(checks);
  const sources = new SourceDocuments();
  const panelProbe = new PanelProbe();
  const slices = new SliceRegistry(stores, checks, checksView);
  const panel = new ReviewPanel(context.extensionUri, stores, log, checks, checksView, sources, panelProbe, slices);
  const slicesView = new SlicesView(slices, stores);
  const sourcesView = new SourcesView(stores);
  const exportsView = new ExportsView(stores);
  const reviewersView = new ReviewersView(stores);
  const sidebar = new SidebarCommands(stores, sourcesView, exportsView);
  const reviewFile = new ReviewFileEditor(stores, panel, log);
  const sliceCommands = new SliceCommands(slices, panel);
  const sampleEditor = new SampleEditor(stores, log);
  const editDiagnostics = new EditDiagnostics();
  const languageClient = new SampleLanguageClient(context.extensionUri, log, (params) => lineVerdict(stores, params));
  const exporter = new ExportCommand(stores, log, String(context.extension.packageJSON.version ?? 'unknown'), checks, { hash: out('hashWorker.js'), parquetExport: out('parquetExportWorker.js') }, panel.notices);
  // A file's provenance recorded changes the teacher mix (the checks read it; run from the cache
  // when nothing changed) and the provenance line of every sample of that file: redrawn at once.
  const provenance = new ProvenancePrompt(stores, log, panel.notices, (s) => {
    if (checks.started && stores.current === s) void checks.run(s);
    panel.redrawAll();
  });
  context.subscriptions.push(log, stores, statusBar, checks, forgetChecks, sources, panel, sampleEditor, editDiagnostics, languageClient, watchJudgeSettings(), slices, slicesView,
    vscode.window.registerTreeDataProvider(SLICES_VIEW_ID, slicesView),
    sourcesView, exportsView, reviewersView,
    vscode.window.registerTreeDataProvider(SOURCES_VIEW_ID, sourcesView),
    vscode.window.registerTreeDataProvider(EXPORTS_VIEW_ID, exportsView),
    vscode.window.registerTreeDataProvider(REVIEWERS_VIEW_ID, reviewersView),
    reviewFile.register(),
    stores.onDidOpen(() => void vscode.commands.executeCommand('setContext', STORE_OPEN_CONTEXT, true)),
    checks.onDidChange(() => statusBar.refresh()),
    stores.onDidChangeTeam(() => statusBar.refresh()),
    stores.onDidChangeSources((files) => sources.refresh(files)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('sampleCurator.checks') && stores.current) void checks.run(stores.current);
    }),
    sampleEditor.onDidSaveRevision((saved) => panel.refreshSamples(saved.changed)),
    stores.onDidOpen((s) => {
    statusBar.track(s, () => teamTooltip(s) + checksView.tooltip(s));
    provenance.askForMissing(s);
    // After the index pass: the record check, then the curation checks, one worker at a time.
    // A store opened again meanwhile (a re-index, Open With on another file) has its own chain:
    // nothing of this one's is shown or run then, or its results would be drawn on the other's samples.
    void s.validateAll({ workerScript: out('validateWorker.js') }).then(
      (files) => {
        if (stores.current !== s) return;
        for (const f of files) log.warn(`${f.file}: ${f.total} record(s) could not be read as samples (${Object.entries(f.byCode).map(([c, n]) => `${c} ${n}`).join(', ')}); first at line ${f.firstLine}`);
        panel.showFileProblems(files);
        sourcesView.showRecordProblems(s, files);
      },
      (e: Error) => log.error(`reading every record failed: ${e.message}`),
    ).then(() => (stores.current === s ? checks.run(s) : undefined));
  }));

  const register = (id: string, run: (...args: never[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, run));
  register(CommandIds.openReviewPanel, () => void panel.show());
  register(CommandIds.accept, () => panel.decideSelected('accepted'));
  register(CommandIds.reject, () => panel.decideSelected('rejected'));
  register(CommandIds.skip, () => panel.decideSelected('skipped'));
  register(CommandIds.undo, () => panel.undo());
  register(CommandIds.redo, () => panel.redo());
  register(CommandIds.toggleLabel, () => panel.pickLabel());
  register(CommandIds.rate, () => panel.pickRating());
  register(CommandIds.note, () => panel.editNote());
  register(CommandIds.firstPending, () => panel.goPending('first'));
  register(CommandIds.lastPending, () => panel.goPending('last'));
  register(CommandIds.next, () => panel.runInPanel('next'));
  register(CommandIds.previous, () => panel.runInPanel('previous'));
  register(CommandIds.swapSides, () => panel.runInPanel('swap'));
  register(CommandIds.swapChosenRejected, () => panel.swapChosenRejected());
  // From a notice's button: the file and who wrote it; from the palette: asked.
  register(CommandIds.recordProvenance, (source?: unknown, by?: unknown) =>
    provenance.record(typeof source === 'string' ? source : undefined, by === 'model' || by === 'human' || by === 'unknown' ? (by as WrittenBy) : undefined));
  // A refused save is the reviewer's to fix now: in the panel's banner too.
  context.subscriptions.push(sampleEditor.onDidRefuseSave((r) => panel.notices.show({ key: `save:${r.uri.toString()}`, kind: 'error', text: r.message })),
    sampleEditor.onDidSaveRevision(() => panel.notices.dismissWhere((key) => key.startsWith('save:'))));
  register(CommandIds.nextPart, () => panel.runInPanel('nextPart'));
  register(CommandIds.previousPart, () => panel.runInPanel('previousPart'));
  register(CommandIds.showKeys, () => panel.runInPanel('help'));
  register(CommandIds.openSource, () => panel.openSource());
  register(CommandIds.search, () => panel.search());
  register(CommandIds.filter, () => panel.filter());
  register(CommandIds.clearFilter, () => panel.clearFilter());
  register(CommandIds.bulkAccept, () => panel.bulkDecide('accepted'));
  register(CommandIds.bulkReject, () => panel.bulkDecide('rejected'));
  register(CommandIds.bulkLabel, () => panel.bulkLabel());
  // From the panel these carry the selected part (a turn); from the palette, the whole sample.
  register(CommandIds.edit, (part?: unknown) => sampleEditor.openEditor(panel.selected, partArg(part)));
  register(CommandIds.diff, (part?: unknown) => sampleEditor.openDiff(panel.selected, partArg(part)));
  // An options argument answers the questions up front (tests, scripted runs); the palette passes none.
  register(CommandIds.exportCuratedSet, async (options?: ExportCommandOptions) => {
    try {
      return await exporter.run(options);
    } finally {
      exportsView.refresh();
    }
  });
  register(CommandIds.showLog, () => log.show());
  register(CommandIds.adjudicateAccept, () => panel.adjudicateSelected('accepted'));
  register(CommandIds.adjudicateReject, () => panel.adjudicateSelected('rejected'));
  register(CommandIds.showTeamAgreement, async () => {
    const store = await stores.open();
    await stores.refreshTeam();
    const team = store.peekTeam();
    if (!team?.isTeam) {
      void vscode.window.showInformationMessage(`Sample Curator: only one reviewer has a journal in ${store.name}; agreement needs two or more (commit .curator/journal/ and pull the others').`);
      return undefined;
    }
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: teamReport(team, store.name, new Date()) });
    await vscode.window.showTextDocument(doc, { preview: true });
    return doc.getText();
  });
  register(CommandIds.calibrateJudge, () => calibrateJudge(stores, panel, log));
  // Slices: from the Slices view a node is passed; from the palette nothing (the slice being
  // audited, else a pick); tests and scripts pass { query, confirmed }.
  register(CommandIds.auditSlice, (arg?: SliceArg) => sliceCommands.audit(arg));
  register(CommandIds.acceptRestOfSlice, (arg?: SliceArg) => sliceCommands.decideRest('accepted', arg));
  register(CommandIds.rejectRestOfSlice, (arg?: SliceArg) => sliceCommands.decideRest('rejected', arg));
  register(CommandIds.saveFilterAsSlice, (name?: unknown) => sliceCommands.saveCurrentFilter(typeof name === 'string' ? name : undefined));
  register(CommandIds.auditMore, () => panel.auditMore());
  register(CommandIds.leaveAudit, () => panel.leaveAudit());
  register(CommandIds.refreshSlices, () => slices.refresh());
  // The sidebar's Sources and Exports actions, Open With and Review in Sample Curator.
  register(CommandIds.reviewInCurator, (uri?: unknown) => reviewFile.review(uri instanceof vscode.Uri ? uri : undefined));
  register(CommandIds.openSourceFile, (node?: SourceNode) => sidebar.openSourceFile(node));
  register(CommandIds.reindexSource, (node?: SourceNode) => sidebar.reindexSource(node));
  register(CommandIds.openExportManifest, (e?: ExportFolder) => sidebar.openExportManifest(e));
  register(CommandIds.revealExportFolder, (e?: ExportFolder) => sidebar.revealExportFolder(e));
  register(CommandIds.refreshExports, () => exportsView.refresh());
  register(CommandIds.restartLanguageServer, () => languageClient.restart());
  register(CommandIds.openCluster, () => panel.openCluster());
  register(CommandIds.acceptedDespiteVerifierFail, () => panel.acceptedDespiteVerifierFail());
  register(CommandIds.rerunChecks, () => (stores.current ? checks.run(stores.current) : undefined));
  // `confirmed` (tests, scripted runs) skips the question; the palette passes nothing.
  register(CommandIds.takeOver, async (confirmed?: unknown) => {
    const holder = stores.current?.readOnly;
    if (holder && holder.reason !== 'locked') {
      void vscode.window.showInformationMessage('Sample Curator: this store is read-only because the workspace is not trusted; trust it to record decisions.');
      return;
    }
    const go = 'Take Over';
    const choice = confirmed === true ? go : await vscode.window.showWarningMessage(
      `Record ${stores.reviewer()}'s decisions in this window? ${holder?.message ?? ''} Do this only if the other window is closed or frozen: it stops recording from then on.`,
      { modal: true }, go);
    if (choice === go) await stores.takeOver();
  });
  return { stores, panel, sampleEditor, editDiagnostics, statusBar, languageClient, exporter, checks, testing: { panelProbe, sidebar: { sources: sourcesView, exports: exportsView, reviewers: reviewersView } } };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
