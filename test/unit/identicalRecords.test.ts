// Identical records are separate samples (integrity finding 7): each copy has its own identity and
// so its own verdict, while the duplicate checks still see them as copies of one text.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runChecks } from '../../src/core/checks/checkRunner';
import { clusterMembers } from '../../src/core/checks/checksSummary';
import { CurationStore } from '../../src/core/store/curationStore';
import { writeExport } from '../../src/core/export/curatedExport';
import { DocumentChecks } from '../../src/core/lineProblems/documentChecks';
import type { SampleEntry } from '../../src/core/export/exportManifest';
import { planExport } from '../../src/core/export/exportPlan';
import { toNormalizedJson } from '../../src/core/formats/normalizedJson';
import { copyId } from '../../src/core/store/sampleIdentity';
import { chatLine } from '../../testkit/synthetic/chatSamples';
import { rng } from '../../testkit/synthetic/seededRandom';
import { makeTempDir, removeDir, sha16 } from './fixtureFiles';

const TOOL = { name: 'Sample Curator', version: '0.0.0-test' };
/** Where the three copies of record A sit in samples.jsonl: [A, B, A, C, A]. */
const COPIES = [0, 2, 4];

/** samples.jsonl holding three identical records among two others; returns the lines. */
function writeStore(dir: string): string[] {
  const next = rng(7);
  const [a, b, c] = [0, 1, 2].map((i) => chatLine(next, i));
  const lines = [a, b, a, c, a];
  fs.writeFileSync(path.join(dir, 'samples.jsonl'), `${lines.join('\n')}\n`);
  return lines;
}

function verdicts(store: CurationStore): string[] {
  return Array.from({ length: store.size }, (_, i) => store.verdictAt(i));
}

