// `Sample Curator: Export Curated Set…`: asks which samples, the format, where, an optional split
// and whether to use edits (each answer remembered per project), asks about unknown or conflicting
// licences, then runs the core export under a cancellable progress notification. Every question
// can be answered up front through ExportCommandOptions (tests, scripted runs).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { writeExport, type ExportResult } from '../core/export/curatedExport';
import { checkDestination, ExportError } from '../core/export/exportFolder';
import { teamExportRecord, teamExportView } from '../core/store/teamExport';
import type { TeamView } from '../core/store/teamView';
import { judgeFields } from './judgeSettings';
import { planExport, type ExportPlan, type ExportProgress } from '../core/export/exportPlan';
import type { CurationStore } from '../core/store/curationStore';
import {
  exportFolderName, parseSplitText, readExportChoices, readParquetSettings, rememberedFirst, selectionQuery,
  type ExportChoices, type ExportFileType, type ExportSelection,
} from '../core/export/exportChoices';
import { EXPORT_FORMATS, type ExportFormatId } from '../core/export/exportFormats';
import { countFormatRefusals, refusalWords, type FormatRefusals } from '../core/export/formatRefusals';
import { runQuery } from '../core/query/sampleQuery';
import { checksSummary } from '../core/checks/checksSummary';
import { exportCheckRuns, selectionMeters } from '../core/export/exportChecks';
import type { CheckRun, ExportMeters } from '../core/export/exportManifest';
import type { SplitOptions } from '../core/export/exportSplit';
import type { SampleQuery } from '../core/query/sampleQuery';
import { SourceChangedError } from '../core/ingest/sourceChanged';
import type { ChecksHost } from './checks/checksHost';
import type { StoreHost } from './storeHost';
import { CommandIds } from './commandIds';
import type { PanelNotices } from './panel/panelNotices';

/** One export notice in the panel at a time: the last export's result. */
const EXPORT_NOTICE = 'export';

export interface ExportCommandOptions {
  readonly selection?: ExportSelection;
  readonly format?: ExportFormatId;
  /** JSON Lines, or Parquet shards written as the `sampleCurator.export.parquet.*` settings say. */
  readonly fileType?: ExportFileType;
  /** The folder to create. */
  readonly destination?: string;
  /** null: no split. */
  readonly split?: SplitOptions | null;
  readonly useEdits?: boolean;
  /** The licence gate's answer, when samples of unknown or conflicting licence are selected. */
  readonly licenceIssues?: 'exclude' | 'include';
  /** The checks that ran before this export, for the manifest and card (default: what the checks host found). */
  readonly checks?: readonly CheckRun[];
  /** The answer to the teacher-cap / synthetic-share warning (default: ask when a limit is exceeded). */
  readonly overLimits?: 'export' | 'cancel';
}

type Choice<T> = vscode.QuickPickItem & { readonly value: T };

/** Thrown when the person closes a question: the command ends quietly. */
class Dismissed extends Error {}

async function pick<T>(title: string, items: readonly Choice<T>[], remembered: (v: T) => boolean): Promise<T> {
  const ordered = rememberedFirst(items, (i) => remembered(i.value));
  const chosen = await vscode.window.showQuickPick(ordered, { title, ignoreFocusOut: true });
  if (!chosen) throw new Dismissed();
  return chosen.value;
}

async function input(options: vscode.InputBoxOptions): Promise<string> {
  const text = await vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  if (text === undefined) throw new Dismissed();
  return text.trim();
}

export class ExportCommand {
  constructor(
    private readonly stores: StoreHost,
    private readonly log: vscode.LogOutputChannel,
    private readonly toolVersion: string,
    /** The checks of the open store: what ran goes into the manifest, and their limits warn here. */
    private readonly checks?: ChecksHost,
    /** out/hashWorker.js and out/parquetExportWorker.js: the data files' SHA-256, and the encoding of Parquet row groups, on worker threads. */
    private readonly workerScripts?: { readonly hash: string; readonly parquetExport: string },
    /** The panel's banner: the export's result shown there too (reachable without the notification centre). */
    private readonly notices?: PanelNotices,
  ) {}

