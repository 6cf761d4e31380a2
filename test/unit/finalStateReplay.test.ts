// The team read's lean replay against the ledger's own: FinalStateReplay (final state only, no undo
// history) equals LedgerState over random event sequences with undo and redo (naming the right
// step or a stale one), bulk steps, odd hashes and notes cleared; and readTeamJournals over random
// journals (adjudications, other reviewers' lines, hand-written and broken lines) equals a
// reference built the way the team read used to be: scanJournal + two LedgerStates per reviewer.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { FinalStateReplay } from '../../src/core/journal/finalStateReplay';
import type { JournalEvent } from '../../src/core/journal/journalEvents';
import { journalFileName } from '../../src/core/journal/journalFileNames';
import { JournalLineDecoder } from '../../src/core/journal/journalLineDecoder';
import { formatHash, LedgerHashes } from '../../src/core/journal/ledgerHashes';
import { scanJournal } from '../../src/core/journal/journalScan';
import { LedgerState } from '../../src/core/journal/ledgerState';
import { VERDICTS } from '../../src/core/formats/sampleModel';
import { readTeamJournals } from '../../src/core/team/teamJournals';
import { makeTempDir, removeDir } from './fixtureFiles';

const HASHES = ['00000000000000a1', '00000000000000b2', 'ffffffff00000000', '0123456789abcdef', '0a', 'ABCDEF0123456789'];
const LABELS = ['math', 'code', 'ünïcode'];

type Op =
  | { readonly op: 'verdict'; readonly hashes: string[]; readonly verdict: string; readonly adjudication: boolean }
  | { readonly op: 'label'; readonly hashes: string[]; readonly label: string; readonly present: boolean }
  | { readonly op: 'rating'; readonly hash: string; readonly rating: number | null }
  | { readonly op: 'note'; readonly hash: string; readonly note: string | null }
  | { readonly op: 'revision'; readonly hash: string }
  | { readonly op: 'undo' | 'redo'; readonly stale: boolean }
  | { readonly op: 'junk'; readonly line: string };

const hash = fc.constantFrom(...HASHES);
const SLICE_RECORD = {
  slice: { name: 'source a.jsonl', query: 'source:a.jsonl' },
  audit: { seed: 7, drawn: ['00000000000000a1'], n: 1, k: 0, defect: 'rejected' },
  estimate: { rate: 0, lower: 0, upper: 0.79, method: 'wilson', level: 0.95 },
  rule: { kind: 'reject-if-upper-above', rate: 0.05, text: 'reject if the upper bound of the 95% interval > 5%, else accept' },
};
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('verdict' as const), hashes: fc.array(hash, { minLength: 1, maxLength: 3 }), verdict: fc.constantFrom(...VERDICTS), adjudication: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('label' as const), hashes: fc.array(hash, { minLength: 1, maxLength: 3 }), label: fc.constantFrom(...LABELS), present: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('rating' as const), hash, rating: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('note' as const), hash, note: fc.option(fc.constantFrom('ok', 'шаг 2', 'a "q"', ''), { nil: null }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('revision' as const), hash }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('undo' as const), stale: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('redo' as const), stale: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('junk' as const), line: fc.constantFrom('', 'not json', '{"v":9}', '[1]') }) },
);

/**
 * The journal lines of `ops` by `reviewer`, as the ledger writes them (undo/redo name the step a
 * live state would undo or redo, or a stale seq). Now and then a line is written by hand: spaces,
 * another key order.
 */
