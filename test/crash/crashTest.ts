// `npm run test:crash -- --trials N [--results file]`: kills a ledger writer with SIGKILL at a random
// moment, then reopens its folder and checks that nothing acknowledged was lost:
//   - the ledger opens without error (a torn last line is cut, a half-written snapshot ignored);
//   - every acknowledged mutation is in the journal, as the event with its seq, unchanged;
//   - the journal holds seq 1..n without gaps or unreadable lines;
//   - the state equals the journal folded by this checker, so for every sample the verdict (and
//     every label) is the last acknowledged one unless a later, unacknowledged but durable event
//     for that sample is in the journal;
//   - closing and reopening (now from the snapshot close wrote) gives the same state.
// Ends with one line `trials=N acknowledged=A lost=L`; exits non-zero if anything was lost or any
// check failed. Results for the project runner go to the first positional argument or --results.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DecisionLedger } from '../../src/core/decisionLedger';
import type { TestResults } from '../harness/mochaRun';
import { CRASH_HASHES, CRASH_LABELS, CRASH_REVIEWER } from './crashPool';

const KILL_AFTER_MS = { min: 20, max: 400 };

interface Ack {
  readonly seq: number;
  readonly type: 'verdict' | 'label';
  readonly samples: readonly string[];
  readonly verdict?: string;
  readonly label?: string;
  readonly present?: boolean;
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
  const [, seq, type, samples, a, b] = line.split(' ');
  const base = { seq: Number(seq), samples: samples.split(',') };
  return type === 'verdict' ? { ...base, type, verdict: a } : { ...base, type: 'label', label: a, present: b === '1' };
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

interface Folded {
  verdicts: Map<string, string>;
  labels: Map<string, Set<string>>;
}

/** The journal's events by seq, checked for gaps and unreadable lines. */
function readJournal(journalPath: string, problems: string[]): Map<number, Record<string, unknown>> {
  const events = new Map<number, Record<string, unknown>>();
  const text = fs.existsSync(journalPath) ? fs.readFileSync(journalPath, 'utf8') : '';
  if (text !== '' && !text.endsWith('\n')) problems.push('the journal still ends with a torn line after open');
  text.split('\n').slice(0, -1).forEach((line, i) => {
    try {
      const e = JSON.parse(line) as Record<string, unknown>;
      events.set(e.seq as number, e);
    } catch {
      problems.push(`journal line ${i + 1} is unreadable`);
    }
  });
  const seqs = [...events.keys()];
  if (seqs.some((s, i) => s !== i + 1)) problems.push(`journal seqs are not 1..${seqs.length}`);
  return events;
}

function fold(events: Map<number, Record<string, unknown>>): Folded {
  const f: Folded = { verdicts: new Map(), labels: new Map() };
  for (const e of [...events.values()].sort((a, b) => (a.seq as number) - (b.seq as number))) {
    for (const h of e.samples as string[]) {
      if (e.type === 'verdict') f.verdicts.set(h, e.verdict as string);
      else {
        const set = f.labels.get(h) ?? new Set<string>();
        if (e.present) set.add(e.label as string);
        else set.delete(e.label as string);
        f.labels.set(h, set);
      }
    }
  }
  return f;
}

function stateOf(ledger: DecisionLedger): string {
  return JSON.stringify(CRASH_HASHES.map((h) => ledger.annotationsOf(h)));
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
    const lastAcked = new Map<string, Ack>(); // per sample (verdicts) or sample + label
    for (const ack of acks) {
      const e = events.get(ack.seq);
      const same = e !== undefined && e.type === ack.type && JSON.stringify(e.samples) === JSON.stringify(ack.samples)
        && (ack.type === 'verdict' ? e.verdict === ack.verdict : e.label === ack.label && e.present === ack.present);
      if (!same) {
        lost++;
        problems.push(`acknowledged seq ${ack.seq} (${ack.type} ${ack.samples.join(',')}) is not in the journal as acknowledged`);
      }
      for (const h of ack.samples) lastAcked.set(ack.type === 'verdict' ? h : `${h} ${ack.label}`, ack);
    }

    const folded = fold(events);
    for (const h of CRASH_HASHES) {
      const got = ledger.annotationsOf(h);
      const verdict = folded.verdicts.get(h) ?? 'pending';
      const labels = [...(folded.labels.get(h) ?? [])].sort();
      if (got.verdict !== verdict || JSON.stringify(got.labels) !== JSON.stringify(labels)) {
        problems.push(`${h}: state ${got.verdict} [${got.labels}] but the journal says ${verdict} [${labels}]`);
      }
      const ackedVerdict = lastAcked.get(h);
      if (ackedVerdict && got.verdict !== ackedVerdict.verdict && !laterEvent(events, ackedVerdict.seq, h, 'verdict')) {
        lost++;
        problems.push(`${h}: verdict ${got.verdict}, last acknowledged ${ackedVerdict.verdict} (seq ${ackedVerdict.seq}) and nothing later`);
      }
      for (const label of CRASH_LABELS) {
        const ackedLabel = lastAcked.get(`${h} ${label}`);
        if (ackedLabel && got.labels.includes(label) !== ackedLabel.present && !laterEvent(events, ackedLabel.seq, h, 'label', label)) {
          lost++;
          problems.push(`${h}: label ${label} ${got.labels.includes(label) ? 'present' : 'absent'}, last acknowledged otherwise (seq ${ackedLabel.seq})`);
        }
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

/** Whether the journal holds an event after `seq` that sets the same thing on `hash`. */
function laterEvent(events: Map<number, Record<string, unknown>>, seq: number, hash: string, type: string, label?: string): boolean {
  for (const [s, e] of events) {
    if (s > seq && e.type === type && (e.samples as string[]).includes(hash) && (label === undefined || e.label === label)) return true;
  }
  return false;
}

async function main(): Promise<void> {
  const { trials, results } = parseArgs(process.argv.slice(2));
  const outcome: TestResults = { passed: [], failed: [], skipped: [] };
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
  if (!outcome.failed.length) {
    outcome.passed.push(`${trials} SIGKILLed ledger writers lose no acknowledged mutation`);
  }
  if (results) fs.writeFileSync(results, JSON.stringify(outcome, null, 2));
  console.log(`trials=${trials} acknowledged=${acknowledged} lost=${lost}`);
  process.exit(outcome.failed.length || lost ? 1 : 0);
}

void main();
