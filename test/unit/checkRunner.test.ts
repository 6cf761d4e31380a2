// The checks over a store: one pass in the worker, flags per sample, cached beside the store.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadBenchmarkIndex } from '../../src/core/checks/benchmarkFingerprints';
import { runChecks, VERIFIER_CODES, type ChecksResult } from '../../src/core/checks/checkRunner';
import { acceptedInCluster, checksSummary, clusterMembers } from '../../src/core/checks/checksSummary';
import { CurationStore } from '../../src/core/store/curationStore';
import { storeChecks } from '../../src/core/store/storeChecks';
import { chatLine } from '../../testkit/synthetic/chatSamples';
import { rng } from '../../testkit/synthetic/seededRandom';
import { ROOT } from '../../testkit/workbench/paths';
import { gsm8kTest, makeTempDir, removeDir, SHIPPED_BENCHMARK } from './fixtureFiles';

const WORKER = path.join(ROOT, 'out', 'checksWorker.js');

/** 40 clean chat samples, then the planted ones at known indices. */
function writeStore(dir: string): { dup: [number, number]; gsm: number; wrongCalc: number; wrongFinal: number; total: number } {
  const next = rng(99);
  const lines = Array.from({ length: 40 }, (_, i) => chatLine(next, i));
  const base = JSON.parse(lines[5]) as { messages: { role: string; content: string }[]; metadata: Record<string, unknown> };
  base.messages[base.messages.length - 1].content += ' One more short sentence at the end.';
  lines.push(JSON.stringify(base));
  const gsm = gsm8kTest();
  lines.push(JSON.stringify({ messages: [{ role: 'user', content: gsm[7].question }, { role: 'assistant', content: gsm[7].answer }], metadata: { model: 'teacher-x', origin: 'synthetic', generation_depth: 2 } }));
  lines.push(JSON.stringify({ question: 'Tom has 3 bags of 4 apples. How many apples?', answer: 'He has 3*4=<<3*4=13>>13 apples.\n#### 13' }));
  lines.push(JSON.stringify({ question: 'Ann has 2 boxes of 5 pens. How many pens?', answer: 'She has 2*5=<<2*5=10>>10 pens.\n#### 11', reference_answer: '10' }));
  fs.writeFileSync(path.join(dir, 'samples.jsonl'), `${lines.join('\n')}\n`);
  return { dup: [5, 40], gsm: 41, wrongCalc: 42, wrongFinal: 43, total: lines.length };
}

function assertFlags(r: ChecksResult, planted: ReturnType<typeof writeStore>): void {
  assert.equal(r.count, planted.total);
  const clustered = [...r.dupCluster.keys()].filter((i) => r.dupCluster[i] >= 0);
  assert.deepEqual(clustered, planted.dup);
  assert.equal(r.dupCluster[40], 5);
  assert.ok(r.pairs[0][2] >= 0.8 && r.pairs[0][2] < 1);
  const contaminated = [...r.contaminated.keys()].filter((i) => r.contaminated[i] >= 0);
  assert.deepEqual(contaminated, [planted.gsm]);
  assert.equal(r.items.get(r.contaminated[planted.gsm])?.text, gsm8kTest()[7].question);
  assert.equal(VERIFIER_CODES[r.verifier[planted.gsm]], 'pass', 'reference answer from the benchmark item');
  assert.equal(r.verdicts.has(planted.gsm), false, 'only failures keep their findings');
  assert.equal(VERIFIER_CODES[r.verifier[planted.wrongCalc]], 'fail');
  assert.match(r.verdicts.get(planted.wrongCalc)?.reason ?? '', /<<3\*4=13>>/);
  assert.equal(VERIFIER_CODES[r.verifier[planted.wrongFinal]], 'fail');
  assert.match(r.verdicts.get(planted.wrongFinal)?.reason ?? '', /final answer 11 differs from the reference 10/);
  assert.equal(r.models[r.model[planted.gsm] - 1], 'teacher-x');
  assert.equal(r.depth[planted.gsm], 2);
}

suite('checkRunner', () => {
  test('in process: planted duplicate, GSM8K item and wrong solutions are flagged; clean samples are not', async () => {
    const dir = makeTempDir('checks');
    try {
      const planted = writeStore(dir);
      const store = await CurationStore.open(dir, { reviewer: 't' });
      const r = runChecks(store.checkSources(), loadBenchmarkIndex(SHIPPED_BENCHMARK, []));
      assertFlags(r, planted);
      assert.deepEqual(clusterMembers(r, 40), [5, 40]);
      await store.decide(5, 'accepted');
      assert.deepEqual(acceptedInCluster(r, 40, (i) => store.verdictAt(i) === 'accepted'), [5]);
      await store.decideMany([planted.gsm, planted.wrongCalc], 'accepted');
      const accepted = [...Array(store.size).keys()].filter((i) => store.verdictAt(i) === 'accepted');
      const s = checksSummary(r, accepted);
      assert.deepEqual(s.ran, ['near-duplicates', 'contamination', 'verifier', 'meters']);
      assert.equal(s.nearDuplicateClusters, 1);
      assert.equal(s.contaminated, 1);
      assert.equal(s.verifier.fail, 2);
      assert.equal(s.accepted.count, 3);
      assert.equal(s.accepted.verifierFailed, 1);
      assert.equal(s.accepted.contaminated, 1);
      assert.equal(s.accepted.teacherMix.models.find((m) => m.name === 'teacher-x')?.count, 1);
      assert.equal(s.accepted.synthetic.counts['model-from-model'], 1);
      await store.close();
    } finally {
      removeDir(dir);
    }
  });

  test('in the worker, then from the cache; a changed threshold runs again', async () => {
    const dir = makeTempDir('checks-worker');
    try {
      const planted = writeStore(dir);
      const store = await CurationStore.open(dir, { reviewer: 't' });
      let progressed = 0;
      const options = { workerScript: WORKER, threshold: 0.8, shippedBenchmark: SHIPPED_BENCHMARK, benchmarks: [], onProgress: (d: number) => (progressed = d) };
      const first = await storeChecks(store, options);
      assert.equal(first.cached, false);
      assert.equal(progressed, planted.total);
      assertFlags(first.result, planted);
      const second = await storeChecks(store, options);
      assert.equal(second.cached, true);
      assertFlags(second.result, planted);
      assert.deepEqual(second.result.verdicts, first.result.verdicts);
      const stricter = await storeChecks(store, { ...options, threshold: 0.99 });
      assert.equal(stricter.cached, false);
      assert.equal(stricter.result.dupCluster[40], -1);
      await store.close();
    } finally {
      removeDir(dir);
    }
  });
});
