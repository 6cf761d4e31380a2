// Which label taxonomy a store uses: the `sampleCurator.labels` setting when it is set, else the
// one recorded in the project document, else the defaults (recorded on first use, so the
// project keeps its taxonomy even when the reviewer's settings change).
import * as vscode from 'vscode';
import type { CurationStore } from '../core/store/curationStore';
import { DEFAULT_LABELS, themeColorVar, validateTaxonomy, type LabelDefinition } from '../core/store/labelTaxonomy';
import type { LabelView } from '../protocol';

export async function resolveTaxonomy(store: CurationStore, log: vscode.LogOutputChannel): Promise<LabelDefinition[]> {
  const setting = vscode.workspace.getConfiguration('sampleCurator').get<unknown>('labels');
  const doc = store.project.data;
  let labels: LabelDefinition[];
  if (Array.isArray(setting) && setting.length) {
    const { labels: valid, problems } = validateTaxonomy(setting);
    for (const p of problems) log.warn(`sampleCurator.labels: ${p}`);
    labels = valid;
  } else if (doc.labels?.length) {
    labels = validateTaxonomy(doc.labels).labels;
  } else {
    labels = [...DEFAULT_LABELS];
  }
  if (JSON.stringify(doc.labels) !== JSON.stringify(labels)) {
    doc.labels = labels;
    await store.project.write();
  }
  return labels;
}

export function labelViews(labels: readonly LabelDefinition[]): LabelView[] {
  return labels.map((l) => ({ name: l.name, ...(l.slot !== undefined ? { slot: l.slot } : {}), color: themeColorVar(l.color), description: l.description }));
}
