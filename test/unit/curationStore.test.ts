// The curation store over a temp copy of the demo store plus the edge cases (304 samples).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CURATOR_DIR, CurationStore, journalFileName, type Indexer } from '../../src/core/curationStore';
import { sourceKey } from '../../src/core/indexCache';
import type { JournalEvent } from '../../src/core/journalEvents';
import { buildLineIndexAsync } from '../../src/core/lineIndex';
import type { ProjectDocument } from '../../src/core/projectDocument';
import { DEMO_STORE, EDGE_CASES, demoLines, fixtureLines, makeTempDir, removeDir, sha16 } from './fixtureFiles';

const DEMO_FILES = ['alpaca_seed_tasks_first80.jsonl', 'gsm8k_test_first120.jsonl', 'hh_rlhf_harmless_test_first100.jsonl'];
const NOW = new Date(Date.UTC(2026, 4, 6, 7, 8, 9));
const REVIEWER = 'ana';

/** Copies the fixtures (and a file the store must ignore) into a fresh folder. */
function makeStoreFolder(): string {
  const dir = makeTempDir('store');
  for (const name of DEMO_FILES) fs.copyFileSync(path.join(DEMO_STORE, name), path.join(dir, name));
  fs.copyFileSync(EDGE_CASES, path.join(dir, 'zz_edge_cases.jsonl'));
  fs.copyFileSync(path.join(DEMO_STORE, 'SOURCES.md'), path.join(dir, 'SOURCES.md'));
  fs.writeFileSync(path.join(dir, 'notes.txt'), '{"question":"not a sample file","answer":"x"}\n');
  return dir;
}

function open(dir: string): Promise<CurationStore> {
  return CurationStore.open(dir, { reviewer: REVIEWER, now: () => NOW });
}

function journalEvents(store: CurationStore): JournalEvent[] {
  return fs.readFileSync(store.journalPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as JournalEvent);
}

