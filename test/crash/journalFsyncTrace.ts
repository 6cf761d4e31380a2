// Proves what a SIGKILL cannot: that every acknowledged journal append reached the disk. A killed
// process keeps the page cache, so the crash trials pass even without the fdatasync; this check
// runs the crash writer (test/crash/crashWriter.ts: every kind of event, several in flight) under
//   strace -f -y -e trace=openat,write,pwrite64,writev,fdatasync,fsync
// and asserts, for each `ack <seq>` line the writer wrote to stdout, that the trace holds
//   1. a write to the journal's fd that carries the event with that seq, finished before the ack,
//   2. and that write was durable when it returned: the fd was opened O_DSYNC or O_SYNC (the last
//      openat that returned that fd before the write says so), or an fdatasync or fsync of that
//      same fd started after that write finished and returned 0 before the ack was written.
// strace -f writes one log, in the order it sees the syscalls of all threads stop (each entry and
// exit; a syscall interrupted by another thread's shows as `<unfinished ...>` then `<... resumed>`),
// so positions in the log order the events; the fdatasync runs on a libuv thread and the ack on
// the main thread only after it returned. A missing strace is a failure, not a skip
// (test/harness/setup.sh installs it).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { journalFileName } from '../../src/core/journal/journalFileNames';
import { CRASH_REVIEWER } from './crashPool';

const CALLS = 300;
const TRACED = ['openat', 'write', 'pwrite64', 'writev', 'fdatasync', 'fsync'];

interface Syscall {
  readonly name: string;
  readonly fd: number;
  /** What strace -y printed for the fd (a path, pipe:[…], …). */
  readonly target: string;
  /** The rest of the arguments as strace printed them (data as an escaped C string). */
  readonly args: string;
  /** Log line of the call's entry and of its exit. */
  readonly entry: number;
  exit: number;
  result: string;
}

