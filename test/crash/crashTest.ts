// `npm run test:crash -- --trials N [--results file]`: kills a ledger writer with SIGKILL at a random
// moment, then reopens its folder and checks that nothing acknowledged was lost. The writer makes
// every kind of event: verdicts, labels, ratings, notes, revisions (edits), undo and redo.
//   - the ledger opens without error (a torn last line is cut, a half-written snapshot ignored);
//   - every acknowledged event is in the journal, as the event with its seq, unchanged;
//   - the journal holds seq 1..n without gaps or unreadable lines;
//   - the state (verdict, labels, rating, note, revisions of every sample) equals the journal
//     replayed by an independent replayer (test/e2e/storeFiles.ts), and equals the journal's
//     acknowledged prefix replayed, for every sample no later durable event touches;
//   - closing and reopening (now from the snapshot close wrote) gives the same state.
// A SIGKILL keeps the page cache, so these trials cannot tell a synced write from an unsynced one;
// before them, journalFsyncTrace.ts checks under strace that each ack follows an fdatasync.
// Ends with one line `trials=N acknowledged=A lost=L`; exits non-zero if anything was lost or any
// check failed. Results for the project runner go to the first positional argument or --results.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { DecisionLedger } from '../../src/core/journal/decisionLedger';
import { replayJournal, type JournalLine, type ReplayedJournal } from '../e2e/storeFiles';
import type { TestResults } from '../harness/mochaRun';
import { CRASH_HASHES, CRASH_REVIEWER } from './crashPool';
import { checkJournalFsync } from './journalFsyncTrace';

const KILL_AFTER_MS = { min: 20, max: 400 };

/** An acknowledged event: its seq and the fields the journal event must hold (crashWriter.ts). */
interface Ack {
  readonly seq: number;
  readonly expect: Record<string, unknown>;
}

interface TrialOutcome {
  readonly acknowledged: number;
  readonly lost: number;
  /** Everything that went wrong, lost mutations included. */
  readonly problems: string[];
  readonly killAfterMs: number;
}

function parseArgs(argv: readonly string[]): { trials: number; results?: string } {
  let trials = 50;
  let results: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--trials') trials = Number(argv[++i]);
    else if (argv[i] === '--results') results = argv[++i];
    else if (!argv[i].startsWith('--')) results ??= argv[i];
  }
  if (!Number.isInteger(trials) || trials < 1) throw new Error('--trials takes a positive integer');
  return { trials, results };
}

function parseAck(line: string): Ack {
  const [, seq, json] = /^ack (\d+) (.*)$/.exec(line) ?? [];
  return { seq: Number(seq), expect: JSON.parse(json) as Record<string, unknown> };
}

/** Runs the writer in `curatorDir` and kills it a random time after it reports ready. */
function runWriter(curatorDir: string): Promise<{ acks: Ack[]; killAfterMs: number; error?: string }> {
  const killAfterMs = Math.round(KILL_AFTER_MS.min + Math.random() * (KILL_AFTER_MS.max - KILL_AFTER_MS.min));
  const child = spawn(process.execPath, [path.join(__dirname, 'crashWriter.js'), curatorDir, String(20 + Math.floor(Math.random() * 60))], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let killed = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    if (!killed && out.startsWith('ready\n')) {
      killed = true;
      setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const stuck = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(stuck);
      if (!killed) err += ' (never reported ready)';
      // Only whole lines count: the last one may have been cut by the kill.
      const lines = out.split('\n').slice(0, -1).filter((l) => l.startsWith('ack '));
      const error = signal === 'SIGKILL' && killed ? undefined : `writer exited ${code ?? signal} before the kill: ${err.trim()}`;
      resolve({ acks: lines.map(parseAck), killAfterMs, error });
    });
  });
}

/** The journal's events by seq, checked for gaps and unreadable lines. */
function readJournal(journalPath: string, problems: string[]): Map<number, JournalLine> {
  const events = new Map<number, JournalLine>();
  const text = fs.existsSync(journalPath) ? fs.readFileSync(journalPath, 'utf8') : '';
  if (text !== '' && !text.endsWith('\n')) problems.push('the journal still ends with a torn line after open');
  text.split('\n').slice(0, -1).forEach((line, i) => {
    try {
      const e = JSON.parse(line) as JournalLine;
      events.set(e.seq, e);
    } catch {
      problems.push(`journal line ${i + 1} is unreadable`);
    }
  });
  const seqs = [...events.keys()];
  if (seqs.some((s, i) => s !== i + 1)) problems.push(`journal seqs are not 1..${seqs.length}`);
  return events;
}

/** One sample's annotations, as the ledger gives them or as a replay says they must be. */
function annotationsOf(ledger: DecisionLedger, hash: string): Record<string, unknown> {
  const a = ledger.annotationsOf(hash);
  return { verdict: a.verdict, labels: a.labels, rating: a.rating, note: a.note, revision: a.revision, revisions: ledger.revisionsOf(hash) };
}

function replayedOf(r: ReplayedJournal, hash: string): Record<string, unknown> {
  const revisions = r.revisions.get(hash) ?? [];
  return {
    verdict: r.verdicts.get(hash) ?? 'pending', labels: [...(r.labels.get(hash) ?? [])].sort(), rating: r.ratings.get(hash),
    note: r.notes.get(hash), revision: revisions.length, revisions,
  };
}

