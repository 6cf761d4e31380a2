// What the reviewer records for a file reaches the teacher mix: the checks run again (their cache is
// keyed by the recorded provenance) and read the file's model, or its samples as human-written;
// the store's samples show it at once.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { acceptedMeters } from '../../src/core/checks/checksSummary';
import { CurationStore } from '../../src/core/store/curationStore';
import { storeChecks } from '../../src/core/store/storeChecks';
import { ROOT } from '../../testkit/workbench/paths';
import { makeTempDir, removeDir, SHIPPED_BENCHMARK } from './fixtureFiles';

const WORKER = path.join(ROOT, 'out', 'checksWorker.js');
const chat = (q: string) => JSON.stringify({ messages: [{ role: 'user', content: q }, { role: 'assistant', content: `An answer to ${q}` }] });

suite('recorded provenance', () => {
  test('a file\'s recorded model, then "human-written", is what the teacher mix reads after the checks run again', async function () {
    this.timeout(30_000);
    const dir = makeTempDir('recorded-provenance');
    try {
      fs.writeFileSync(path.join(dir, 'plain.jsonl'), `${['one?', 'two?', 'three?'].map(chat).join('\n')}\n`);
      const store = await CurationStore.open(dir, { reviewer: 't' });
      const all = [0, 1, 2];
      const options = { workerScript: WORKER, threshold: 0.8, shippedBenchmark: SHIPPED_BENCHMARK, benchmarks: [] };
      const mix = async () => acceptedMeters((await storeChecks(store, options)).result, all).teacherMix.models.map((m) => `${m.name} ${m.count}`);
      assert.deepEqual(await mix(), ['unknown 3']);
      assert.deepEqual(store.provenanceGaps().map((g) => g.missing), [['model', 'licence']]);

      await store.setSourceDefaults('plain.jsonl', { model: 'teacher-z', origin: 'model' });
      assert.equal((await storeChecks(store, options)).cached, false, 'the recorded answer is part of the checks\' cache key');
      assert.deepEqual(await mix(), ['teacher-z 3']);
      assert.equal(store.sample(0).provenance?.model, 'teacher-z', 'the sample shows it without a reopen');

      await store.setSourceDefaults('plain.jsonl', { origin: 'human' });
      assert.deepEqual(await mix(), ['human-written 3']);
      assert.equal(store.sample(1).provenance?.origin, 'human');
      assert.deepEqual(store.provenanceGaps(), [], 'answered: not asked again');
      await store.close();
    } finally {
      removeDir(dir);
    }
  });
});
