// A lowdb Adapter that makes each write durable (durableWrite.ts: temp file, fsync, rename, fsync
// of the folder). lowdb's own JSONFile (steno) renames without any fsync, so a crash can lose the last write.
import type { Adapter } from 'lowdb';
import { writeFileDurably } from './durableWrite';
import { readFileNoFollow } from './storePaths';

export class FsyncedJsonFile<T> implements Adapter<T> {
  /** `readOnly`: write() keeps nothing (the caller's document lives on in memory only). */
  constructor(readonly path: string, readonly readOnly = false) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = readFileNoFollow(this.path).toString('utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      throw new Error(`${this.path}: not valid JSON (${(e as Error).message}); the file was left as it is`);
    }
  }

  async write(data: T): Promise<void> {
    if (this.readOnly) return;
    writeFileDurably(this.path, `${JSON.stringify(data, null, 2)}\n`);
  }
}