  /** Runs the command; resolves with the result, or undefined when dismissed, cancelled or failed (the person was told). */
  async run(options: ExportCommandOptions = {}): Promise<ExportResult | undefined> {
    let store: CurationStore;
    try {
      store = await this.stores.open();
    } catch (e) {
      void vscode.window.showErrorMessage(`Sample Curator: ${(e as Error).message}`);
      return undefined;
    }
    let choices: ExportChoices;
    let destination: string;
    let selected: { readonly query: SampleQuery; readonly description: string };
    try {
      ({ choices, destination } = await this.#ask(store, options));
      selected = selectionQuery(choices.selection);
      checkDestination(destination);
    } catch (e) {
      if (e instanceof Dismissed) return undefined;
      return this.#failed(e);
    }
    try {
      store.project.data.export = choices;
      await store.project.write();
    } catch (e) {
      this.log.warn(`could not remember the export choices: ${(e as Error).message}`);
    }
    const { query, description } = selected;
    try {
      // In a team the verdicts that stand are the team's (consensus policy), read fresh now.
      const team = await this.#freshTeam(store);
      const exported = team ? teamExportView(store, team) : store;
      const plan = await this.#withProgress('Sample Curator: selecting samples to export', (signal, onProgress) =>
        planExport(exported, { query, signal, onProgress, judgeFields: judgeFields() }));
      if (plan.indices.length === 0) {
        void vscode.window.showWarningMessage(`Sample Curator: no sample matches (${description}); nothing was exported.`);
        return undefined;
      }
      const licenceIssues = options.licenceIssues ?? (await this.#licenceGate(plan));
      if (!licenceIssues) return undefined;
      const checked = this.#checked(store, Array.from(plan.indices));
      if (checked?.selectionMeters.warnings.length && (options.overLimits ?? (await this.#overLimits(checked.selectionMeters))) !== 'export') return undefined;
      const result = await this.#withProgress(`Sample Curator: exporting ${plan.indices.length} samples`, (signal, onProgress) =>
        writeExport(exported, plan, {
          ...(team ? { team: teamExportRecord(team, plan.indices) } : {}),
          format: choices.format, destination, split: choices.split ?? undefined, ...(choices.fileType === 'parquet' ? { parquet: parquetSettings() } : {}), useEdits: choices.useEdits, licenceIssues, description,
          checks: options.checks ?? checked?.runs ?? [], ...(checked ? { meterLimits: checked.limits } : {}), tool: { name: 'Sample Curator', version: this.toolVersion }, signal, onProgress,
          hashWorkerScript: this.workerScripts?.hash, parquetWorkerScript: this.workerScripts?.parquetExport,
        }));
      this.#report(result);
      return result;
    } catch (e) {
      return this.#failed(e);
    }
  }

  /** The team view read now with the team settings, when more than one reviewer has a journal. */
  async #freshTeam(store: CurationStore): Promise<TeamView | undefined> {
    await this.stores.refreshTeam();
    const team = store.peekTeam();
    return team?.isTeam ? team : undefined;
  }

  async #ask(store: CurationStore, options: ExportCommandOptions): Promise<{ choices: ExportChoices; destination: string }> {
    const last = readExportChoices(store.project.data.export);
    const selection = options.selection ?? (await this.#askSelection(store, last.selection));
    const format = options.format ?? (await this.#pickFormat(store, selection, last));
    const fileType = options.fileType ?? (await pick<ExportFileType>('Data files', [
      { label: 'JSON Lines', description: 'train.jsonl (and validation.jsonl)', value: 'jsonl' },
      { label: 'Parquet shards', description: `data/train-00000.parquet…, ${parquetSettings().codec.toLowerCase()} (settings: sampleCurator.export.parquet)`, value: 'parquet' },
    ], (v) => v === last.fileType));
    let destination = options.destination;
    if (!destination) {
      const folders = await vscode.window.showOpenDialog({
        title: 'Folder to create the export in', canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Export Here',
        defaultUri: vscode.Uri.file(last.parentFolder || path.dirname(store.folder)),
      });
      if (!folders?.[0]) throw new Dismissed();
      const name = await input({
        title: 'Name of the new export folder', value: exportFolderName(store.name, format, new Date()),
        validateInput: (v) => (/[\\/]/.test(v) || !v.trim() ? 'A folder name, without slashes' : undefined),
      });
      destination = path.join(folders[0].fsPath, name);
    }
    const split = options.split !== undefined ? options.split : await this.#askSplit(last.split);
    const useEdits = options.useEdits ?? (await pick('Edited samples', [
      { label: 'Use edited revisions', description: 'a sample’s latest edit (default)', value: true },
      { label: 'Use the original records', description: 'ignore edits', value: false },
    ], (v) => v === last.useEdits));
    return { choices: { selection, format, parentFolder: path.dirname(destination), split, useEdits, fileType }, destination };
  }

  /**
   * The format picker, each format saying how many of the selected samples it would refuse and
   * mostly why; counted in the background as the picker is open (the counts fill in with progress),
   * stopped when it closes.
   */
  async #pickFormat(store: CurationStore, selection: ExportSelection, last: ExportChoices): Promise<ExportFormatId> {
    type Item = vscode.QuickPickItem & { readonly value: ExportFormatId };
    const qp = vscode.window.createQuickPick<Item>();
    qp.title = 'Export format';
    qp.ignoreFocusOut = true;
    qp.placeholder = 'Counting what each format would refuse of the selected samples…';
    const items = (words?: (f: ExportFormatId) => string): Item[] => rememberedFirst(
      EXPORT_FORMATS.map((f) => ({ label: f.label, description: f.takes, detail: words?.(f.id) ?? 'counting refusals…', value: f.id })),
      (i) => i.value === last.format,
    );
    qp.items = items();
    qp.busy = true;
    const abort = new AbortController();
    const show = (r: FormatRefusals) => {
      const active = qp.activeItems[0]?.value;
      qp.items = items((f) => refusalWords(r, f));
      const again = qp.items.find((i) => i.value === active);
      if (again) qp.activeItems = [again];
    };
    void (async () => {
      const indices = await runQuery(store, selectionQuery(selection).query, { signal: abort.signal, judgeFields: judgeFields() });
      const done = await countFormatRefusals(store, indices, { useEdits: last.useEdits, signal: abort.signal, onProgress: show });
      show(done);
      qp.placeholder = `Of ${done.total} selected samples; refused samples are left out and named in the manifest.`;
    })().catch((e: Error) => {
      if (abort.signal.aborted) return;
      this.log.warn(`counting the formats' refusals failed: ${e.message}`);
      qp.placeholder = `Could not count the refusals (${e.message}).`;
    }).finally(() => {
      qp.busy = false;
    });
    try {
      return await new Promise<ExportFormatId>((resolve, reject) => {
        qp.onDidAccept(() => {
          const chosen = qp.selectedItems[0] ?? qp.activeItems[0];
          if (chosen) resolve(chosen.value);
          qp.hide();
        });
        qp.onDidHide(() => reject(new Dismissed()));
        qp.show();
      });
    } finally {
      abort.abort();
      qp.dispose();
    }
  }

  async #askSelection(store: CurationStore, last: ExportSelection): Promise<ExportSelection> {
    const kind = await pick<ExportSelection['kind']>('Which samples', [
      { label: 'Accepted samples', description: acceptedDescription(store), value: 'accepted' },
      { label: 'Accepted samples with a label…', value: 'label' },
      { label: 'Samples matching a filter…', description: 'the filter box syntax, e.g. verdict:accepted model:teacher-a', value: 'filter' },
    ], (v) => v === last.kind);
    if (kind === 'accepted') return { kind };
    if (kind === 'label') {
      const labels = [...store.labelCounts()].sort((a, b) => b[1] - a[1]);
      if (!labels.length) {
        void vscode.window.showWarningMessage('Sample Curator: no sample carries a label yet.');
        throw new Dismissed();
      }
      const label = await pick('Label', labels.map(([name, n]) => ({ label: name, description: `${n}`, value: name })),
        (v) => last.kind === 'label' && v === last.label);
      return { kind, label };
    }
    const text = await input({ title: 'Filter', value: last.kind === 'filter' ? last.text : 'verdict:accepted', prompt: 'verdict:, label:, source:, model:, licence:, judge: (e.g. judge:>=4) and free text' });
    return { kind, text };
  }

  async #askSplit(last: SplitOptions | null): Promise<SplitOptions | null> {
    const wanted = await pick('Train / validation split', [
      { label: 'No split', description: 'one file, train.jsonl', value: false },
      { label: 'Split into train and validation…', description: 'stratified by source, deterministic seed', value: true },
    ], (v) => v === (last !== null));
    if (!wanted) return null;
    const text = await input({
      title: 'Validation share and seed', value: `${last?.ratio ?? 0.1}, ${last?.seed ?? 42}`,
      validateInput: (v) => { const s = parseSplitText(v); return typeof s === 'string' ? s : undefined; },
    });
    return parseSplitText(text) as SplitOptions;
  }

