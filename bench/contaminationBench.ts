// `npm run bench:contamination`: the GSM8K test questions planted verbatim (1,319) and lightly
// edited (1,319: case, punctuation, one number changed, a sentence added, in turn) among 100,000
// clean samples (seeded chat samples and templated math word problems that are not GSM8K's),
// all checked against the shipped GSM8K index. Also the verifier's proof on the 1,319 reference
// solutions. Prints one JSON line of rates.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { verifySolution } from '../src/core/checks/answerVerifier';
import { loadBenchmarkIndex } from '../src/core/checks/benchmarkFingerprints';
import { matchBuffers } from '../src/core/checks/contamination';
import { chatLine } from '../testkit/synthetic/chatSamples';
import { rng } from '../testkit/synthetic/seededRandom';
import { changeFinalAnswer, changeOneCalculation, LIGHT_EDITS, lightlyEdit } from '../testkit/synthetic/plantedSamples';
import { machine } from './benchFloor';

const ROOT = path.resolve(__dirname, '..', '..');
const CLEAN = 100_000;

const NAMES = ['Maya', 'Omar', 'Lena', 'Ravi', 'Chloe', 'Tariq', 'Ines', 'Bao'];
const THINGS = ['apples', 'stickers', 'marbles', 'books', 'pencils', 'cupcakes', 'stamps', 'shells'];

/** A math word problem from a few templates: GSM8K-like in tone, not a GSM8K item. */
function mathProblem(next: () => number): string {
  const n = () => 2 + Math.floor(next() * 40);
  const who = NAMES[Math.floor(next() * NAMES.length)];
  const what = THINGS[Math.floor(next() * THINGS.length)];
  const forms = [
    `${who} has ${n()} ${what}. She buys ${n()} more and gives ${n()} to a friend. How many ${what} does ${who} have now?`,
    `A box holds ${n()} ${what}. ${who} fills ${n()} boxes and sells each ${what.slice(0, -1)} for $${n()}. How much money does ${who} make?`,
    `${who} reads ${n()} pages every day for ${n()} days, then ${n()} pages on the last day. How many pages did ${who} read in total?`,
  ];
  return forms[Math.floor(next() * forms.length)];
}

function main(): void {
  const index = loadBenchmarkIndex(path.join(ROOT, 'media', 'benchmarks', 'gsm8k-test.json'), []);
  const gsm = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'gsm8k', 'gsm8k_test.jsonl'), 'utf8').split('\n').filter(Boolean)
    .map((l) => JSON.parse(l) as { question: string; answer: string });
  const next = rng(2026);
  const buffers = matchBuffers();
  const t0 = performance.now();
  const wrap = (q: string) => `You are a helpful tutor.\n\n${q}\n\nLet's think step by step.`;
  const verbatim = gsm.filter((r, i) => index.match(wrap(r.question), buffers)?.item === i).length;
  const byEdit = Object.fromEntries(LIGHT_EDITS.map((e) => [e, { planted: 0, flagged: 0 }]));
  for (const [i, r] of gsm.entries()) {
    const edit = LIGHT_EDITS[i % LIGHT_EDITS.length];
    byEdit[edit].planted++;
    if (index.match(wrap(lightlyEdit(r.question, edit, next)), buffers)?.item === i) byEdit[edit].flagged++;
  }
  const edited = Object.values(byEdit).reduce((n, e) => n + e.flagged, 0);
  let cleanFlagged = 0;
  for (let i = 0; i < CLEAN; i++) {
    const text = i % 5 === 0 ? `${mathProblem(next)}\n\nThe answer follows from adding and multiplying.` : chatLine(next, i);
    if (index.match(text, buffers)) cleanFlagged++;
  }
  const contaminationS = (performance.now() - t0) / 1000;

  const vnext = rng(8);
  let refFlags = 0;
  let calcFlags = 0;
  let finalFlags = 0;
  for (const r of gsm) {
    const reference = r.answer.split('####')[1].trim();
    if (verifySolution(r.answer, reference).status !== 'pass') refFlags++;
    if (verifySolution(changeOneCalculation(r.answer, vnext), reference).status === 'fail') calcFlags++;
    if (verifySolution(changeFinalAnswer(r.answer, vnext), reference).status === 'fail') finalFlags++;
  }
  console.log(JSON.stringify({
    bench: 'contamination_and_verifier',
    // Rates of what is caught, not times: no floor applies.
    floor: null,
    gsm8k_items: gsm.length,
    clean_samples: CLEAN,
    verbatim_flagged_rate: +(verbatim / gsm.length).toFixed(4),
    lightly_edited_flagged_rate: +(edited / gsm.length).toFixed(4),
    lightly_edited_by_edit: Object.fromEntries(Object.entries(byEdit).map(([e, v]) => [e, +(v.flagged / v.planted).toFixed(4)])),
    clean_flagged_rate: +(cleanFlagged / CLEAN).toFixed(5),
    contamination_s: +contaminationS.toFixed(1),
    verifier_reference_solutions_flagged: refFlags,
    verifier_one_calculation_changed_flagged_rate: +(calcFlags / gsm.length).toFixed(4),
    verifier_final_changed_flagged_rate: +(finalFlags / gsm.length).toFixed(4),
    machine: machine(),
  }));
}

main();
