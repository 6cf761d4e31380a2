// The decision ledger: every event type, undo/redo as steps, ordering, reopening, snapshots,
// torn tails and unreadable lines.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DecisionLedger, snapshotFileName } from '../../src/core/journal/decisionLedger';
import { decodeSnapshot, encodeSnapshot, journalTailDigest, SNAPSHOT_FORMAT_VERSION } from '../../src/core/journal/ledgerSnapshot';
import { ROOT } from '../../testkit/workbench/paths';
import { makeTempDir, removeDir } from './fixtureFiles';
import { fileAppears, journalLines, journalPath, openLedger, REVIEWER, snapshotPath, T0, tickingClock, viewOf } from './ledgerFixtures';

const A = 'aaaa01';
const B = 'bbbb02';
const C = 'cccc03';
const D = 'dddd04';
const ALL = [A, B, C];

suite('decisionLedger', () => {
  let dir: string;
  let ledger: DecisionLedger | undefined;
  setup(() => {
    dir = path.join(makeTempDir('ledger'), '.curator');
  });
  teardown(async () => {
    await ledger?.close();
    ledger = undefined;
    removeDir(path.dirname(dir));
  });

  /** Opens the ledger as `ledger` (closed by teardown) and returns the report. */
  async function open(options: Parameters<typeof openLedger>[1] = {}) {
    const opened = await openLedger(dir, options);
    ledger = opened.ledger;
    return opened.report;
  }

  async function reopen(options: Parameters<typeof openLedger>[1] = {}) {
    await ledger?.close();
    return open(options);
  }

  test('a new ledger has every sample pending, nothing to undo or redo, and an empty report', async () => {
    const report = await open();
    assert.deepEqual(report, { tornTailBytes: 0, skippedLines: [], replayedEvents: 0, fromSnapshot: false });
    assert.deepEqual(ledger!.annotationsOf(A), { verdict: 'pending', labels: [], revision: 0 });
    assert.equal(ledger!.verdictOf(A), 'pending');
    assert.deepEqual(ledger!.revisionsOf(A), []);
    assert.equal(ledger!.canUndo, false);
    assert.equal(await ledger!.undo(), undefined);
    assert.equal(await ledger!.redo(), undefined);
    assert.equal(ledger!.journalPath, journalPath(dir));
    assert.deepEqual(journalLines(dir), [], 'an undo with nothing to undo writes nothing');
  });

  test('every event type is one v2 line stamped with seq, time and reviewer', async () => {
    await open({ now: tickingClock() });
    await ledger!.setVerdict([A, B], 'accepted');
    await ledger!.setLabel([A], 'math', true);
    await ledger!.setRating(A, 4);
    await ledger!.setRating(A, undefined);
    await ledger!.setNote(B, 'units "wrong"\nin step 2');
    await ledger!.setNote(B, undefined);
    await ledger!.addRevision(C, '{"kind":"qa","question":"q","answer":"a"}');
    await ledger!.undo();
    await ledger!.redo();
    const stamp = (seq: number) => ({ v: 2, seq, at: new Date(T0 + 1000 * (seq - 1)).toISOString(), reviewer: REVIEWER });
    assert.deepEqual(journalLines(dir), [
      { ...stamp(1), type: 'verdict', samples: [A, B], verdict: 'accepted' },
      { ...stamp(2), type: 'label', samples: [A], label: 'math', present: true },
      { ...stamp(3), type: 'rating', sample: A, rating: 4 },
      { ...stamp(4), type: 'rating', sample: A, rating: null },
      { ...stamp(5), type: 'note', sample: B, note: 'units "wrong"\nin step 2' },
      { ...stamp(6), type: 'note', sample: B, note: null },
      { ...stamp(7), type: 'revision', sample: C, text: '{"kind":"qa","question":"q","answer":"a"}' },
      { ...stamp(8), type: 'undo', undoes: 7 },
      { ...stamp(9), type: 'redo', redoes: 7 },
    ]);
  });

  test('verdicts: bulk set, later ones replace earlier ones, pending clears; resolves with what changed', async () => {
    await open();
    assert.deepEqual(await ledger!.setVerdict([A, B], 'rejected'), [A, B]);
    assert.deepEqual(await ledger!.setVerdict([B, C], 'rejected'), [C], 'B was already rejected');
    assert.deepEqual(await ledger!.setVerdict([A], 'skipped'), [A]);
    assert.deepEqual(await ledger!.setVerdict([A], 'pending'), [A]);
    assert.deepEqual(ALL.map((h) => ledger!.verdictOf(h)), ['pending', 'rejected', 'rejected']);
    assert.deepEqual(await ledger!.setVerdict([], 'accepted'), []);
    assert.equal(journalLines(dir).length, 4, 'an empty bulk action writes nothing');
  });

  test('labels: added and removed in bulk, listed sorted, removing an absent one changes nothing', async () => {
    await open();
    assert.deepEqual(await ledger!.setLabel([A, B], 'zeta', true), [A, B]);
    await ledger!.setLabel([A], 'alpha', true);
    assert.deepEqual(ledger!.annotationsOf(A).labels, ['alpha', 'zeta']);
    assert.deepEqual(await ledger!.setLabel([A, C], 'zeta', false), [A]);
    assert.deepEqual(ALL.map((h) => ledger!.annotationsOf(h).labels), [['alpha'], ['zeta'], []]);
  });

  test('rating, note and revisions are kept per sample and can be cleared', async () => {
    await open();
    await ledger!.setRating(A, 5);
    await ledger!.setNote(A, 'good');
    await ledger!.addRevision(A, '{"v":1}');
    await ledger!.addRevision(A, '{"v":2}');
    assert.deepEqual(ledger!.annotationsOf(A), { verdict: 'pending', labels: [], rating: 5, note: 'good', revision: 2 });
    assert.deepEqual(ledger!.revisionsOf(A), ['{"v":1}', '{"v":2}']);
    assert.deepEqual(await ledger!.setRating(A, undefined), [A]);
    assert.deepEqual(await ledger!.setNote(A, undefined), [A]);
    assert.deepEqual(await ledger!.setNote(B, undefined), [], 'clearing an absent note changes nothing');
    assert.deepEqual(ledger!.annotationsOf(A), { verdict: 'pending', labels: [], revision: 2 });
  });

  test('invalid arguments are refused before anything is written', async () => {
    await open();
    await assert.rejects(ledger!.setVerdict(['not-hex'], 'accepted'), RangeError);
    await assert.rejects(ledger!.setVerdict(['ABCD'], 'accepted'), RangeError, 'uppercase would be a second identity');
    await assert.rejects(ledger!.setVerdict([A], 'maybe' as 'accepted'), RangeError);
    await assert.rejects(ledger!.setLabel([A], '', true), RangeError);
    await assert.rejects(ledger!.setRating(A, 6), RangeError);
    await assert.rejects(ledger!.setRating(A, 2.5), RangeError);
    await assert.rejects(ledger!.addRevision(A, '{not json'), SyntaxError);
    assert.deepEqual(journalLines(dir), []);
    assert.equal(ledger!.canUndo, false);
  });

  test('undoing a bulk verdict withdraws it as one step and restores each previous verdict exactly', async () => {
    await open();
    await ledger!.setVerdict([A], 'rejected');
    await ledger!.setVerdict([B], 'skipped');
    await ledger!.setVerdict([A, B, C], 'accepted');
    assert.deepEqual(await ledger!.undo(), { samples: [A, B, C], changed: [A, B, C] });
    assert.deepEqual(ALL.map((h) => ledger!.verdictOf(h)), ['rejected', 'skipped', 'pending']);
    assert.deepEqual(await ledger!.undo(), { samples: [B], changed: [B] });
    assert.deepEqual(ALL.map((h) => ledger!.verdictOf(h)), ['rejected', 'pending', 'pending']);
  });

  test('undo restores the previous label, rating, note and revision values, not just empty ones', async () => {
    await open();
    await ledger!.setLabel([A], 'x', true);
    await ledger!.setRating(A, 2);
    await ledger!.setNote(A, 'first');
    await ledger!.addRevision(A, '"r1"');
    const before = viewOf(ledger!, [A]);
    await ledger!.setLabel([A, B], 'x', false);
    await ledger!.setRating(A, 5);
    await ledger!.setNote(A, 'second');
    await ledger!.addRevision(A, '"r2"');
    for (let i = 0; i < 4; i++) await ledger!.undo();
    assert.deepEqual(viewOf(ledger!, [A]).samples, before.samples);
    assert.deepEqual(ledger!.annotationsOf(B).labels, []);
  });

  test('undo of a step that changed nothing still withdraws that step and names its samples', async () => {
    await open();
    await ledger!.setVerdict([A], 'accepted');
    await ledger!.setVerdict([A], 'accepted');
    assert.deepEqual(await ledger!.undo(), { samples: [A], changed: [] });
    assert.equal(ledger!.verdictOf(A), 'accepted');
    assert.deepEqual(await ledger!.undo(), { samples: [A], changed: [A] });
    assert.equal(ledger!.verdictOf(A), 'pending');
  });

  test('redo re-applies the latest undone step; a new mutation discards what could be redone', async () => {
    await open();
    await ledger!.setVerdict([A], 'accepted');
    await ledger!.setLabel([A, B], 'l', true);
    await ledger!.undo();
    await ledger!.undo();
    assert.equal(ledger!.canUndo, false);
    assert.deepEqual(await ledger!.redo(), { samples: [A], changed: [A] });
    assert.equal(ledger!.verdictOf(A), 'accepted');
    assert.equal(ledger!.canRedo, true);
    await ledger!.setRating(C, 3);
    assert.equal(ledger!.canRedo, false);
    assert.equal(await ledger!.redo(), undefined);
    assert.deepEqual(ledger!.annotationsOf(B).labels, []);
    await ledger!.undo();
    assert.deepEqual(await ledger!.redo(), { samples: [C], changed: [C] });
    assert.equal(ledger!.annotationsOf(C).rating, 3);
  });

  test('operations take effect in call order: undo waits for mutations in flight, later ones wait for it', async () => {
    await open();
    const calls = [
      ledger!.setVerdict([A], 'accepted'),
      ledger!.setVerdict([B], 'rejected'),
      ledger!.undo(),
      ledger!.setVerdict([C], 'skipped'),
      ledger!.undo(),
      ledger!.redo(),
    ];
    const results = await Promise.all(calls);
    assert.deepEqual(results[2], { samples: [B], changed: [B] });
    assert.deepEqual(results[4], { samples: [C], changed: [C] });
    assert.deepEqual(results[5], { samples: [C], changed: [C] });
    assert.deepEqual(ALL.map((h) => ledger!.verdictOf(h)), ['accepted', 'pending', 'skipped']);
    assert.deepEqual(journalLines(dir).map((e) => [e.seq, e.type]), [
      [1, 'verdict'], [2, 'verdict'], [3, 'undo'], [4, 'verdict'], [5, 'undo'], [6, 'redo'],
    ]);
  });

  test('200 concurrent mutations are all durable, in call order, and the last one wins', async () => {
    await open();
    const verdicts = ['accepted', 'rejected', 'skipped'] as const;
    await Promise.all(Array.from({ length: 200 }, (_, i) => ledger!.setVerdict([A], verdicts[i % 3])));
    assert.deepEqual(journalLines(dir).map((e) => e.seq), Array.from({ length: 200 }, (_, i) => i + 1));
    assert.equal(ledger!.verdictOf(A), verdicts[199 % 3]);
  });

  test('reopening restores every annotation and both the undo and the redo stack', async () => {
    await open();
    await ledger!.setVerdict([A, B], 'rejected');
    await ledger!.setLabel([B, C], 'hard', true);
    await ledger!.setNote(C, 'n');
    await ledger!.addRevision(A, '[1]');
    await ledger!.undo();
    const before = viewOf(ledger!, ALL);

    for (const removeSnapshot of [false, true]) {
      await ledger!.close();
      if (removeSnapshot) fs.rmSync(snapshotPath(dir));
      const report = await open();
      assert.equal(report.fromSnapshot, !removeSnapshot);
      assert.deepEqual(viewOf(ledger!, ALL), before);
    }
    assert.deepEqual(await ledger!.redo(), { samples: [A], changed: [A] });
    assert.deepEqual(ledger!.revisionsOf(A), ['[1]']);
    for (let i = 0; i < 4; i++) assert.ok(await ledger!.undo(), `undo ${i + 1}`);
    assert.equal(ledger!.canUndo, false);
    const untouched = { verdict: 'pending', labels: [], revision: 0, revisions: [] };
    assert.deepEqual(viewOf(ledger!, ALL).samples, { [A]: untouched, [B]: untouched, [C]: untouched });
  });

  test('a snapshot plus the journal tail gives the same ledger as replaying the whole journal', async () => {
    await open();
    await ledger!.setVerdict([A], 'accepted');
    await ledger!.setLabel([A, B], 'x', true);
    await ledger!.snapshot();
    const early = fs.readFileSync(snapshotPath(dir));
    await ledger!.setNote(B, 'tail');
    await ledger!.undo();
    await ledger!.setRating(C, 1);
    const expected = viewOf(ledger!, ALL);
    await ledger!.close();

    fs.writeFileSync(snapshotPath(dir), early);
    const fromTail = await open();
    assert.deepEqual(fromTail, { tornTailBytes: 0, skippedLines: [], replayedEvents: 3, fromSnapshot: true });
    assert.deepEqual(viewOf(ledger!, ALL), expected);
    await ledger!.close();

    fs.rmSync(snapshotPath(dir));
    const full = await open();
    assert.deepEqual(full, { tornTailBytes: 0, skippedLines: [], replayedEvents: 5, fromSnapshot: false });
    assert.deepEqual(viewOf(ledger!, ALL), expected);
  });

  test('a snapshot taken while mutations are in flight covers exactly the journal offset it records', async () => {
    await open({ snapshotEvery: 1 });
    await ledger!.setVerdict([A], 'accepted');
    const taken = ledger!.snapshot().then(() => fs.readFileSync(snapshotPath(dir)));
    // Undos make later steps overwrite the history arrays in place: the hard case for a snapshot.
    const calls = Array.from({ length: 40 }, (_, i): Promise<unknown> => {
      if (i % 5 === 4) return ledger!.undo();
      return i % 2 ? ledger!.setVerdict([A, B], i % 3 ? 'rejected' : 'skipped') : ledger!.setLabel([C], 'l', i % 4 === 0);
    });
    const snapshot = await taken;
    await Promise.all(calls);
    await ledger!.close();
    ledger = undefined;

    /** Opens a copy of the folder (with the given snapshot, if any) and records every state while undoing all. */
    async function undoAll(name: string, withSnapshot: Buffer | undefined) {
      const copy = path.join(path.dirname(dir), name);
      fs.cpSync(dir, copy, { recursive: true });
      if (withSnapshot) fs.writeFileSync(snapshotPath(copy), withSnapshot);
      else fs.rmSync(snapshotPath(copy));
      const { ledger: l, report } = await openLedger(copy);
      const views = [viewOf(l, ALL)];
      while (l.canUndo) {
        await l.undo();
        views.push(viewOf(l, ALL));
      }
      await l.close();
      return { views, fromSnapshot: report.fromSnapshot };
    }
    const full = await undoAll('full', undefined);
    const fromSnapshot = await undoAll('tail', snapshot);
    assert.equal(fromSnapshot.fromSnapshot, true);
    assert.equal(full.views.length, 1 + 1 + 32 - 8);
    assert.deepEqual(fromSnapshot.views, full.views);
  });

  test('a snapshot is taken automatically every snapshotEvery events, after the acknowledgement', async () => {
    await open({ snapshotEvery: 3 });
    await ledger!.setVerdict([A], 'accepted');
    await ledger!.setVerdict([B], 'accepted');
    await ledger!.setVerdict([C], 'accepted');
    assert.equal(fs.existsSync(snapshotPath(dir)), false, 'not yet when the third mutation resolves');
    await fileAppears(snapshotPath(dir));
    await ledger!.setVerdict([A], 'rejected');

    // A second (read-only) ledger on the same files, as after a crash: the snapshot covers three events.
    const second = await DecisionLedger.open(dir, REVIEWER, { readOnly: true });
    try {
      const { readOnly, ...report } = second.report;
      assert.equal(readOnly?.reason, 'requested');
      assert.deepEqual(report, { tornTailBytes: 0, skippedLines: [], replayedEvents: 1, fromSnapshot: true });
      assert.equal(second.ledger.verdictOf(A), 'rejected');
    } finally {
      await second.ledger.close();
    }
  });

  test('close writes a snapshot that covers the whole journal', async () => {
    await open();
    await ledger!.setVerdict([A], 'accepted');
    const report = await reopen();
    assert.deepEqual(report, { tornTailBytes: 0, skippedLines: [], replayedEvents: 0, fromSnapshot: true });
    assert.equal(ledger!.verdictOf(A), 'accepted');
  });

  suite('snapshots that are not trusted', () => {
    async function recordTwoEvents(): Promise<void> {
      await open();
      await ledger!.setVerdict([A], 'accepted');
      await ledger!.setLabel([B], 'y', true);
      await ledger!.close();
      ledger = undefined;
    }

    async function assertFullReplay(problem: RegExp): Promise<void> {
      const report = await open();
      assert.equal(report.fromSnapshot, false);
      assert.equal(report.replayedEvents, 2);
      assert.match(report.snapshotProblem ?? '', problem);
      assert.equal(ledger!.verdictOf(A), 'accepted');
      assert.deepEqual(ledger!.annotationsOf(B).labels, ['y']);
    }

    test('a corrupt snapshot (one byte flipped) is ignored and reported', async () => {
      await recordTwoEvents();
      const bytes = fs.readFileSync(snapshotPath(dir));
      bytes[bytes.length >> 1] ^= 0xff;
      fs.writeFileSync(snapshotPath(dir), bytes);
      await assertFullReplay(/checksum/);
    });

    test('a truncated or foreign file is ignored and reported', async () => {
      await recordTwoEvents();
      fs.writeFileSync(snapshotPath(dir), 'hello');
      await assertFullReplay(/not a ledger snapshot/);
    });

    test('a snapshot of another format version is ignored and reported', async () => {
      await recordTwoEvents();
      const bytes = fs.readFileSync(snapshotPath(dir));
      bytes.writeUInt32LE(99, 8);
      fs.writeFileSync(snapshotPath(dir), bytes);
      await assertFullReplay(/format 99/);
    });

    test('a well-formed snapshot with inconsistent content is ignored and reported', async () => {
      await recordTwoEvents();
      const decoded = decodeSnapshot(fs.readFileSync(snapshotPath(dir)));
      assert.ok(decoded.ok);
      const entrySlots = Uint32Array.from(decoded.data.entrySlots);
      entrySlots[0] = 999;
      fs.writeFileSync(snapshotPath(dir), encodeSnapshot({ ...decoded.data, entrySlots }, decoded.meta));
      await assertFullReplay(/inconsistent state: step entry of no sample/);
    });

    test('a journal shorter than its snapshot is damage: reported, the snapshot state kept and tied to the journal again', async () => {
      await recordTwoEvents();
      const journal = fs.readFileSync(journalPath(dir), 'utf8');
      await open();
      await ledger!.setVerdict([C], 'rejected');
      await ledger!.close();
      ledger = undefined;
      fs.writeFileSync(journalPath(dir), journal); // an older copy put back while closed
      let report = await open();
      assert.equal(report.tornTailBytes, 0, 'not reported as an unfinished write');
      assert.match(report.journalDamage ?? '', /shorter than the \d+ its snapshot covers/);
      assert.equal(ledger!.verdictOf(C), 'rejected', 'the snapshot state is kept');
      assert.equal(ledger!.verdictOf(A), 'accepted');
      await ledger!.setVerdict([D], 'accepted');
      report = await reopen();
      assert.equal(report.journalDamage, undefined, 'told once: the new snapshot matches the journal');
      assert.equal(ledger!.verdictOf(C), 'rejected');
      assert.equal(ledger!.verdictOf(D), 'accepted');
    });

    test('a journal cut mid-line below its snapshot is damage, not an unfinished write', async () => {
      await recordTwoEvents();
      const bytes = fs.readFileSync(journalPath(dir));
      fs.writeFileSync(journalPath(dir), bytes.subarray(0, Math.floor(bytes.length / 2)));
      const report = await open();
      assert.equal(report.tornTailBytes, 0);
      assert.match(report.journalDamage ?? '', /shorter/);
      assert.equal(ledger!.verdictOf(A), 'accepted');
      assert.deepEqual(ledger!.annotationsOf(B).labels, ['y']);
      await ledger!.setVerdict([C], 'accepted');
      await reopen();
      assert.equal(ledger!.verdictOf(C), 'accepted');
      assert.deepEqual(journalLines(dir).map((e) => e.seq).slice(-1), [3], 'the new event is a whole line of its own');
    });

    test('bytes flipped inside the part a snapshot covers are reported; the snapshot state is kept', async () => {
      await recordTwoEvents();
      const bytes = fs.readFileSync(journalPath(dir));
      const at = bytes.indexOf('"accepted"');
      bytes.write('"accXpted"', at, 'latin1'); // same length: the tail digest alone would not see it if far enough back
      // Grow the journal past the digest span so only the prefix checksum can see the flip.
      fs.writeFileSync(journalPath(dir), bytes);
      const snap = decodeSnapshot(fs.readFileSync(snapshotPath(dir)));
      assert.ok(snap.ok);
      // Recompute the tail digest over the damaged bytes, as if the flip lay outside its 4 KiB.
      fs.writeFileSync(snapshotPath(dir), encodeSnapshot(snap.data, { ...snap.meta, journalDigest: journalTailDigest(journalPath(dir), snap.meta.journalOffset) }));
      const report = await open();
      assert.match(report.journalDamage ?? '', /changed inside the part its snapshot covers/);
      assert.equal(ledger!.verdictOf(A), 'accepted', 'the snapshot state is kept');
    });

    test('a snapshot of a different journal of the same length is ignored and reported', async () => {
      await recordTwoEvents();
      const lines = fs.readFileSync(journalPath(dir), 'utf8').replace('"y"', '"z"');
      fs.writeFileSync(journalPath(dir), lines);
      const report = await open();
      assert.equal(report.fromSnapshot, false);
      assert.match(report.snapshotProblem ?? '', /different journal/);
      assert.deepEqual(ledger!.annotationsOf(B).labels, ['z']);
    });

    test('a format 1 snapshot (hashes as JSON text) still loads, and close rewrites it in the current format', async () => {
      // test/fixtures/ledger-snapshot-v1 was written by the format 1 code: 16-hex hashes, a short
      // one, every step kind, and an undone step on the redo stack. Its files have that code's names
      // (journal/ana.jsonl, state/ana.snapshot), which open takes over (journalFileNames.ts).
      const samples = ['0123456789abcdef', 'fedcba9876543210', '00000000ffffffff', '0a', '1234567812345678'];
      const copyOf = (withSnapshot: boolean) => {
        const copy = path.join(path.dirname(dir), withSnapshot ? 'v1' : 'journal-only', '.curator');
        fs.cpSync(path.join(ROOT, 'test', 'fixtures', 'ledger-snapshot-v1'), copy, { recursive: true });
        if (!withSnapshot) fs.rmSync(path.join(copy, 'state', 'ana.snapshot'));
        return copy;
      };
      const replayed = await openLedger(copyOf(false));
      const expected = viewOf(replayed.ledger, samples);
      await replayed.ledger.close();
      const v1 = copyOf(true);
      assert.equal(fs.readFileSync(path.join(v1, 'state', 'ana.snapshot')).readUInt32LE(8), 1);
      const first = await openLedger(v1);
      assert.deepEqual(first.report, { tornTailBytes: 0, skippedLines: [], replayedEvents: 0, fromSnapshot: true });
      assert.deepEqual(viewOf(first.ledger, samples), expected);
      assert.equal(first.ledger.annotationsOf('0123456789abcdef').revision, 1, 'the fixture is not empty');
      await first.ledger.close();
      assert.equal(fs.readFileSync(snapshotPath(v1)).readUInt32LE(8), SNAPSHOT_FORMAT_VERSION);
      const second = await openLedger(v1);
      assert.deepEqual(second.report, { tornTailBytes: 0, skippedLines: [], replayedEvents: 0, fromSnapshot: true });
      assert.deepEqual(viewOf(second.ledger, samples), expected);
      assert.equal((await second.ledger.redo())?.samples.length, 1);
      await second.ledger.close();
    });

    test('temp files a crash left in the state folder are removed on open', async () => {
      await recordTwoEvents();
      const leftover = path.join(dir, 'state', `.${snapshotFileName(REVIEWER)}.12345.tmp`);
      fs.writeFileSync(leftover, 'partial');
      await open();
      assert.equal(fs.existsSync(leftover), false);
    });
  });

  test('a torn last line is cut off and reported; later events follow cleanly', async () => {
    await open();
    await ledger!.setVerdict([A], 'accepted');
    await ledger!.close();
    fs.rmSync(snapshotPath(dir));
    const intact = fs.readFileSync(journalPath(dir), 'utf8');
    const torn = '{"v":2,"seq":2,"at":"2026';
    fs.appendFileSync(journalPath(dir), torn);
    const report = await open();
    assert.deepEqual(report, { tornTailBytes: Buffer.byteLength(torn), skippedLines: [], replayedEvents: 1, fromSnapshot: false });
    assert.equal(fs.readFileSync(journalPath(dir), 'utf8'), intact);
    await ledger!.setVerdict([B], 'rejected');
    assert.deepEqual(journalLines(dir).map((e) => e.seq), [1, 2]);
  });

  test('unreadable lines are kept and reported by line number, also after a snapshot', async () => {
    await open();
    await ledger!.setVerdict([A], 'accepted');
    await ledger!.close();
    fs.rmSync(snapshotPath(dir));
    const newer = JSON.stringify({ v: 3, seq: 9, at: 'x', reviewer: REVIEWER, type: 'verdict', samples: [B], verdict: 'accepted' });
    fs.appendFileSync(journalPath(dir), `garbage\n\n${newer}\n{"v":2,"seq":2,"type":"label"}\n`);
    const withGarbage = fs.readFileSync(journalPath(dir), 'utf8');
    assert.deepEqual((await open()).skippedLines, [2, 4, 5]);
    assert.equal(ledger!.verdictOf(B), 'pending');
    await ledger!.setVerdict([C], 'skipped');
    assert.equal(fs.readFileSync(journalPath(dir), 'utf8').startsWith(withGarbage), true);
    const last = JSON.parse(fs.readFileSync(journalPath(dir), 'utf8').trimEnd().split('\n').at(-1) ?? '') as { seq: number };
    assert.equal(last.seq, 2, 'seq continues after the highest valid one');
    fs.appendFileSync(journalPath(dir), 'more garbage\n');
    const report = await reopen();
    assert.equal(report.fromSnapshot, true);
    assert.deepEqual(report.skippedLines, [2, 4, 5, 7]);
  });

  test('version 1 lines (one-sample verdicts and undo) replay as steps', async () => {
    // Lines exactly as version 1 of the journal wrote them.
    const at = '2026-11-01T10:00:00.000Z';
    fs.mkdirSync(path.dirname(journalPath(dir)), { recursive: true });
    fs.writeFileSync(journalPath(dir), [
      { v: 1, seq: 1, at, reviewer: REVIEWER, type: 'verdict', sample: A, verdict: 'accepted' },
      { v: 1, seq: 2, at, reviewer: REVIEWER, type: 'verdict', sample: A, verdict: 'rejected' },
      { v: 1, seq: 3, at, reviewer: REVIEWER, type: 'verdict', sample: B, verdict: 'skipped' },
      { v: 1, seq: 4, at, reviewer: REVIEWER, type: 'undo', undoes: 3 },
    ].map((e) => `${JSON.stringify(e)}\n`).join(''));
    const report = await open();
    assert.equal(report.replayedEvents, 4);
    assert.deepEqual([ledger!.verdictOf(A), ledger!.verdictOf(B)], ['rejected', 'pending']);
    assert.deepEqual(await ledger!.undo(), { samples: [A], changed: [A] });
    assert.equal(ledger!.verdictOf(A), 'accepted');
    assert.equal(journalLines(dir).at(-1)?.v, 2);
  });

  test('mutations called while or after closing are refused; close is idempotent', async () => {
    await open();
    const l = ledger!;
    ledger = undefined;
    const before = l.setVerdict([A], 'accepted');
    const closing = l.close();
    const during = l.setVerdict([B], 'accepted');
    await Promise.all([before, closing, l.close()]);
    await assert.rejects(during, /closed/);
    await assert.rejects(l.setVerdict([A], 'rejected'), /closed/);
    await assert.rejects(l.undo(), /closed/);
    assert.deepEqual(journalLines(dir).map((e) => e.samples), [[A]]);
  });
});
