// The curation store over a temp copy of the demo store plus the edge cases (304 samples).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CURATOR_DIR, CurationStore, journalFileName, type Indexer } from '../../src/core/store/curationStore';
import { fileIdentity } from '../../src/core/ingest/fileIdentity';
import type { JournalEvent } from '../../src/core/journal/journalEvents';
import { buildLineIndexAsync } from '../../src/core/ingest/lineIndex';
import { ROOT } from '../../testkit/workbench/paths';
import type { ProjectDocument } from '../../src/core/store/projectDocument';
import { toNormalizedJson } from '../../src/core/formats/normalizedJson';
import { DEMO_STORE, EDGE_CASES, demoLines, fixtureLines, makeTempDir, removeDir, sha16 } from './fixtureFiles';

const FORMATS_DIR = path.join(ROOT, 'test', 'fixtures', 'formats');
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
    // The edge-case file mixes formats on purpose: per-file detection reports it, naming the lines.
    assert.deepEqual(store.problems.map((p) => p.message), [
      'zz_edge_cases.jsonl: records disagree on the format: openai-chat (line 1) vs sharegpt (line 2) vs trl-preference (line 4); split the file so each holds one format, or fix the odd records',
    ]);
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

  test('an unreadable record cannot be accepted (nothing is written) but can be rejected; it is counted apart while pending', async () => {
    store = await open(dir);
    assert.equal(store.unreadablePending(), 0, 'not known before every record was read');
    const early = store;
    await assert.rejects(() => early.decide(302, 'accepted'), { name: 'UnreadableSampleError' }, 'refused before the record check too (its bytes are read)');
    const files = await store.validateAll();
    assert.deepEqual(files.map((f) => [f.file, f.total]), [['zz_edge_cases.jsonl', 1]]);
    assert.equal(store.unreadablePending(), 1);
    const s = store;
    await assert.rejects(() => s.decide(302, 'accepted', s.idAt(302)), {
      name: 'UnreadableSampleError', message: /^zz_edge_cases\.jsonl:3 cannot be accepted: invalid JSON .+\. Reject or skip it until the line is fixed \(the store reads it again on save\)\.$/,
    });
    assert.equal(fs.existsSync(store.journalPath) ? journalEvents(store).length : 0, 0, 'the refused accept wrote nothing');
    assert.equal(store.verdictAt(302), 'pending');
    await store.decide(301, 'accepted', store.idAt(301)); // its readable neighbour is accepted as ever
    await store.decide(302, 'rejected', store.idAt(302));
    assert.equal(store.verdictAt(302), 'rejected');
    assert.equal(store.unreadablePending(), 0, 'decided: no longer among the pending');
    assert.deepEqual(journalEvents(store).map((e) => (e as { verdict?: string }).verdict), ['accepted', 'rejected']);
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
      { v: 2, seq: 1, at: NOW.toISOString(), reviewer: REVIEWER, type: 'verdict', samples: [sha16(alpaca[1])], verdict: 'accepted' },
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
    for (const source of doc.sources) assert.equal(source.key, fileIdentity(path.join(dir, source.path)).key, `${source.path} key`);
    assert.deepEqual(doc.sources.map(({ key: _key, ...rest }) => rest), [
      { path: 'alpaca_seed_tasks_first80.jsonl', format: 'self-instruct-seed', firstSeen: NOW.toISOString() },
      { path: 'gsm8k_test_first120.jsonl', format: 'qa', firstSeen: NOW.toISOString() },
      { path: 'hh_rlhf_harmless_test_first100.jsonl', format: 'hh-rlhf', firstSeen: NOW.toISOString() },
      { path: 'zz_edge_cases.jsonl', format: 'unknown', firstSeen: NOW.toISOString() },
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

  test('identical lines in two files are separate samples: a verdict on one leaves the other pending', async () => {
    dir = makeTempDir('store-dup');
    const gsm = demoLines('gsm8k_test_first120.jsonl');
    fs.writeFileSync(path.join(dir, 'a.jsonl'), `${gsm[0]}\n${gsm[1]}\n`);
    fs.writeFileSync(path.join(dir, 'b.jsonl'), `${gsm[2]}\r\n${gsm[0]}\r\n`);
    store = await open(dir);
    assert.equal(store.size, 4);
    assert.equal(store.row(0).id, sha16(gsm[0]));
    assert.notEqual(store.row(3).id, store.row(0).id);
    assert.equal(store.contentHashAt(3), store.contentHashAt(0));
    assert.deepEqual(store.indicesOfContentHash(sha16(gsm[0])), [0, 3]);
    assert.equal(store.indexOfId(store.row(3).id), 3);
    assert.deepEqual(store.row(3).copy, { n: 2, contentHash: sha16(gsm[0]) });
    const notified: number[][] = [];
    store.onDidChange((c) => notified.push([...c]));

    assert.deepEqual(await store.decide(3, 'rejected'), [3]);
    assert.equal(store.verdictAt(0), 'pending');
    assert.equal(store.verdictAt(3), 'rejected');
    assert.deepEqual(store.counts(), { pending: 3, accepted: 0, rejected: 1, skipped: 0, total: 4 });
    assert.deepEqual(notified, [[3]]);
    assert.equal(store.nextPending(3), 0);

    assert.deepEqual(await store.undo(), { index: 3, changed: [3] });
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
    assert.match(store.problems.map((p) => p.message).join('\n'), /^a\.jsonl: changed on disk/);
    assert.deepEqual([0, 1, 2].map((i) => store!.verdictAt(i)), ['pending', 'pending', 'accepted']);
    assert.equal(store.row(2).line, 3);
  });
});

suite('curationStore: provenance asked once per file', () => {
  let dir: string;
  let store: CurationStore | undefined;
  setup(() => {
    dir = makeTempDir('store-provenance');
    fs.writeFileSync(path.join(dir, 'known.jsonl'), '{"question":"1+1?","answer":"#### 2","metadata":{"model":"t-70b","license":"MIT"}}\n');
    fs.writeFileSync(path.join(dir, 'unknown.jsonl'), '{"question":"2+2?","answer":"#### 4"}\n');
  });
  teardown(async () => {
    await store?.close();
    store = undefined;
    removeDir(dir);
  });

  test('only files whose records lack model or licence are asked about; the answer travels with each sample and survives reopen', async () => {
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    assert.deepEqual(store.provenanceGaps().map((g) => g.source), ['unknown.jsonl']);
    assert.ok(store.provenanceGaps()[0].missing.includes('licence'));
    assert.equal(store.sample(0).provenance?.model, 't-70b');
    await store.setSourceDefaults('unknown.jsonl', { model: 'teacher-x', licence: 'CC-BY-4.0' });
    await store.close();
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    assert.deepEqual(store.provenanceGaps(), []);
    const p = store.sample(1).provenance;
    assert.equal(p?.model, 'teacher-x');
    assert.equal(p?.licence, 'CC-BY-4.0');
    assert.equal(p?.from.model, 'file');
  });

  test('setting defaults for a file that is not a source is refused', async () => {
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    await assert.rejects(store.setSourceDefaults('nope.jsonl', {}), /nope\.jsonl is not a source/);
  });
});

suite('curationStore: containers', () => {
  let dir: string;
  let store: CurationStore | undefined;
  setup(() => {
    dir = makeTempDir('store-containers');
    for (const name of ['alpaca_array.json', 'sharegpt_conversations.jsonl.gz']) {
      fs.copyFileSync(path.join(FORMATS_DIR, name), path.join(dir, name));
    }
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"not samples"}');
  });
  teardown(async () => {
    await store?.close();
    store = undefined;
    removeDir(dir);
  });

  test('a JSON array and a gzipped JSONL are read; rows name the original file and line; other .json files are ignored', async () => {
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    assert.deepEqual(store.sourcePaths, ['alpaca_array.json', 'sharegpt_conversations.jsonl.gz']);
    const rows = Array.from({ length: store.size }, (_, i) => store!.row(i));
    const arrayRows = rows.filter((r) => r.source === 'alpaca_array.json');
    assert.ok(arrayRows.length >= 2);
    assert.ok(arrayRows.every((r) => r.kind === 'instruction'));
    const text = fs.readFileSync(path.join(dir, 'alpaca_array.json'), 'utf8').split('\n');
    for (const r of arrayRows) assert.match(text[r.line - 1], /\{/, `line ${r.line} of the array file starts a record`);
    assert.ok(rows.some((r) => r.source === 'sharegpt_conversations.jsonl.gz' && r.kind === 'chat'));
  });
});

suite('curationStore: ledger wiring', () => {
  let dir: string;
  let store: CurationStore | undefined;
  setup(() => {
    dir = makeTempDir('store-ledger');
    fs.writeFileSync(path.join(dir, 'a.jsonl'), ['1', '2', '3', '1'].map((n) => `{"question":"${n}?","answer":"#### ${n}"}`).join('\n'));
  });
  teardown(async () => {
    await store?.close();
    store = undefined;
    removeDir(dir);
  });

  test('bulk verdict is one undoable step; redo re-applies it; counts follow', async () => {
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    assert.deepEqual([...(await store.decideMany([0, 1, 2], 'rejected'))].sort(), [0, 1, 2]);
    assert.equal(store.counts().rejected, 3, 'the identical line 4 is a sample of its own and stays pending');
    assert.equal(store.verdictAt(3), 'pending');
    const undone = await store.undo();
    assert.equal(undone?.index, 0);
    assert.equal(store.counts().pending, 4);
    await store.redo();
    assert.equal(store.counts().rejected, 3);
  });

  test('labels, rating, note and revisions are kept per sample and survive reopen; the source is untouched', async () => {
    const before = fs.readFileSync(path.join(dir, 'a.jsonl'));
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    await store.setLabel([1], 'incorrect', true);
    await store.setRating(1, 4);
    await store.setNote(1, 'check the arithmetic');
    await assert.rejects(store.addRevision(1, '{"question":"2?","answer":"#### 2"}'), /"kind" must be one of/);
    await store.addRevision(1, '{"kind":"qa","question":"2?","answer":"#### 2 (fixed)"}');
    await store.close();
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    assert.deepEqual(store.annotationsAt(1), { verdict: 'pending', labels: ['incorrect'], rating: 4, note: 'check the arithmetic', revision: 1 });
    assert.deepEqual(store.revisionsAt(1), ['{"kind":"qa","question":"2?","answer":"#### 2 (fixed)"}']);
    assert.ok(fs.readFileSync(path.join(dir, 'a.jsonl')).equals(before));
  });

  test('decided samples that left the source files are reported, and count again when they come back', async () => {
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    await store.decide(2, 'accepted');
    await store.close();
    const original = fs.readFileSync(path.join(dir, 'a.jsonl'), 'utf8');
    fs.writeFileSync(path.join(dir, 'a.jsonl'), original.replace('{"question":"3?","answer":"#### 3"}\n', ''));
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    assert.ok(store.problems.some((p) => /^1 decided sample is no longer in any source file/.test(p.message)));
    assert.equal(store.counts().accepted, 0);
    await store.close();
    fs.writeFileSync(path.join(dir, 'a.jsonl'), original);
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    assert.equal(store.verdictAt(2), 'accepted');
  });

  test('a torn journal tail is cut and reported by the store', async () => {
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    await store.decide(0, 'accepted');
    const journal = store.journalPath;
    await store.close();
    fs.rmSync(path.join(dir, CURATOR_DIR, 'state'), { recursive: true, force: true });
    fs.appendFileSync(journal, '{"v":2,"seq":2,"at":"x","revi');
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    assert.ok(store.problems.some((p) => /unfinished write .* cut off/.test(p.message)), store.problems.map((p) => p.message).join('\n'));
    assert.equal(store.verdictAt(0), 'accepted');
  });
});

suite('curationStore: edits show the current revision', () => {
  let dir: string;
  let store: CurationStore | undefined;
  const line = (n: string) => `{"question":"${n}?","answer":"#### ${n}"}`;
  setup(() => {
    dir = makeTempDir('store-revisions');
    fs.writeFileSync(path.join(dir, 'a.jsonl'), `${['1', '2', '1'].map(line).join('\n')}\n`);
  });
  teardown(async () => {
    await store?.close();
    store = undefined;
    removeDir(dir);
  });

  const edit = (answer: string) => toNormalizedJson({ kind: 'qa', question: '2?', answer, finalAnswer: '2' });

  test('an unedited sample is revision 0 with no original', async () => {
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    const s = store.sample(1);
    assert.equal(s.revision, 0);
    assert.equal(s.original, undefined);
    assert.deepEqual(s.normalized, { kind: 'qa', question: '2?', answer: '#### 2', finalAnswer: '2' });
  });

  test('sample() shows the latest revision, the original beside it, and the row previews the edit', async () => {
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    const source = store.sample(1);
    await store.addRevision(1, edit('two, fixed'));
    const latest = { kind: 'qa', question: 'What is 1 + 1?', answer: 'two, fixed again' } as const;
    await store.addRevision(1, toNormalizedJson(latest));
    const s = store.sample(1);
    assert.equal(s.revision, 2);
    assert.deepEqual(s.normalized, latest);
    assert.deepEqual(s.original, source.normalized);
    assert.equal(s.raw, source.raw, 'the raw record is still the source line');
    assert.equal(s.row.id, source.row.id, 'identity stays with the source record, not the edit');
    assert.equal(store.row(1).preview, 'What is 1 + 1?');
    assert.equal(store.sample(0).revision, 0, 'other samples are untouched');
    await store.close();
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    assert.equal(store.sample(1).revision, 2, 'after reopening too');
    assert.deepEqual(store.sample(1).normalized, latest);
  });

  test('undo of an edit brings back the previous revision, then the original; redo re-applies', async () => {
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    const original = store.sample(1).normalized;
    await store.addRevision(1, edit('first edit'));
    await store.addRevision(1, edit('second edit'));
    assert.deepEqual(await store.undo(), { index: 1, changed: [1] });
    assert.equal(store.sample(1).revision, 1);
    assert.deepEqual(store.sample(1).normalized, { kind: 'qa', question: '2?', answer: 'first edit', finalAnswer: '2' });
    await store.undo();
    assert.equal(store.sample(1).revision, 0);
    assert.deepEqual(store.sample(1).normalized, original);
    assert.equal(store.sample(1).original, undefined);
    await store.redo();
    assert.deepEqual(store.sample(1).normalized, { kind: 'qa', question: '2?', answer: 'first edit', finalAnswer: '2' });
  });

  test('identical lines have their own revisions, as they have their own verdicts', async () => {
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    const changed = await store.addRevision(0, toNormalizedJson({ kind: 'qa', question: 'one?', answer: '1' }));
    assert.deepEqual([...changed], [0]);
    assert.equal(store.sample(2).revision, 0);
    assert.deepEqual(store.sample(0).normalized, { kind: 'qa', question: 'one?', answer: '1' });
  });

  test('a revision that is not a sample is refused and the current revision stays', async () => {
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    await store.addRevision(1, edit('kept'));
    await assert.rejects(store.addRevision(1, '{"kind":"qa",'), SyntaxError);
    await assert.rejects(store.addRevision(1, '{"kind":"qa","question":2}'), /"question" must be a string/);
    assert.equal(store.sample(1).revision, 1);
    assert.deepEqual(store.revisionsAt(1), [edit('kept')]);
  });
});
