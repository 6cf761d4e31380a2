// Team agreement at scale: three reviewers' journals over N samples (default 1,000,000; every
// reviewer decides every sample, ~90% agreeing, plus some labels, ratings and undos), generated in
// the journal's own line format into a temp folder; then, in a fresh process so RSS is its own,
// the whole team read (readTeamJournals), the agreement report and the consensus. Prints one JSON
// line: the figure beside its floor from the same run (one pass over the three journals, read and
// split into lines) and the extra RSS (peak minus before reading).
//   --samples N   another size
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { journalFileName } from '../src/core/journal/journalFileNames';
import { scanJournalLines } from '../src/core/journal/journalScan';
import { resolveConsensus } from '../src/core/team/consensus';
import { teamAgreement } from '../src/core/team/teamAgreement';
import { readTeamJournals } from '../src/core/team/teamJournals';
import { benchHash } from './benchJournal';
import { machine, numberArg, ratio } from './benchFloor';

const SAMPLES = numberArg('--samples', 1_000_000);
const REVIEWERS = ['ana', 'Иван', 'bo'];
const AT = new Date(Date.UTC(2026, 0, 1)).toISOString();

/** A deterministic pseudo-random stream (mulberry32), so every run writes the same journals. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function writeJournals(curatorDir: string): void {
  fs.mkdirSync(path.join(curatorDir, 'journal'), { recursive: true });
  REVIEWERS.forEach((reviewer, r) => {
    const next = random(r + 1);
    const truth = random(99); // the sample's "true" verdict, shared by all
    const fd = fs.openSync(path.join(curatorDir, 'journal', journalFileName(reviewer)), 'w');
    let seq = 0;
    let lines: string[] = [];
    const line = (body: Record<string, unknown>) => lines.push(JSON.stringify({ v: 2, seq: ++seq, at: AT, reviewer, ...body }));
    for (let i = 0; i < SAMPLES; i++) {
      const h = benchHash(i);
      const right = truth() < 0.8 ? 'accepted' : 'rejected';
      const verdict = next() < 0.9 ? right : right === 'accepted' ? 'rejected' : 'accepted';
      const x = next();
      if (x < 0.02) {
        line({ type: 'verdict', samples: [h], verdict: 'skipped' });
        line({ type: 'undo', undoes: seq });
      }
      line({ type: 'verdict', samples: [h], verdict });
      if (x < 0.05) line({ type: 'label', samples: [h], label: `label${i % 4}`, present: true });
      else if (x < 0.1) line({ type: 'rating', sample: h, rating: 1 + Math.floor(next() * 5) });
      if (lines.length >= 10_000) {
        fs.writeSync(fd, `${lines.join('\n')}\n`);
        lines = [];
      }
    }
    if (lines.length) fs.writeSync(fd, `${lines.join('\n')}\n`);
    fs.closeSync(fd);
  });
}

/** In the fresh process: floor, then figure, then RSS. */
function measure(curatorDir: string): void {
  const journals = fs.readdirSync(path.join(curatorDir, 'journal')).map((f) => path.join(curatorDir, 'journal', f));
  const t0 = performance.now();
  let lines = 0;
  for (const j of journals) lines += scanJournalLines(j, 0, 0, () => true).lines;
  const floorMs = performance.now() - t0;

  // Extra RSS is the team read's: from here (after the floor's pass, whose buffers and garbage
  // were counted against the read before) to the peak.
  const rssBefore = process.memoryUsage().rss;
  const t1 = performance.now();
  const team = readTeamJournals(curatorDir);
  const readMs = performance.now() - t1;
  const t2 = performance.now();
  const report = teamAgreement(team);
  const agreementMs = performance.now() - t2;
  const t3 = performance.now();
  const consensus = resolveConsensus(team);
  const consensusMs = performance.now() - t3;
  const totalMs = performance.now() - t1;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const v = report.verdicts.overall;
  console.log(JSON.stringify({
    bench: 'agreement', samples: SAMPLES, reviewers: team.reviewers.length, journal_lines: lines,
    journals_mb: +(journals.reduce((s, j) => s + fs.statSync(j).size, 0) / 1e6).toFixed(1),
    agreement_ms: Math.round(totalMs), agreement_floor_ms: +floorMs.toFixed(1), agreement_ratio: ratio(totalMs, floorMs),
    read_journals_ms: Math.round(readMs), figures_ms: Math.round(agreementMs), consensus_ms: Math.round(consensusMs),
    rss_extra_mb: Math.round((peakRss - rssBefore) / 1e6),
    verdict_units: v.units, verdict_alpha: +v.alpha.toFixed(4), verdict_ac1: +v.ac1.toFixed(4), verdict_percent: +v.percentAgreement.toFixed(4),
    conflicts: consensus.counts.conflicts, refused: consensus.counts.refused,
    machine: { ...machine(curatorDir), load_avg_1m_at_end: +os.loadavg()[0].toFixed(2) },
  }));
}

function main(): void {
  const measureAt = process.argv.indexOf('--measure');
  if (measureAt > 0) {
    measure(process.argv[measureAt + 1]);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-agreement-'));
  try {
    writeJournals(path.join(dir, '.curator'));
    const child = spawnSync(process.execPath, [__filename, '--measure', path.join(dir, '.curator'), '--samples', String(SAMPLES)], {
      encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (child.status !== 0) throw new Error(`the measuring process exited ${child.status}`);
    process.stdout.write(child.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
