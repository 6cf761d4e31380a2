// A slice decision in the journal (issue 15): a verdict event carrying `sliceDecision`, written by
// the real ledger, read back by every reader — the ledger on reopen (state, undo, redo), the
// validation, the team read (that reviewer's own verdict, not an adjudication), export's decision
// times (the bulk line's fast path too) and the reader of standing slice decisions.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { DecisionLedger } from '../../src/core/journal/decisionLedger';
import { bulkVerdict, readDecisionTimes } from '../../src/core/journal/decisionTimes';
import { asJournalEvent, isSliceDecisionRecord, type SliceDecisionRecord } from '../../src/core/journal/journalEvents';
import { journalFileName } from '../../src/core/journal/journalFileNames';
import { JournalLineDecoder, EVENT_VERDICT } from '../../src/core/journal/journalLineDecoder';
import { readSliceDecisions } from '../../src/core/journal/sliceDecisions';
import { readTeamJournals, ACCEPTED, REJECTED } from '../../src/core/team/teamJournals';
import { makeTempDir, removeDir } from './fixtureFiles';

const S = Array.from({ length: 8 }, (_, k) => `bbbb00000000000${k}`);

export const RECORD: SliceDecisionRecord = {
  slice: { name: 'model teacher-b', query: 'model:teacher-b' },
  audit: { seed: 4242, drawn: [S[0], S[1], S[2]], n: 3, k: 1, defect: 'rejected' },
  estimate: { rate: 1 / 3, lower: 0.0615, upper: 0.7923, method: 'wilson', level: 0.95 },
  rule: { kind: 'reject-if-upper-above', rate: 0.05, text: 'reject if the upper bound of the 95% interval > 5%, else accept' },
};

const rate = fc.double({ min: 0, max: 1, noNaN: true });
const hex16 = fc.stringMatching(/^[0-9a-f]{16}$/);
const record: fc.Arbitrary<SliceDecisionRecord> = fc
  .record({
    name: fc.string(), query: fc.string(), seed: fc.nat(), drawn: fc.array(hex16, { minLength: 1, maxLength: 5 }),
    n: fc.nat(), k: fc.nat(), defect: fc.string(), rates: fc.array(rate, { minLength: 3, maxLength: 3 }), level: rate, method: fc.constantFrom('wilson', 'clopper-pearson'),
    kind: fc.constantFrom('reject-if-upper-above', 'reject-if-lower-above', 'decide-when-clear'), ruleRate: rate, text: fc.string(),
  })
  .map((r) => {
    const n = r.n % (r.drawn.length + 1);
    const [lower, estimate, upper] = [...r.rates].sort((a, b) => a - b);
    return {
      slice: { name: r.name, query: r.query },
      audit: { seed: r.seed, drawn: r.drawn, n, k: n === 0 ? 0 : r.k % (n + 1), defect: r.defect },
      estimate: { rate: estimate, lower, upper, method: r.method, level: r.level },
      rule: { kind: r.kind, rate: r.ruleRate, text: r.text },
    };
  });