function journalLines(reviewer: string, ops: readonly Op[], other?: string, firstSeq = 0): string[] {
  const live = new LedgerState();
  const liveAdj = new LedgerState();
  const lines: string[] = [];
  let seq = firstSeq;
  ops.forEach((o, i) => {
    if (o.op === 'junk') {
      lines.push(o.line);
      return;
    }
    let body: Record<string, unknown>;
    switch (o.op) {
      // Two-sample verdicts that are not adjudications are written as slice decisions (issue 15):
      // the same verdict to every reader, the record beside it parsed, never guessed at.
      case 'verdict': body = { type: 'verdict', samples: o.hashes, verdict: o.verdict, ...(o.adjudication ? { adjudication: true } : o.hashes.length === 2 ? { sliceDecision: SLICE_RECORD } : {}) }; break;
      case 'label': body = { type: 'label', samples: o.hashes, label: o.label, present: o.present }; break;
      case 'rating': body = { type: 'rating', sample: o.hash, rating: o.rating }; break;
      case 'note': body = { type: 'note', sample: o.hash, note: o.note }; break;
      case 'revision': body = { type: 'revision', sample: o.hash, text: '{"a":1}' }; break;
      default: {
        const target = o.op === 'undo' ? live.undoableSeq ?? liveAdj.undoableSeq : live.redoableSeq ?? liveAdj.redoableSeq;
        body = o.op === 'undo' ? { type: 'undo', undoes: o.stale || target === undefined ? seq : target } : { type: 'redo', redoes: o.stale || target === undefined ? seq - 1 : target };
      }
    }
    const event = { v: 2, seq: ++seq, at: '2026-01-01T00:00:00.000Z', reviewer: other !== undefined && i % 7 === 3 ? other : reviewer, ...body };
    if (event.reviewer === reviewer) {
      const e = event as unknown as JournalEvent;
      if (e.type === 'verdict' && 'adjudication' in e && e.adjudication) liveAdj.apply(e);
      else if (e.type === 'undo' || e.type === 'redo') {
        if (!live.apply(e)) liveAdj.apply(e);
      } else live.apply(e);
    }
    let line = JSON.stringify(event);
    if (i % 5 === 2) line = line.replace(',"at"', ', "at"');
    if (i % 11 === 4) {
      const { reviewer: who, ...rest } = event;
      line = JSON.stringify({ reviewer: who, ...rest });
    }
    lines.push(line);
  });
  return lines;
}

function annotationsOfReplay(lines: readonly string[]): { results: boolean[]; state: ReturnType<FinalStateReplay['finish']>; hashes: LedgerHashes } {
  const hashes = new LedgerHashes();
  hashes.add('ffff0000ffff0000'); // shared with other replays: ids are not slots
  const replay = new FinalStateReplay(hashes);
  const d = new JournalLineDecoder();
  const results: boolean[] = [];
  for (const line of lines) {
    const buf = Buffer.from(line);
    if (d.decode(buf, 0, buf.length)) results.push(replay.apply(d));
  }
  return { results, state: replay.finish(), hashes };
}