suite('curationStore', () => {
  let dir: string;
  let store: CurationStore | undefined;
  setup(() => {
    dir = makeStoreFolder();
  });
  teardown(async () => {
    await store?.close();
    store = undefined;
    removeDir(dir);
  });

  test('indexes the 304 samples of the .jsonl files only, sorted by name, all pending', async () => {
    store = await open(dir);
    assert.equal(store.size, 304);
    assert.deepEqual(store.sourcePaths, [...DEMO_FILES, 'zz_edge_cases.jsonl']);
    assert.deepEqual(store.counts(), { pending: 304, accepted: 0, rejected: 0, skipped: 0, total: 304 });
    assert.deepEqual(store.problems, []);
    assert.equal(store.name, path.basename(dir));
  });

  test('rows name their source file, line and content hash', async () => {
    store = await open(dir);
    const gsm = demoLines('gsm8k_test_first120.jsonl');
    const row = store.row(80 + 4);
    assert.equal(row.source, 'gsm8k_test_first120.jsonl');
    assert.equal(row.line, 5);
    assert.equal(row.kind, 'qa');
    assert.equal(row.id, sha16(gsm[4]));
    // A long question: the preview is its first 159 characters (whitespace collapsed) and an ellipsis.
    assert.equal(row.preview, `${JSON.parse(gsm[4]).question.replace(/\s+/g, ' ').slice(0, 159)}…`);
    const sample = store.sample(80 + 4);
    assert.equal(sample.raw, gsm[4]);
    assert.equal(sample.format, 'qa');
    assert.equal(store.indexOfId(row.id), 84);
  });

  test('the invalid JSON line is an "invalid" row whose error names zz_edge_cases.jsonl:3', async () => {
    store = await open(dir);
    const edge = fixtureLines(EDGE_CASES);
    const s = store.sample(302);
    assert.equal(s.row.kind, 'invalid');
    assert.equal(s.row.line, 3);
    assert.ok(s.error?.startsWith('zz_edge_cases.jsonl:3: '), s.error);
    assert.equal(s.row.preview, s.error);
    assert.equal(s.raw, edge[2]);
    assert.equal(s.normalized, undefined);
    assert.equal(store.row(301).kind, 'chat');
    assert.equal(store.row(303).kind, 'preference');
  });

  test('an index out of range is a RangeError', async () => {
    store = await open(dir);
    const s = store;
    for (const bad of [-1, 304, 1.5]) assert.throws(() => s.row(bad), RangeError);
  });

  test('decide writes a journal line with the sample\'s content hash and moves the counts', async () => {
    store = await open(dir);
    const changedEvents: number[][] = [];
    store.onDidChange((changed) => changedEvents.push([...changed]));
    const alpaca = demoLines('alpaca_seed_tasks_first80.jsonl');
    assert.deepEqual(await store.decide(1, 'accepted'), [1]);
    assert.equal(path.basename(store.journalPath), journalFileName(REVIEWER));
    assert.equal(path.dirname(store.journalPath), path.join(dir, CURATOR_DIR, 'journal'));
    assert.deepEqual(journalEvents(store), [
      { v: 1, seq: 1, at: NOW.toISOString(), reviewer: REVIEWER, type: 'verdict', sample: sha16(alpaca[1]), verdict: 'accepted' },
    ]);
    assert.equal(store.verdictAt(1), 'accepted');
    assert.equal(store.row(1).verdict, 'accepted');
    assert.equal(store.verdictAt(0), 'pending');
    assert.deepEqual(store.counts(), { pending: 303, accepted: 1, rejected: 0, skipped: 0, total: 304 });
    assert.deepEqual(changedEvents, [[1]]);
    await store.decide(1, 'rejected');
    assert.deepEqual(store.counts(), { pending: 303, accepted: 0, rejected: 1, skipped: 0, total: 304 });
  });

  test('reopening restores verdicts and counts from the journal', async () => {
    store = await open(dir);
    await Promise.all([store.decide(0, 'accepted'), store.decide(150, 'rejected'), store.decide(303, 'skipped')]);
    await store.close();
    store = await open(dir);
    assert.equal(store.verdictAt(0), 'accepted');
    assert.equal(store.verdictAt(150), 'rejected');
    assert.equal(store.verdictAt(303), 'skipped');
    assert.equal(store.verdictAt(1), 'pending');
    assert.deepEqual(store.counts(), { pending: 301, accepted: 1, rejected: 1, skipped: 1, total: 304 });
  });

  test('undo withdraws the last verdict durably and restores the one before it', async () => {
    store = await open(dir);
    await store.decide(5, 'accepted');
    await store.decide(5, 'rejected');
    const result = await store.undo();
    assert.deepEqual(result, { index: 5, changed: [5] });
    assert.equal(store.verdictAt(5), 'accepted');
    const events = journalEvents(store);
    assert.deepEqual(events.map((e) => e.type), ['verdict', 'verdict', 'undo']);
    assert.equal(events[2].type === 'undo' && events[2].undoes, events[1].seq);
    await store.undo();
    assert.equal(store.verdictAt(5), 'pending');
    assert.equal(await store.undo(), undefined, 'nothing left to undo');
    assert.equal(journalEvents(store).length, 4);
    await store.close();
    store = await open(dir);
    assert.equal(store.verdictAt(5), 'pending');
    assert.equal(store.counts().pending, 304);
  });

  test('undo right after concurrent decisions withdraws the latest one', async () => {
    store = await open(dir);
    const s = store;
    const [, , undone] = await Promise.all([s.decide(10, 'accepted'), s.decide(11, 'rejected'), s.undo()]);
    assert.equal(undone?.index, 11);
    assert.equal(s.verdictAt(10), 'accepted');
    assert.equal(s.verdictAt(11), 'pending');
  });

  test('nextPending skips decided samples and wraps around', async () => {
    store = await open(dir);
    await store.decide(0, 'accepted');
    await store.decide(1, 'skipped');
    await store.decide(303, 'rejected');
    assert.equal(store.nextPending(0), 2);
    assert.equal(store.nextPending(303), 2);
    assert.equal(store.nextPending(200), 200);
  });

  test('project.json records the sources with their formats and the reviewer', async () => {
    store = await open(dir);
    const doc = JSON.parse(fs.readFileSync(path.join(dir, CURATOR_DIR, 'project.json'), 'utf8')) as ProjectDocument;
    assert.equal(doc.schema, 1);
    assert.equal(doc.name, path.basename(dir));
    assert.deepEqual(doc.reviewers, [REVIEWER]);
    for (const source of doc.sources) assert.equal(source.key, sourceKey(path.join(dir, source.path)), `${source.path} key`);
    assert.deepEqual(doc.sources.map(({ key: _key, ...rest }) => rest), [
      { path: 'alpaca_seed_tasks_first80.jsonl', format: 'self-instruct-seed', firstSeen: NOW.toISOString() },
      { path: 'gsm8k_test_first120.jsonl', format: 'qa', firstSeen: NOW.toISOString() },
      { path: 'hh_rlhf_harmless_test_first100.jsonl', format: 'hh-rlhf', firstSeen: NOW.toISOString() },
      { path: 'zz_edge_cases.jsonl', format: 'openai-chat', firstSeen: NOW.toISOString() },
    ]);
  });

  test('a second reviewer is added to project.json without duplicating sources', async () => {
    store = await open(dir);
    await store.close();
    store = await CurationStore.open(dir, { reviewer: 'bo', now: () => NOW });
    const doc = JSON.parse(fs.readFileSync(path.join(dir, CURATOR_DIR, 'project.json'), 'utf8')) as ProjectDocument;
    assert.deepEqual(doc.reviewers, [REVIEWER, 'bo']);
    assert.equal(doc.sources.length, 4);
    assert.equal(store.counts().pending, 304, 'the other reviewer\'s verdicts are separate');
  });

  test('a corrupt project.json stops the open and is left as it was', async () => {
    const projectPath = path.join(dir, CURATOR_DIR, 'project.json');
    fs.mkdirSync(path.dirname(projectPath), { recursive: true });
    fs.writeFileSync(projectPath, '{"schema":1,"name":');
    await assert.rejects(open(dir), (e: Error) => e.message.includes(projectPath));
    assert.equal(fs.readFileSync(projectPath, 'utf8'), '{"schema":1,"name":');
  });

  // Valid JSON that is not a project document is just as corrupt as a half-written file.
  test('a project.json of the wrong shape stops the open with an error naming it, left unchanged', async () => {
    const projectPath = path.join(dir, CURATOR_DIR, 'project.json');
    fs.mkdirSync(path.dirname(projectPath), { recursive: true });
    for (const content of ['[]', '"text"', '{"schema":1}']) {
      fs.writeFileSync(projectPath, content);
      await assert.rejects(open(dir), (e: Error) => e.message.includes(projectPath), content);
      assert.equal(fs.readFileSync(projectPath, 'utf8'), content);
    }
  });
});

