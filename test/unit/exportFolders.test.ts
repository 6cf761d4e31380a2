// The Exports view's list: export folders found by their manifests naming the store.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findExportFolders } from '../../src/core/store/exportFolders';
import { makeTempDir, removeDir } from './fixtureFiles';

function writeExport(parent: string, name: string, manifest: Record<string, unknown>): string {
  const folder = path.join(parent, name);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify(manifest));
  return folder;
}

suite('export folders', () => {
  let dir: string;
  setup(() => {
    dir = makeTempDir('exports');
  });
  teardown(() => removeDir(dir));

  test('finds this store\'s exports under each parent once, newest first; skips other stores, broken manifests and plain folders', () => {
    const a = writeExport(dir, 'old', { store: 'demo', exportedAt: '2026-01-01T00:00:00Z', format: 'openai-chat', counts: { exported: 3 } });
    const b = writeExport(dir, 'new', { store: 'demo', exportedAt: '2026-02-01T00:00:00Z', format: 'trl-sft', counts: { exported: 7 }, parquet: { codec: 'SNAPPY' } });
    writeExport(dir, 'other', { store: 'someone-else', exportedAt: '2026-03-01T00:00:00Z', format: 'openai-chat', counts: { exported: 1 } });
    fs.mkdirSync(path.join(dir, 'broken'));
    fs.writeFileSync(path.join(dir, 'broken', 'manifest.json'), '{ not json');
    fs.mkdirSync(path.join(dir, 'plain'));
    const found = findExportFolders([dir, dir + path.sep, path.join(dir, 'missing')], 'demo');
    assert.deepEqual(found.map((f) => f.folder), [b, a]);
    assert.deepEqual(found.map((f) => [f.format, f.exported, f.fileType]), [['trl-sft', 7, 'parquet'], ['openai-chat', 3, 'jsonl']]);
    assert.equal(found[0].manifestPath, path.join(b, 'manifest.json'));
  });
});
