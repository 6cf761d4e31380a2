// An export file's SHA-256 taken on a worker thread equals the file's own hash, whatever the chunks.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HashedFile, NODE_EXPORT_FS } from '../../src/core/export/exportFolder';
import { fileHashOnWorker } from '../../src/core/export/fileHash';
import { ROOT } from '../../testkit/workbench/paths';
import { makeTempDir, removeDir } from './fixtureFiles';

const HASH_WORKER = path.join(ROOT, 'out', 'hashWorker.js');

suite('fileHash', () => {
  let dir: string;
  setup(() => {
    dir = makeTempDir('file-hash');
  });
  teardown(() => removeDir(dir));

  test('HashedFile with the worker hash: full buffers, short lines, lines longer than a buffer, non-ASCII — the digest is the file\'s', async () => {
    const file = new HashedFile(NODE_EXPORT_FS, path.join(dir, 'train.jsonl'), 'train.jsonl', fileHashOnWorker(HASH_WORKER, 'train.jsonl'));
    const lineHashes: string[] = [];
    for (let i = 0; i < 4000; i++) {
      const text = i % 1000 === 7 ? 'ж'.repeat(600_000) : JSON.stringify({ i, text: `é${'x'.repeat((i * 131) % 3000)}` });
      lineHashes.push(file.writeLine(text, true));
    }
    const written = await file.finish();
    const bytes = fs.readFileSync(path.join(dir, 'train.jsonl'));
    assert.equal(written.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.equal(written.bytes, bytes.length);
    assert.equal(written.lines, 4000);
    // The line hashes are taken before the buffer is handed to the worker.
    const lines = bytes.toString('utf8').split('\n');
    assert.equal(lineHashes[3999], createHash('sha256').update(lines[3999]).digest('hex').slice(0, 16));
    assert.equal(lineHashes[7], createHash('sha256').update(lines[7]).digest('hex').slice(0, 16));
  });

  test('an abandoned worker hash stops its worker and never digests', async () => {
    const hash = fileHashOnWorker(HASH_WORKER, 'x.jsonl');
    hash.update(Buffer.from('abc'), false);
    hash.abandon();
    await assert.rejects(hash.digest(), /abandoned/);
  });
});
