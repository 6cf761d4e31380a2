// The process the crash test kills (and the fsync check traces): opens a decision ledger in the
// folder argv[2] and makes every kind of event on random samples as fast as it can, several in
// flight at once: verdicts, labels, ratings, notes, revisions (edits), undo and redo. Prints
// `ready` once open, then one line per ACKNOWLEDGED event (after its promise resolved):
//   ack <seq> <JSON of the fields the journal event must hold besides v, seq, at and reviewer>
// The folder is fresh, every call is valid and calls are stamped in call order, so the n-th call
// (from 1) is the event with seq n. Undo and redo are only called when the writer's own model of
// the undo and redo stacks (kept in call order) says there is a step, so they always write an
// event too. Lines go out with writeSync: once written they are in the pipe, whenever the kill
// comes. argv[3]: events between snapshots; argv[4] (optional): stop after that many calls,
// close the ledger and exit 0.
import { writeSync } from 'node:fs';
import { DecisionLedger } from '../../src/core/journal/decisionLedger';
import type { Verdict } from '../../src/core/formats/sampleModel';
import { CRASH_HASHES, CRASH_LABELS, CRASH_REVIEWER } from './crashPool';

const IN_FLIGHT = 16;
const VERDICTS: readonly Verdict[] = ['accepted', 'rejected', 'skipped', 'pending'];
const NOTES: readonly string[] = ['units wrong in step 2', 'zweite Zeile\nfehlt', 'проверить ответ', '答案错误', 'quote " and \\ backslash'];

function pick<T>(from: readonly T[]): T {
  return from[Math.floor(Math.random() * from.length)];
}

function someHashes(): string[] {
  return Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => pick(CRASH_HASHES));
}

/** The next call: what it does, and the journal fields that prove it landed. */
function nextCall(ledger: DecisionLedger, seq: number, applied: number[], undone: number[]): { run: () => Promise<unknown>; expect: Record<string, unknown> } {
  const r = Math.random();
  if (r < 0.1 && applied.length) {
    const step = applied.pop() as number;
    undone.push(step);
    return { run: () => ledger.undo().then((o) => o ?? Promise.reject(new Error(`undo ${seq} found no step`))), expect: { type: 'undo', undoes: step } };
  }
  if (r < 0.17 && undone.length) {
    const step = undone.pop() as number;
    applied.push(step);
    return { run: () => ledger.redo().then((o) => o ?? Promise.reject(new Error(`redo ${seq} found no step`))), expect: { type: 'redo', redoes: step } };
  }
  applied.push(seq);
  undone.length = 0;
  const hash = pick(CRASH_HASHES);
  if (r < 0.5) {
    const samples = someHashes();
    const verdict = pick(VERDICTS);
    return { run: () => ledger.setVerdict(samples, verdict), expect: { type: 'verdict', samples, verdict } };
  }
  if (r < 0.7) {
    const samples = someHashes();
    const label = pick(CRASH_LABELS);
    const present = Math.random() < 0.6;
    return { run: () => ledger.setLabel(samples, label, present), expect: { type: 'label', samples, label, present } };
  }
  if (r < 0.8) {
    const rating = Math.random() < 0.2 ? undefined : 1 + Math.floor(Math.random() * 5);
    return { run: () => ledger.setRating(hash, rating), expect: { type: 'rating', sample: hash, rating: rating ?? null } };
  }
  if (r < 0.9) {
    const note = Math.random() < 0.2 ? undefined : `${pick(NOTES)} #${seq}`;
    return { run: () => ledger.setNote(hash, note), expect: { type: 'note', sample: hash, note: note ?? null } };
  }
  const text = JSON.stringify({ question: `${pick(NOTES)} (edit ${seq})`, answer: `#### ${seq}` });
  return { run: () => ledger.addRevision(hash, text), expect: { type: 'revision', sample: hash, text } };
}

async function main(): Promise<void> {
  const { ledger } = await DecisionLedger.open(process.argv[2], CRASH_REVIEWER, { snapshotEvery: Number(process.argv[3] ?? 50) });
  const stopAfter = process.argv[4] === undefined ? Infinity : Number(process.argv[4]);
  writeSync(1, 'ready\n');
  const applied: number[] = [];
  const undone: number[] = [];
  let calls = 0;
  const next = (): Promise<void> => {
    if (calls >= stopAfter) return Promise.resolve();
    const seq = ++calls;
    const { run, expect } = nextCall(ledger, seq, applied, undone);
    return run().then(() => {
      writeSync(1, `ack ${seq} ${JSON.stringify(expect)}\n`);
      return next();
    });
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, next));
  await ledger.close();
}

main().catch((e) => {
  writeSync(2, `crashWriter: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(2);
});
