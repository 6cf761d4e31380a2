// A source file edited on disk while the store is open (issue 12, findings 6 and 9): nothing is
// shown, decided or exported from bytes that are not the indexed sample; a saved index is reused
// only for the same file; a line index that cannot be saved never costs the source its samples.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CURATOR_DIR, CurationStore, type Indexer } from '../../src/core/store/curationStore';
import { writeExport } from '../../src/core/export/curatedExport';
import { planExport } from '../../src/core/export/exportPlan';
import { FULL_HASH_LIMIT } from '../../src/core/ingest/fileIdentity';
import { buildLineIndexAsync } from '../../src/core/ingest/lineIndex';
import { runQuery } from '../../src/core/query/sampleQuery';
import { SourceChangedError, StaleSampleError } from '../../src/core/ingest/sourceChanged';
import { makeTempDir, removeDir, sha16 } from './fixtureFiles';

const REVIEWER = 'ana';
const TOOL = { name: 'sample-curator-test', version: '0' };
const WHOLE_MS = new Date(Date.UTC(2026, 0, 1, 12));

/** Records of one length each, so swapping two keeps every offset on a valid, different record. */
function qa(n: number): string {
  return JSON.stringify({ question: `What is ${n} + ${n}? (q${String(n).padStart(3, '0')})`, answer: `#### ${2 * n}` });
}

function writeLines(file: string, lines: readonly string[]): void {
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

/** Rewrites the file in place (same inode) and puts the old mtime back: only the bytes differ. */
function rewriteKeepingStat(file: string, text: string): void {
  const { atime, mtime } = fs.statSync(file);
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, text, 0);
  fs.closeSync(fd);
  fs.utimesSync(file, atime, mtime);
}

function journalLines(store: CurationStore): string[] {
  return fs.existsSync(store.journalPath) ? fs.readFileSync(store.journalPath, 'utf8').split('\n').filter(Boolean) : [];
}

