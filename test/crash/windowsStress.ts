// `node out/test/crash/windowsStress.js [results.json] [--runs N] [--decisions N]`: the integrity
// issue's stress test, with real processes.
//   windows: two processes on one store as one reviewer, each opening and closing its ledger again
//            and again and deciding whenever it got the journal (the other is then read-only):
//            every acknowledged verdict must be in the journal under a seq of its own, and after
//            reopening each sample's verdict must be the last acknowledged one.
//   git:     one process decides while this one swaps the journal file under it as `git checkout`
//            does (an older version written to a temp file and renamed over it) or deletes it:
//            afterwards every acknowledged verdict must be in the journal and win.
// Ends with one line `windows: … lost=L wrong=W; git: … lost=L wrong=W`.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DecisionLedger, journalFileName } from '../../src/core/journal/decisionLedger';
import type { TestResults } from '../harness/mochaRun';
import { CRASH_REVIEWER } from './crashPool';

interface Ack {
  readonly seq: number;
  readonly hash: string;
  readonly verdict: string;
}

function args(): { runs: number; decisions: number; results?: string } {
  const a = process.argv.slice(2);
  const flag = (name: string, d: number): number => {
    const i = a.indexOf(name);
    return i >= 0 ? Number(a[i + 1]) : d;
  };
  return { runs: flag('--runs', 10), decisions: flag('--decisions', 2000), results: a.find((x, i) => !x.startsWith('--') && !a[i - 1]?.startsWith('--')) };
}

function writer(dir: string, mode: 'windows' | 'git', wanted: number, onLine?: (line: string, stdin: NodeJS.WritableStream) => void): Promise<{ acks: Ack[]; error?: string }> {
  const child = spawn(process.execPath, [path.join(__dirname, 'windowWriter.js'), dir, mode, String(wanted)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const before = out.length;
    out += chunk;
    if (onLine) for (const l of out.slice(out.lastIndexOf('\n', before) + 1).split('\n').slice(0, -1)) onLine(l, child.stdin);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      const acks = out.split('\n').filter((l) => l.startsWith('ack ')).map((l) => {
        const [, , hash, verdict, seq] = l.split(' ');
        return { seq: Number(seq), hash, verdict };
      });
      resolve({ acks, ...(code === 0 ? {} : { error: `writer exited ${code}: ${err.trim()}` }) });
    });
  });
}

/** Acknowledged verdicts missing from the journal, and samples whose verdict after reopening is not the last acknowledged one. */
async function check(curatorDir: string, acks: readonly Ack[], problems: string[]): Promise<{ lost: number; wrong: number }> {
  const journal = fs.readFileSync(path.join(curatorDir, 'journal', journalFileName(CRASH_REVIEWER)), 'utf8');
  const inJournal = new Map<number, Record<string, unknown>>();
  for (const line of journal.split('\n')) {
    if (!line.trim()) continue;
    let e: Record<string, unknown>;
    try {
      e = JSON.parse(line) as Record<string, unknown>;
    } catch {
      // A version "committed" while a line was being written ends in half a line; checked out
      // again, that half stays in the file (skipped and reported by the ledger), the whole line follows.
      continue;
    }
    if (inJournal.has(e.seq as number)) problems.push(`seq ${String(e.seq)} appears twice in the journal`);
    inJournal.set(e.seq as number, e);
  }
  let lost = 0;
  const seen = new Set<number>();
  for (const a of acks) {
    if (seen.has(a.seq)) problems.push(`seq ${a.seq} was acknowledged twice`);
    seen.add(a.seq);
    const e = inJournal.get(a.seq);
    if (!e || e.verdict !== a.verdict || (e.samples as string[])[0] !== a.hash) lost++;
  }
  const last = new Map<string, string>();
  for (const a of [...acks].sort((x, y) => x.seq - y.seq)) last.set(a.hash, a.verdict);
  const { ledger } = await DecisionLedger.open(curatorDir, CRASH_REVIEWER);
  let wrong = 0;
  try {
    for (const [hash, verdict] of last) if (ledger.verdictOf(hash) !== verdict) wrong++;
  } finally {
    await ledger.close();
  }
  return { lost, wrong };
}

