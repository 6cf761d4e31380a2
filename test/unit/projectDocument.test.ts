// The project document and its durable JSON adapter: atomic writes, refusing corrupt or newer files.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileDurably } from '../../src/core/journal/durableWrite';
import { FsyncedJsonFile } from '../../src/core/journal/fsyncedJsonFile';
import { openProjectDocument, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../src/core/store/projectDocument';
import { makeTempDir, removeDir } from './fixtureFiles';

suite('fsyncedJsonFile', () => {
  let dir: string;
  setup(() => {
    dir = makeTempDir('fsynced');
  });
  teardown(() => removeDir(dir));

  test('writeFileDurably replaces the file and leaves no temp file behind', () => {
    const file = path.join(dir, 'doc.json');
    fs.writeFileSync(file, 'old contents');
    writeFileDurably(file, 'new ✓');
    assert.equal(fs.readFileSync(file, 'utf8'), 'new ✓');
    writeFileDurably(file, Buffer.from([1, 2, 3]));
    assert.deepEqual([...fs.readFileSync(file)], [1, 2, 3]);
    assert.deepEqual(fs.readdirSync(dir), ['doc.json']);
  });

  test('the adapter writes pretty JSON ending in a newline that reads back equal', async () => {
    const adapter = new FsyncedJsonFile<{ a: number[]; b: string }>(path.join(dir, 'x.json'));
    assert.equal(await adapter.read(), null, 'a missing file reads as null');
    await adapter.write({ a: [1, 2], b: 'ü' });
    const text = fs.readFileSync(adapter.path, 'utf8');
    assert.ok(text.endsWith('}\n'));
    assert.deepEqual(JSON.parse(text), { a: [1, 2], b: 'ü' });
    assert.deepEqual(await adapter.read(), { a: [1, 2], b: 'ü' });
    assert.deepEqual(fs.readdirSync(dir), ['x.json']);
  });

  test('invalid JSON is an error naming the path, and the file is not touched', async () => {
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, '{"a": [1, 2');
    const adapter = new FsyncedJsonFile(file);
    await assert.rejects(adapter.read(), (e: Error) => e.message.includes(file) && /not valid JSON/.test(e.message));
    assert.equal(fs.readFileSync(file, 'utf8'), '{"a": [1, 2');
  });
});

suite('projectDocument', () => {
  let dir: string;
  let file: string;
  const NOW = new Date(Date.UTC(2026, 1, 3, 4, 5, 6));
  setup(() => {
    dir = makeTempDir('project');
    file = path.join(dir, 'project.json');
  });
  teardown(() => removeDir(dir));

  test('a missing document starts from defaults and is written durably on write', async () => {
    const db = await openProjectDocument(file, 'my-store', NOW);
    const defaults: ProjectDocument = { schema: PROJECT_SCHEMA_VERSION, name: 'my-store', createdAt: NOW.toISOString(), sources: [], reviewers: [] };
    assert.deepEqual(db.data, defaults);
    db.data.reviewers.push('ana');
    await db.write();
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { ...db.data, reviewers: ['ana'] });
    assert.deepEqual(fs.readdirSync(dir), ['project.json']);
  });

  test('an existing document is read back as written', async () => {
    const doc: ProjectDocument = { schema: 1, name: 'n', createdAt: NOW.toISOString(), sources: [{ path: 'a.jsonl', format: 'qa', firstSeen: NOW.toISOString() }], reviewers: ['bo'] };
    fs.writeFileSync(file, JSON.stringify(doc));
    const db = await openProjectDocument(file, 'other-name');
    assert.deepEqual(db.data, doc);
  });

  test('a corrupt document is refused with its path named and left unchanged', async () => {
    fs.writeFileSync(file, '{"schema": 1, "name": "x",');
    await assert.rejects(openProjectDocument(file, 'x'), (e: Error) => e.message.includes(file));
    assert.equal(fs.readFileSync(file, 'utf8'), '{"schema": 1, "name": "x",');
    assert.deepEqual(fs.readdirSync(dir), ['project.json']);
  });

  test('a document from a newer schema is refused and left unchanged', async () => {
    const newer = JSON.stringify({ schema: PROJECT_SCHEMA_VERSION + 1, name: 'n', createdAt: NOW.toISOString(), sources: [], reviewers: [] });
    fs.writeFileSync(file, newer);
    await assert.rejects(
      openProjectDocument(file, 'n'),
      (e: Error) => e.message.includes(file) && e.message.includes(`schema ${PROJECT_SCHEMA_VERSION + 1}`),
    );
    assert.equal(fs.readFileSync(file, 'utf8'), newer);
  });
});
