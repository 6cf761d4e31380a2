// `npm run bench:verifier`: the answer verifier on the 1,319 GSM8K test reference solutions
// (test/fixtures/gsm8k), on seeded corrupted variants of them (one step made wrong in each way the
// verifier used to miss, the final answer untouched) and on correct rewrites in the styles it used
// to flag (bench/verifierVariants.ts). Prints one JSON line: the flags on the unmodified solutions
// (expected: the dataset's own errors, KNOWN below), the catch rate per corruption (a catch marks a
// step overlapping the changed one), the false-flag rate per style, and the verifier's cost per
// sample on GSM8K and on the chat set the checks benchmark reads (run as the checks runner does).
//   --seed N          another seed (default 18)
//   --per-category N  variants per corruption and style at least (default 600; solutions are reused with new draws when fewer apply)
//   --cost-samples N  chat samples timed (default 100,000)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { verifySolution } from '../src/core/checks/answerVerifier';
import { mayStateSteps } from '../src/core/checks/stepReader';
import { wordHashes, type WordBuffer } from '../src/core/checks/textTokens';
import { checkText, referenceOf } from '../src/core/checks/checkText';
import { readRecord } from '../src/core/ingest/recordReader';
import { rng } from '../testkit/synthetic/seededRandom';
import { benchDataDir, machine, numberArg } from './benchFloor';
import { generateChatSet } from './generateChatSet';
import { CORRUPTIONS, STYLES, corrupt, restyle, type GsmRow, type Variant } from './verifierVariants';

const ROOT = path.resolve(__dirname, '..', '..');
const SEED = numberArg('--seed', 18);
const PER = numberArg('--per-category', 600);
const COST_SAMPLES = numberArg('--cost-samples', 100_000);

/** The dataset's own errors, by 1-based line of gsm8k_test.jsonl (see the README's verifier section). */
const KNOWN: Record<number, string> = {
  599: '"3.65 divided by .05 equals 69": the text carries $3.65 though its own annotation sums to 3.45 (3.45 / .05 = 69, the reference)',
  1025: '"$32 - $20 = $300": a typo for $320 (the annotation says 320)',
};

const rows: GsmRow[] = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'gsm8k', 'gsm8k_test.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const referenceOfRow = (r: GsmRow) => r.answer.slice(r.answer.lastIndexOf('####') + 4).trim();

/** At least PER variants of one kind: a pass over the solutions, again with new draws while too few. */
function variants(kind: string, make: (row: GsmRow, next: () => number) => { text: string; changed?: [number, number] } | undefined): Variant[] {
  const out: Variant[] = [];
  const next = rng(SEED * 1000 + kind.length * 31 + kind.charCodeAt(0));
  for (let pass = 0; pass < 20 && out.length < PER; pass++) {
    const seen = new Set(out.map((v) => v.text));
    for (const [i, r] of rows.entries()) {
      const v = make(r, next);
      if (v && !seen.has(v.text)) out.push({ row: i + 1, kind: kind as Variant['kind'], text: v.text, reference: referenceOfRow(r), question: r.question, ...(v.changed ? { changed: v.changed } : {}) });
    }
    if (pass === 0 && out.length >= PER) break;
  }
  return out;
}

/** With SAMPLE_CURATOR_VERIFIER_DUMP=file, every miss and false flag is written there (one JSON line each) to read. */
const dump = process.env.SAMPLE_CURATOR_VERIFIER_DUMP;
if (dump) fs.writeFileSync(dump, '');
const record = (what: string, v: Variant, reason?: string) => dump && fs.appendFileSync(dump, `${JSON.stringify({ what, kind: v.kind, row: v.row, reason, text: v.text })}\n`);

const rate = (k: number, n: number) => (n ? +(k / n).toFixed(4) : null);

const unmodified = rows.flatMap((r, i) => (verifySolution(r.answer, referenceOfRow(r), r.question).status === 'pass' ? [] : [i + 1]));

