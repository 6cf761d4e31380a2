// One reopen, or its floor, in a fresh process (run by storeBench.ts): a reviewer reopens a store
// in a new extension host, where none of the store's code has run yet, so both the reopen and the
// floor are timed the same way — the first time in a process — rather than the floor warm after
// the reopen ran its decoders. Prints {"ms": …}.
//   node reopenProbe.js reopen <store folder>   CurationStore.open (index and snapshot saved)
//   node reopenProbe.js floor <store folder>    read + decode the saved line index(es) and snapshot(s)
import { CurationStore } from '../src/core/store/curationStore';
import { loadSavedState } from './savedState';

async function main(): Promise<void> {
  const [mode, dir] = process.argv.slice(2);
  if (mode === 'floor') {
    console.log(JSON.stringify({ ms: loadSavedState(dir).ms }));
    return;
  }
  if (mode !== 'reopen' || !dir) throw new Error('usage: reopenProbe.js reopen|floor <store folder>');
  // No indexer: a reopen that had to index would throw here rather than be timed.
  const t = performance.now();
  const store = await CurationStore.open(dir, { reviewer: 'bench', indexer: () => Promise.reject(new Error('the reopen had to index a file')) });
  const ms = performance.now() - t;
  await store.close();
  console.log(JSON.stringify({ ms }));
}

main().catch((e: Error) => {
  console.error(e.stack);
  process.exit(1);
});
