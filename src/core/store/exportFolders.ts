// The export folders a store has written, found on disk: export records no list of them (each
// export is a self-contained folder with its manifest), so they are read back from the folders an
// export is created in — the last export's parent folder (project.json), the store folder and its
// parent — as the subfolders whose manifest.json names this store. A folder moved elsewhere is not
// found; one deleted disappears. Only manifests are read, and only their first fields.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface ExportFolder {
  /** Absolute path of the export folder. */
  readonly folder: string;
  readonly manifestPath: string;
  readonly exportedAt: string;
  readonly format: string;
  readonly exported: number;
  /** "parquet" when the data files are Parquet shards, else "jsonl". */
  readonly fileType: 'jsonl' | 'parquet';
}

/** A manifest larger than this is no manifest of ours (the per-sample list is its own file). */
const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

/** The manifest of `folder` when it names `storeName`, read as an export folder; undefined otherwise. */
export function readExportFolder(folder: string, storeName: string): ExportFolder | undefined {
  const manifestPath = join(folder, 'manifest.json');
  try {
    if (statSync(manifestPath).size > MAX_MANIFEST_BYTES) return undefined;
    const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
    if (m.store !== storeName || typeof m.exportedAt !== 'string' || typeof m.format !== 'string') return undefined;
    const counts = m.counts as { exported?: unknown } | undefined;
    return {
      folder, manifestPath, exportedAt: m.exportedAt, format: m.format,
      exported: typeof counts?.exported === 'number' ? counts.exported : 0,
      fileType: m.parquet ? 'parquet' : 'jsonl',
    };
  } catch {
    return undefined; // no manifest, or not one of ours: not an export of this store
  }
}

/** The export folders of `storeName` directly under any of `parents`, newest first, each once. */
export function findExportFolders(parents: readonly string[], storeName: string): ExportFolder[] {
  const seen = new Set<string>();
  const found: ExportFolder[] = [];
  for (const parent of new Set(parents.map((p) => resolve(p)))) {
    let entries: string[];
    try {
      entries = readdirSync(parent, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
    } catch {
      continue; // a parent that is gone (an export folder's parent deleted) lists nothing
    }
    for (const name of entries) {
      const folder = join(parent, name);
      if (seen.has(folder)) continue;
      seen.add(folder);
      const e = readExportFolder(folder, storeName);
      if (e) found.push(e);
    }
  }
  return found.sort((a, b) => (a.exportedAt < b.exportedAt ? 1 : a.exportedAt > b.exportedAt ? -1 : a.folder.localeCompare(b.folder)));
}
