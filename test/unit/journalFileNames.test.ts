// Reviewer name → journal and snapshot file names (injective, stable, safe), and taking over the
// journals older versions named `<ASCII stem>.jsonl`, but only a reviewer's own.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { CurationStore } from '../../src/core/store/curationStore';
import { DecisionLedger } from '../../src/core/journal/decisionLedger';
import {
  journalFileName, legacyJournalFileName, legacySnapshotFileName, migrateLegacyJournal, snapshotFileName,
} from '../../src/core/journal/journalFileNames';
import { makeTempDir, removeDir } from './fixtureFiles';

const A = 'aaaa01';
const B = 'bbbb02';

/** Every pair the finding named as sharing one journal, and a few more of the same kind. */
const COLLIDING_BEFORE: ReadonlyArray<readonly [string, string]> = [
  ['Иван', 'Пётр'],
  ['李雷', '韩梅梅'],
  ['josé', 'josè'],
  ['Ana Lee', 'Ana_Lee'],
  ['jos\u00e9', 'jose\u0301'], // composed and decomposed: two different strings in every event
  ['ana', 'Ana'], // the same file on a case-insensitive file system
  ['', 'reviewer'],
  ['a/b', 'a_b'],
  ['\ud800', '\ud801'], // lone surrogates: both would be U+FFFD in UTF-8
  ['\ud800', '\ufffd'],
];

function sha10(name: string): string {
  return createHash('sha256').update(Buffer.from(name, 'utf8')).digest('hex').slice(0, 10);
}

/** A file name as a case-insensitive, normalizing file system (macOS, Windows) compares it. */
function folded(name: string): string {
  return name.normalize('NFD').toLowerCase();
}

