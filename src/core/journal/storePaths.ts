// Paths under `.curator/` are the store's own, and a cloned repository is untrusted ground: a
// planted symlink (`.curator/journal/ana.jsonl -> ~/.bashrc`) must never make the store cut or
// append to a file outside it. Every directory under the store is created or entered only if it
// is a real directory, and files are opened with O_NOFOLLOW.
import { closeSync, constants, lstatSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Open flags that refuse a symlink in the last component (ELOOP) — added to every store file open. */
export const NO_FOLLOW = constants.O_NOFOLLOW;

/**
 * The flags of `fs.open(path, 'r')` without following a symlink, and without blocking on a FIFO
 * planted under a store file's name (its open would wait for a writer for ever; a regular file
 * ignores O_NONBLOCK).
 */
export const READ_NO_FOLLOW = constants.O_RDONLY | NO_FOLLOW | (constants.O_NONBLOCK ?? 0);

/** A whole (small) file under the store, refusing a symlink (ELOOP) rather than reading through it. */
export function readFileNoFollow(path: string): Buffer {
  const fd = openSync(path, READ_NO_FOLLOW);
  try {
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Creates (as needed) `root/...segments` and returns it, refusing when any component below `root`
 * is a symlink or not a directory. `root` itself (the store folder the user chose) may be a link.
 */
export function ensureStoreDir(root: string, ...segments: string[]): string {
  let dir = root;
  for (const seg of segments.flatMap((s) => s.split(/[\\/]/)).filter(Boolean)) {
    if (seg === '..' || seg === '.') throw new Error(`${join(root, ...segments)}: not a path inside the store`);
    dir = join(dir, seg);
    let stat;
    try {
      stat = lstatSync(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      try {
        mkdirSync(dir);
        continue;
      } catch (err) {
        // Another window opening the same fresh store made it first: judge what is there now.
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        stat = lstatSync(dir);
      }
    }
    if (stat.isSymbolicLink()) throw new Error(`${relativeName(root, dir)} is a symbolic link; the store refuses to write through it (remove it, or point the store elsewhere)`);
    if (!stat.isDirectory()) throw new Error(`${relativeName(root, dir)} is not a folder`);
  }
  return dir;
}

/** Throws when `path` exists and is a symlink (reading through it could read a file outside the store). */
export function refuseSymlink(root: string, path: string): void {
  try {
    if (lstatSync(path).isSymbolicLink()) {
      throw new Error(`${relativeName(root, path)} is a symbolic link; the store refuses to read or write through it`);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

function relativeName(root: string, path: string): string {
  const rel = relative(root, path);
  return rel && !rel.startsWith(`..${sep}`) ? rel : path;
}
