// Import asks once per file for the provenance its records do not state — who wrote them (a model,
// named, or people) and their licence — and records the answer in the project document. Never
// modal: a notification and the same question in the panel's banner (reachable without the
// notification centre), each answered with `Sample Curator: Record Provenance for a File…` and
// its arguments; "Unknown" records that nothing is known, so the file is not asked about again.
// After an answer the checks run again (the teacher mix reads it) and the panel redraws at once.
import * as vscode from 'vscode';
import type { CurationStore } from '../core/store/curationStore';
import type { ProvenanceDefaults } from '../core/formats/provenance';
import { CommandIds } from './commandIds';
import type { PanelNotices } from './panel/panelNotices';
import type { StoreHost } from './storeHost';

/** Who wrote a file's samples, as the reviewer answers. */
export type WrittenBy = 'model' | 'human' | 'unknown';

const ANSWERS: readonly { readonly by: WrittenBy; readonly label: string }[] = [
  { by: 'model', label: 'Model-Generated…' },
  { by: 'human', label: 'Human-Written' },
  { by: 'unknown', label: 'Unknown' },
];

const noticeKey = (source: string) => `provenance:${source}`;

export class ProvenancePrompt {
  constructor(
    private readonly stores: StoreHost,
    private readonly log: vscode.LogOutputChannel,
    private readonly notices: PanelNotices,
    /** After a file's answer is recorded: run the checks again, redraw the panel. */
    private readonly onRecorded: (store: CurationStore, source: string) => void,
  ) {}

  /** Asks about every file whose records leave out who wrote them or their licence (not awaited per file). */
  askForMissing(store: CurationStore): void {
    if (store.readOnly) return; // the answer could not be recorded; the window that records asks
    for (const gap of store.provenanceGaps()) {
      const what = gap.missing.map((m) => (m === 'model' ? 'who wrote it (which model, or people)' : 'its licence')).join(' or ');
      const text = `${gap.source} does not say ${what}. Record it for the whole file? It travels with every sample to the teacher mix and the export.`;
      // Licence alone missing: who wrote it is known, so the answer only asks for the licence.
      const answers = gap.missing.includes('model') ? ANSWERS : [{ by: 'unknown' as const, label: 'Set Licence…' }];
      const args = (by: WrittenBy) => [gap.source, gap.missing.includes('model') ? by : undefined];
      this.notices.show({
        key: noticeKey(gap.source), kind: 'info', text,
        actions: answers.map((a) => ({ label: a.label, command: CommandIds.recordProvenance, args: args(a.by) })),
      });
      void vscode.window.showInformationMessage(`Sample Curator: ${text}`, ...answers.map((a) => a.label)).then((label) => {
        const chosen = answers.find((a) => a.label === label);
        // Dismissed: the banner keeps the question; it is asked again next time the store opens.
        if (chosen) void this.record(gap.source, gap.missing.includes('model') ? chosen.by : undefined);
      });
    }
  }

  /**
   * Records a file's provenance: who wrote it (`by`; asked when not given) and, for a model, its
   * name; the licence when the file's records leave it out. From the palette with no arguments it
   * asks which file, so an answer can be changed.
   */
  async record(source?: string, by?: WrittenBy): Promise<void> {
    let store: CurationStore;
    try {
      store = await this.stores.open();
    } catch (e) {
      void vscode.window.showErrorMessage(`Sample Curator: ${(e as Error).message}`);
      return;
    }
    if (store.readOnly) {
      void vscode.window.showWarningMessage('Sample Curator: this store is read-only here; provenance can be recorded in the window that holds its journal.');
      return;
    }
    const file = source ?? (await vscode.window.showQuickPick(
      store.checkSources().map((s) => ({ label: s.file, description: describeDefaults(store.provenanceDefaultsOf(s.file)) })),
      { title: 'Record provenance for which file?' },
    ))?.label;
    if (!file) return;
    const gap = store.provenanceGaps().find((g) => g.source === file);
    const previous = store.provenanceDefaultsOf(file) ?? {};
    const defaults: { -readonly [K in keyof ProvenanceDefaults]: ProvenanceDefaults[K] } = {};
    // Only when who wrote it is in question (not from the "licence only" answer).
    const askWho = by !== undefined || !gap || gap.missing.includes('model');
    const who = by ?? (askWho ? (await vscode.window.showQuickPick(
      ANSWERS.map((a) => ({ label: a.label.replace('…', ''), by: a.by })), { title: `${file}: who wrote its samples?` },
    ))?.by : 'unknown');
    if (!who) return;
    if (who === 'model') {
      const model = await vscode.window.showInputBox({
        title: `${file}: generator model`, prompt: 'Model name and version, e.g. teacher-70b-2026-05 (empty: a model, name unknown)',
        value: previous.model ?? '', ignoreFocusOut: true,
      });
      if (model === undefined) return;
      if (model.trim()) defaults.model = model.trim();
      defaults.origin = 'model';
    } else if (who === 'human') {
      defaults.origin = 'human';
    }
    if (!gap || gap.missing.includes('licence') || previous.licence !== undefined) {
      const licence = await vscode.window.showInputBox({
        title: `${file}: licence or terms`, prompt: 'SPDX id or the terms of use, e.g. MIT, CC-BY-4.0 (empty: unknown)',
        value: previous.licence ?? '', ignoreFocusOut: true,
      });
      if (licence === undefined) return;
      if (licence.trim()) defaults.licence = licence.trim();
    }
    try {
      await store.setSourceDefaults(file, defaults);
      this.log.info(`${file}: provenance recorded ${JSON.stringify(defaults)}`);
      this.notices.dismiss(noticeKey(file));
      this.onRecorded(store, file);
    } catch (e) {
      const message = `${file}: could not record provenance: ${(e as Error).message}`;
      this.log.error(message);
      this.notices.show({ key: noticeKey(file), kind: 'error', text: message, actions: [{ label: 'Try Again', command: CommandIds.recordProvenance, args: [file] }] });
      void vscode.window.showErrorMessage(`Sample Curator: ${message}`);
    }
  }
}

function describeDefaults(d: ProvenanceDefaults | undefined): string {
  if (!d) return 'not recorded';
  const who = d.origin === 'human' ? 'human-written' : d.model ? `model ${d.model}` : d.origin === 'model' ? 'a model' : 'who wrote it unknown';
  return `${who}; licence ${d.licence ?? 'unknown'}`;
}
