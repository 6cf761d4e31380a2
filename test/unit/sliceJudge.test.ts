// The prediction-powered defect rate of a slice (issue 15), over a real store whose records carry a
// judge's score: every record's score read (or why not), the judge's prediction from its score,
// and the estimate held against ppi_py's formula computed here from the same numbers.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ppiMeanInterval } from '../../src/core/audit/ppiEstimate';
import { DEFAULT_JUDGE_SCORE_FIELDS } from '../../src/core/formats/judgeScores';
import { CurationStore } from '../../src/core/store/curationStore';
import { auditAnswer, readySlices, SliceAudit, sliceIndices, type AuditSettings } from '../../src/core/store/sliceAudit';
import { ppiDefectRate, sliceJudgeScores } from '../../src/core/store/sliceJudge';
import { makeTempDir, removeDir } from './fixtureFiles';

const SETTINGS: AuditSettings = { method: 'wilson', targetHalfWidth: 0.02 };
/** A judge's score 1–5 per record, a defect (what the human will find) mostly where it is low. */
const score = (k: number) => 1 + ((k * 7) % 5);
const defect = (k: number) => score(k) <= 2 !== (k % 23 === 0);

function writeRecords(file: string, count: number, extra: (k: number) => Record<string, unknown>): void {
  fs.writeFileSync(file, Array.from({ length: count }, (_, k) => JSON.stringify({ instruction: `task ${k}`, input: '', output: `answer ${k}`, ...extra(k) })).join('\n') + '\n');
}

suite('slice judge (PPI)', () => {
  let dir: string;
  let store: CurationStore | undefined;
  setup(() => {
    dir = makeTempDir('slice-judge');
  });
  teardown(async () => {
    await store?.close();
    store = undefined;
    removeDir(dir);
  });

  test('every sample scored: the prediction-powered rate is ppi_py\'s formula on the audit and the judge, narrower than the audit alone', async () => {
    writeRecords(path.join(dir, 'judged.jsonl'), 400, (k) => ({ score: score(k) }));
    const s = (store = await CurationStore.open(dir, { reviewer: 'ana' }));
    const slice = readySlices(s.sourcePaths)[0];
    const indices = await sliceIndices(s, slice);
    const judged = await sliceJudgeScores(s, indices, { signal: new AbortController().signal });
    assert.ok('scores' in judged, 'missing' in judged ? judged.missing : '');
    assert.equal(judged.field, 'score');
    assert.equal(indices.length, 400);
    assert.deepEqual(Array.from(judged.scores), Array.from({ length: 400 }, (_, k) => score(k)));
    const audit = SliceAudit.open(s, slice, indices, SETTINGS);
    audit.more(50);
    for (const i of audit.draw.indices) await s.decide(i, defect(i) ? 'rejected' : 'accepted');
    const ppi = ppiDefectRate(indices, judged, audit.draw, auditAnswer(s, SETTINGS));
    assert.ok(ppi);
    // ppi_py's formula by hand: f = (max − s) / (max − min) = (5 − s) / 4.
    const labels = Array.from(audit.draw.indices, (i) => (defect(i) ? 1 : 0));
    const f = (i: number) => (5 - score(i)) / 4;
    const expected = ppiMeanInterval(labels, Array.from(audit.draw.indices, f), Array.from({ length: 400 }, (_, i) => f(i)));
    assert.ok(Math.abs(ppi.ppi.estimate - expected.estimate) < 1e-12 && Math.abs(ppi.ppi.upper - Math.min(1, expected.upper)) < 1e-12);
    const misses = Array.from(audit.draw.indices).filter((i) => Math.abs((defect(i) ? 1 : 0) - f(i)) >= 0.5).length;
    assert.equal(ppi.judgeMisses, misses, 'the audit\'s clear judge misses, counted by hand');
    assert.ok(ppi.ppi.upper - ppi.ppi.lower < ppi.auditOnly.upper - ppi.auditOnly.lower, 'a judge that tracks the defects narrows the interval');
    const truth = Array.from({ length: 400 }, (_, k) => (defect(k) ? 1 : 0)).reduce((a: number, b) => a + b, 0) / 400;
    assert.ok(ppi.ppi.lower <= truth && truth <= ppi.ppi.upper, `the slice's true rate ${truth} in [${ppi.ppi.lower}, ${ppi.ppi.upper}]`);
  });

  test('no estimate without a score on every sample from one field, a judge that says nothing, or two audited samples', async () => {
    writeRecords(path.join(dir, 'a.jsonl'), 30, (k) => (k === 17 ? {} : { score: score(k) }));
    writeRecords(path.join(dir, 'b.jsonl'), 30, (k) => (k < 10 ? { score: 3 } : { reward: 0.5 }));
    writeRecords(path.join(dir, 'c.jsonl'), 30, () => ({ score: 4 }));
    writeRecords(path.join(dir, 'd.jsonl'), 30, (k) => ({ score: k === 3 ? '4' : 4 }));
    const s = (store = await CurationStore.open(dir, { reviewer: 'ana' }));
    const [a, b, c, d] = readySlices(s.sourcePaths);
    const judgedOf = async (slice: typeof a) => sliceJudgeScores(s, await sliceIndices(s, slice));
    assert.deepEqual(await judgedOf(a), { missing: `sample 18 has no judge score (fields read: ${DEFAULT_JUDGE_SCORE_FIELDS.join(', ')})` });
    assert.deepEqual(await judgedOf(b), { missing: 'samples are scored in different fields (score, reward): two judges, two scales' });
    assert.match((await judgedOf(d) as { missing: string }).missing, /^sample 94: score holds the string "4", not a number$/);
    const flat = await judgedOf(c);
    assert.ok('scores' in flat);
    const indices = await sliceIndices(s, c);
    const audit = SliceAudit.open(s, c, indices, SETTINGS);
    for (const i of audit.draw.indices.slice(0, 5)) await s.decide(i, 'rejected');
    assert.equal(ppiDefectRate(indices, flat, audit.draw, auditAnswer(s, SETTINGS)), undefined, 'all scores equal: the judge says nothing');
    const abort = new AbortController();
    abort.abort();
    const many = new Int32Array(5000).fill(indices[0]);
    await assert.rejects(sliceJudgeScores(s, many, { signal: abort.signal }), { name: 'AbortError' });
  });
});
