// Slices and their audits over a real store (the demo store's 300 samples in three files, on temp
// files): ready slices and their sizes through the query machinery, the seeded stratified draw that
// reopens unchanged and grows back to the reviewer's decisions, the live estimate and the decisions
// still needed, and deciding the rest of a slice as one undoable journal step.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { estimateDefectRate } from '../../src/core/audit/auditEstimate';
import { decisionsForHalfWidth } from '../../src/core/audit/auditSize';
import { proportionInterval } from '../../src/core/audit/proportionIntervals';
import type { SliceDecisionRule } from '../../src/core/audit/sliceDecisionRule';
import { filterValue, formatQueryFilter, parseQueryFilter } from '../../src/core/query/queryFilter';
import { auditHeadline, auditShort } from '../../src/core/store/auditHeadline';
import { CurationStore } from '../../src/core/store/curationStore';
import { openProjectDocument } from '../../src/core/store/projectDocument';
import { saveSlice, savedSlices } from '../../src/core/store/savedSlices';
import { sliceQuery, AUDIT_BLOCK, decideSlice, readySlices, SliceAudit, sliceIndices, sliceRest, sliceSeed, sliceSizes, type AuditSettings, type Slice } from '../../src/core/store/sliceAudit';
import { DEMO_STORE, makeTempDir, removeDir } from './fixtureFiles';

const FILES = ['alpaca_seed_tasks_first80.jsonl', 'gsm8k_test_first120.jsonl', 'hh_rlhf_harmless_test_first100.jsonl'];
const WILSON: AuditSettings = { method: 'wilson', targetHalfWidth: 0.02 };
const RULE: SliceDecisionRule = { kind: 'reject-if-upper-above', rate: 0.05 };
const ALL: Slice = { name: 'everything', query: '', kind: 'saved' };