suite('identical records', () => {
  let dir: string;
  let lines: string[];
  const stores: CurationStore[] = [];
  const open = async () => {
    const s = await CurationStore.open(dir, { reviewer: 'ana' });
    stores.push(s);
    return s;
  };
  setup(() => {
    dir = makeTempDir('identical');
    lines = writeStore(dir);
  });
  teardown(async () => {
    for (const s of stores.splice(0)) await s.close();
    removeDir(dir);
  });

  test('each copy has its own identity; the content hash stays shared', async () => {
    const store = await open();
    const hash = sha16(lines[0]);
    const ids = COPIES.map((i) => store.idAt(i));
    assert.equal(ids[0], hash, 'the first copy keeps the plain content hash (journals from before still apply)');
    assert.equal(new Set(ids).size, 3);
    assert.deepEqual(ids.slice(1), [copyId(hash, 2), copyId(hash, 3)]);
    for (const id of ids) assert.match(id, /^[0-9a-f]{16}$/);
    assert.deepEqual(COPIES.map((i) => store.contentHashAt(i)), [hash, hash, hash]);
    assert.deepEqual(store.indicesOfContentHash(hash), COPIES);
    assert.deepEqual(COPIES.map((i) => store.indexOfId(store.idAt(i))), COPIES);
    assert.deepEqual(COPIES.map((i) => store.row(i).id), ids);
    assert.deepEqual(COPIES.map((i) => store.row(i).copy), [undefined, { n: 2, contentHash: hash }, { n: 3, contentHash: hash }]);
    assert.equal(store.idAt(1), sha16(lines[1]), 'a record without copies is named by its content hash');
  });

  test('a line of the file names the copy at (or nearest) it: what the hover shows', async () => {
    const store = await open();
    const hash = sha16(lines[0]);
    assert.deepEqual([1, 2, 3, 4, 5].map((line) => store.indexOfLine('samples.jsonl', line, hash)), [0, 0, 2, 2, 4]);
    assert.equal(store.indexOfLine('other.jsonl', 5, hash), 0, 'another file: the first copy');
    assert.equal(store.indexOfLine('samples.jsonl', 1, sha16('not a line of the store')), undefined);
  });

  test('accepting one of three identical records leaves the other two pending', async () => {
    const store = await open();
    const notified: number[][] = [];
    store.onDidChange((c) => notified.push([...c]));
    assert.deepEqual(await store.decide(2, 'accepted'), [2]);
    assert.deepEqual(verdicts(store), ['pending', 'pending', 'accepted', 'pending', 'pending']);
    assert.deepEqual(store.counts(), { pending: 4, accepted: 1, rejected: 0, skipped: 0, total: 5 });
    assert.deepEqual(notified, [[2]]);
    assert.equal(store.nextPending(2), 3);
  });

  test('"keep this one, reject the rest" keeps the kept copy accepted; undo and reopen agree', async () => {
    let store = await open();
    const r = runChecks(store.checkSources(), undefined);
    const members = clusterMembers(r, 2);
    assert.deepEqual(members, COPIES, 'the copies are one near-duplicate cluster');
    await store.decide(2, 'accepted');
    // What the panel's keepOne does: one step rejecting every other member.
    const changed = await store.decideMany(members.filter((k) => k !== 2), 'rejected');
    assert.deepEqual([...changed].sort(), [0, 4]);
    assert.deepEqual(verdicts(store), ['rejected', 'pending', 'accepted', 'pending', 'rejected']);

    await store.close();
    store = await open();
    assert.deepEqual(verdicts(store), ['rejected', 'pending', 'accepted', 'pending', 'rejected'], 'same verdicts on the same copies after reopening');

    const undone = await store.undo();
    assert.deepEqual([...(undone?.changed ?? [])].sort(), [0, 4]);
    assert.ok(undone && [0, 4].includes(undone.index));
    assert.deepEqual(verdicts(store), ['pending', 'pending', 'accepted', 'pending', 'pending'], 'undo withdraws the rejections only');
    assert.deepEqual(await store.undo(), { index: 2, changed: [2] }, 'undo names the copy it was about');
    assert.deepEqual(verdicts(store), ['pending', 'pending', 'pending', 'pending', 'pending']);
    assert.deepEqual(await store.redo(), { index: 2, changed: [2] });
    assert.deepEqual(verdicts(store), ['pending', 'pending', 'accepted', 'pending', 'pending']);
  });

  test('labels, notes and revisions of one copy stay on that copy', async () => {
    const store = await open();
    await store.setLabel([4], 'math', true);
    await store.setNote(4, 'the third copy');
    const edited = store.sample(4).normalized;
    assert.ok(edited?.kind === 'chat');
    await store.addRevision(4, toNormalizedJson({ ...edited, turns: edited.turns.slice(0, 2) }));
    assert.deepEqual(store.annotationsAt(0).labels, []);
    assert.deepEqual(store.annotationsAt(4).labels, ['math']);
    assert.equal(store.annotationsAt(2).note, undefined);
    assert.deepEqual(COPIES.map((i) => store.revisionsAt(i).length), [0, 0, 1]);
  });

  test('a decision written when copies shared one id (on the content hash) now applies to the first copy only', async () => {
    let store = await open();
    // The id of copy 1 is the content hash, so this is what a journal from before holds.
    assert.equal(store.idAt(0), sha16(lines[0]));
    await store.decide(0, 'accepted');
    await store.close();
    store = await open();
    assert.deepEqual(COPIES.map((i) => store.verdictAt(i)), ['accepted', 'pending', 'pending']);
  });

  test('a cached index is not changed: after reopening from the cache, copies still share their content hash', async () => {
    await (await open()).close();
    const store = await open();
    const hash = sha16(lines[0]);
    assert.deepEqual(COPIES.map((i) => store.contentHashAt(i)), [hash, hash, hash]);
    assert.deepEqual(COPIES.map((i) => store.idAt(i)), [hash, copyId(hash, 2), copyId(hash, 3)]);
  });

  test('the duplicate checks still report the copies: near-duplicate cluster and duplicate-line problems', async () => {
    const store = await open();
    const r = runChecks(store.checkSources(), undefined);
    assert.deepEqual([...r.dupCluster.keys()].filter((i) => r.dupCluster[i] >= 0), COPIES);
    assert.ok(r.pairs.filter(([a, b]) => COPIES.includes(a) && COPIES.includes(b)).every(([, , similarity]) => similarity === 1));
    const doc = new DocumentChecks(fs.readFileSync(path.join(dir, 'samples.jsonl'), 'utf8'));
    assert.deepEqual([0, 1, 2, 3, 4].map((l) => doc.duplicateAt(l)?.message), [undefined, undefined, 'An exact copy of line 1', undefined, 'An exact copy of line 1']);
  });

  test('exporting one accepted copy writes exactly one line, named by its id and its record hash', async () => {
    const store = await open();
    await store.decide(4, 'accepted');
    const plan = await planExport(store, { query: { verdicts: ['accepted'] } });
    assert.deepEqual([...plan.indices], [4]);
    const destination = path.join(makeTempDir('identical-out'), 'set');
    try {
      await writeExport(store, plan, { format: 'original', licenceIssues: 'include', tool: TOOL, destination });
      assert.deepEqual(fs.readFileSync(path.join(destination, 'train.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)), [JSON.parse(lines[4])]);
      const entries = fs.readFileSync(path.join(destination, 'manifest.samples.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as SampleEntry);
      assert.equal(entries.length, 1);
      assert.equal(entries[0].id, store.idAt(4));
      assert.equal(entries[0].recordHash, sha16(lines[4]));
      assert.equal(entries[0].line, 5);
    } finally {
      removeDir(path.dirname(destination));
    }
  });

  test('a split still puts every copy on one side: it is decided by the content hash, not the identity', async () => {
    const next = rng(11);
    const many = Array.from({ length: 40 }, (_, i) => chatLine(next, i));
    const a = many[3];
    fs.writeFileSync(path.join(dir, 'samples.jsonl'), `${[...many, a, a].join('\n')}\n`);
    const store = await open();
    await store.decideMany(Array.from({ length: store.size }, (_, i) => i), 'accepted');
    const plan = await planExport(store, { query: { verdicts: ['accepted'] } });
    const destination = path.join(makeTempDir('identical-split'), 'set');
    try {
      await writeExport(store, plan, { format: 'original', licenceIssues: 'include', tool: TOOL, destination, split: { ratio: 0.5, seed: 3 } });
      const entries = fs.readFileSync(path.join(destination, 'manifest.samples.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as SampleEntry);
      const files = [3, 40, 41].map((i) => entries.find((e) => e.id === store.idAt(i))?.file);
      assert.equal(new Set(files).size, 1, `copies split across ${files.join(', ')}`);
    } finally {
      removeDir(path.dirname(destination));
    }
  });
});
