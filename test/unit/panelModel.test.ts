// The panel's pure view-model pieces: prefetch cache, banner lines, live announcements.
import * as assert from 'node:assert/strict';
import type { RowView, SampleView } from '../../src/protocol';
import { bannerLines, fileProblemLine, NearbySamples, progressAnnouncement, scrollTopFor, warningsKey } from '../../src/webview/panelModel';

function sampleAt(position: number): SampleView {
  const row: RowView = { index: position, id: `h${position}`, source: 'a.jsonl', line: position + 1, kind: 'qa', preview: `q${position}`, verdict: 'pending' };
  return { row };
}

suite('panelModel', () => {
  test('prefetch asks for the rows just ahead and one behind, never the selected one or past the ends', () => {
    const n = new NearbySamples(3, 1, 20);
    assert.deepEqual(n.want(0, 100), [1, 2, 3]);
    assert.deepEqual(n.want(50, 100), [49, 51, 52, 53]);
    assert.deepEqual(n.want(99, 100), [98]);
    assert.deepEqual(n.want(0, 1), []);
  });

  test('what is cached is not asked again; changed rows are dropped; far ones evicted', () => {
    const n = new NearbySamples(3, 1, 20);
    for (const p of [11, 12, 13]) n.set(sampleAt(p));
    assert.deepEqual(n.want(10, 100), [9]);
    n.drop(12);
    assert.deepEqual(n.want(10, 100), [9, 12]);
    assert.equal(n.get(11)?.row.preview, 'q11');
    n.want(60, 100);
    assert.equal(n.size, 0, 'samples 40 rows away are evicted');
    n.set({ row: { ...sampleAt(1).row, index: -1 } });
    assert.equal(n.size, 0, 'a sample hidden by the filter (position -1) is not cached');
  });

  test('banner: errors first, then store notes and file counts, each marked for styling', () => {
    assert.deepEqual(bannerLines({ error: ['boom'], notes: ['n1'], files: ['f1'] }), [
      { kind: 'error', text: 'boom' }, { kind: 'note', text: 'n1' }, { kind: 'note', text: 'f1' },
    ]);
    assert.deepEqual(bannerLines({ error: [], notes: [], files: [] }), []);
  });

  test('per-file problem line and the live announcement read as a reviewer expects', () => {
    assert.equal(fileProblemLine({ file: 'a.jsonl', total: 1, byCode: { 'invalid-json': 1 }, firstLine: 3 }),
      'a.jsonl: 1 record not readable as samples (invalid-json 1), first at line 3');
    assert.equal(fileProblemLine({ file: 'b.jsonl', total: 5, byCode: { 'invalid-json': 2, 'bad-role': 3 }, firstLine: 9 }),
      'b.jsonl: 5 records not readable as samples (invalid-json 2, bad-role 3), first at line 9');
    const counts = { pending: 7, accepted: 2, rejected: 1, skipped: 0, total: 10 };
    assert.equal(progressAnnouncement([{ ...sampleAt(0).row, verdict: 'accepted' }], counts), 'accepted. 3 of 10 reviewed, 7 pending.');
  });
});

suite('panelModel: a dismissed banner', () => {
  const parts = { error: [], notes: ['Read-only: another window holds the journal.'], files: ['a.jsonl: 2 records not readable'] };

  test('dismissed warnings stay hidden while they are the same; errors still show', () => {
    const key = warningsKey(parts);
    assert.deepEqual(bannerLines(parts, key), []);
    assert.deepEqual(bannerLines({ ...parts, error: ['Nothing to undo.'] }, key), [{ kind: 'error', text: 'Nothing to undo.' }]);
  });

  test('a warning that changes (a new file problem, another note) shows again, all of it', () => {
    const key = warningsKey(parts);
    const changed = { ...parts, files: ['a.jsonl: 3 records not readable'] };
    assert.deepEqual(bannerLines(changed, key).map((l) => l.text), [...changed.notes, ...changed.files]);
    assert.equal(bannerLines({ ...parts, notes: [] }, key).length, 1);
  });
});

suite('panelModel: the selected row keeps context in view', () => {
  // 22 px rows, a view 10 rows high, 100 rows, 2 rows of context.
  const at = (index: number, top: number) => scrollTopFor(index, top, 220, 100, 22, 2);

  test('moving down: the selected row stops two rows above the bottom edge', () => {
    assert.equal(at(7, 0), 0, 'row 7 has rows 8 and 9 below it in view');
    assert.equal(at(8, 0), 22, 'row 8 scrolls one row so row 10 shows');
    assert.equal(at(9, 22), 44);
  });

  test('moving up: two rows above stay in view; the list ends need none', () => {
    assert.equal(at(4, 44), 44);
    assert.equal(at(3, 44), 22);
    assert.equal(at(1, 44), 0);
    assert.equal(at(0, 44), 0);
    assert.equal(at(99, 0), 100 * 22 - 220, 'the last row sits at the bottom: nothing comes after it');
    assert.equal(at(98, 0), 100 * 22 - 220);
  });

  test('a view too low for the context keeps what fits (the row itself always)', () => {
    assert.equal(scrollTopFor(5, 0, 22, 100, 22, 2), 110, 'one row high: the row alone');
    assert.equal(scrollTopFor(5, 0, 66, 100, 22, 2), 88, 'three rows high: one row of context each side');
    assert.equal(scrollTopFor(3, 0, 220, 5, 22, 2), 0, 'a short list never scrolls');
  });
});
