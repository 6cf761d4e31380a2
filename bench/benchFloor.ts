// What every benchmark shares: its arguments, its data folder, the machine it ran on, and the
// floors — the least work of the same kind on the same data in the same run (a cold read of the
// file, a bare write + fdatasync of the same bytes), so a figure is read as a ratio to what this
// machine can do at all, not against a number measured elsewhere.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** `--name N` from the command line, or `fallback`. */
export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** The folder the benches generate their data in (kept between runs; generators reuse it). */
export function benchDataDir(): string {
  return process.env.SAMPLE_CURATOR_BENCH_DIR ?? path.join(os.tmpdir(), 'sample-curator-bench');
}

/** figure / floor, rounded to two decimals; null when there is no floor to divide by. */
export function ratio(figure: number, floor: number | null | undefined): number | null {
  return floor && Number.isFinite(floor) && floor > 0 ? +(figure / floor).toFixed(2) : null;
}

/** Drops the page cache so "cold" means cold; needs root (false when it could not). */
export function dropPageCache(): boolean {
  spawnSync('sync');
  try {
    fs.writeFileSync('/proc/sys/vm/drop_caches', '3');
    return true;
  } catch {
    return false;
  }
}

/** `cat file > /dev/null`, timed in ms: the floor of any first pass over the file. */
export function catToDevNull(file: string): number {
  const devNull = fs.openSync('/dev/null', 'w');
  try {
    const t = performance.now();
    const p = spawnSync('cat', [file], { stdio: ['ignore', devNull, 'inherit'] });
    const ms = performance.now() - t;
    if (p.status !== 0) throw new Error(`cat ${file} exited ${p.status}`);
    return ms;
  } finally {
    fs.closeSync(devNull);
  }
}

/** One streaming read of `file` in this process (8 MiB chunks), timed in ms. */
export function readOnce(file: string): number {
  const t = performance.now();
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(8 << 20);
  try {
    while (fs.readSync(fd, buf) > 0);
  } finally {
    fs.closeSync(fd);
  }
  return performance.now() - t;
}

export interface Filesystem {
  /** The mount's type from /proc/mounts (e.g. ext4), or `stat -f`'s name when not found there. */
  readonly type: string;
  /** `stat -f -c %T` of the folder (ext4 shows as ext2/ext3). */
  readonly statType: string;
  readonly mount: string;
}

/** The filesystem holding `dir`. */
export function filesystemOf(dir: string): Filesystem {
  const statType = spawnSync('stat', ['-f', '-c', '%T', dir], { encoding: 'utf8' }).stdout.trim();
  const real = fs.realpathSync(dir);
  let best = { mount: '/', type: statType };
  try {
    for (const line of fs.readFileSync('/proc/mounts', 'utf8').split('\n')) {
      const [, mount, type] = line.split(' ');
      if (!mount || !type) continue;
      const inside = real === mount || real.startsWith(mount.endsWith('/') ? mount : `${mount}/`);
      if (inside && mount.length >= best.mount.length) best = { mount, type };
    }
  } catch {
    // no /proc/mounts: stat's name stands
  }
  return { type: best.type, statType, mount: best.mount };
}

/** Exits with a clear message when `dir` is on tmpfs: fdatasync there is a no-op, so durability figures would be fiction. */
export function refuseTmpfs(dir: string): Filesystem {
  const fsys = filesystemOf(dir);
  if (fsys.type === 'tmpfs' || fsys.statType === 'tmpfs' || fsys.type === 'ramfs') {
    console.error(`${dir} is on ${fsys.type} (mount ${fsys.mount}): fdatasync does nothing there, so durable-write figures would mean nothing. ` +
      'Set SAMPLE_CURATOR_BENCH_DIR to a folder on a disk-backed filesystem.');
    process.exit(2);
  }
  return fsys;
}

/**
 * The floor of a durable decision: each of `records` written with one bare `write` + `fdatasync`
 * to a fresh file in `dir` (the same bytes, on the same filesystem), latencies in ms, in order.
 */
export function bareWriteFdatasync(dir: string, records: readonly Buffer[]): number[] {
  const file = path.join(dir, `.bench-floor-${process.pid}.jsonl`);
  const fd = fs.openSync(file, 'a');
  const out: number[] = [];
  try {
    for (const r of records) {
      const t = performance.now();
      fs.writeSync(fd, r);
      fs.fdatasyncSync(fd);
      out.push(performance.now() - t);
    }
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
  }
  return out;
}

/** The last `n` lines (each with its newline) of a text file. */
export function lastLines(file: string, n: number): Buffer[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  return lines.slice(-n).map((l) => Buffer.from(`${l}\n`));
}

/** The machine a run was on, and how busy it was (load average now). */
export function machine(dir?: string): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpu_model: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    ram_gib: +(os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    ...(dir ? { filesystem: filesystemOf(dir).type } : {}),
    load_avg_1m: +os.loadavg()[0].toFixed(2),
  };
}

/**
 * A full garbage collection when the process runs with --expose-gc (the benches' scripts pass it),
 * so a figure of resident memory starts from what is live, not from a setup's uncollected garbage.
 */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Peak resident set of this process so far (VmHWM), in MB (10^6 bytes, like rss_mb). */
export function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Math.round((Number(m[1]) * 1024) / 1e6) : NaN;
}