suite('slice decision events', () => {
  let dir: string;
  setup(() => {
    dir = makeTempDir('slice-decision');
  });
  teardown(() => removeDir(dir));

  const journal = (reviewer = 'ana') => path.join(dir, 'journal', journalFileName(reviewer));

  test('the record round-trips through the journal line and its validation; a malformed one is refused', async () => {
    await fc.assert(fc.asyncProperty(record, async (r) => {
      assert.ok(isSliceDecisionRecord(r));
      const line = JSON.stringify({ v: 2, seq: 1, at: 't', reviewer: 'ana', type: 'verdict', samples: [S[3]], verdict: 'rejected', sliceDecision: r });
      const back = asJournalEvent(JSON.parse(line));
      assert.ok(back && back.type === 'verdict' && 'samples' in back);
      assert.deepEqual(back.sliceDecision, r);
      const decoder = new JournalLineDecoder();
      const buf = Buffer.from(line);
      assert.equal(decoder.decodeFast(buf, 0, buf.length), false, 'not the fast shape: parsed');
      assert.ok(decoder.decode(buf, 0, buf.length));
      assert.equal(decoder.kind, EVENT_VERDICT);
      assert.equal(decoder.adjudication, false);
      assert.deepEqual(decoder.sampleTexts, [S[3]]);
    }), { numRuns: 200 });
    const base = { v: 2, seq: 1, at: 't', reviewer: 'ana', type: 'verdict', samples: [S[3]], verdict: 'rejected' };
    for (const bad of [
      { ...RECORD, audit: { ...RECORD.audit, k: 4 } },
      { ...RECORD, audit: { ...RECORD.audit, n: 4 } },
      { ...RECORD, audit: { ...RECORD.audit, drawn: [] } },
      { ...RECORD, estimate: { ...RECORD.estimate, upper: 1.5 } },
      { ...RECORD, estimate: { ...RECORD.estimate, lower: 0.9 } },
      { ...RECORD, rule: { kind: 'reject-if-upper-above', rate: 0.05 } },
      'reject',
    ]) assert.equal(asJournalEvent({ ...base, sliceDecision: bad }), undefined, JSON.stringify(bad));
    assert.equal(asJournalEvent({ ...base, adjudication: true, sliceDecision: RECORD }), undefined, 'never both');
  });

  test('written by the ledger: one step, undo restores every sample at once, redo re-applies, reopening replays it', async () => {
    const curator = dir;
    let { ledger } = await DecisionLedger.open(curator, 'ana', { now: () => new Date(Date.UTC(2026, 11, 6, 23)) });
    await ledger.setVerdict([S[0]], 'accepted');
    await ledger.setVerdict([S[1]], 'rejected');
    const rest = [S[2], S[3], S[4], S[5]];
    const changed = await ledger.setVerdict(rest, 'rejected', { sliceDecision: RECORD });
    assert.deepEqual([...changed].sort(), rest);
    const line = fs.readFileSync(journal(), 'utf8').trim().split('\n')[2];
    // The line as the ledger writes it (this is the one quoted in the report).
    assert.equal(line, '{"v":2,"seq":3,"at":"2026-12-06T23:00:00.000Z","reviewer":"ana","type":"verdict",'
      + '"samples":["bbbb000000000002","bbbb000000000003","bbbb000000000004","bbbb000000000005"],"verdict":"rejected",'
      + '"sliceDecision":{"slice":{"name":"model teacher-b","query":"model:teacher-b"},'
      + '"audit":{"seed":4242,"drawn":["bbbb000000000000","bbbb000000000001","bbbb000000000002"],"n":3,"k":1,"defect":"rejected"},'
      + '"estimate":{"rate":0.3333333333333333,"lower":0.0615,"upper":0.7923,"method":"wilson","level":0.95},'
      + '"rule":{"kind":"reject-if-upper-above","rate":0.05,"text":"reject if the upper bound of the 95% interval > 5%, else accept"}}}');
    assert.deepEqual(JSON.parse(line).sliceDecision, RECORD);
    assert.deepEqual(readSliceDecisions(journal()).map((d) => [d.seq, d.samples, d.verdict]), [[3, 4, 'rejected']]);
    assert.ok(ledger.isApplied(3));
    const undone = await ledger.undo();
    assert.deepEqual([...(undone?.changed ?? [])].sort(), rest);
    for (const h of rest) assert.equal(ledger.verdictOf(h), 'pending');
    assert.equal(ledger.verdictOf(S[0]), 'accepted', 'what was decided before stays');
    assert.equal(ledger.isApplied(3), false);
    assert.deepEqual(readSliceDecisions(journal()), [], 'undone: no longer stands');
    await ledger.redo();
    for (const h of rest) assert.equal(ledger.verdictOf(h), 'rejected');
    assert.equal(readSliceDecisions(journal()).length, 1);
    await ledger.close();
    ({ ledger } = await DecisionLedger.open(curator, 'ana'));
    for (const h of rest) assert.equal(ledger.verdictOf(h), 'rejected');
    await ledger.undo();
    await ledger.setVerdict([S[6]], 'accepted'); // discards the undone slice decision
    await ledger.close();
    assert.deepEqual(readSliceDecisions(journal()), []);
    await assert.rejects(async () => {
      const { ledger: l } = await DecisionLedger.open(curator, 'bo');
      try {
        await l.setVerdict([S[7]], 'accepted', { sliceDecision: { ...RECORD, audit: { ...RECORD.audit, k: 9 } } });
      } finally {
        await l.close();
      }
    }, /not a well-formed slice decision/);
  });

  test('the team read takes it as that reviewer\'s own verdict (an opinion, not an adjudication)', async () => {
    const { ledger } = await DecisionLedger.open(dir, 'ana');
    await ledger.setVerdict([S[0]], 'accepted');
    await ledger.setVerdict([S[1], S[2]], 'rejected', { sliceDecision: RECORD });
    await ledger.close();
    const team = readTeamJournals(dir);
    const verdictOf = (id: string) => team.verdicts[team.indexOf(id) * team.reviewers.length + team.reviewers.indexOf('ana')];
    assert.equal(verdictOf(S[0]), ACCEPTED);
    assert.equal(verdictOf(S[1]), REJECTED);
    assert.equal(verdictOf(S[2]), REJECTED);
    assert.equal(team.adjudications[team.indexOf(S[1])], 0);
  });

  test('export\'s decision times read it, a long line through the bulk fast path', async () => {
    const many = Array.from({ length: 5000 }, (_, k) => k.toString(16).padStart(16, '0'));
    const { ledger } = await DecisionLedger.open(dir, 'ana', { now: () => new Date(Date.UTC(2026, 11, 6, 23)) });
    await ledger.setVerdict(many, 'accepted', { sliceDecision: { ...RECORD, audit: { ...RECORD.audit, drawn: many.slice(0, 3) } } });
    await ledger.close();
    const text = fs.readFileSync(journal());
    const end = text.indexOf(0x0a);
    const walked = bulkVerdict(text, 0, end);
    assert.ok(walked, 'the ledger\'s slice-decision line takes the fast path');
    assert.equal([...walked.hashes()].length, 5000);
    const broken = Buffer.from(text.toString('utf8', 0, end).replace('"kind":"reject-if-upper-above"', '"kind":7'));
    assert.equal(bulkVerdict(broken, 0, broken.length), undefined, 'a malformed record is not walked');
    const indices = new Map(many.map((h, k) => [h, [k]]));
    const t = await readDecisionTimes(journal(), many.length, (h) => indices.get(h) ?? []);
    assert.equal(new Date(t.at[4999]).toISOString(), '2026-12-06T23:00:00.000Z');
  });
});