/** The traced calls, in log order of their entry. */
export function parseStraceLog(text: string): Syscall[] {
  const calls: Syscall[] = [];
  const open = new Map<string, Syscall>(); // unfinished, by pid
  text.split('\n').forEach((line, i) => {
    const m = /^(\d+)\s+(.*)$/.exec(line);
    if (!m) return;
    const [, pid, rest] = m;
    const resumed = /^<\.\.\. (\w+) resumed>.*= (.+)$/.exec(rest);
    if (resumed) {
      const call = open.get(pid);
      if (call && call.name === resumed[1]) {
        call.exit = i;
        call.result = resumed[2].trim();
        open.delete(pid);
      }
      return;
    }
    const opened = /^openat\(\w+(?:<[^>]*>)?, "[^"]*", ([A-Z_|]+)(?:, \d+)?\) = (\d+)<(.*)>$/.exec(rest);
    if (opened) {
      calls.push({ name: 'openat', fd: Number(opened[2]), target: opened[3], args: opened[1], entry: i, exit: i, result: opened[2] });
      return;
    }
    const start = /^(\w+)\((\d+)<(.*?)>(.*)$/.exec(rest);
    if (!start || !TRACED.includes(start[1])) return;
    const [, name, fd, target, tail] = start;
    const unfinished = tail.endsWith('<unfinished ...>');
    const result = unfinished ? '' : (/= (.+)$/.exec(tail)?.[1] ?? '').trim();
    const call: Syscall = { name, fd: Number(fd), target, args: tail, entry: i, exit: unfinished ? -1 : i, result };
    calls.push(call);
    if (unfinished) open.set(pid, call);
  });
  return calls;
}

/** Runs the check; resolves with what went wrong (empty when every ack was synced first) and the acks checked. */
export async function checkJournalFsync(): Promise<{ problems: string[]; acks: number }> {
  const probe = spawnSync('strace', ['-V'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return {
      problems: [`strace is not installed or does not run (${probe.error?.message ?? probe.stderr.trim()}); test/harness/setup.sh installs it (apt-get install strace). The fsync check cannot be skipped.`],
      acks: 0,
    };
  }
  // Real path: strace -y prints the fd's resolved path.
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-fsync-')));
  const log = path.join(root, 'strace.log');
  try {
    const curatorDir = path.join(root, '.curator');
    const args = ['-f', '-y', '-s', '65536', '-e', `trace=${TRACED.join(',')}`, '-o', log,
      process.execPath, path.join(__dirname, 'crashWriter.js'), curatorDir, '50', String(CALLS)];
    const { code, stdout, stderr } = await run('strace', args);
    if (code !== 0) return { problems: [`strace ${args.join(' ')} exited ${code}: ${stderr.trim().slice(0, 2000)}`], acks: 0 };
    const acked = stdout.split('\n').filter((l) => l.startsWith('ack ')).map((l) => Number(l.split(' ')[1]));
    return { problems: checkTrace(fs.readFileSync(log, 'utf8'), path.join(curatorDir, 'journal', journalFileName(CRASH_REVIEWER)), acked), acks: acked.length };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** The check on a trace: `acked` are the seqs the writer printed, `journal` the journal's path. */
export function checkTrace(text: string, journal: string, acked: readonly number[]): string[] {
  const problems: string[] = [];
  const calls = parseStraceLog(text);
  const isJournal = (c: Syscall) => c.target === journal;
  const writes = calls.filter((c) => c.name !== 'fdatasync' && c.name !== 'fsync' && c.name !== 'openat' && isJournal(c));
  const opens = calls.filter((c) => c.name === 'openat' && isJournal(c));
  /** Whether the fd a write went to was opened so each write is durable on return. */
  const syncedOnWrite = (w: Syscall) => {
    const open = opens.filter((o) => o.fd === w.fd && o.exit < w.entry).pop();
    return !!open && /(^|\|)O_D?SYNC(\||$)/.test(open.args);
  };
  const syncs = calls.filter((c) => (c.name === 'fdatasync' || c.name === 'fsync') && isJournal(c) && c.result === '0');
  const ackWrites = new Map<number, Syscall>();
  for (const c of calls) {
    const m = c.name === 'write' && c.fd === 1 ? /^, "ack (\d+) /.exec(c.args) : null;
    if (m) ackWrites.set(Number(m[1]), c);
  }
  /** Journal write (by its exit) carrying each seq. */
  const writeOf = new Map<number, Syscall>();
  for (const w of writes) for (const m of w.args.matchAll(/\{\\"v\\":\d+,\\"seq\\":(\d+),/g)) writeOf.set(Number(m[1]), w);

  if (acked.length < CALLS) problems.push(`the writer acknowledged ${acked.length} of ${CALLS} events`);
  if (!writes.length) problems.push(`the trace shows no write to ${journal}: ${calls.length} traced calls`);
  for (const seq of acked) {
    const ack = ackWrites.get(seq);
    const write = writeOf.get(seq);
    if (!ack) problems.push(`ack ${seq}: not in the trace as a write to fd 1`);
    else if (!write || write.exit < 0 || write.exit > ack.entry) problems.push(`ack ${seq}: no journal write of seq ${seq} finished before it`);
    else if (write.result.startsWith('-')) problems.push(`ack ${seq}: the journal write of seq ${seq} failed (${write.result})`);
    else if (!syncedOnWrite(write) && !syncs.some((s) => s.fd === write.fd && s.entry > write.exit && s.exit >= 0 && s.exit < ack.entry)) {
      problems.push(`ack ${seq}: written to the journal (fd ${write.fd}, log line ${write.entry + 1}) on an fd not opened O_DSYNC/O_SYNC, and no fdatasync/fsync of that fd finished between that write and the ack (log line ${ack.entry + 1})`);
    }
    if (problems.length >= 20) break;
  }
  return problems;
}

function run(command: string, args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const stuck = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(stuck);
      resolve({ code, stdout, stderr });
    });
  });
}