const caught: Record<string, unknown> = {};
const missedExamples: Record<string, string> = {};
for (const kind of CORRUPTIONS) {
  const vs = variants(kind, (r, next) => corrupt(kind, r.answer, next));
  let failed = 0;
  let atStep = 0;
  for (const v of vs) {
    const res = verifySolution(v.text, v.reference, v.question);
    if (res.status === 'fail') failed++;
    const [a, b] = v.changed!;
    if (res.wrongSteps.some((w) => w.span[0] < b && w.span[1] > a)) atStep++;
    else {
      missedExamples[kind] ??= v.text.slice(Math.max(0, a - 20), b + 20);
      record('missed', v, res.reason);
    }
  }
  caught[kind] = { variants: vs.length, solutions: new Set(vs.map((v) => v.row)).size, caughtAtTheStep: rate(atStep, vs.length), failed: rate(failed, vs.length) };
}

const falseFlags: Record<string, unknown> = {};
const flaggedExamples: Record<string, string> = {};
for (const style of STYLES) {
  const vs = variants(style, (r, next) => {
    const text = restyle(style, r, next);
    return text === undefined ? undefined : { text };
  });
  let flagged = 0;
  for (const v of vs) {
    if (KNOWN[v.row]) continue;
    const res = verifySolution(v.text, v.reference, v.question);
    if (res.status === 'fail') {
      flagged++;
      flaggedExamples[style] ??= `${v.row}: ${res.reason}`;
      record('flagged', v, res.reason);
    }
  }
  const counted = vs.filter((v) => !KNOWN[v.row]).length;
  falseFlags[style] = { variants: counted, solutions: new Set(vs.map((v) => v.row)).size, falseFlags: rate(flagged, counted) };
}

/** µs per solution over GSM8K's reference solutions, best of 3 passes. */
function gsm8kCost(): number {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    for (const r of rows) verifySolution(r.answer, referenceOfRow(r), r.question);
    best = Math.min(best, performance.now() - t);
  }
  return +((best * 1000) / rows.length).toFixed(2);
}

/**
 * The verifier's share of the checks' time per chat sample, gated as the runner gates it (a
 * reference, else an `=`, or a digit seen by the word hashing the runner does anyway); the record
 * read, text extraction and word hashing done before the clock.
 */
function chatCost(): { samples: number; usPerSample: number; verified: number } {
  // bench:store's set (its generator reuses the file when it is there).
  const dir = path.join(benchDataDir(), `store-${COST_SAMPLES}`);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'chat.jsonl');
  generateChatSet(file, COST_SAMPLES);
  const solutions: { solution: string; digits: boolean; reference?: string; question?: string }[] = [];
  const words: WordBuffer = { hashes: new Int32Array(1024) };
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const r = readRecord(Buffer.from(line), { file: 'chat.jsonl', line: 0 });
    if (!r.ok) continue;
    const t = checkText(r.normalized);
    wordHashes(t.all, words);
    if (t.solution) solutions.push({ solution: t.solution, digits: !!words.digits, reference: referenceOf(r.record), question: t.question });
  }
  let best = Infinity;
  let verified = 0;
  for (let k = 0; k < 3; k++) {
    verified = 0;
    const t = performance.now();
    for (const s of solutions) {
      if (s.reference !== undefined || (s.digits ? mayStateSteps(s.solution) : s.solution.includes('='))) {
        verifySolution(s.solution, s.reference, s.question);
        verified++;
      }
    }
    best = Math.min(best, performance.now() - t);
  }
  return { samples: solutions.length, usPerSample: +((best * 1000) / solutions.length).toFixed(3), verified };
}

// The targets: at least 95% of each corruption caught at its step, at most 0.5% of each style flagged.
const lowestCatch = Math.min(...Object.values(caught).map((c) => (c as { caughtAtTheStep: number }).caughtAtTheStep));
const highestFalseFlag = Math.max(...Object.values(falseFlags).map((f) => (f as { falseFlags: number }).falseFlags));

console.log(JSON.stringify({
  bench: 'verifier', seed: SEED, gsm8k: rows.length,
  targetsMet: lowestCatch >= 0.95 && highestFalseFlag <= 0.005 && unmodified.every((i) => KNOWN[i]), lowestCatch, highestFalseFlag,
  unmodifiedFlagged: unmodified, unexpected: unmodified.filter((i) => !KNOWN[i]), known: KNOWN,
  caught, falseFlags, missedExamples, flaggedExamples,
  costUs: { gsm8kPerSolution: gsm8kCost(), chat: chatCost() },
  machine: machine(),
}));
