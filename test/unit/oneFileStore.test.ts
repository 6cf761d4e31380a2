// A one-file store ("Open With… Sample Curator" on a file): only that file is a source, and the
// store is the file's own folder, so its decisions land in the `.curator/` beside the file — the
// one the whole folder's store reads, where the reviewer finds them when opening the folder later.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CURATOR_DIR, CurationStore } from '../../src/core/store/curationStore';
import { storeFileList } from '../../src/core/store/storeSamples';
import { DEMO_STORE, makeTempDir, removeDir } from './fixtureFiles';

const FILES = ['alpaca_seed_tasks_first80.jsonl', 'gsm8k_test_first120.jsonl'];

suite('one-file store', () => {
  let dir: string;
  const stores: CurationStore[] = [];
  setup(() => {
    dir = makeTempDir('one-file');
    for (const name of FILES) fs.copyFileSync(path.join(DEMO_STORE, name), path.join(dir, name));
  });
  teardown(async () => {
    while (stores.length) await stores.pop()?.close();
    removeDir(dir);
  });
  const open = async (only?: string) => {
    const store = await CurationStore.open(dir, { reviewer: 'ana', ...(only ? { only } : {}) });
    stores.push(store);
    return store;
  };

  test('storeFileList with only: that file alone; a file that is no sample file is a problem, not a source', () => {
    assert.deepEqual(storeFileList(dir).names, FILES);
    assert.deepEqual(storeFileList(dir, FILES[1]), { names: [FILES[1]], problems: [] });
    fs.writeFileSync(path.join(dir, 'config.json'), '{"not": "samples"}\n');
    const notArray = storeFileList(dir, 'config.json');
    assert.deepEqual(notArray.names, []);
    assert.match(notArray.problems[0], /^config\.json: a JSON file is read as samples only when it holds an array/);
    assert.deepEqual(storeFileList(dir, '../elsewhere.jsonl').names, [], 'a name outside the folder is refused');
    assert.deepEqual(storeFileList(dir, 'notes.txt').names, []);
  });

  test('opening one file: its samples only; a decision lands in the .curator/ beside the file, and the folder store sees it', async () => {
    const one = await open(FILES[1]);
    assert.deepEqual(one.sourcePaths, [FILES[1]]);
    assert.equal(one.size, 120);
    assert.equal(one.folder, dir);
    await one.decide(0, 'accepted', one.idAt(0));
    const id = one.idAt(0);
    assert.equal(path.dirname(path.dirname(one.journalPath)), path.join(dir, CURATOR_DIR), 'the journal is in the file\'s folder');
    assert.ok(fs.readFileSync(one.journalPath, 'utf8').includes('"accepted"'));
    assert.deepEqual(fs.readdirSync(dir).filter((n) => n.startsWith('.')), [CURATOR_DIR], 'no other state folder');
    await stores.pop()?.close();

    // The folder opened as a whole: the same decision on the same sample (by content, now at 80 + 0).
    const all = await open();
    assert.equal(all.size, 200);
    const at = all.indexOfId(id);
    assert.equal(at, 80);
    assert.equal(all.verdictAt(at ?? -1), 'accepted');
    assert.equal(all.counts().accepted, 1);
  });
});
