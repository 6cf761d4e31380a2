// The integrity issue's findings 1, 2, 4 and 10 at the ledger: a second window, a journal replaced
// or deleted under an open ledger (git checkout / pull), symlinks planted under .curator/, and a
// read-only open that writes nothing. Each test fails when its protection is removed.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { linesMissingFrom, type JournalChange } from '../../src/core/journal/decisionLedger';
import { JournalLock } from '../../src/core/journal/journalLock';
import { ensureStoreDir } from '../../src/core/journal/storePaths';
import { makeTempDir, removeDir } from './fixtureFiles';
import { journalLines, journalPath, openLedger, snapshotPath } from './ledgerFixtures';

const A = 'aaaa01';
const B = 'bbbb02';
const C = 'cccc03';

suite('journal: one writer, and changes underneath', () => {
  let root: string;
  let dir: string;
  setup(() => {
    root = makeTempDir('journal-underneath');
    dir = path.join(root, '.curator');
  });
  teardown(() => removeDir(root));

  test('a second open while the first writes is read-only: it never cuts the writer\'s line in flight nor records', async () => {
    const first = (await openLedger(dir)).ledger;
    await first.setVerdict([A], 'accepted');
    // The writer's next line, half written (as a second window would see it mid-append).
    fs.appendFileSync(journalPath(dir), '{"v":2,"seq":2,"at":"2026-01-02T03:04:05.006Z","revi');
    const second = await openLedger(dir);
    assert.equal(second.report.readOnly?.reason, 'locked');
    assert.match(second.report.readOnly?.message ?? '', /another window \(process \d+/);
    assert.equal(second.report.tornTailBytes, 0, 'not the reader\'s to cut');
    await assert.rejects(second.ledger.setVerdict([B], 'rejected'), /nothing was recorded/);
    await second.ledger.close();
    assert.ok(fs.readFileSync(journalPath(dir), 'utf8').endsWith('"revi'), 'the open and close left the writer\'s bytes alone');
    await first.close();
  });

  test('the read-only window follows the writer\'s decisions on refresh', async () => {
    const writer = (await openLedger(dir)).ledger;
    const reader = (await openLedger(dir)).ledger;
    assert.ok(reader.readOnly);
    await writer.setVerdict([A, B], 'accepted');
    const change = await reader.refresh();
    assert.equal(change?.drift, 'appended');
    assert.equal(reader.verdictOf(B), 'accepted');
    await reader.close();
    await writer.close();
  });

  test('after the writer closes, the next open writes and numbers on from its last seq (no second 1..N)', async () => {
    const a = (await openLedger(dir)).ledger;
    await a.setVerdict([A], 'accepted');
    await a.close();
    const b = (await openLedger(dir)).ledger;
    assert.equal(b.readOnly, undefined);
    await b.setVerdict([B], 'accepted');
    await b.close();
    assert.deepEqual(journalLines(dir).map((e) => e.seq), [1, 2]);
  });

  test('a lock left by a process that is gone is taken over; one copied with its folder does not count', async () => {
    fs.mkdirSync(path.join(dir, 'locks'), { recursive: true });
    const lock = path.join(dir, 'locks', `${path.basename(journalPath(dir))}.lock`);
    fs.writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), token: 'x', since: 'then', path: lock }));
    const { ledger, report } = await openLedger(dir);
    assert.equal(report.readOnly, undefined, 'a dead pid holds nothing');
    await ledger.close();
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), token: 'y', since: 'then', path: '/elsewhere/ana.jsonl.lock' }));
    const again = await openLedger(dir);
    assert.equal(again.report.readOnly, undefined, 'a live pid holding another folder\'s lock holds nothing here');
    await again.ledger.close();
  });

  test('a window that took over stops the first one from recording', async () => {
    const first = (await openLedger(dir)).ledger;
    const second = (await openLedger(dir, { takeOver: true })).ledger;
    assert.equal(second.readOnly, undefined);
    await assert.rejects(first.setVerdict([A], 'accepted'), /another window took over/);
    await second.setVerdict([B], 'accepted');
    await first.close();
    await second.close();
    assert.deepEqual(journalLines(dir).map((e) => e.samples), [[B]]);
  });

  test('a journal replaced by an older copy under an open ledger (git checkout): nothing acknowledged is lost', async () => {
    const changes: JournalChange[] = [];
    const { ledger } = await openLedger(dir, { onJournalChanged: (c) => changes.push(c) });
    await ledger.setVerdict([A], 'accepted');
    const older = fs.readFileSync(journalPath(dir));
    await ledger.setVerdict([B], 'rejected');
    // As git does: a new file renamed over the path.
    fs.writeFileSync(`${journalPath(dir)}.tmp`, older);
    fs.renameSync(`${journalPath(dir)}.tmp`, journalPath(dir));
    await ledger.setVerdict([C], 'skipped');
    assert.equal(changes.length, 1);
    assert.equal(changes[0].drift, 'replaced');
    assert.equal(changes[0].restoredEvents, 1, 'B was not in the older copy (found before C was appended)');
    await ledger.close();
    const reopened = (await openLedger(dir)).ledger;
    assert.deepEqual([reopened.verdictOf(A), reopened.verdictOf(B), reopened.verdictOf(C)], ['accepted', 'rejected', 'skipped']);
    await reopened.close();
  });

  test('a journal replaced with other decisions keeps them, and ours', async () => {
    const { ledger } = await openLedger(dir);
    await ledger.setVerdict([A], 'accepted');
    const theirs = '{"v":2,"seq":1,"at":"2026-01-01T00:00:00.000Z","reviewer":"ana","type":"verdict","samples":["cccc03"],"verdict":"rejected"}\n';
    fs.writeFileSync(`${journalPath(dir)}.tmp`, theirs);
    fs.renameSync(`${journalPath(dir)}.tmp`, journalPath(dir));
    const change = await ledger.refresh();
    assert.equal(change?.drift, 'replaced');
    assert.equal(ledger.verdictOf(C), 'rejected', 'decisions that arrived are read');
    assert.equal(ledger.verdictOf(A), 'accepted', 'ours are kept');
    await ledger.setVerdict([B], 'accepted');
    assert.ok(journalLines(dir).every((e, i, all) => i === 0 || (e.seq as number) > (all[i - 1].seq as number) || i === 1));
    await ledger.close();
  });

  test('a journal deleted under an open ledger is written again on the next decision, and on close', async () => {
    const { ledger } = await openLedger(dir);
    await ledger.setVerdict([A], 'accepted');
    fs.rmSync(journalPath(dir));
    await ledger.setVerdict([B], 'accepted');
    assert.deepEqual(journalLines(dir).map((e) => e.samples), [[A], [B]]);
    fs.rmSync(journalPath(dir));
    await ledger.close();
    assert.deepEqual(journalLines(dir).map((e) => e.samples), [[A], [B]], 'close recovers too');
  });

  test('a journal cut in place under an open ledger gets this session\'s lines back', async () => {
    const { ledger } = await openLedger(dir);
    await ledger.setVerdict([A], 'accepted');
    await ledger.setVerdict([B], 'accepted');
    fs.truncateSync(journalPath(dir), 0);
    await ledger.setVerdict([C], 'accepted');
    assert.deepEqual(journalLines(dir).map((e) => e.samples), [[A], [B], [C]]);
    await ledger.close();
  });

  test('linesMissingFrom: lines after the shared prefix that the other file lacks, in order', () => {
    const ours = Buffer.from('a\nb\nc\nd\n');
    assert.deepEqual(linesMissingFrom(ours, Buffer.from('a\nb\n')), ['c', 'd']);
    assert.deepEqual(linesMissingFrom(ours, Buffer.alloc(0)), ['a', 'b', 'c', 'd']);
    assert.deepEqual(linesMissingFrom(ours, Buffer.from('a\nx\nd\n')), ['b', 'c']);
    assert.deepEqual(linesMissingFrom(ours, ours), []);
  });

  test('a symlinked journal is refused: the file it points to is neither cut nor appended to', async () => {
    const outside = path.join(root, 'notes.txt');
    fs.writeFileSync(outside, 'my notes, no newline at the end');
    fs.mkdirSync(path.join(dir, 'journal'), { recursive: true });
    fs.symlinkSync(outside, journalPath(dir));
    await assert.rejects(openLedger(dir), /symbolic link/);
    assert.equal(fs.readFileSync(outside, 'utf8'), 'my notes, no newline at the end');
  });

  test('a symlinked journal folder is refused', async () => {
    const outside = makeTempDir('outside');
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.symlinkSync(outside, path.join(dir, 'journal'));
      await assert.rejects(openLedger(dir), /journal is a symbolic link/);
      assert.deepEqual(fs.readdirSync(outside), []);
    } finally {
      removeDir(outside);
    }
  });

  test('a symlinked snapshot is neither read nor replaced through', async () => {
    const outside = path.join(root, 'target.bin');
    fs.writeFileSync(outside, 'keep');
    fs.mkdirSync(path.join(dir, 'state'), { recursive: true });
    fs.symlinkSync(outside, snapshotPath(dir));
    await assert.rejects(openLedger(dir), /symbolic link/);
    assert.equal(fs.readFileSync(outside, 'utf8'), 'keep');
  });

  test('two windows creating the same fresh .curator at once: the one that loses the race goes on', () => {
    // The other window's mkdir lands between this one's lstat (nothing there) and its mkdir.
    const target = path.join(root, '.curator');
    // The mutable CommonJS module (an ES namespace cannot be patched); the bundle reads from it.
    const nodeFs = createRequire(__filename)('node:fs') as { lstatSync: typeof fs.lstatSync };
    const lstat = nodeFs.lstatSync;
    let raced = false;
    nodeFs.lstatSync = ((p: fs.PathLike, ...rest: unknown[]) => {
      if (!raced && String(p) === target) {
        raced = true;
        fs.mkdirSync(target);
        throw Object.assign(new Error(`ENOENT: ${target}`), { code: 'ENOENT' });
      }
      return (lstat as (...a: unknown[]) => unknown)(p, ...rest);
    }) as typeof fs.lstatSync;
    try {
      assert.equal(ensureStoreDir(root, '.curator', 'journal'), path.join(target, 'journal'));
    } finally {
      nodeFs.lstatSync = lstat;
    }
    assert.ok(raced, 'the race was staged');
    assert.ok(fs.statSync(path.join(target, 'journal')).isDirectory());
  });

  test('read-only (untrusted workspace) creates nothing and records nothing', async () => {
    const { ledger, report } = await openLedger(dir, { readOnly: true });
    assert.equal(report.readOnly?.reason, 'requested');
    await assert.rejects(ledger.setVerdict([A], 'accepted'), /nothing was recorded/);
    await ledger.close();
    assert.equal(fs.existsSync(dir), false, 'no .curator folder');
  });

  test('the lock file is released on close and re-written if it vanished while open', async () => {
    const { ledger } = await openLedger(dir);
    const lock = path.join(dir, 'locks', `${path.basename(journalPath(dir))}.lock`);
    assert.ok(fs.existsSync(lock));
    fs.rmSync(path.join(dir, 'locks'), { recursive: true });
    await ledger.setVerdict([A], 'accepted');
    assert.ok(fs.existsSync(lock), 'written again: still the only writer');
    await ledger.close();
    assert.equal(fs.existsSync(lock), false);
    const attempt = JournalLock.acquire(lock);
    assert.ok(attempt.acquired);
    attempt.lock.release();
  });
});
