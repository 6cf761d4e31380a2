// A VS Code window's share of the decision path, as a process of its own, for windowsStress.ts.
//   windowWriter.js <curatorDir> windows <acks wanted>
//     opens the reviewer's ledger, and if it got the journal (not read-only) makes a few verdicts,
//     closes, and again, until it has that many acknowledgements; a read-only open just closes.
//   windowWriter.js <curatorDir> git <acks wanted>
//     opens once and makes verdicts with pauses while the parent swaps the journal file under it;
//     prints `written` when done and closes when the parent sends a line on stdin.
// Prints one line per ACKNOWLEDGED verdict: `ack <pid> <hash> <verdict> <seq>`, the seq being the
// ledger's last applied one right after the acknowledgement (decisions are made one at a time, so
// it is this event's; the checker orders both processes' acknowledgements by it).
import { writeSync } from 'node:fs';
import { DecisionLedger } from '../../src/core/journal/decisionLedger';
import type { Verdict } from '../../src/core/formats/sampleModel';
import { CRASH_HASHES, CRASH_REVIEWER } from './crashPool';

const VERDICTS: readonly Verdict[] = ['accepted', 'rejected', 'skipped'];
const pick = <T>(from: readonly T[]): T => from[Math.floor(Math.random() * from.length)];
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, Math.random() * 3));

async function decide(ledger: DecisionLedger): Promise<void> {
  const hash = pick(CRASH_HASHES);
  const verdict = pick(VERDICTS);
  await ledger.setVerdict([hash], verdict);
  writeSync(1, `ack ${process.pid} ${hash} ${verdict} ${ledger.lastSeq}\n`);
}

async function windows(dir: string, wanted: number): Promise<void> {
  let acks = 0;
  while (acks < wanted) {
    const { ledger, report } = await DecisionLedger.open(dir, CRASH_REVIEWER, { snapshotEvery: 97 });
    if (report.readOnly) {
      writeSync(1, 'read-only\n');
    } else {
      const n = Math.min(wanted - acks, 1 + Math.floor(Math.random() * 60));
      for (let i = 0; i < n; i++) await decide(ledger);
      acks += n;
    }
    await ledger.close();
    await tick();
  }
}

async function git(dir: string, wanted: number): Promise<void> {
  const { ledger } = await DecisionLedger.open(dir, CRASH_REVIEWER, { snapshotEvery: 113 });
  for (let i = 0; i < wanted; i++) {
    await decide(ledger);
    if (i % 5 === 0) await tick();
  }
  writeSync(1, 'written\n');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  await ledger.refresh();
  await ledger.close();
}

const [dir, mode, wanted] = process.argv.slice(2);
(mode === 'git' ? git(dir, Number(wanted)) : windows(dir, Number(wanted))).then(
  () => process.exit(0),
  (e) => {
    writeSync(2, `windowWriter: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
