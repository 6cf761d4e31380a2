// The webview → host boundary: parseFromWebview accepts exactly the valid messages.
import * as assert from 'node:assert/strict';
import { parseFromWebview } from '../../src/protocol';

suite('protocol: parseFromWebview', () => {
  test('accepts each valid message, returning only its known fields', () => {
    assert.deepEqual(parseFromWebview({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseFromWebview({ type: 'undo', extra: 1 }), { type: 'undo' });
    // edit and diff act on the host's selected sample: an index from the webview is dropped.
    assert.deepEqual(parseFromWebview({ type: 'edit', index: 3 }), { type: 'edit' });
    assert.deepEqual(parseFromWebview({ type: 'edit', part: 'turn3' }), { type: 'edit', part: 'turn3' });
    assert.deepEqual(parseFromWebview({ type: 'diff', part: 'answer' }), { type: 'diff', part: 'answer' });
    for (const part of ['turn0', 'turn', '../x', 'answer\n', 3, null, 'constructor']) {
      assert.equal(parseFromWebview({ type: 'edit', part }), undefined, `part ${String(part)} is dropped`);
    }
    assert.deepEqual(parseFromWebview({ type: 'diff', text: '{}' }), { type: 'diff' });
    assert.deepEqual(parseFromWebview({ type: 'select', index: 0 }), { type: 'select', index: 0 });
    assert.deepEqual(parseFromWebview({ type: 'select', index: 303 }), { type: 'select', index: 303 });
    for (const verdict of ['accepted', 'rejected', 'skipped']) {
      assert.deepEqual(parseFromWebview({ type: 'decide', index: 7, verdict, id: 'a1b2c3d4e5f60718', junk: true }), { type: 'decide', index: 7, verdict, id: 'a1b2c3d4e5f60718' });
    }
  });

  test('decide carries the id of the sample shown; without one (or a malformed one) it is dropped', () => {
    for (const id of [undefined, '', 7, null, 'x'.repeat(129), 'has space', 'line\nbreak', ['a']]) {
      assert.equal(parseFromWebview({ type: 'decide', index: 0, verdict: 'accepted', id }), undefined, `id ${JSON.stringify(id)}`);
    }
  });

  test('checks: openCluster takes nothing; keepOne takes a store index and nothing else', () => {
    assert.deepEqual(parseFromWebview({ type: 'openCluster', index: 4 }), { type: 'openCluster' });
    assert.deepEqual(parseFromWebview({ type: 'keepOne', sample: 12, verdict: 'accepted' }), { type: 'keepOne', sample: 12 });
    for (const sample of [undefined, -1, 2.5, '3', null, Number.NaN]) {
      assert.equal(parseFromWebview({ type: 'keepOne', sample }), undefined, `keepOne ${String(sample)}`);
    }
  });

  test('notices: a button by notice id and position (never a command), or the close button; swapChosenRejected takes nothing', () => {
    assert.deepEqual(parseFromWebview({ type: 'notice', id: 3, action: 1, command: 'workbench.action.terminal.new' }), { type: 'notice', id: 3, action: 1 });
    assert.deepEqual(parseFromWebview({ type: 'notice', id: 3 }), { type: 'notice', id: 3 });
    for (const bad of [{ id: -1 }, { id: '3' }, { id: 3, action: 10 }, { id: 3, action: 1.5 }, { id: 3, action: 'Open' }]) {
      assert.equal(parseFromWebview({ type: 'notice', ...bad }), undefined, JSON.stringify(bad));
    }
    assert.deepEqual(parseFromWebview({ type: 'swapChosenRejected', index: 2 }), { type: 'swapChosenRejected' });
  });

  test('slice audit: auditMore takes nothing (the host decides how many), whatever else comes with it', () => {
    assert.deepEqual(parseFromWebview({ type: 'auditMore', count: 1e9 }), { type: 'auditMore' });
    assert.equal(parseFromWebview({ type: 'AuditMore' }), undefined);
  });

  test('rejects non-objects and unknown types', () => {
    for (const value of [null, undefined, 0, 'ready', true, [], [{ type: 'ready' }], {}, { type: 'snapshot' }, { type: 'READY' }, { type: 1 }]) {
      assert.equal(parseFromWebview(value), undefined, JSON.stringify(value));
    }
  });

  test('rejects an index that is missing, negative, fractional, not finite or not a number', () => {
    for (const index of [undefined, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '3', null, [1]]) {
      assert.equal(parseFromWebview({ type: 'select', index }), undefined, `select ${String(index)}`);
      assert.equal(parseFromWebview({ type: 'decide', index, verdict: 'accepted', id: 'a1b2c3d4e5f60718' }), undefined, `decide ${String(index)}`);
    }
  });

  test('rejects a missing or unknown verdict, including pending', () => {
    for (const verdict of [undefined, 'pending', 'accept', 'ACCEPTED', '', 1, null]) {
      assert.equal(parseFromWebview({ type: 'decide', index: 0, verdict, id: 'a1b2c3d4e5f60718' }), undefined, String(verdict));
    }
  });
});

suite('protocol: panel messages of the review keys', () => {
  test('each new message is accepted in its valid form', () => {
    const valid: unknown[] = [
      { type: 'redo' }, { type: 'note' }, { type: 'search' }, { type: 'filter' }, { type: 'openSource' },
      { type: 'rowsRequest', start: 200, count: 200 }, { type: 'toggleLabel', slot: 9 }, { type: 'rate', rating: 5 },
      { type: 'goPending', which: 'last' }, { type: 'prefetch', positions: [1, 2, 3] },
    ];
    for (const m of valid) assert.deepEqual(parseFromWebview(m), m, JSON.stringify(m));
  });

  test('out-of-range or malformed ones are rejected', () => {
    const invalid: unknown[] = [
      { type: 'rowsRequest', start: 0, count: 0 }, { type: 'rowsRequest', start: 0, count: 501 }, { type: 'rowsRequest', start: -1, count: 5 },
      { type: 'toggleLabel', slot: 0 }, { type: 'toggleLabel', slot: 10 }, { type: 'rate', rating: 6 }, { type: 'rate', rating: 2.5 },
      { type: 'goPending', which: 'middle' }, { type: 'prefetch', positions: [1, -2] }, { type: 'prefetch', positions: Array.from({ length: 11 }, (_, i) => i) },
      { type: 'prefetch', positions: 'all' },
    ];
    for (const m of invalid) assert.equal(parseFromWebview(m), undefined, JSON.stringify(m));
  });
});
