// The slices a reviewer saved (a filter kept under a name), in the project document beside the
// sources they are drawn from: they describe this store's data, stay with its folder, and a person
// may read or edit them there. Read defensively (entries that are not {name, query} strings are
// left out); a query sliceQuery refuses is kept and refused when audited, with the reason.
import type { ProjectDb } from './projectDocument';

export interface SavedSlice {
  readonly name: string;
  readonly query: string;
}

export function savedSlices(project: ProjectDb): SavedSlice[] {
  const list: unknown = project.data.slices;
  if (!Array.isArray(list)) return [];
  return list.filter((s): s is SavedSlice => typeof s === 'object' && s !== null && typeof s.name === 'string' && typeof s.query === 'string');
}

/** Saves a slice (replacing one of the same name); refused on a read-only store. */
export async function saveSlice(project: ProjectDb, slice: SavedSlice, readOnly: boolean): Promise<void> {
  if (readOnly) throw new Error('the store is read-only: the slice was not saved');
  project.data.slices = [...savedSlices(project).filter((s) => s.name !== slice.name), { name: slice.name, query: slice.query }];
  await project.write();
}
