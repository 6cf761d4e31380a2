// One writer per reviewer journal. Two windows appending to one journal number their events
// independently and cut each other's "torn" tails; so whoever opens a journal for writing holds
// its lock file, and everyone else opens it read-only.
//
//   .curator/locks/<journal stem>.lock   {"pid":1234,"host":"box","token":"…","since":"ISO time"}
//
// Node has no portable flock, so the lock is a file created with O_EXCL (atomic on local file
// systems) and judged by liveness: a holder on this host whose pid is gone is stale and taken
// over; one on another host (a shared folder) counts as held until the reviewer takes over.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { NO_FOLLOW, readFileNoFollow } from './storePaths';

const EMPTY_LOCK_GRACE_MS = 3000;

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

export type LockAttempt =
  | { readonly acquired: true; readonly lock: JournalLock }
  /** `holder` is undefined when the lock file could not be read (being written right now). */
  | { readonly acquired: false; readonly holder: LockHolder | undefined };

export class JournalLock {
  #released = false;
  /** The lock file's identity when this process last saw it hold our token (a takeover makes a new file). */
  #seen: LockFileStamp | undefined;

  private constructor(
    readonly path: string,
    private readonly token: string,
  ) {}

  /**
   * Takes the lock at `path` unless a live process holds it. `takeOver` takes it from a holder
   * that looks alive (the reviewer says the other window is gone, e.g. on another machine).
   */
  static acquire(path: string, options: { takeOver?: boolean } = {}): LockAttempt {
    for (let attempt = 0; attempt < 5; attempt++) {
      const token = randomBytes(12).toString('hex');
      const body = lockRecord(path, token);
      let fd: number;
      try {
        fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW, 0o644);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const holder = readHolder(path);
        if (holder === undefined) continue; // released just now: try again
        if (holder === 'unreadable') return { acquired: false, holder: undefined };
        if (isAlive(holder, path) && !options.takeOver) return { acquired: false, holder };
        // Stale (or taken over): move exactly that record aside. If the file was released and
        // taken by a live process between the read and the rename, the record moved is not the
        // one judged: it is put back (link fails if yet another lock appeared; that holder then
        // finds its lock gone and stops writing, which loses nothing acknowledged).
        const aside = `${path}.${process.pid}.${token}.stale`;
        try {
          renameSync(path, aside);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
          throw err;
        }
        const moved = readHolder(aside);
        if (moved === 'unreadable' || (typeof moved === 'object' && moved.token !== holder.token)) {
          try {
            linkSync(aside, path);
          } catch {
            // another lock appeared meanwhile: see above
          }
          unlinkSync(aside);
          return { acquired: false, holder: typeof moved === 'object' ? moved : undefined };
        }
        unlinkSync(aside);
        continue;
      }
      try {
        writeSync(fd, body);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      return { acquired: true, lock: new JournalLock(path, token) };
    }
    return { acquired: false, holder: undefined };
  }

  /** Whether the lock file on disk is still this one (someone may have taken over). */
  get held(): boolean {
    return !this.#released && this.heldBy(this.token);
  }

  /**
   * Before each append: true while the lock is ours. A lock file that vanished (`git clean -x`)
   * is written again; one that holds another token means another window took over.
   */
  confirm(): boolean {
    if (this.#released) return false;
    // Fast path, one lstat: the file we saw holding our token is still there, unchanged. A
    // takeover moves it aside and creates a new one (O_EXCL): another inode, or the same number
    // reused with a new change time (nanoseconds).
    const now = stampOf(this.path);
    if (now && this.#seen && sameStamp(now, this.#seen)) return true;
    const holder = readHolder(this.path);
    if (holder === undefined) {
      try {
        mkdirSync(dirname(this.path), { recursive: true });
        const fd = openSync(this.path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW, 0o644);
        try {
          writeSync(fd, lockRecord(this.path, this.token));
        } finally {
          closeSync(fd);
        }
      } catch {
        // another process created it meanwhile: judged by its token below
      }
    }
    const ours = this.heldBy(this.token);
    this.#seen = ours ? stampOf(this.path) : undefined;
    return ours;
  }

  /** Removes the lock file if it is still ours. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    if (!this.heldBy(this.token)) return;
    try {
      unlinkSync(this.path);
    } catch {
      // already gone: nothing to release
    }
  }

  private heldBy(token: string): boolean {
    const holder = readHolder(this.path);
    return typeof holder === 'object' && holder !== null && (holder as { token?: string }).token === token;
  }
}

/** undefined: no lock file; 'unreadable': exists but is not (yet) a complete lock record. */
function readHolder(path: string): (LockHolder & { token?: string; path?: string }) | undefined | 'unreadable' {
  let text: string;
  try {
    text = readFileNoFollow(path).toString('utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') return { pid: -1, host: '', since: '' }; // a planted symlink: never alive
    throw e;
  }
  try {
    const v = JSON.parse(text) as Partial<LockHolder & { token: string; path: string }>;
    if (typeof v.pid === 'number' && typeof v.host === 'string') {
      return { pid: v.pid, host: v.host, since: String(v.since ?? ''), token: v.token, ...(typeof v.path === 'string' ? { path: v.path } : {}) };
    }
  } catch {
    // a lock file half written by a process that is creating it right now, or garbage
  }
  // Empty: a process is between its O_EXCL create and its write (microseconds), or died there;
  // after a few seconds it is the latter.
  if (text.length === 0 && Date.now() - lstatSync(path).mtimeMs < EMPTY_LOCK_GRACE_MS) return 'unreadable';
  return { pid: -1, host: '', since: '' };
}

interface LockFileStamp {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly size: bigint;
  readonly ctimeNs: bigint;
}

function stampOf(path: string): LockFileStamp | undefined {
  try {
    const s = lstatSync(path, { bigint: true });
    return { dev: s.dev, ino: s.ino, size: s.size, ctimeNs: s.ctimeNs };
  } catch {
    return undefined;
  }
}

function sameStamp(a: LockFileStamp, b: LockFileStamp): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.ctimeNs === b.ctimeNs;
}

/** The lock file's content: who holds it, and where (a copied store folder carries a lock that is not its own). */
function lockRecord(path: string, token: string): string {
  return `${JSON.stringify({ pid: process.pid, host: hostname(), token, since: new Date().toISOString(), path: resolve(path) })}\n`;
}

function isAlive(holder: LockHolder & { path?: string }, path: string): boolean {
  if (holder.path !== undefined && holder.path !== resolve(path)) return false; // copied along with its folder
  if (holder.host !== hostname()) return holder.host !== ''; // another machine: cannot tell
  if (holder.pid <= 0) return false;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
