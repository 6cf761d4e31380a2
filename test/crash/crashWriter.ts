// The process the crash test kills: opens a decision ledger in the folder argv[2] and sets
// verdicts and labels on random samples as fast as it can, several in flight at once. Prints
// `ready` once open, then one line per ACKNOWLEDGED mutation (after its promise resolved):
//   ack <seq> verdict <hash,hash…> <verdict>
//   ack <seq> label <hash,hash…> <label> <1|0>
// The folder is fresh, every call is valid and calls are stamped in call order, so the n-th call
// (from 0) is the event with seq n + 1. Lines go out with writeSync: once written they are in the
// pipe, whenever the kill comes.
import { writeSync } from 'node:fs';
import { DecisionLedger } from '../../src/core/decisionLedger';
import type { Verdict } from '../../src/core/sampleModel';
import { CRASH_HASHES, CRASH_LABELS, CRASH_REVIEWER } from './crashPool';

const IN_FLIGHT = 16;
const VERDICTS: readonly Verdict[] = ['accepted', 'rejected', 'skipped', 'pending'];

function pick<T>(from: readonly T[]): T {
  return from[Math.floor(Math.random() * from.length)];
}

function someHashes(): string[] {
  return Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => pick(CRASH_HASHES));
}

async function main(): Promise<void> {
  const { ledger } = await DecisionLedger.open(process.argv[2], CRASH_REVIEWER, { snapshotEvery: Number(process.argv[3] ?? 50) });
  writeSync(1, 'ready\n');
  let calls = 0;
  const next = (): Promise<void> => {
    const seq = ++calls;
    const hashes = someHashes();
    if (Math.random() < 0.6) {
      const verdict = pick(VERDICTS);
      return ledger.setVerdict(hashes, verdict).then(() => {
        writeSync(1, `ack ${seq} verdict ${hashes.join(',')} ${verdict}\n`);
        return next();
      });
    }
    const label = pick(CRASH_LABELS);
    const present = Math.random() < 0.6;
    return ledger.setLabel(hashes, label, present).then(() => {
      writeSync(1, `ack ${seq} label ${hashes.join(',')} ${label} ${present ? 1 : 0}\n`);
      return next();
    });
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, next));
}

main().catch((e) => {
  writeSync(2, `crashWriter: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(2);
});