suite('final state replay', () => {
  test('equals LedgerState: same stale undos and redos, same slots in the same order, same final annotations', function () {
    this.timeout(60_000);
    // Seqs from 0, or across 2^32 (the replay keeps seqs in 4 bytes until one does not fit).
    fc.assert(fc.property(fc.array(op, { maxLength: 60 }), fc.constantFrom(0, 0, 0, 2 ** 32 - 20), (ops, firstSeq) => {
      const lines = journalLines('ana', ops.map((o) => (o.op === 'verdict' ? { ...o, adjudication: false } : o)), undefined, firstSeq);
      const reference = new LedgerState();
      const expected: boolean[] = [];
      for (const line of lines) {
        let e: JournalEvent | undefined;
        try {
          e = JSON.parse(line) as JournalEvent;
        } catch {
          continue;
        }
        if (typeof e !== 'object' || e === null || !('type' in e)) continue;
        expected.push(reference.apply(e));
      }
      const { results, state, hashes } = annotationsOfReplay(lines);
      assert.deepEqual(results, expected);
      assert.equal(state.samples.length, reference.slotCount);
      for (let slot = 0; slot < reference.slotCount; slot++) {
        const h = reference.hashAt(slot);
        assert.equal(hashes.hashAt(state.samples[slot]), h);
        const a = reference.annotationsOf(h);
        assert.equal(VERDICTS[state.verdicts[slot]], a.verdict, `verdict of ${h}`);
        assert.equal(state.ratings[slot] || undefined, a.rating, `rating of ${h}`);
        assert.equal(state.notes.get(slot), a.note, `note of ${h}`);
        const labels: string[] = [];
        for (let i = 0; i < state.labelSlots.length; i += 2) if (state.labelSlots[i + 1] === slot) labels.push(state.labelNames[state.labelSlots[i]]);
        assert.deepEqual(labels.sort(), a.labels, `labels of ${h}`);
      }
    }), { numRuns: 1500 });
  });

  suite('the team read', () => {
    let dir: string;
    setup(() => {
      dir = makeTempDir('final-state');
    });
    teardown(() => removeDir(dir));

    test('equals the reference read (scanJournal + LedgerState per reviewer) on random journals', function () {
      this.timeout(120_000);
      const reviewers = ['ana', 'Иван', 'bo'];
      fc.assert(fc.property(fc.array(fc.array(op, { maxLength: 40 }), { minLength: 3, maxLength: 3 }), (perReviewer) => {
        fs.rmSync(path.join(dir, 'journal'), { recursive: true, force: true });
        fs.mkdirSync(path.join(dir, 'journal'));
        perReviewer.forEach((ops, r) => {
          const lines = journalLines(reviewers[r], ops, reviewers[(r + 1) % 3]);
          fs.writeFileSync(path.join(dir, 'journal', journalFileName(reviewers[r])), lines.map((l) => `${l}\n`).join(''));
        });
        // A copy under another name is ignored: its samples are no team's samples. Without it, team
        // indices are usually hash ids (the join without maps).
        const copy = perReviewer[0].length % 2 === 0;
        if (copy) fs.writeFileSync(path.join(dir, 'journal', 'copy.jsonl'), `${journalLines(reviewers[0], [{ op: 'verdict', hashes: ['eeee00000000000e'], verdict: 'accepted', adjudication: false }]).join('\n')}\n`);
        const team = readTeamJournals(dir);
        if (copy) assert.equal(team.indexOf('eeee00000000000e'), -1);
        const refs = [...reviewers].sort().map((reviewer) => ({ reviewer, ...referenceRead(path.join(dir, 'journal', journalFileName(reviewer))) }))
          .filter((x) => x.events > 0 && x.first === x.reviewer);
        assert.deepEqual(team.reviewers, refs.map((x) => x.reviewer));
        assert.deepEqual(team.journals.map((j) => [j.events, j.skippedLines]), refs.map((x) => [x.events, x.skippedLines]));
        const order: string[] = [];
        const seen = new Set<string>();
        for (const states of [refs.map((x) => x.own), refs.map((x) => x.adjudicated)]) {
          for (const s of states) for (let slot = 0; slot < s.slotCount; slot++) if (!seen.has(s.hashAt(slot))) seen.add(s.hashAt(slot)), order.push(s.hashAt(slot));
        }
        assert.deepEqual(Array.from({ length: team.sampleCount }, (_, i) => team.idAt(i)), order);
        const R = refs.length;
        order.forEach((id, i) => {
          assert.equal(team.indexOf(id), i);
          assert.equal(team.oddIds.get(i) ?? formatHash(team.idHi[i], team.idLo[i]), id);
          const adjudicated = refs.map((x) => x.adjudicated.verdictOf(id)).filter((v) => v !== 'pending');
          assert.equal(team.adjudications[i] === 0 ? undefined : team.adjudications[i] === 255 ? 'differ' : VERDICTS[team.adjudications[i]],
            adjudicated.length === 0 ? undefined : new Set(adjudicated).size > 1 ? 'differ' : adjudicated[0]);
          refs.forEach((x, r) => {
            const a = x.own.annotationsOf(id);
            const cell = i * R + r;
            assert.equal(VERDICTS[team.verdicts[cell]], a.verdict);
            assert.equal(team.ratings[cell] || undefined, a.rating);
            assert.equal(team.notes.get(cell), a.note);
            assert.deepEqual(team.labelNames.filter((_, l) => team.labelCells[l].includes(cell)), a.labels);
          });
        });
      }), { numRuns: 300 });
    });
  });
});

/** The team read as it was: the ledger's scan and two LedgerStates (own, adjudicated) per journal. */
function referenceRead(file: string): { first?: string; own: LedgerState; adjudicated: LedgerState; events: number; skippedLines: number[] } {
  let first: string | undefined;
  const own = new LedgerState();
  const adjudicated = new LedgerState();
  const scan = scanJournal(file, 0, 0, (event) => {
    if (first === undefined) first = event.reviewer;
    else if (event.reviewer !== first) return false;
    if (event.type === 'verdict' && 'adjudication' in event && event.adjudication) return adjudicated.apply(event);
    if (event.type === 'undo' || event.type === 'redo') {
      if (!own.apply(event)) adjudicated.apply(event);
      return true;
    }
    return own.apply(event);
  });
  return { first, own, adjudicated, events: scan.events, skippedLines: scan.skippedLines };
}
