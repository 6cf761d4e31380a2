// The store the export benchmarks export from: the store benchmark's generated data file,
// hard-linked into a store of the bench's own (so the other benchmarks' journals stay untouched),
// with a copy of its saved line index, every sample accepted.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CURATOR_DIR, CurationStore } from '../src/core/store/curationStore';
import { generateChatSet } from './generateChatSet';
import { benchDataDir, collectGarbage } from './benchFloor';

/** Opens (generating and accepting on a first run) `<name>-store-<samples>`; `data` is its chat.jsonl. */
export async function openAcceptedStore(samples: number, name: string): Promise<{ store: CurationStore; data: string }> {
  const base = benchDataDir();
  const dataDir = path.join(base, `store-${samples}`);
  fs.mkdirSync(dataDir, { recursive: true });
  generateChatSet(path.join(dataDir, 'chat.jsonl'), samples);
  const storeDir = path.join(base, `${name}-store-${samples}`);
  fs.mkdirSync(path.join(storeDir, CURATOR_DIR, 'index'), { recursive: true });
  const data = path.join(storeDir, 'chat.jsonl');
  if (!fs.existsSync(data) || fs.statSync(data).ino !== fs.statSync(path.join(dataDir, 'chat.jsonl')).ino) {
    fs.rmSync(data, { force: true });
    fs.linkSync(path.join(dataDir, 'chat.jsonl'), data);
  }
  const savedIndex = path.join(dataDir, CURATOR_DIR, 'index', 'chat.jsonl.idx');
  const ownIndex = path.join(storeDir, CURATOR_DIR, 'index', 'chat.jsonl.idx');
  if (fs.existsSync(savedIndex) && !fs.existsSync(ownIndex)) fs.copyFileSync(savedIndex, ownIndex);

  const store = await CurationStore.open(storeDir, { reviewer: `bench-${name}` });
  if (store.size !== samples) throw new Error(`expected ${samples} samples, store has ${store.size}`);
  if (store.counts().accepted !== samples) await store.decideMany(Array.from({ length: samples }, (_, i) => i), 'accepted');
  // The setup's garbage (a first run accepts every sample in one step: a line of a million hashes)
  // is not the export's: collect it first when the bench runs with --expose-gc (the export benches'
  // scripts do); a reviewer's decisions were made long before they export.
  collectGarbage();
  return { store, data };
}