  /**
   * What the checks found: the meters of the selection (asked about before writing), and the check
   * lines and limits the export applies to the samples it writes; undefined when the checks have not
   * run for this store.
   */
  #checked(store: CurationStore, indices: readonly number[]): {
    runs: (exported: readonly number[]) => CheckRun[]; selectionMeters: ExportMeters; limits: ExportMeters['limits'];
  } | undefined {
    const result = this.checks?.result;
    if (!result || result.count !== store.size) return undefined;
    const { teacherCap, syntheticShareLimit } = this.checks.settings(store);
    const limits = { teacherCap, syntheticShareLimit };
    return { runs: (exported) => exportCheckRuns(checksSummary(result, exported)), selectionMeters: selectionMeters(checksSummary(result, indices), limits), limits };
  }

  /** Names the samples of unknown or conflicting licence and asks; undefined when the person cancels. */

  async #overLimits(meters: ExportMeters): Promise<'export' | 'cancel'> {
    const go = 'Export Anyway';
    const answer = await vscode.window.showWarningMessage(`The selected samples go over a curation limit: ${meters.warnings.join('; ')}.`,
      { modal: true, detail: 'Limits: settings sampleCurator.checks.teacherCap and .syntheticShareLimit. Exporting anyway records the warning in the manifest and the dataset card.' }, go);
    return answer === go ? 'export' : 'cancel';
  }

  async #licenceGate(plan: ExportPlan): Promise<'exclude' | 'include' | undefined> {
    if (plan.unknownLicence + plan.conflictingLicence === 0) return 'include';
    const mix = [...plan.licenceMix].slice(0, 6).map(([l, n]) => `${l} ${n}`).join(', ');
    const leave = 'Leave Them Out';
    const include = 'Include and Record';
    const answer = await vscode.window.showWarningMessage(
      `${plan.unknownLicence} selected sample(s) have no known licence and ${plan.conflictingLicence} name a licence that differs from their file's.`,
      { modal: true, detail: `Licence mix: ${mix}.\nFor example: ${plan.examples.join('; ')}.\nIncluding them records that choice in the manifest.` },
      leave, include,
    );
    return answer === leave ? 'exclude' : answer === include ? 'include' : undefined;
  }

  #withProgress<T>(title: string, work: (signal: AbortSignal, onProgress: (p: ExportProgress) => void) => Promise<T>): Promise<T> {
    return Promise.resolve(vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort(new Error('cancelled')));
        let shown = 0;
        return work(abort.signal, (p) => {
          const pct = p.total ? Math.floor((100 * p.done) / p.total) : 0;
          progress.report({ message: `${p.phase} ${p.done}/${p.total}`, increment: Math.max(0, pct - shown) });
          shown = Math.max(shown, pct);
        });
      },
    ));
  }

  #report(result: ExportResult): void {
    const c = result.manifest.counts;
    const bySplit = new Map<string, number>();
    for (const f of result.manifest.files) bySplit.set(f.split ?? 'train', (bySplit.get(f.split ?? 'train') ?? 0) + f.lines);
    const shards = result.manifest.parquet ? ` in ${result.manifest.files.length} Parquet shard(s)` : '';
    const files = `${[...bySplit].map(([split, n]) => `${split} ${n}`).join(', ')}${shards}`;
    const parts = [`Exported ${c.exported} samples to ${result.destination} (${files})`];
    if (c.refused) parts.push(`${c.refused} refused by the conversion (${c.refusedByReason.entries().map(([r, n]) => `${n}: ${r}`).join('; ')})`);
    if (c.leftOut) parts.push(`${c.leftOut} left out for their licence`);
    const message = `${parts.join('; ')}.`;
    this.log.info(message);
    this.notices?.show({
      key: EXPORT_NOTICE, kind: c.refused || c.leftOut ? 'warning' : 'info', text: message, actions: [
        { label: 'Open Folder', command: 'revealFileInOS', args: [vscode.Uri.file(result.destination)] },
        { label: 'Open Manifest', command: 'vscode.open', args: [vscode.Uri.file(result.manifestPath)] },
      ],
    });
    void vscode.window.showInformationMessage(`Sample Curator: ${message}`, 'Open Folder', 'Open Manifest').then((action) => {
      if (action === 'Open Folder') void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(result.destination));
      if (action === 'Open Manifest') void vscode.window.showTextDocument(vscode.Uri.file(result.manifestPath));
    });
  }

  #failed(e: unknown): undefined {
    if ((e as Error).name === 'AbortError') { // the query's or the export's cancellation
      this.notices?.show({ key: EXPORT_NOTICE, kind: 'info', text: 'Export cancelled; nothing was written.' });
      void vscode.window.showInformationMessage('Sample Curator: export cancelled; nothing was written.');
      return undefined;
    }
    // A source changed after it was indexed: nothing was exported; re-index so the next export reads the new file.
    if (e instanceof SourceChangedError && this.stores.current) this.stores.noticeChange(path.join(this.stores.current.folder, e.source));
    const message = e instanceof ExportError ? e.message : `export failed: ${(e as Error).message}`;
    this.log.error(message);
    this.notices?.show({ key: EXPORT_NOTICE, kind: 'error', text: message, actions: [{ label: 'Show Log', command: CommandIds.showLog }] });
    void vscode.window.showErrorMessage(`Sample Curator: ${message}`, 'Show Log').then((a) => a && this.log.show());
    return undefined;
  }
}

/** The `sampleCurator.export.parquet` settings, read when an export starts. */
function parquetSettings() {
  const c = vscode.workspace.getConfiguration('sampleCurator.export.parquet');
  return readParquetSettings({ codec: c.get('codec'), rowGroupRows: c.get('rowGroupRows'), maxShardMB: c.get('maxShardMB') });
}

/** How many "accepted" selects: in a team, the samples the team's verdicts accept (what export writes). */
function acceptedDescription(store: CurationStore): string {
  const team = store.peekTeam();
  if (!team?.isTeam) return `${store.counts().accepted}`;
  const s = team.summary();
  return `${s.accepted} by the team's verdicts (${s.policy.allow.join(' > ')})`;
}
