// What a reopen loads from disk, read and decoded and nothing else: the floor of the store's reopen
// (storeBench.ts in-process, reopenProbe.ts in a fresh process): the line indexes, the identity
// table (read into its typed arrays) and the ledger snapshots.
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

/** The key a saved index was written under (its header's bytes 32–63), read without the rest of the file. */
function headerKey(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(64);
    fs.readSync(fd, head, 0, 64, 0);
    return head.toString('latin1', 32, 64);
  } finally {
    fs.closeSync(fd);
  }
}

/** The reopen's floor: read and decode every saved line index, identity table and ledger snapshot of the store, in ms. */
export function loadSavedState(storeDir: string): { ms: number; bytes: number } {
  const t = performance.now();
  let bytes = 0;
  for (const file of filesEnding(path.join(storeDir, CURATOR_DIR), '.idx')) {
    const index = loadIndex(file, headerKey(file));
    if (!index) throw new Error(`${file}: not a readable index`);
    bytes += fs.statSync(file).size;
  }
  for (const file of filesEnding(path.join(storeDir, CURATOR_DIR), '.table')) {
    const raw = fs.readFileSync(file);
    const ints = new Int32Array((raw.length - 64) / 4);
    new Uint8Array(ints.buffer).set(raw.subarray(64));
    bytes += raw.length;
  }
  for (const file of filesEnding(path.join(storeDir, CURATOR_DIR), '.snapshot')) {
    const raw = fs.readFileSync(file);
    if (!decodeSnapshot(raw).ok) throw new Error(`${file}: not a readable snapshot`);
    bytes += raw.length;
  }
  return { ms: performance.now() - t, bytes };
}
