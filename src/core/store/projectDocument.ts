// The curation project: the small, rarely written document lowdb suits (sources, reviewers,
// settings). Decisions are NOT here: lowdb rewrites the whole file on every write and never
// syncs, which is why decisions go to the append-only journal (see README, "Storage").
import { Low } from 'lowdb';
import type { ExportChoices } from '../export/exportChoices';
import type { LabelDefinition } from './labelTaxonomy';
import type { ProvenanceDefaults } from '../formats/provenance';
import type { FormatId } from '../formats/sampleFormats';
import { FsyncedJsonFile } from '../journal/fsyncedJsonFile';

export const PROJECT_SCHEMA_VERSION = 1;

export interface SourceEntry {
  /** Path relative to the store folder. */
  readonly path: string;
  readonly format: FormatId | 'unknown';
  readonly firstSeen: string;
  /** Size + head/tail hash when last opened: a different key means the file changed on disk. */
  key?: string;
  /** Provenance the reviewer gave for the whole file (what its records do not say). */
  defaults?: ProvenanceDefaults;
}

export interface ProjectDocument {
  readonly schema: number;
  name: string;
  createdAt: string;
  sources: SourceEntry[];
  reviewers: string[];
  /** The label taxonomy in use (written from the defaults or the setting on first use). */
  labels?: LabelDefinition[];
  /** The choices of the last export (read through readExportChoices: a person may edit this file). */
  export?: ExportChoices;
  /** Slices the reviewer saved (read through savedSlices: a person may edit this file). */
  slices?: { readonly name: string; readonly query: string }[];
}

export type ProjectDb = Low<ProjectDocument>;

/** `readOnly` (an untrusted workspace): writes change the document in memory only, never the file. */
export async function openProjectDocument(path: string, defaultName: string, now = new Date(), readOnly = false): Promise<ProjectDb> {
  const db = new Low<ProjectDocument>(new FsyncedJsonFile<ProjectDocument>(path, readOnly), {
    schema: PROJECT_SCHEMA_VERSION, name: defaultName, createdAt: now.toISOString(), sources: [], reviewers: [],
  });
  await db.read();
  const d = db.data as Partial<ProjectDocument> | null;
  if (typeof d !== 'object' || d === null || Array.isArray(d) || typeof d.schema !== 'number' || typeof d.name !== 'string' ||
      !Array.isArray(d.sources) || !Array.isArray(d.reviewers)) {
    throw new Error(`${path}: not a Sample Curator project document (expected {schema, name, sources, reviewers}); the file was left as it is`);
  }
  if (db.data.schema > PROJECT_SCHEMA_VERSION) {
    throw new Error(`${path}: written by a newer Sample Curator (schema ${db.data.schema}); update the extension`);
  }
  return db;
}
