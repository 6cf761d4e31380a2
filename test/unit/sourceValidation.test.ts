// The background read of every record: per-file problem counts naming the original lines.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CurationStore } from '../../src/core/store/curationStore';
import { buildLineIndex } from '../../src/core/ingest/lineIndex';
import { validateSource } from '../../src/core/ingest/sourceValidation';
import { ROOT } from '../../testkit/workbench/paths';
import { makeTempDir, removeDir } from './fixtureFiles';

suite('sourceValidation', () => {
  let dir: string;
  setup(() => {
    dir = makeTempDir('validation');
  });
  teardown(() => removeDir(dir));

  test('counts each kind of problem and keeps the first ones with file:line messages', () => {
    const file = path.join(dir, 'mixed.jsonl');
    fs.writeFileSync(file, [
      '{"question":"1+1?","answer":"#### 2"}',
      '{"question": "cut off',
      '{"foo": 1}',
      '',
      '{"messages":[{"role":"robot","content":"x"}]}',
      '{"question":"ok","answer":"fine"}',
      '{"bar": 2}',
    ].join('\n'));
    const r = validateSource({ jsonlPath: file, file: 'mixed.jsonl', index: buildLineIndex(file) });
    assert.equal(r.checked, 6);
    assert.deepEqual(r.summary, { file: 'mixed.jsonl', total: 4, byCode: { 'invalid-json': 1, 'unknown-shape': 2, 'bad-role': 1 }, firstLine: 2 });
    assert.deepEqual(r.first.map((p) => p.line), [2, 3, 5, 7]);
    assert.match(r.first[0].message, /^mixed\.jsonl:2: /);
  });

  test('a clean file has no summary', () => {
    const file = path.join(dir, 'clean.jsonl');
    fs.writeFileSync(file, '{"question":"1+1?","answer":"#### 2"}\n');
    assert.equal(validateSource({ jsonlPath: file, file: 'clean.jsonl', index: buildLineIndex(file) }).summary, undefined);
  });

  test('the store validates every source in worker threads with the same result as in-process', async () => {
    for (const name of ['gsm8k_test_first120.jsonl']) fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'demo-store', name), path.join(dir, name));
    fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'edge-cases', 'zz_edge_cases.jsonl'), path.join(dir, 'zz_edge_cases.jsonl'));
    const store = await CurationStore.open(dir, { reviewer: 'ana' });
    try {
      const inWorkers = await store.validateAll({ workerScript: path.join(ROOT, 'out', 'validateWorker.js') });
      const inProcess = await store.validateAll();
      assert.deepEqual(inWorkers, inProcess);
      assert.deepEqual(inWorkers, [{ file: 'zz_edge_cases.jsonl', total: 1, byCode: { 'invalid-json': 1 }, firstLine: 3 }]);
    } finally {
      await store.close();
    }
  });
});