suite('a source edited while the store is open', () => {
  let dir: string;
  let file: string;
  let store: CurationStore | undefined;
  const lines = [qa(1), qa(2), qa(3), qa(4)];
  setup(() => {
    dir = makeTempDir('source-edits');
    file = path.join(dir, 'a.jsonl');
    writeLines(file, lines);
    // A whole-millisecond mtime, so rewriteKeepingStat can put it back exactly.
    fs.utimesSync(file, WHOLE_MS, WHOLE_MS);
  });
  teardown(async () => {
    await store?.close();
    store = undefined;
    removeDir(dir);
  });

  const open = (indexer?: Indexer) => CurationStore.open(dir, { reviewer: REVIEWER, ...(indexer ? { indexer } : {}) });

  test('sample(i) reports the change instead of showing another record, and says so to listeners', async () => {
    store = await open();
    assert.equal(store.sample(1).row.id, sha16(lines[1]));
    const noticed: string[] = [];
    store.onDidDetectChange((source) => noticed.push(source));
    // Same size, same inode, same mtime: records 2 and 3 swapped. Only the bytes tell.
    rewriteKeepingStat(file, `${[lines[0], lines[2], lines[1], lines[3]].join('\n')}\n`);
    const shown = store.sample(1);
    assert.equal(shown.row.kind, 'invalid');
    assert.equal(shown.error, 'a.jsonl changed on disk since it was indexed; re-indexing');
    assert.equal(shown.raw, '', 'none of the other record is shown');
    assert.equal(shown.normalized, undefined);
    assert.deepEqual(noticed, ['a.jsonl']);
    assert.equal(store.sample(0).row.kind, 'qa', 'an unchanged record still reads');
  });

  test('a decision names the sample shown: a stale id or a changed file is refused and nothing is recorded', async () => {
    store = await open();
    const shownId = store.idAt(1);
    await assert.rejects(store.decide(1, 'accepted', sha16(lines[2])), StaleSampleError);
    assert.deepEqual(journalLines(store), []);
    // Lines inserted above: index 1 now points into other bytes.
    writeLines(file, [qa(9), ...lines]);
    await assert.rejects(store.decide(1, 'accepted', shownId), (e: Error) => e instanceof SourceChangedError && /a\.jsonl changed on disk since it was indexed; re-indexing/.test(e.message));
    await assert.rejects(store.decideMany([0, 1], 'rejected'), SourceChangedError);
    await assert.rejects(store.setLabel([1], 'correct', true), SourceChangedError);
    await assert.rejects(store.setRating(1, 3), SourceChangedError);
    await assert.rejects(store.setNote(1, 'n'), SourceChangedError);
    assert.deepEqual(journalLines(store), []);
    assert.equal(store.counts().accepted, 0);
    // Opened again (what the host does): index 1 holds another sample, so the old id is refused there
    // and lands where that sample is now.
    await store.close();
    store = await open();
    assert.notEqual(store.idAt(1), shownId);
    await assert.rejects(store.decide(1, 'accepted', shownId), StaleSampleError);
    assert.deepEqual(await store.decide(2, 'accepted', shownId), [2]);
    assert.equal(store.verdictAt(2), 'accepted');
    assert.equal(store.verdictAt(1), 'pending');
  });

  test('a same-size edit that keeps the mtime is refused at decide time too (the record is read back)', async () => {
    store = await open();
    const shownId = store.idAt(1);
    rewriteKeepingStat(file, `${[lines[0], lines[2], lines[1], lines[3]].join('\n')}\n`);
    await assert.rejects(store.decide(1, 'accepted', shownId), SourceChangedError);
    assert.deepEqual(journalLines(store), []);
  });

  test('export and queries after an edit refuse instead of copying other bytes', async () => {
    store = await open();
    await store.decideMany([0, 1, 2, 3], 'accepted');
    rewriteKeepingStat(file, `${[lines[0], lines[2], lines[1], lines[3]].join('\n')}\n`);
    const destination = path.join(dir, 'out');
    await assert.rejects(async () => {
      const plan = await planExport(store as CurationStore, { query: { verdicts: ['accepted'] } });
      await writeExport(store as CurationStore, plan, { format: 'original', destination, licenceIssues: 'include', tool: TOOL });
    }, /a\.jsonl changed on disk since it was indexed; re-indexing/);
    assert.equal(fs.existsSync(destination), false, 'nothing was exported');
    assert.deepEqual(fs.readdirSync(dir).filter((n) => n.includes('export')), [], 'no partial export beside it');
    await assert.rejects(runQuery(store, { text: 'q002' }), SourceChangedError);
  });

  test('export writes the indexed bytes when the file is unchanged (the check costs no false alarm)', async () => {
    store = await open();
    await store.decideMany([0, 1, 2, 3], 'accepted');
    const destination = path.join(dir, 'out');
    const plan = await planExport(store, { query: { verdicts: ['accepted'] } });
    await writeExport(store, plan, { format: 'original', destination, licenceIssues: 'include', tool: TOOL });
    assert.equal(fs.readFileSync(path.join(destination, 'train.jsonl'), 'utf8'), `${lines.join('\n')}\n`);
  });

  test('a same-size edit in the middle of a large file, with a new mtime, is indexed again, not served from the saved index', async function () {
    this.timeout(60_000);
    const big = path.join(dir, 'big.jsonl');
    const record = (n: number, c: string) => JSON.stringify({ question: `${c.repeat(150)} ${String(n).padStart(6, '0')}`, answer: '#### 1' });
    const count = Math.ceil(FULL_HASH_LIMIT / record(0, 'x').length) + 100;
    fs.writeFileSync(big, `${Array.from({ length: count }, (_, n) => record(n, 'x')).join('\n')}\n`);
    const old = new Date(Date.UTC(2026, 0, 1));
    fs.utimesSync(big, old, old);
    let indexed: string[] = [];
    const counting: Indexer = (p, onProgress, signal) => {
      indexed.push(path.basename(p));
      return buildLineIndexAsync(p, { onProgress, signal });
    };
    store = await open(counting);
    await store.close();
    store = undefined;
    const mid = Math.floor(count / 2);
    const fd = fs.openSync(big, 'r+');
    fs.writeSync(fd, record(mid, 'y'), (record(0, 'x').length + 1) * mid);
    fs.closeSync(fd);
    fs.utimesSync(big, old, new Date(Date.UTC(2026, 0, 2)));
    indexed = [];
    store = await open(counting);
    assert.deepEqual(indexed, ['big.jsonl'], 'the edited file is indexed again; the unchanged one comes from the saved index');
    const at = store.sourcePaths.indexOf('big.jsonl') === 0 ? mid : lines.length + mid;
    const sample = store.sample(at);
    assert.equal(sample.row.id, sha16(record(mid, 'y')));
    assert.equal(sample.error, undefined);
    assert.ok(store.problems.some((p) => p.message.startsWith('big.jsonl: changed on disk since the store last opened it')));
  });

  test('a key of the older scheme in project.json is not taken for a change (an upgrade re-indexes quietly)', async () => {
    store = await open();
    await store.close();
    store = undefined;
    const docPath = path.join(dir, CURATOR_DIR, 'project.json');
    const doc = JSON.parse(fs.readFileSync(docPath, 'utf8')) as { sources: { key?: string }[] };
    for (const s of doc.sources) s.key = 'f'.repeat(32);
    fs.writeFileSync(docPath, JSON.stringify(doc));
    store = await open();
    assert.deepEqual(store.problems, []);
    assert.equal(store.size, lines.length);
  });

  test('a line index that cannot be saved (full disk) is a warning; the source opens with all its samples', async () => {
    // A directory where the index file goes makes the save fail, as ENOSPC would.
    const blocked = path.join(dir, CURATOR_DIR, 'index', 'a.jsonl.idx');
    fs.mkdirSync(blocked, { recursive: true });
    fs.writeFileSync(path.join(blocked, 'x'), '');
    store = await open();
    assert.equal(store.size, lines.length);
    assert.equal(store.sample(3).row.id, sha16(lines[3]));
    // The save runs behind the open; its failure is a problem once it has settled.
    await store.whenIndexesSaved();
    assert.deepEqual(store.problems.map((p) => p.message.replace(/\(.*\)/, '(…)')), [
      `a.jsonl: its line index could not be saved in ${CURATOR_DIR}/index (…); the file is read with the index in memory and indexed again next time`,
    ]);
    assert.deepEqual(fs.readdirSync(path.join(dir, CURATOR_DIR, 'index')), ['a.jsonl.idx'], 'no temp file left behind');
    assert.deepEqual(await store.decide(3, 'accepted', sha16(lines[3])), [3]);
  });

  test('an index folder that cannot be made is a warning too', async () => {
    fs.mkdirSync(path.join(dir, CURATOR_DIR), { recursive: true });
    fs.writeFileSync(path.join(dir, CURATOR_DIR, 'index'), 'not a folder');
    store = await open();
    assert.equal(store.size, lines.length);
    assert.equal(store.problems.length, 1);
    assert.match(store.problems[0].message, /^\.curator\/index could not be created \(.*\); line indexes are kept in memory only/);
  });
});