async function windowsRuns(runs: number, decisions: number, problems: string[]): Promise<string> {
  let lost = 0;
  let wrong = 0;
  let acked = 0;
  for (let r = 0; r < runs; r++) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'windows-stress-'));
    const dir = path.join(root, '.curator');
    const [a, b] = await Promise.all([writer(dir, 'windows', decisions / 2), writer(dir, 'windows', decisions / 2)]);
    for (const w of [a, b]) if (w.error) problems.push(w.error);
    const acks = [...a.acks, ...b.acks];
    acked += acks.length;
    const c = await check(dir, acks, problems);
    lost += c.lost;
    wrong += c.wrong;
    fs.rmSync(root, { recursive: true, force: true });
  }
  if (lost || wrong) problems.push(`two windows: ${lost} acknowledged verdicts lost, ${wrong} samples with a wrong verdict after reopening`);
  return `windows: runs=${runs} acknowledged=${acked} lost=${lost} wrong=${wrong}`;
}

async function gitRun(decisions: number, problems: string[]): Promise<string> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'git-stress-'));
  const dir = path.join(root, '.curator');
  const journal = path.join(dir, 'journal', journalFileName(CRASH_REVIEWER));
  const versions: Buffer[] = [];
  let swaps = 0;
  let deletes = 0;
  let writing = true;
  // As git does: keep old versions (commits), later check one out by writing a new file and renaming it in.
  const swapper = setInterval(() => {
    if (!writing || !fs.existsSync(journal)) return;
    versions.push(fs.readFileSync(journal));
    if (versions.length < 3) return;
    if (Math.random() < 0.15) {
      fs.rmSync(journal, { force: true });
      deletes++;
      return;
    }
    const tmp = `${journal}.git-tmp`;
    fs.writeFileSync(tmp, versions[Math.floor(Math.random() * versions.length)]);
    fs.renameSync(tmp, journal);
    swaps++;
  }, 20);
  const w = await writer(dir, 'git', decisions, (line, stdin) => {
    if (line === 'written') {
      writing = false;
      stdin.write('close\n');
    }
  });
  clearInterval(swapper);
  if (w.error) {
    problems.push(w.error);
    return `git: the writer failed`;
  }
  const c = await check(dir, w.acks, problems);
  fs.rmSync(root, { recursive: true, force: true });
  if (c.lost || c.wrong) problems.push(`git checkout under an open store: ${c.lost} acknowledged verdicts lost, ${c.wrong} wrong`);
  if (swaps + deletes < 10) problems.push(`the journal was swapped only ${swaps + deletes} times; the run proves little`);
  return `git: swaps=${swaps} deletes=${deletes} acknowledged=${w.acks.length} lost=${c.lost} wrong=${c.wrong}`;
}

async function main(): Promise<void> {
  const { runs, decisions, results } = args();
  const problems: string[] = [];
  const windows = await windowsRuns(runs, decisions, problems);
  const gitProblems: string[] = [];
  const git = await gitRun(decisions, gitProblems);
  console.log(`${windows}; ${git}`);
  for (const p of [...problems, ...gitProblems].slice(0, 20)) console.log(`  ${p}`);
  const r: TestResults = { passed: [], failed: [], skipped: [] };
  const t1 = `two processes, one store, one reviewer: ${runs} runs x ${decisions} decisions, opens and closes between, nothing lost`;
  const t2 = 'git checkout / delete of the journal under an open store: nothing acknowledged lost';
  if (problems.length) r.failed.push({ title: t1, error: problems.slice(0, 10).join('\n') });
  else r.passed.push(t1);
  if (gitProblems.length) r.failed.push({ title: t2, error: gitProblems.slice(0, 10).join('\n') });
  else r.passed.push(t2);
  if (results) fs.writeFileSync(results, JSON.stringify(r));
  process.exitCode = r.failed.length ? 1 : 0;
}

void main();
