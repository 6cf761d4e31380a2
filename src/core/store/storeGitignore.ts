// `.curator/.gitignore`: a team commits `.curator/journal/` — one file per reviewer, appended only
// by its owner, so git merges a pull without conflicts. Everything else under `.curator/` is this
// machine's: snapshots, line indexes, converted sources, check results, locks, and project.json
// (it records file identities — inode, mtime — that differ on every clone, so committing it would
// conflict on every pull). An allow-list, so a folder added later stays local by default.
// Written once when missing, never over a file the team has edited.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurably } from '../journal/durableWrite';
import { refuseSymlink } from '../journal/storePaths';

export const STORE_GITIGNORE = `# Written by Sample Curator: commit the reviewers' journals, nothing else of .curator/
# (snapshots, indexes, caches, locks and project.json are this machine's, rebuilt from the journals).
*
!.gitignore
!journal/
!journal/*.jsonl
`;

/** Writes `<curatorDir>/.gitignore` if there is none; false when it was already there. */
export function ensureStoreGitignore(folder: string, curatorDirName: string): boolean {
  const path = join(folder, curatorDirName, '.gitignore');
  refuseSymlink(folder, path);
  if (existsSync(path)) return false;
  writeFileDurably(path, STORE_GITIGNORE);
  return true;
}