/** The samples an event changes: a step's own, an undo's or redo's step's. */
function samplesOf(e: JournalLine, events: Map<number, JournalLine>): readonly string[] {
  const step = e.type === 'undo' ? events.get(e.undoes ?? -1) : e.type === 'redo' ? events.get(e.redoes ?? -1) : e;
  return step?.samples ?? (step?.sample ? [step.sample] : []);
}

function stateOf(ledger: DecisionLedger): string {
  return JSON.stringify(CRASH_HASHES.map((h) => annotationsOf(ledger, h)));
}

async function trial(): Promise<TrialOutcome> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-crash-'));
  const curatorDir = path.join(root, '.curator');
  const problems: string[] = [];
  try {
    const { acks, killAfterMs, error } = await runWriter(curatorDir);
    if (error) problems.push(error);
    let opened: Awaited<ReturnType<typeof DecisionLedger.open>>;
    try {
      opened = await DecisionLedger.open(curatorDir, CRASH_REVIEWER);
    } catch (e) {
      problems.push(`reopen failed: ${(e as Error).stack ?? String(e)}`);
      return { acknowledged: acks.length, lost: acks.length, problems, killAfterMs };
    }
    const { ledger, report } = opened;
    if (report.skippedLines.length) problems.push(`unreadable journal lines ${report.skippedLines.join(', ')}`);
    const events = readJournal(ledger.journalPath, problems);

    let lost = 0;
    for (const ack of acks) {
      const e = events.get(ack.seq) as Record<string, unknown> | undefined;
      if (!e || !Object.entries(ack.expect).every(([k, v]) => isDeepStrictEqual(e[k], v))) {
        lost++;
        problems.push(`acknowledged seq ${ack.seq} ${JSON.stringify(ack.expect)} is not in the journal as acknowledged: ${JSON.stringify(e)}`);
      }
    }

    // The state is the journal replayed; for samples no later event touches, it is also what the
    // acknowledged prefix says (every event up to the last ack was synced before that ack).
    const lastAck = Math.max(0, ...acks.map((a) => a.seq));
    const ordered = [...events.values()].sort((a, b) => a.seq - b.seq);
    const replayed = replayJournal(ordered);
    const acknowledged = replayJournal(ordered.filter((e) => e.seq <= lastAck));
    const touchedLater = new Set(ordered.filter((e) => e.seq > lastAck).flatMap((e) => samplesOf(e, events)));
    for (const h of CRASH_HASHES) {
      const got = annotationsOf(ledger, h);
      if (!isDeepStrictEqual(got, replayedOf(replayed, h))) {
        problems.push(`${h}: state ${JSON.stringify(got)} but the journal says ${JSON.stringify(replayedOf(replayed, h))}`);
      }
      if (!touchedLater.has(h) && !isDeepStrictEqual(got, replayedOf(acknowledged, h))) {
        lost++;
        problems.push(`${h}: state ${JSON.stringify(got)}, but the acknowledged events (to seq ${lastAck}) say ${JSON.stringify(replayedOf(acknowledged, h))} and nothing later touches it`);
      }
    }

    const before = stateOf(ledger);
    await ledger.close();
    const again = await DecisionLedger.open(curatorDir, CRASH_REVIEWER);
    if (!again.report.fromSnapshot) problems.push(`the snapshot written at close was not used: ${again.report.snapshotProblem}`);
    if (stateOf(again.ledger) !== before) problems.push('reopening from the snapshot gives a different state');
    await again.ledger.close();
    return { acknowledged: acks.length, lost, problems, killAfterMs };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { trials, results } = parseArgs(process.argv.slice(2));
  const outcome: TestResults = { passed: [], failed: [], skipped: [] };
  const fsync = await checkJournalFsync().catch((e: unknown) => ({ problems: [`the fsync check crashed: ${(e as Error).stack ?? String(e)}`], acks: 0 }));
  const fsyncTitle = 'every acknowledged journal append (every event kind) is fdatasynced before its ack (strace)';
  if (fsync.problems.length) {
    outcome.failed.push({ title: fsyncTitle, error: fsync.problems.join('\n') });
    console.error(`FAIL ${fsyncTitle}\n  ${fsync.problems.join('\n  ')}`);
  } else {
    outcome.passed.push(fsyncTitle);
    console.log(`fsync: ${fsync.acks} acknowledged events, each after an fdatasync of the journal`);
  }
  let acknowledged = 0;
  let lost = 0;
  for (let i = 1; i <= trials; i++) {
    const t = await trial().catch((e: unknown): TrialOutcome => ({ acknowledged: 0, lost: 0, problems: [`trial crashed: ${(e as Error).stack ?? String(e)}`], killAfterMs: 0 }));
    acknowledged += t.acknowledged;
    lost += t.lost;
    if (t.problems.length) {
      const title = `crash trial ${i} (killed ${t.killAfterMs} ms after ready, ${t.acknowledged} acknowledged)`;
      outcome.failed.push({ title, error: t.problems.slice(0, 20).join('\n') });
      console.error(`FAIL ${title}\n  ${t.problems.slice(0, 20).join('\n  ')}`);
    }
  }
  if (outcome.failed.length === (fsync.problems.length ? 1 : 0)) {
    outcome.passed.push(`${trials} SIGKILLed ledger writers lose no acknowledged event (verdicts, labels, ratings, notes, revisions, undo, redo)`);
  }
  if (results) fs.writeFileSync(results, JSON.stringify(outcome, null, 2));
  console.log(`trials=${trials} acknowledged=${acknowledged} lost=${lost}`);
  process.exit(outcome.failed.length || lost ? 1 : 0);
}

void main();
