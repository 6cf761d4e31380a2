// The identity table is saved beside the indexes and read back on reopen; a damaged or stale one is
// never used, and a store with repeated records keeps building its table.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CURATOR_DIR, CurationStore } from '../../src/core/store/curationStore';
import { sampleTablePath } from '../../src/core/store/sampleTableCache';
import { makeTempDir, removeDir } from './fixtureFiles';

const lines = (n: number, tag = '') => Array.from({ length: n }, (_, i) => JSON.stringify({ instruction: `q${tag}${i}`, output: `a${i}` }));

async function idsOf(dir: string): Promise<{ ids: string[]; found: (number | undefined)[] }> {
  const store = await CurationStore.open(dir, { reviewer: 'ana' });
  try {
    const ids = Array.from({ length: store.size }, (_, i) => store.idAt(i));
    return { ids, found: ids.map((id) => store.indexOfId(id)) };
  } finally {
    await store.close();
  }
}

suite('sampleTableCache', () => {
  let dir: string;
  setup(() => {
    dir = makeTempDir('table-cache');
  });
  teardown(() => removeDir(dir));

  test('saved on the first open, read on the next: the same identities and lookups', async () => {
    fs.writeFileSync(path.join(dir, 'a.jsonl'), `${lines(500).join('\n')}\n`);
    fs.writeFileSync(path.join(dir, 'b.jsonl'), `${lines(300, 'b').join('\n')}\n`);
    const first = await idsOf(dir);
    const table = sampleTablePath(path.join(dir, CURATOR_DIR));
    assert.ok(fs.existsSync(table), 'the table is saved by the time the store is closed');
    const saved = fs.statSync(table).mtimeMs;
    const second = await idsOf(dir);
    assert.deepEqual(second, first);
    assert.deepEqual(second.found, second.ids.map((_, i) => i));
    assert.equal(fs.statSync(table).mtimeMs, saved, 'a table that was read is not written again');
  });

  test('a damaged table is not used: every sample is still found at its own index', async () => {
    fs.writeFileSync(path.join(dir, 'a.jsonl'), `${lines(400).join('\n')}\n`);
    const first = await idsOf(dir);
    const table = sampleTablePath(path.join(dir, CURATOR_DIR));
    const raw = fs.readFileSync(table);
    raw.fill(0, 64); // every slot now names sample 0
    fs.writeFileSync(table, raw);
    const again = await idsOf(dir);
    assert.deepEqual(again.found, first.ids.map((_, i) => i));
  });

  test('a table whose slots were shuffled (every entry still in range) fails the spot checks and is not used', async () => {
    fs.writeFileSync(path.join(dir, 'a.jsonl'), `${lines(400).join('\n')}\n`);
    const first = await idsOf(dir);
    const table = sampleTablePath(path.join(dir, CURATOR_DIR));
    const raw = fs.readFileSync(table);
    const cap = raw.readUInt32LE(12);
    const slots = Buffer.from(raw.subarray(64, 64 + 4 * cap));
    for (let k = 0; k < cap; k++) raw.writeInt32LE(slots.readInt32LE(4 * ((k + 7) % cap)), 64 + 4 * k);
    fs.writeFileSync(table, raw);
    const again = await idsOf(dir);
    assert.deepEqual(again.found, first.ids.map((_, i) => i));
  });

  test('a source changed since the table was saved: the table is built again for the new records', async () => {
    fs.writeFileSync(path.join(dir, 'a.jsonl'), `${lines(200).join('\n')}\n`);
    await idsOf(dir);
    fs.writeFileSync(path.join(dir, 'a.jsonl'), `${lines(200, 'x').join('\n')}\n`);
    const again = await idsOf(dir);
    assert.deepEqual(again.found, again.ids.map((_, i) => i));
  });

  test('repeated records: no table is saved (their identities are derived), and lookups stay right', async () => {
    const l = lines(50);
    fs.writeFileSync(path.join(dir, 'a.jsonl'), `${[...l, ...l].join('\n')}\n`);
    const first = await idsOf(dir);
    assert.ok(!fs.existsSync(sampleTablePath(path.join(dir, CURATOR_DIR))));
    assert.equal(new Set(first.ids).size, 100, 'each copy has its own identity');
    assert.deepEqual(first.found, first.ids.map((_, i) => i));
  });
});
