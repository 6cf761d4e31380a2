// Who decided each sample, and when, read back from a journal with undo and redo.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bulkVerdict, readDecisionTimes } from '../../src/core/journal/decisionTimes';
import { makeTempDir, removeDir } from './fixtureFiles';

const HASHES = ['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb', 'cccccccccccccccc'];

function at(minute: number): string {
  return new Date(Date.UTC(2026, 10, 24, 20, minute)).toISOString();
}

suite('decisionTimes', () => {
  let dir: string;
  setup(() => {
    dir = makeTempDir('decision-times');
  });
  teardown(() => removeDir(dir));

  function read(events: object[]) {
    const journal = path.join(dir, 'ana.jsonl');
    fs.writeFileSync(journal, events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    // Sample c sits at two indices (a copied record); b at one; a at one.
    const indices = new Map([[HASHES[0], [0]], [HASHES[1], [1]], [HASHES[2], [2, 3]]]);
    return readDecisionTimes(journal, 5, (h) => indices.get(h) ?? []);
  }

  test('the verdict that stands gives the time and reviewer; undo restores the one before, redo re-applies', async () => {
    const t = await read([
      { v: 2, seq: 1, at: at(1), reviewer: 'ana', type: 'verdict', samples: HASHES, verdict: 'accepted' },
      { v: 2, seq: 2, at: at(2), reviewer: 'ana', type: 'verdict', samples: [HASHES[0]], verdict: 'rejected' },
      { v: 2, seq: 3, at: at(3), reviewer: 'ana', type: 'label', samples: [HASHES[1]], label: 'x', present: true },
      { v: 2, seq: 4, at: at(4), reviewer: 'ana', type: 'undo', undoes: 3 },
      { v: 2, seq: 5, at: at(5), reviewer: 'ana', type: 'undo', undoes: 2 },
      { v: 1, seq: 6, at: at(6), reviewer: 'ana', type: 'verdict', sample: HASHES[1], verdict: 'accepted' },
      { v: 2, seq: 7, at: at(7), reviewer: 'ana', type: 'undo', undoes: 6 },
      { v: 2, seq: 8, at: at(8), reviewer: 'ana', type: 'redo', redoes: 6 },
      { v: 2, seq: 9, at: at(9), reviewer: 'ana', type: 'undo', undoes: 99 },
    ]);
    assert.deepEqual(Array.from(t.at, (ms) => (Number.isNaN(ms) ? undefined : new Date(ms).toISOString())), [at(1), at(6), at(1), at(1), undefined]);
    assert.deepEqual(t.reviewers, ['ana']);
    assert.deepEqual(t.position, { offset: fs.statSync(path.join(dir, 'ana.jsonl')).size, lines: 9, lastSeq: 9 });
  });

  test('a new step after an undo discards the undone one: a later redo of it changes nothing', async () => {
    const t = await read([
      { v: 2, seq: 1, at: at(1), reviewer: 'bo', type: 'verdict', samples: [HASHES[0]], verdict: 'accepted' },
      { v: 2, seq: 2, at: at(2), reviewer: 'bo', type: 'verdict', samples: [HASHES[0]], verdict: 'rejected' },
      { v: 2, seq: 3, at: at(3), reviewer: 'bo', type: 'undo', undoes: 2 },
      { v: 2, seq: 4, at: at(4), reviewer: 'bo', type: 'note', sample: HASHES[1], note: 'hm' },
      { v: 2, seq: 5, at: at(5), reviewer: 'bo', type: 'redo', redoes: 2 },
    ]);
    assert.equal(new Date(t.at[0]).toISOString(), at(1));
    assert.ok(Number.isNaN(t.at[1]), 'a note is not a verdict');
  });

  test('no journal: nothing decided, position zero', async () => {
    const t = await readDecisionTimes(path.join(dir, 'none.jsonl'), 2, () => []);
    assert.ok(Number.isNaN(t.at[0]) && Number.isNaN(t.at[1]));
    assert.deepEqual(t.position, { offset: 0, lines: 0, lastSeq: 0 });
  });

  test('a bulk verdict line (the ledger\'s layout, walked in place) reads like a parsed one; other long lines are parsed', async () => {
    const many = Array.from({ length: 6000 }, (_, k) => k.toString(16).padStart(16, '0'));
    const indices = new Map(many.map((h, k) => [h, [k]]));
    const journal = path.join(dir, 'bulk.jsonl');
    const lines = [
      // Exactly what DecisionLedger writes (JSON.stringify of the stamped event): the fast path.
      { v: 2, seq: 1, at: at(1), reviewer: 'ana "the" reviewer', type: 'verdict', samples: many.slice(0, 5000), verdict: 'accepted' },
      // Same content, keys in another order: not the ledger's layout, so parsed.
      { type: 'verdict', v: 2, seq: 2, at: at(2), reviewer: 'bo', verdict: 'rejected', samples: many.slice(4000, 6000).concat(many.slice(0, 3000)) },
      // Undoing the second restores the first for the samples both named.
      { v: 2, seq: 3, at: at(3), reviewer: 'bo', type: 'undo', undoes: 2 },
    ];
    fs.writeFileSync(journal, lines.map((e) => `${JSON.stringify(e)}\n`).join(''));
    assert.ok(fs.statSync(journal).size > 2 * 64 * 1024, 'both verdict lines are long');
    const [ledgerLine, reordered] = lines.slice(0, 2).map((e) => Buffer.from(JSON.stringify(e)));
    const walked = bulkVerdict(ledgerLine, 0, ledgerLine.length);
    assert.ok(walked, 'the ledger layout takes the fast path');
    assert.deepEqual([...walked.hashes()], many.slice(0, 5000));
    assert.equal(walked.reviewer, 'ana "the" reviewer');
    assert.equal(bulkVerdict(reordered, 0, reordered.length), undefined);
    let t = await readDecisionTimes(journal, 6000, (h) => indices.get(h) ?? []);
    assert.equal(new Date(t.at[0]).toISOString(), at(1));
    assert.equal(new Date(t.at[4999]).toISOString(), at(1));
    assert.ok(Number.isNaN(t.at[5000]), 'undone: never decided');
    assert.deepEqual(t.reviewers, ['ana "the" reviewer', 'bo']);
    assert.equal(t.position.lastSeq, 3);
    fs.writeFileSync(journal, lines.slice(0, 2).map((e) => `${JSON.stringify(e)}\n`).join(''));
    t = await readDecisionTimes(journal, 6000, (h) => indices.get(h) ?? []);
    assert.equal(new Date(t.at[0]).toISOString(), at(2));
    assert.equal(t.reviewers[t.reviewerOf[0]], 'bo');
    assert.equal(new Date(t.at[3500]).toISOString(), at(1));
    assert.equal(new Date(t.at[5999]).toISOString(), at(2));
  });

  test('pauses every few thousand samples, inside a bulk line too, with the bytes read; a throwing pause stops the pass', async () => {
    const many = Array.from({ length: 20_000 }, (_, k) => k.toString(16).padStart(16, '0'));
    const indices = new Map(many.map((h, k) => [h, [k]]));
    const journal = path.join(dir, 'paused.jsonl');
    const events = [
      { v: 2, seq: 1, at: at(1), reviewer: 'ana', type: 'verdict', samples: many, verdict: 'accepted' },
      ...many.slice(0, 9000).map((h, k) => ({ v: 2, seq: k + 2, at: at(2), reviewer: 'bo', type: 'verdict', samples: [h], verdict: 'rejected' })),
    ];
    fs.writeFileSync(journal, events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    const size = fs.statSync(journal).size;
    const plain = await readDecisionTimes(journal, many.length, (h) => indices.get(h) ?? []);
    const pauses: [number, number][] = [];
    const paused = await readDecisionTimes(journal, many.length, (h) => indices.get(h) ?? [], {
      pause: async (done, total) => {
        pauses.push([done, total]);
        await new Promise((r) => setImmediate(r));
      },
    });
    assert.deepEqual(paused, plain);
    assert.equal(new Date(paused.at[8999]).toISOString(), at(2));
    assert.equal(new Date(paused.at[9000]).toISOString(), at(1));
    assert.ok(pauses.length >= 6, `${pauses.length} pauses`);
    assert.ok(pauses.every(([done, total], k) => total === size && done <= size && (k === 0 || done >= pauses[k - 1][0])));
    assert.ok(pauses.filter(([done]) => done === pauses[0][0]).length >= 4, 'several pauses within the first (bulk) line');
    const stop = new Error('cancelled');
    await assert.rejects(readDecisionTimes(journal, many.length, (h) => indices.get(h) ?? [], { pause: () => Promise.reject(stop) }), stop);
  });

  test('a long line that strays from the ledger\'s layout is parsed instead, never half walked', async () => {
    const many = Array.from({ length: 5000 }, (_, k) => k.toString(16).padStart(16, '0'));
    const journal = path.join(dir, 'broken.jsonl');
    const line = JSON.stringify({ v: 2, seq: 1, at: at(1), reviewer: 'ana', type: 'verdict', samples: many, verdict: 'accepted' });
    const broken = line.replace(many[2500], 'not-hex-at-all!!');
    assert.equal(bulkVerdict(Buffer.from(broken), 0, broken.length), undefined);
    fs.writeFileSync(journal, `${broken}\n`);
    const t = await readDecisionTimes(journal, 5000, (h) => (/^[0-9a-f]{16}$/.test(h) ? [parseInt(h, 16)] : []));
    // The broken line is parsed instead; JSON-wise it is a valid event naming 4999 known samples.
    assert.equal(new Date(t.at[0]).toISOString(), at(1));
    assert.ok(Number.isNaN(t.at[2500]));
  });
});