suite('slice audits', () => {
  let dir: string;
  let store: CurationStore | undefined;
  const open = async () => (store = await CurationStore.open(dir, { reviewer: 'ana', now: () => new Date(Date.UTC(2026, 11, 6, 23)) }));
  setup(() => {
    dir = makeTempDir('slice-audit');
    for (const f of FILES) fs.copyFileSync(path.join(DEMO_STORE, f), path.join(dir, f));
  });
  teardown(async () => {
    await store?.close();
    store = undefined;
    removeDir(dir);
  });

  test('ready slices per source, model and flag are filter-box queries; their sizes come from the query', async () => {
    const s = await open();
    const slices = readySlices(s.sourcePaths, ['teacher a'], ['duplicate']);
    assert.deepEqual(slices.map((x) => x.query), [...FILES.map((f) => `source:${f}`), 'model:"teacher a"', 'flag:duplicate']);
    assert.deepEqual(parseQueryFilter(`source:${filterValue('my "odd" file.jsonl')}`).sources, ['my "odd" file.jsonl']);
    const query = parseQueryFilter('source:"a b.jsonl" model:x flag:duplicate label:"too long" judge:>=4 judge:<0.5 judge:1..2 judge:3 judge:none "said \\"hi\\"" sort:length desc');
    assert.deepEqual(parseQueryFilter(formatQueryFilter(query)), query, 'a query written back in the filter syntax reads the same');
    assert.throws(() => sliceQuery('verdict:pending source:a'), /cannot filter on verdict:/);
    assert.throws(() => sliceQuery('label:x'), /cannot filter on label:/);
    const progress: number[] = [];
    assert.deepEqual(await sliceSizes(s, slices, { chunk: 100, onProgress: (p) => progress.push(p.done) }), [80, 120, 100, 0, 0]);
    assert.ok(progress.length >= 15, 'paced: progress after each chunk of each query');
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(sliceSizes(s, slices, { signal: abort.signal }), { name: 'AbortError' });
    assert.deepEqual([...(await sliceIndices(s, { query: 'source:gsm8k_test_first120.jsonl sort:length desc' }))].slice(0, 3), [80, 81, 82], 'the sort is ignored: store order');
  });

  test('the draw is seeded by the slice and the store, stratified by source, and reopens the same', async () => {
    let s = await open();
    const indices = await sliceIndices(s, ALL);
    const audit = SliceAudit.open(s, ALL, indices, WILSON);
    assert.equal(audit.seed, sliceSeed('', FILES));
    assert.notEqual(audit.seed, sliceSeed('verdict:pending', FILES));
    assert.equal(audit.draw.indices.length, AUDIT_BLOCK);
    const perSource = FILES.map((f) => Array.from(audit.draw.indices).filter((i) => s.sourceAt(i) === f).length);
    assert.deepEqual(perSource, [13, 20, 17], 'proportional to 80/120/100 of 50');
    assert.equal(new Set(audit.draw.indices).size, AUDIT_BLOCK, 'without replacement');
    const first = Array.from(audit.draw.indices);
    audit.more(25);
    assert.deepEqual(Array.from(audit.draw.indices).slice(0, AUDIT_BLOCK), first, 'a larger draw keeps the smaller as its prefix');
    await s.close();
    s = await open();
    assert.deepEqual(Array.from(SliceAudit.open(s, ALL, await sliceIndices(s, ALL), WILSON).draw.indices), first, 'reopened: the same samples');
  });

  test('the live estimate, interval and decisions still needed follow each decision; the audit reopens at the size decided', async () => {
    let s = await open();
    const slice = readySlices(s.sourcePaths)[1];
    const indices = await sliceIndices(s, slice);
    const audit = SliceAudit.open(s, slice, indices, WILSON);
    let state = audit.state(s, WILSON);
    assert.equal(state.estimate.audited, 0);
    assert.equal(state.toTarget.more, decisionsForHalfWidth(0, 0, 0.02).more);
    // 120 samples in the slice, ±2 points would take more than that: audit them all.
    assert.equal(auditHeadline(state), 'audit gsm8k_test_first120.jsonl: 0 defects of 0 · no decision yet · ±2 pts needs more than the 120 left: audit them all for the exact rate');
    audit.more(); // 100 drawn: the reviewer asked for more
    const drawn = Array.from(audit.draw.indices);
    for (let t = 0; t < 60; t++) {
      await s.decide(drawn[t], t % 10 === 3 ? 'rejected' : 'accepted');
      state = audit.state(s, WILSON);
      const k = Math.floor((t + 7) / 10);
      assert.equal(state.estimate.audited, t + 1);
      assert.equal(state.estimate.defects, k);
      const expected = proportionInterval(k, t + 1);
      assert.ok(Math.abs(state.estimate.interval.upper - expected.upper) < 1e-12 && Math.abs(state.estimate.interval.lower - expected.lower) < 1e-12);
      assert.equal(state.toTarget.more, decisionsForHalfWidth(k, t + 1, 0.02).more);
    }
    assert.ok(state.toTarget.more > 60, 'the decisions ±2 points needs are more than the 60 left');
    assert.equal(auditHeadline(state), 'audit gsm8k_test_first120.jsonl: 6 defects of 60 · 10.0% [4.7%, 20.1%] (Wilson 95%) · ±2 pts needs more than the 60 left: audit them all for the exact rate');
    assert.equal(auditShort(state), '6/60 defects · 10.0% [4.7%, 20.1%]');
    const cp = audit.state(s, { ...WILSON, method: 'clopper-pearson' });
    assert.ok(cp.estimate.interval.upper > state.estimate.interval.upper, 'Clopper–Pearson is the wider');
    await s.close();
    s = await open();
    const reopened = SliceAudit.open(s, slice, await sliceIndices(s, slice), WILSON);
    assert.deepEqual(Array.from(reopened.draw.indices), drawn, 'grown back to the 100 the decisions reached');
    await s.decide(indices.find((i) => !drawn.includes(i))!, 'rejected'); // decided outside the draw: not in the audit
    assert.equal(reopened.state(s, WILSON).estimate.defects, 6);
    assert.equal(reopened.state(s, WILSON).estimate.audited, 60);
    const labelled = { ...WILSON, defectLabel: 'wrong-units' };
    await s.setLabel([drawn[0]], 'wrong-units', true);
    assert.equal(reopened.state(s, labelled).estimate.defects, 7, 'an accepted sample with the defect label is a defect');
    assert.equal(estimateDefectRate(reopened.draw, () => undefined).audited, 0);
  });

  test('deciding the rest of a slice: one journal step that records the audit, leaves individual decisions, undone at once', async () => {
    const s = await open();
    const slice = readySlices(s.sourcePaths)[1];
    const indices = await sliceIndices(s, slice);
    const audit = SliceAudit.open(s, slice, indices, WILSON);
    const drawn = Array.from(audit.draw.indices);
    for (let t = 0; t < 30; t++) await s.decide(drawn[t], t < 2 ? 'rejected' : 'accepted');
    const skipped = indices.find((i) => !drawn.slice(0, 30).includes(i))!;
    await s.decide(skipped, 'skipped');
    assert.throws(() => SliceAudit.open(s, { name: 'none', query: 'verdict:rejected source:x', kind: 'saved' }, new Int32Array(0), WILSON).record(s, WILSON, RULE), /no sample of the audit/);
    const rest = sliceRest(s, indices);
    assert.equal(rest, 120 - 31);
    const { changed, record, outcome } = await decideSlice(s, audit, 'rejected', RULE, WILSON);
    assert.equal(changed.length, rest);
    assert.equal(outcome.outcome, 'reject');
    const line = fs.readFileSync(s.journalPath, 'utf8').trim().split('\n').at(-1)!;
    const event = JSON.parse(line);
    assert.equal(event.type, 'verdict');
    assert.equal(event.samples.length, rest);
    assert.deepEqual(event.sliceDecision, record);
    assert.deepEqual(record.audit.drawn, drawn.map((i) => s.idAt(i)));
    assert.deepEqual([record.audit.n, record.audit.k, record.audit.seed, record.audit.defect], [30, 2, audit.seed, 'rejected']);
    assert.equal(record.rule.text, 'reject if the upper bound of the 95% interval > 5%, else accept');
    assert.equal(record.estimate.method, 'wilson');
    for (let t = 0; t < 30; t++) assert.equal(s.verdictAt(drawn[t]), t < 2 ? 'rejected' : 'accepted', 'individual decisions stay');
    assert.equal(s.verdictAt(skipped), 'skipped', 'a skip is a decision too');
    assert.equal(s.counts().pending, 180);
    assert.deepEqual(s.sliceDecisions().map((d) => [d.record.slice.query, d.samples]), [[slice.query, rest]]);
    assert.equal(s.decidedBySlice(drawn[40]), true);
    const after = audit.state(s, WILSON).estimate;
    assert.deepEqual([after.audited, after.defects], [30, 2], 'what the slice decision set is no audited answer');
    if (process.env.SLICE_DECISION_LINE) fs.writeFileSync(process.env.SLICE_DECISION_LINE, `${line}\n`);
    const undone = await s.undo();
    assert.equal(undone?.changed.length, rest);
    assert.equal(s.counts().pending, 300 - 31);
    assert.deepEqual(s.sliceDecisions(), []);
    assert.equal(s.decidedBySlice(drawn[40]), false);
  });

  test('saved slices live in the project document, read defensively; a read-only store saves nothing', async () => {
    const s = await open();
    await saveSlice(s.project, { name: 'refunds', query: '"refund" source:a.jsonl' }, false);
    await saveSlice(s.project, { name: 'refunds', query: '"refund"' }, false);
    await saveSlice(s.project, { name: 'long', query: 'model:x' }, false);
    await assert.rejects(saveSlice(s.project, { name: 'nope', query: 'x' }, true), /read-only/);
    await s.close();
    store = undefined;
    const file = path.join(dir, '.curator', 'project.json');
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(doc.slices, [{ name: 'refunds', query: '"refund"' }, { name: 'long', query: 'model:x' }]);
    doc.slices.push({ name: 7 }, 'text', { name: 'ok', query: '' });
    fs.writeFileSync(file, JSON.stringify(doc));
    const project = await openProjectDocument(file, 'x');
    assert.deepEqual(savedSlices(project).map((x) => x.name), ['refunds', 'long', 'ok']);
  });

  test('undoing a plain verdict keeps the slice decisions read; undoing a slice decision reads them again', async () => {
    const s = await open();
    const slice = readySlices(s.sourcePaths)[0];
    const indices = await sliceIndices(s, slice);
    const audit = SliceAudit.open(s, slice, indices, WILSON);
    await s.decide(audit.draw.indices[0], 'accepted');
    await decideSlice(s, audit, 'accepted', RULE, WILSON);
    assert.equal(s.sliceDecisions().length, 1);
    await s.decide(indices[0] === audit.draw.indices[0] ? indices[1] : indices[0], 'rejected'); // a plain verdict after it
    const before = s.sliceDecisions();
    await s.undo(); // the plain verdict
    assert.equal(s.sliceDecisions(), before, 'the same array: nothing read again');
    await s.undo(); // the slice decision
    assert.deepEqual(s.sliceDecisions(), []);
    await s.redo();
    assert.equal(s.sliceDecisions().length, 1);
  });
});
