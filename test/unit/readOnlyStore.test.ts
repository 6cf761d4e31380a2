// A store opened read-only (an untrusted workspace, issue 12 finding 10) writes nothing into the
// folder: no .curator/, no index cache, no project document, no journal; and a store whose
// journal another process holds opens read-only, follows it, and never cuts it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CURATOR_DIR, CurationStore } from '../../src/core/store/curationStore';
import { DEMO_STORE, makeTempDir, removeDir } from './fixtureFiles';

const REVIEWER = 'Иван';

function folderWithSamples(): string {
  const dir = makeTempDir('read-only-store');
  fs.copyFileSync(path.join(DEMO_STORE, 'gsm8k_test_first120.jsonl'), path.join(dir, 'gsm8k.jsonl'));
  return dir;
}

function listing(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String).sort();
}

suite('read-only stores', () => {
  test('an untrusted workspace: the samples open, nothing is written, decisions are refused', async () => {
    const dir = folderWithSamples();
    try {
      const before = listing(dir);
      const store = await CurationStore.open(dir, { reviewer: REVIEWER, readOnly: true });
      assert.equal(store.size, 120);
      assert.equal(store.readOnly?.reason, 'requested');
      await assert.rejects(store.decide(0, 'accepted'), /nothing was recorded/);
      await assert.rejects(store.setSourceDefaults('gsm8k.jsonl', {}), /nothing was recorded/);
      await store.close();
      assert.deepEqual(listing(dir), before, 'not a file was added');
      assert.equal(fs.existsSync(path.join(dir, CURATOR_DIR)), false);
    } finally {
      removeDir(dir);
    }
  });

  test('a trusted store in another window: this one is read-only, sees its decisions, leaves its journal whole', async () => {
    const dir = folderWithSamples();
    try {
      const writer = await CurationStore.open(dir, { reviewer: REVIEWER });
      await writer.decide(3, 'accepted');
      const reader = await CurationStore.open(dir, { reviewer: REVIEWER });
      assert.equal(reader.readOnly?.reason, 'locked');
      assert.match(reader.problems[0].message, /^Read-only: Иван's decisions are being recorded by another window/);
      assert.equal(reader.verdictAt(3), 'accepted');
      const seen: number[][] = [];
      reader.onDidChange((changed) => seen.push([...changed]));
      await writer.decide(5, 'rejected');
      await reader.refresh();
      assert.equal(reader.verdictAt(5), 'rejected');
      assert.deepEqual(seen, [[5]], 'listeners hear which samples changed');
      await reader.close();
      await writer.decide(6, 'skipped');
      await writer.close();
      const again = await CurationStore.open(dir, { reviewer: REVIEWER });
      assert.deepEqual([again.verdictAt(3), again.verdictAt(5), again.verdictAt(6)], ['accepted', 'rejected', 'skipped']);
      assert.equal(again.readOnly, undefined, 'the lock went with the writer');
      await again.close();
    } finally {
      removeDir(dir);
    }
  });
});