suite('curationStore: duplicate samples', () => {
  let dir: string;
  let store: CurationStore | undefined;
  teardown(async () => {
    await store?.close();
    store = undefined;
    removeDir(dir);
  });

  test('identical lines share one verdict and both move the counts', async () => {
    dir = makeTempDir('store-dup');
    const gsm = demoLines('gsm8k_test_first120.jsonl');
    fs.writeFileSync(path.join(dir, 'a.jsonl'), `${gsm[0]}\n${gsm[1]}\n`);
    fs.writeFileSync(path.join(dir, 'b.jsonl'), `${gsm[2]}\r\n${gsm[0]}\r\n`);
    store = await open(dir);
    assert.equal(store.size, 4);
    assert.equal(store.row(0).id, store.row(3).id);
    assert.equal(store.indexOfId(store.row(3).id), 0);
    const notified: number[][] = [];
    store.onDidChange((c) => notified.push([...c]));

    assert.deepEqual(await store.decide(3, 'rejected'), [0, 3]);
    assert.equal(store.verdictAt(0), 'rejected');
    assert.equal(store.verdictAt(3), 'rejected');
    assert.deepEqual(store.counts(), { pending: 2, accepted: 0, rejected: 2, skipped: 0, total: 4 });
    assert.deepEqual(notified, [[0, 3]]);
    assert.equal(store.nextPending(0), 1);
    assert.equal(store.nextPending(3), 1);

    await store.undo();
    assert.deepEqual(store.counts(), { pending: 4, accepted: 0, rejected: 0, skipped: 0, total: 4 });
  });

  test('an empty folder is an empty store with nothing pending', async () => {
    dir = makeTempDir('store-empty');
    store = await open(dir);
    assert.equal(store.size, 0);
    assert.equal(store.nextPending(0), undefined);
    assert.deepEqual(store.counts(), { pending: 0, accepted: 0, rejected: 0, skipped: 0, total: 0 });
  });

  test('nextPending is undefined once every sample has a verdict', async () => {
    dir = makeTempDir('store-done');
    fs.writeFileSync(path.join(dir, 'a.jsonl'), '{"question":"1","answer":"a"}\n{"question":"2","answer":"b"}\n');
    store = await open(dir);
    const s = store;
    await Promise.all([s.decide(0, 'accepted'), s.decide(1, 'skipped')]);
    assert.equal(s.nextPending(0), undefined);
  });
});