function assertSafe(name: string): void {
  assert.doesNotMatch(name, /[/\\:*?"<>|\p{Cc}\p{Cf}\s]/u, name);
  assert.doesNotMatch(name, /^[.-]/, name);
  assert.ok(Buffer.byteLength(name, 'utf8') <= 100, `${name} is ${Buffer.byteLength(name, 'utf8')} bytes`);
  assert.doesNotMatch(name, /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/, 'no lone surrogates in a file name');
}

suite('journalFileNames: names', () => {
  test('names that shared one journal before get different files, also on case-insensitive file systems', () => {
    for (const [a, b] of COLLIDING_BEFORE) {
      assert.notEqual(folded(journalFileName(a)), folded(journalFileName(b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      assert.notEqual(folded(snapshotFileName(a)), folded(snapshotFileName(b)));
    }
    assert.equal(legacyJournalFileName('Иван'), legacyJournalFileName('Пётр'), 'the old names did collide');
  });

  test('a readable slug (Unicode letters kept) and the first 10 hex digits of the SHA-256 of the exact UTF-8 name', () => {
    assert.equal(journalFileName('ana'), 'ana-24d4b96f58.jsonl'); // pinned: a changed scheme would orphan every journal
    assert.equal(snapshotFileName('ana'), 'ana-24d4b96f58.snapshot');
    assert.equal(journalFileName('Иван'), `Иван-${sha10('Иван')}.jsonl`);
    assert.equal(journalFileName('李雷'), `李雷-${sha10('李雷')}.jsonl`);
    assert.equal(journalFileName('Ana Lee'), `Ana_Lee-${sha10('Ana Lee')}.jsonl`);
    // The slug is NFC; the hash is over the exact bytes, so the two forms of josé differ only there.
    assert.equal(journalFileName('jose\u0301'), `jos\u00e9-${sha10('jose\u0301')}.jsonl`);
    assert.equal(journalFileName('Ana María/../x'), `Ana_María_.._x-${sha10('Ana María/../x')}.jsonl`);
    assert.equal(journalFileName('..hidden'), `hidden-${sha10('..hidden')}.jsonl`);
    assert.equal(journalFileName(''), `reviewer-${sha10('')}.jsonl`);
    assert.equal(journalFileName('?!'), `reviewer-${sha10('?!')}.jsonl`);
  });

  test('no path separators, controls, leading dots or dashes; the slug is capped at 60 bytes', () => {
    for (const name of ['a/b', 'a\\b', '../..', '..', '.', 'x:y', '-rf', '..hidden', 'tab\tnew\nline\u0000', '\u202eevil', 'a\u200bb', ' ana ', 'ana.', 'ana...']) {
      assertSafe(journalFileName(name));
      assertSafe(snapshotFileName(name));
    }
    const long = journalFileName('日本語'.repeat(100));
    assertSafe(long);
    assert.ok(Buffer.byteLength(long.slice(0, -'-0123456789.jsonl'.length)) <= 60);
    assert.match(long, /^(日本語)+/u);
  });

  test('property: distinct names give distinct, safe file names', function () {
    this.timeout(30_000);
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), (a, b) => {
      assertSafe(journalFileName(a));
      if (a !== b) assert.notEqual(folded(journalFileName(a)), folded(journalFileName(b)));
      assert.equal(journalFileName(a), journalFileName(a));
    }), { numRuns: 500 });
  });
});

suite('journalFileNames: journals of older versions', () => {
  let root: string;
  let curatorDir: string;
  const open = (reviewer: string) => DecisionLedger.open(curatorDir, reviewer);
  const journal = (file: string) => path.join(curatorDir, 'journal', file);
  const state = (file: string) => path.join(curatorDir, 'state', file);
  setup(() => {
    root = makeTempDir('journal-names');
    curatorDir = path.join(root, '.curator');
  });
  teardown(() => removeDir(root));

  /** Writes `reviewer`'s decisions the way an older version left them: under the old file names. */
  async function writeLegacy(reviewer: string, decide: (l: DecisionLedger) => Promise<unknown>, legacyName = reviewer): Promise<Buffer> {
    const { ledger } = await open(reviewer);
    await decide(ledger);
    await ledger.close(); // writes the snapshot
    fs.renameSync(journal(journalFileName(reviewer)), journal(legacyJournalFileName(legacyName)));
    fs.renameSync(state(snapshotFileName(reviewer)), state(legacySnapshotFileName(legacyName)));
    return fs.readFileSync(journal(legacyJournalFileName(legacyName)));
  }

  test('an own journal under the old name is renamed with its snapshot, and opens as before', async () => {
    const bytes = await writeLegacy('ana', async (l) => {
      await l.setVerdict([A], 'accepted');
      await l.setNote(B, 'units wrong');
    });
    const { ledger, report } = await open('ana');
    try {
      assert.equal(report.legacyJournalProblem, undefined);
      assert.equal(report.fromSnapshot, true, report.snapshotProblem);
      assert.equal(ledger.verdictOf(A), 'accepted');
      assert.equal(ledger.annotationsOf(B).note, 'units wrong');
      assert.equal(path.basename(ledger.journalPath), 'ana-24d4b96f58.jsonl');
      assert.deepEqual(fs.readFileSync(ledger.journalPath), bytes);
      assert.deepEqual(fs.readdirSync(path.join(curatorDir, 'journal')), ['ana-24d4b96f58.jsonl']);
      assert.deepEqual(fs.readdirSync(path.join(curatorDir, 'state')), ['ana-24d4b96f58.snapshot']);
      await ledger.setVerdict([B], 'rejected');
    } finally {
      await ledger.close();
    }
    const again = await open('ana');
    assert.deepEqual([again.ledger.verdictOf(A), again.ledger.verdictOf(B)], ['accepted', 'rejected']);
    await again.ledger.close();
  });

  test('a journal shared by colliding names is taken over by no one: left as it is and reported', async () => {
    const bytes = await writeLegacy('Иван', (l) => l.setVerdict([A], 'rejected'));
    const legacy = journal('_.jsonl');
    const petr = await open('Пётр');
    assert.equal(petr.ledger.verdictOf(A), 'pending', 'Пётр does not inherit Иван\'s decisions');
    assert.match(petr.report.legacyJournalProblem ?? '', /journal\/_\.jsonl .*"Пётр".*another reviewer, "Иван".*left as it is/);
    await petr.ledger.setVerdict([B], 'accepted');
    await petr.ledger.close();
    assert.deepEqual(fs.readFileSync(legacy), bytes, 'the old file is untouched');
    assert.ok(fs.existsSync(state('_.snapshot')));

    // Its owner, opening later, still takes it over.
    const ivan = await open('Иван');
    assert.equal(ivan.report.legacyJournalProblem, undefined);
    assert.equal(ivan.ledger.verdictOf(A), 'rejected');
    assert.equal(ivan.ledger.verdictOf(B), 'pending');
    assert.equal(path.basename(ivan.ledger.journalPath), journalFileName('Иван'));
    assert.equal(fs.existsSync(legacy), false);
    await ivan.ledger.close();
    const reopened = await open('Пётр');
    assert.equal(reopened.ledger.verdictOf(B), 'accepted');
    assert.equal(reopened.report.legacyJournalProblem, undefined);
    await reopened.ledger.close();
  });

  test('a journal holding the events of two reviewers is taken over by neither', async () => {
    await writeLegacy('josé', (l) => l.setVerdict([A], 'accepted'));
    const mine = fs.readFileSync(journal('jos_.jsonl'));
    const theirs = (await writeLegacy('josè', (l) => l.setVerdict([B], 'rejected'), 'josè-tmp')).toString('utf8');
    fs.appendFileSync(journal('jos_.jsonl'), theirs.replace('"seq":1', '"seq":2'));
    const mixed = fs.readFileSync(journal('jos_.jsonl'));
    assert.ok(mixed.length > mine.length);
    for (const name of ['josé', 'josè']) {
      const { ledger, report } = await open(name);
      assert.match(report.legacyJournalProblem ?? '', /another reviewer/, name);
      assert.equal(ledger.verdictOf(A), 'pending');
      assert.equal(ledger.verdictOf(B), 'pending');
      await ledger.close();
    }
    assert.deepEqual(fs.readFileSync(journal('jos_.jsonl')), mixed);
  });

  test('an old-named file is left alone once the new-named journal exists', async () => {
    await writeLegacy('ana', (l) => l.setVerdict([A], 'accepted'));
    const { ledger } = await open('ana');
    await ledger.close();
    fs.writeFileSync(journal('ana.jsonl'), fs.readFileSync(journal(journalFileName('ana'))));
    assert.deepEqual(await migrateLegacyJournal(curatorDir, 'ana'), {});
    assert.ok(fs.existsSync(journal('ana.jsonl')));
  });

  test('an empty old-named file is no one\'s: left alone, nothing reported', async () => {
    fs.mkdirSync(path.join(curatorDir, 'journal'), { recursive: true });
    fs.writeFileSync(journal('ana.jsonl'), '');
    assert.deepEqual(await migrateLegacyJournal(curatorDir, 'ana'), {});
    assert.ok(fs.existsSync(journal('ana.jsonl')));
  });

  test('the store shows a collision among its problems', async () => {
    fs.writeFileSync(path.join(root, 'a.jsonl'), '{"question":"1+1?","answer":"#### 2"}\n');
    await writeLegacy('李雷', (l) => l.setVerdict([A], 'accepted'));
    const store = await CurationStore.open(root, { reviewer: '韩梅梅' });
    try {
      const problem = store.problems.find((p) => /another reviewer/.test(p.message));
      assert.ok(problem, JSON.stringify(store.problems));
      assert.match(problem.message, /"李雷"/);
      assert.equal(path.basename(store.journalPath), journalFileName('韩梅梅'));
    } finally {
      await store.close();
    }
  });
});
