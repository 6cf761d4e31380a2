// Import asks once per file for the provenance its records do not state (model, licence) and
// records the answer in the project document. Never modal: a notification the reviewer can act
// on or dismiss ("Unknown" records that nothing is known, so the file is not asked about again).
import * as vscode from 'vscode';
import type { CurationStore } from '../core/store/curationStore';
import type { ProvenanceDefaults } from '../core/formats/provenance';

export async function askForMissingProvenance(store: CurationStore, log: vscode.LogOutputChannel): Promise<void> {
  if (store.readOnly) return; // the answer could not be recorded; the window that records asks
  for (const gap of store.provenanceGaps()) {
    const what = gap.missing.map((m) => (m === 'model' ? 'which model generated it' : 'its licence')).join(' or ');
    const choice = await vscode.window.showInformationMessage(
      `Sample Curator: ${gap.source} does not say ${what}. Record it for the whole file? It travels with every sample to export.`,
      'Set…', 'Unknown',
    );
    if (!choice) continue; // dismissed: ask again next time the store opens
    const defaults: { model?: string; licence?: string } = {};
    if (choice === 'Set…') {
      if (gap.missing.includes('model')) {
        const model = await vscode.window.showInputBox({ title: `${gap.source}: generator model`, prompt: 'Model name and version, e.g. teacher-70b-2026-05', ignoreFocusOut: true });
        if (model?.trim()) defaults.model = model.trim();
      }
      if (gap.missing.includes('licence')) {
        const licence = await vscode.window.showInputBox({ title: `${gap.source}: licence or terms`, prompt: 'SPDX id or the terms of use, e.g. MIT, CC-BY-4.0', ignoreFocusOut: true });
        if (licence?.trim()) defaults.licence = licence.trim();
      }
    }
    try {
      await store.setSourceDefaults(gap.source, defaults as ProvenanceDefaults);
      log.info(`${gap.source}: provenance recorded ${JSON.stringify(defaults)}`);
    } catch (e) {
      log.error(`${gap.source}: could not record provenance: ${(e as Error).message}`);
    }
  }
}