suite('curationStore: journalFileName', () => {
  test('reviewer names become safe file names', () => {
    assert.equal(journalFileName('ana'), 'ana.jsonl');
    assert.equal(journalFileName('Ana María/../x'), 'Ana_Mar_a_.._x.jsonl');
    assert.equal(journalFileName('..hidden'), '_hidden.jsonl');
    assert.equal(journalFileName(''), 'reviewer.jsonl');
    for (const name of ['a/b', 'a\\b', '../..', 'x:y']) assert.doesNotMatch(journalFileName(name), /[/\\:]|^\./);
  });
});

suite('curationStore: saved indexes and changed sources', () => {
  let dir: string;
  let store: CurationStore | undefined;
  setup(() => {
    dir = makeTempDir('store-index');
    fs.writeFileSync(path.join(dir, 'a.jsonl'), '{"question":"1+1?","answer":"#### 2"}\n{"question":"2+2?","answer":"#### 4"}\n');
  });
  teardown(async () => {
    await store?.close();
    store = undefined;
    removeDir(dir);
  });

  test('reopening an unchanged store reuses the saved index instead of indexing again', async () => {
    let indexed = 0;
    const indexer: Indexer = (p, onProgress, signal) => {
      indexed++;
      return buildLineIndexAsync(p, { onProgress, signal });
    };
    store = await CurationStore.open(dir, { reviewer: 'ana', indexer });
    await store.close();
    store = await CurationStore.open(dir, { reviewer: 'ana', indexer });
    assert.equal(indexed, 1);
    assert.equal(store.size, 2);
    assert.deepEqual(store.problems, []);
  });

  test('a source changed on disk is re-indexed and reported; decisions follow the sample by content', async () => {
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    await store.decide(1, 'accepted');
    await store.close();
    // The accepted line moves to line 3 and a new line takes line 1.
    fs.writeFileSync(path.join(dir, 'a.jsonl'), '{"question":"3+3?","answer":"#### 6"}\n{"question":"1+1?","answer":"#### 2"}\n{"question":"2+2?","answer":"#### 4"}\n');
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    assert.equal(store.size, 3);
    assert.match(store.problems.map((p) => `${p.source}: ${p.message}`).join('\n'), /^a\.jsonl: changed on disk/);
    assert.deepEqual([0, 1, 2].map((i) => store!.verdictAt(i)), ['pending', 'pending', 'accepted']);
    assert.equal(store.row(2).line, 3);
  });
});
