// What a reopen loads from disk, read and decoded and nothing else: the floor of the store's reopen
// (storeBench.ts in-process, reopenProbe.ts in a fresh process).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CURATOR_DIR } from '../src/core/store/curationStore';
import { loadIndex } from '../src/core/ingest/indexCache';
import { decodeSnapshot } from '../src/core/journal/ledgerSnapshot';

/** Files under `dir` (recursively) whose name ends with `suffix`. */
export function filesEnding(dir: string, suffix: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesEnding(path.join(dir, e.name), suffix) : e.name.endsWith(suffix) ? [path.join(dir, e.name)] : []);
}

/** The reopen's floor: read and decode every saved line index and ledger snapshot of the store, in ms. */
export function loadSavedState(storeDir: string): { ms: number; bytes: number } {
  const t = performance.now();
  let bytes = 0;
  for (const file of filesEnding(path.join(storeDir, CURATOR_DIR), '.idx')) {
    const key = fs.readFileSync(file).toString('latin1', 32, 64); // the key the index was saved under
    const index = loadIndex(file, key);
    if (!index) throw new Error(`${file}: not a readable index`);
    bytes += fs.statSync(file).size;
  }
  for (const file of filesEnding(path.join(storeDir, CURATOR_DIR), '.snapshot')) {
    const raw = fs.readFileSync(file);
    if (!decodeSnapshot(raw).ok) throw new Error(`${file}: not a readable snapshot`);
    bytes += raw.length;
  }
  return { ms: performance.now() - t, bytes };
}
