// The reviewer's decision journal: stamping, ordering, replay, torn tails and unreadable lines.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DecisionJournal } from '../../src/core/decisionJournal';
import type { JournalEvent } from '../../src/core/journalEvents';
import { makeTempDir, removeDir } from './fixtureFiles';

const T0 = Date.UTC(2026, 0, 2, 3, 4, 5, 6);

/** A clock that moves one second per call, so each event's time is predictable. */
function tickingClock(): () => Date {
  let calls = 0;
  return () => new Date(T0 + 1000 * calls++);
}

function fileLines(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  assert.ok(text === '' || text.endsWith('\n'), 'the journal ends with a newline');
  return text.split('\n').slice(0, -1);
}

suite('decisionJournal', () => {
  let dir: string;
  let file: string;
  setup(() => {
    dir = makeTempDir('journal');
    file = path.join(dir, 'nested', 'journal', 'ana.jsonl');
  });
  teardown(() => removeDir(dir));

  test('creates its folder and stamps v=1, seq, reviewer and the injected time', async () => {
    const { journal, replay } = await DecisionJournal.open(file, 'ana', () => assert.fail('nothing to replay'), tickingClock());
    try {
      assert.deepEqual(replay, { events: [], skippedLines: [] });
      const a = await journal.append({ type: 'verdict', sample: 'aaaa', verdict: 'accepted' });
      const b = await journal.append({ type: 'undo', undoes: a.seq });
      assert.deepEqual(a, { v: 1, seq: 1, at: new Date(T0).toISOString(), reviewer: 'ana', type: 'verdict', sample: 'aaaa', verdict: 'accepted' });
      assert.deepEqual(b, { v: 1, seq: 2, at: new Date(T0 + 1000).toISOString(), reviewer: 'ana', type: 'undo', undoes: 1 });
      assert.deepEqual(fileLines(file).map((l) => JSON.parse(l)), [a, b]);
    } finally {
      await journal.close();
    }
  });

  test('200 concurrent appends are all on disk, in order, with strictly increasing seq', async () => {
    const { journal } = await DecisionJournal.open(file, 'ana', () => undefined);
    let returned: JournalEvent[];
    try {
      returned = await Promise.all(
        Array.from({ length: 200 }, (_, i) => journal.append({ type: 'verdict', sample: `s${i}`, verdict: 'rejected' })),
      );
    } finally {
      await journal.close();
    }
    const onDisk = fileLines(file).map((l) => JSON.parse(l) as JournalEvent);
    assert.equal(onDisk.length, 200);
    assert.deepEqual(onDisk, returned);
    onDisk.forEach((e, i) => {
      assert.equal(e.type === 'verdict' && e.sample, `s${i}`);
      if (i > 0) assert.ok(e.seq > onDisk[i - 1].seq, `seq at ${i}`);
    });
  });

  test('reopening replays every event in order and continues the sequence', async () => {
    const first = await DecisionJournal.open(file, 'ana', () => undefined);
    const written = [
      await first.journal.append({ type: 'verdict', sample: 'a', verdict: 'accepted' }),
      await first.journal.append({ type: 'verdict', sample: 'b', verdict: 'skipped' }),
      await first.journal.append({ type: 'undo', undoes: 2 }),
    ];
    await first.journal.close();

    const seen: JournalEvent[] = [];
    const second = await DecisionJournal.open(file, 'ana', (e) => seen.push(e));
    try {
      assert.deepEqual(seen, written);
      assert.deepEqual(second.replay.events, written);
      assert.deepEqual(second.replay.skippedLines, []);
      const next = await second.journal.append({ type: 'verdict', sample: 'c', verdict: 'rejected' });
      assert.equal(next.seq, 4);
    } finally {
      await second.journal.close();
    }
  });

  test('a torn last line (killed mid-write) is cut off on open and later appends are clean', async () => {
    const first = await DecisionJournal.open(file, 'ana', () => undefined);
    const a = await first.journal.append({ type: 'verdict', sample: 'a', verdict: 'accepted' });
    const b = await first.journal.append({ type: 'verdict', sample: 'b', verdict: 'rejected' });
    await first.journal.close();
    const intact = fs.readFileSync(file, 'utf8');
    fs.appendFileSync(file, '{"v":1,"seq":3,"at":"2026-01-0');

    const seen: JournalEvent[] = [];
    const second = await DecisionJournal.open(file, 'ana', (e) => seen.push(e));
    try {
      assert.deepEqual(seen, [a, b]);
      assert.deepEqual(second.replay.skippedLines, [], 'an unacknowledged tail is not an error');
      assert.equal(fs.readFileSync(file, 'utf8'), intact);
      const c = await second.journal.append({ type: 'verdict', sample: 'c', verdict: 'skipped' });
      assert.equal(c.seq, 3);
    } finally {
      await second.journal.close();
    }
    assert.deepEqual(fileLines(file).map((l) => JSON.parse(l)).map((e: JournalEvent) => e.seq), [1, 2, 3]);
  });

  test('a journal that is only a torn line is emptied', async () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{"v":1,"se');
    const { journal, replay } = await DecisionJournal.open(file, 'ana', () => undefined);
    try {
      assert.deepEqual(replay, { events: [], skippedLines: [] });
      await journal.append({ type: 'verdict', sample: 'a', verdict: 'accepted' });
    } finally {
      await journal.close();
    }
    assert.equal(JSON.parse(fileLines(file)[0]).seq, 1);
    assert.equal(fileLines(file).length, 1);
  });

  test('an unreadable middle line is reported by line number and kept in the file', async () => {
    const ev = (seq: number, sample: string) =>
      JSON.stringify({ v: 1, seq, at: new Date(T0).toISOString(), reviewer: 'ana', type: 'verdict', sample, verdict: 'accepted' });
    const newer = JSON.stringify({ v: 2, seq: 3, at: new Date(T0).toISOString(), reviewer: 'ana', type: 'verdict', sample: 'z', verdict: 'accepted' });
    const original = [ev(1, 'a'), 'not json at all', '', newer, ev(2, 'b')].join('\n') + '\n';
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, original);

    const seen: JournalEvent[] = [];
    const { journal, replay } = await DecisionJournal.open(file, 'ana', (e) => seen.push(e));
    try {
      assert.deepEqual(replay.skippedLines, [2, 4], 'the garbage line and the newer-schema line; not the blank one');
      assert.deepEqual(seen.map((e) => e.seq), [1, 2]);
      assert.equal(fs.readFileSync(file, 'utf8'), original);
      await journal.append({ type: 'verdict', sample: 'c', verdict: 'rejected' });
    } finally {
      await journal.close();
    }
    const lines = fileLines(file);
    assert.equal(lines[1], 'not json at all');
    assert.equal(lines[3], newer);
    assert.equal(JSON.parse(lines[5]).sample, 'c');
  });

  test('events of an unknown type or with a bad verdict are skipped, not replayed', async () => {
    const base = { v: 1, seq: 1, at: new Date(T0).toISOString(), reviewer: 'ana' };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, [
      JSON.stringify({ ...base, type: 'verdict', sample: 'a', verdict: 'maybe' }),
      JSON.stringify({ ...base, type: 'rename', to: 'x' }),
      JSON.stringify({ ...base, type: 'undo', undoes: '1' }),
    ].join('\n') + '\n');
    const { journal, replay } = await DecisionJournal.open(file, 'ana', () => assert.fail('nothing valid to replay'));
    await journal.close();
    assert.deepEqual(replay, { events: [], skippedLines: [1, 2, 3] });
  });
});
