// The one worker launcher: it settles on the worker's result, its error message, a throw, an abort,
// AND an exit without any message (before, the validation worker never settled then, so the checks
// that wait for validation silently never started).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CurationStore } from '../../src/core/store/curationStore';
import { runWorker } from '../../src/core/workers/runWorker';
import { runChecksInWorker } from '../../src/core/checks/checksInWorker';
import { buildLineIndexInWorkers } from '../../src/core/ingest/parallelIndex';
import { makeTempDir, removeDir } from './fixtureFiles';

suite('runWorker', () => {
  let dir: string;
  setup(() => {
    dir = makeTempDir('run-worker');
  });
  teardown(() => removeDir(dir));

  /** A worker script (plain CommonJS) with this body. */
  function script(name: string, body: string): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `const { parentPort, workerData } = require('node:worker_threads');\n${body}\n`);
    return file;
  }

  test('resolves with the result, after the progress messages', async () => {
    const seen: unknown[] = [];
    const result = await runWorker<number, { readonly n: number }>(
      script('done.js', "parentPort.postMessage({ type: 'progress', n: 1 }); parentPort.postMessage({ type: 'done', result: workerData * 2 });"),
      { name: 'test', workerData: 21, onProgress: (m) => seen.push(m.n) },
    );
    assert.equal(result, 42);
    assert.deepEqual(seen, [1]);
  });

  test('rejects with the error message the worker posts', async () => {
    await assert.rejects(runWorker(script('error.js', "parentPort.postMessage({ type: 'error', message: 'bad input' });"), { name: 'test', label: 'a.jsonl' }), /^Error: a\.jsonl: bad input$/);
  });

  test('rejects when the worker throws', async () => {
    await assert.rejects(runWorker(script('throw.js', "throw new Error('boom');"), { name: 'test' }), /boom/);
  });

  test('rejects when the worker exits without a message, with code 0 or not', async () => {
    await assert.rejects(runWorker(script('silent.js', ''), { name: 'validation', label: 'a.jsonl' }), /a\.jsonl: the validation worker exited \(code 0\) without a result/);
    await assert.rejects(runWorker(script('exit3.js', 'process.exit(3);'), { name: 'validation' }), /the validation worker exited \(code 3\) without a result/);
  });

  test('an abort terminates the worker and rejects with the reason', async () => {
    const controller = new AbortController();
    const running = runWorker(script('forever.js', "parentPort.postMessage({ type: 'progress' }); setInterval(() => {}, 1000);"), {
      name: 'test', signal: controller.signal, onProgress: () => controller.abort(new Error('stop')),
    });
    await assert.rejects(running, /^Error: stop$/);
    const already = new AbortController();
    already.abort(new Error('before'));
    await assert.rejects(runWorker(script('never.js', ''), { name: 'test', signal: already.signal }), /^Error: before$/);
  });

  test('validateAll rejects when the validation worker exits without a message (the checks would never start)', async () => {
    fs.writeFileSync(path.join(dir, 'a.jsonl'), '{"question":"1+1?","answer":"#### 2"}\n');
    const store = await CurationStore.open(dir, { reviewer: 'ana' });
    try {
      await assert.rejects(store.validateAll({ workerScript: script('silent.js', '') }), /a\.jsonl: the validation worker exited \(code 0\) without a result/);
    } finally {
      await store.close();
    }
  });

  test('the checks and index launchers reject on a silent exit too', async () => {
    const silent = script('silent.js', '');
    await assert.rejects(runChecksInWorker(silent, { sources: [], threshold: 0.8, benchmarks: [] }), /the checks worker exited \(code 0\) without a result/);
    const file = path.join(dir, 'b.jsonl');
    fs.writeFileSync(file, '{"a":1}\n{"a":2}\n');
    await assert.rejects(buildLineIndexInWorkers(file, { workerScript: silent, workers: 2 }), /the index worker exited \(code 0\) without a result/);
  });
});
