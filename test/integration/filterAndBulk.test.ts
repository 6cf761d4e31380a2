// Filter, search and bulk in the real extension host: the panel's list becomes the query's result,
// a bulk verdict names the count it asks about and is one undo step. Runs after extension.test.ts
// (file order) and leaves the store as it found it for sampleEditor.test.ts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds } from '../../src/extension/commandIds';
import type { ToWebviewMessage } from '../../src/protocol';
import { api } from './extensionHost';

type Snapshot = Extract<ToWebviewMessage, { type: 'snapshot' }>;

function lastSnapshot(sent: readonly ToWebviewMessage[]): Snapshot {
  const s = [...sent].reverse().find((m): m is Snapshot => m.type === 'snapshot');
  assert.ok(s, 'a snapshot was sent');
  return s;
}

suite('filter, search and bulk', () => {
  test('a filter shows only what it selects, with rows at their list positions', async () => {
    const curator = await api();
    await vscode.commands.executeCommand(CommandIds.openReviewPanel);
    const store = await curator.stores.open();
    await curator.panel.applyFilter('source:gsm8k_test_first120.jsonl sort:length desc');
    const snap = lastSnapshot(curator.testing.panelProbe.sent);
    assert.equal(snap.total, 120);
    assert.match(snap.filter, /gsm8k_test_first120\.jsonl · by length, descending — 120 of 304/);
    assert.deepEqual(snap.rows.map((r) => r.index), Array.from({ length: 100 }, (_, i) => i));
    const lengths = snap.rows.map((r) => store.byteLengthAt(r.sample ?? r.index));
    assert.deepEqual(lengths, [...lengths].sort((a, b) => b - a), 'longest first');
    assert.ok(snap.rows.every((r) => r.source === 'gsm8k_test_first120.jsonl'));
  });

  test('search narrows the filtered list by text', async () => {
    const curator = await api();
    await curator.panel.applyFilter('source:gsm8k_test_first120.jsonl ducks');
    const snap = lastSnapshot(curator.testing.panelProbe.sent);
    assert.ok(snap.total >= 1 && snap.total < 120, `${snap.total} matches`);
    const store = await curator.stores.open();
    for (const r of snap.rows) assert.match(store.sample(r.sample ?? r.index).raw.toLowerCase(), /ducks/);
  });

  test('bulk reject asks with the count, rejects exactly the list in one step, and one undo reverts it', async () => {
    const curator = await api();
    const store = await curator.stores.open();
    await curator.panel.applyFilter('source:gsm8k_test_first120.jsonl ducks');
    const total = lastSnapshot(curator.testing.panelProbe.sent).total;
    const before = store.counts();
    let asked = '';
    await curator.panel.bulkDecide('rejected', async (message) => {
      asked = message;
      return false;
    });
    assert.match(asked, new RegExp(`^Reject all ${total} samples in the current list`));
    assert.deepEqual(store.counts(), before, 'declined: nothing changed');
    await curator.panel.bulkDecide('rejected', async () => true);
    assert.equal(store.counts().rejected, before.rejected + total);
    await vscode.commands.executeCommand(CommandIds.undo);
    assert.deepEqual(store.counts(), before, 'one undo reverts the whole bulk step');
    await curator.panel.clearFilter();
    assert.equal(lastSnapshot(curator.testing.panelProbe.sent).total, 304);
  });
});

suite('the webview boundary', () => {
  test('malformed messages are counted, logged and dropped; nothing changes and the panel keeps working', async () => {
    const curator = await api();
    const store = await curator.stores.open();
    const before = store.counts();
    const rejected = curator.testing.panelProbe.rejectedMessages;
    const cyclic: Record<string, unknown> = { type: 'decide' };
    cyclic.self = cyclic;
    const bad: unknown[] = [
      null, 42, 'decide', { type: 'decide', index: -1, verdict: 'accepted' }, { type: 'decide', index: 0, verdict: 'pending' },
      { type: 'rowsRequest', start: 0, count: 10_000 }, { type: 'toggleLabel', slot: 99 }, { type: '__proto__' }, cyclic,
    ];
    for (const m of bad) await curator.panel.receive(m);
    assert.equal(curator.testing.panelProbe.rejectedMessages - rejected, bad.length);
    assert.deepEqual(store.counts(), before);
    await curator.panel.receive({ type: 'select', index: 5 });
    assert.equal(curator.panel.selected, 5, 'a valid message still works');
  });
});
