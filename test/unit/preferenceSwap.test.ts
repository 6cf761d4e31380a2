// Shift+X's recorded swap: a preference pair's sides exchanged as a revision (prompt and tools
// kept), refused with the reason for anything that is not a pair; the revision is undone like any.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { swapChosenRejected } from '../../src/core/formats/preferenceSwap';
import { fromNormalizedJson, toNormalizedJson } from '../../src/core/formats/normalizedJson';
import type { NormalizedSample } from '../../src/core/formats/sampleModel';
import { ExportTestStores } from './exportTestStores';

const t = new ExportTestStores();

suite('preferenceSwap', () => {
  teardown(() => t.cleanup());

  test('the sides are exchanged; prompt and tools are kept; a chat is refused with the reason', () => {
    const pair: NormalizedSample = {
      kind: 'preference', prompt: [{ role: 'user', content: 'Q?' }], chosen: [{ role: 'assistant', content: 'good' }],
      rejected: [{ role: 'assistant', content: 'bad' }], tools: [{ name: 't' }],
    };
    assert.deepEqual(swapChosenRejected(pair), { ...pair, chosen: pair.rejected, rejected: pair.chosen });
    assert.equal(swapChosenRejected({ kind: 'chat', turns: [] }), 'a chat sample has no chosen and rejected answers to swap');
    assert.match(swapChosenRejected(undefined) as string, /not readable/);
  });

  test('in a store: a revision in the journal, undone by undo', async () => {
    const line = JSON.stringify({ prompt: 'Which is right?', chosen: 'The first.', rejected: 'The second.' });
    const dir = t.tempDir('swap');
    fs.writeFileSync(path.join(dir, 'pairs.jsonl'), `${line}\n`);
    const store = await t.openStore(dir);
    const before = store.sample(0).normalized as Extract<NormalizedSample, { kind: 'preference' }>;
    assert.equal(before.kind, 'preference');
    const swapped = swapChosenRejected(before) as NormalizedSample;
    await store.addRevision(0, toNormalizedJson(swapped), store.idAt(0));
    const after = fromNormalizedJson(store.revisionsAt(0)[0]) as typeof before;
    assert.deepEqual([after.chosen, after.rejected], [before.rejected, before.chosen]);
    assert.equal(store.annotationsAt(0).revision, 1);
    await store.undo();
    assert.equal(store.annotationsAt(0).revision, 0, 'undo withdraws the swap');
    assert.deepEqual(store.sample(0).normalized, before);
  });
});
