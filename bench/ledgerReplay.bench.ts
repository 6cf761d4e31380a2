// Decision ledger reopening at scale: a 1,000,000-event journal (verdicts on 500k distinct samples,
// some bulk, labels, ratings, undos) replayed in full, the snapshot written at close, and the reopen
// from that snapshot. Prints one JSON line, with floors from the same run: the full replay vs one
// read of the journal file; the reopen from the snapshot vs reading and decoding the snapshot file.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DecisionLedger } from '../src/core/journal/decisionLedger';
import { journalFileName, snapshotFileName } from '../src/core/journal/journalFileNames';
import { decodeSnapshot } from '../src/core/journal/ledgerSnapshot';
import { benchHash as hashOf, writeBenchJournal } from './benchJournal';
import { machine, numberArg, ratio, readOnce } from './benchFloor';

//   --events N   another size (default 1,000,000)
const EVENTS = numberArg('--events', 1_000_000);
async function main(): Promise<void> {
  const machineAtStart = machine();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ledger-'));
  fs.mkdirSync(path.join(dir, 'journal'));
  const journal = path.join(dir, 'journal', journalFileName('bench'));
  writeBenchJournal(journal, EVENTS);
  const journalBytes = fs.statSync(journal).size;

  const journalReadMs = readOnce(journal);
  const t0 = performance.now();
  const full = await DecisionLedger.open(dir, 'bench');
  const fullReplayMs = performance.now() - t0;
  const heapMb = process.memoryUsage().heapUsed / 1e6;
  const t1 = performance.now();
  await full.ledger.close();
  const closeWithSnapshotMs = performance.now() - t1;
  const snapshotBytes = fs.statSync(path.join(dir, 'state', snapshotFileName('bench'))).size;

  const t2 = performance.now();
  const again = await DecisionLedger.open(dir, 'bench');
  const snapshotOpenMs = performance.now() - t2;
  const sample = again.ledger.annotationsOf(hashOf(1));
  await again.ledger.close();
  const t3 = performance.now();
  if (!decodeSnapshot(fs.readFileSync(path.join(dir, 'state', snapshotFileName('bench')))).ok) throw new Error('unreadable snapshot');
  const snapshotDecodeMs = performance.now() - t3;
  fs.rmSync(dir, { recursive: true, force: true });

  console.log(JSON.stringify({
    bench: 'ledger_replay', events: EVENTS, journalMb: +(journalBytes / 1e6).toFixed(1),
    fullReplayMs: Math.round(fullReplayMs), full_replay_floor_ms: +journalReadMs.toFixed(1), full_replay_ratio: ratio(fullReplayMs, journalReadMs),
    replayedEvents: full.report.replayedEvents, heapMb: Math.round(heapMb),
    closeWithSnapshotMs: Math.round(closeWithSnapshotMs), snapshotMb: +(snapshotBytes / 1e6).toFixed(1),
    snapshotOpenMs: Math.round(snapshotOpenMs), snapshot_open_floor_ms: +snapshotDecodeMs.toFixed(1), snapshot_open_ratio: ratio(snapshotOpenMs, snapshotDecodeMs),
    fromSnapshot: again.report.fromSnapshot, sample,
    machine: { ...machineAtStart, load_avg_1m_at_end: +os.loadavg()[0].toFixed(2) },
  }));
}

void main();
