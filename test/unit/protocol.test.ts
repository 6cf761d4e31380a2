// The webview → host boundary: parseFromWebview accepts exactly the valid messages.
import * as assert from 'node:assert/strict';
import { parseFromWebview } from '../../src/protocol';

suite('protocol: parseFromWebview', () => {
  test('accepts each valid message, returning only its known fields', () => {
    assert.deepEqual(parseFromWebview({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseFromWebview({ type: 'undo', extra: 1 }), { type: 'undo' });
    // edit and diff act on the host's selected sample: an index from the webview is dropped.
    assert.deepEqual(parseFromWebview({ type: 'edit', index: 3 }), { type: 'edit' });
    assert.deepEqual(parseFromWebview({ type: 'diff', text: '{}' }), { type: 'diff' });
    assert.deepEqual(parseFromWebview({ type: 'select', index: 0 }), { type: 'select', index: 0 });
    assert.deepEqual(parseFromWebview({ type: 'select', index: 303 }), { type: 'select', index: 303 });
    for (const verdict of ['accepted', 'rejected', 'skipped']) {
      assert.deepEqual(parseFromWebview({ type: 'decide', index: 7, verdict, junk: true }), { type: 'decide', index: 7, verdict });
    }
  });

  test('rejects non-objects and unknown types', () => {
    for (const value of [null, undefined, 0, 'ready', true, [], [{ type: 'ready' }], {}, { type: 'snapshot' }, { type: 'READY' }, { type: 1 }]) {
      assert.equal(parseFromWebview(value), undefined, JSON.stringify(value));
    }
  });

  test('rejects an index that is missing, negative, fractional, not finite or not a number', () => {
    for (const index of [undefined, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '3', null, [1]]) {
      assert.equal(parseFromWebview({ type: 'select', index }), undefined, `select ${String(index)}`);
      assert.equal(parseFromWebview({ type: 'decide', index, verdict: 'accepted' }), undefined, `decide ${String(index)}`);
    }
  });

  test('rejects a missing or unknown verdict, including pending', () => {
    for (const verdict of [undefined, 'pending', 'accept', 'ACCEPTED', '', 1, null]) {
      assert.equal(parseFromWebview({ type: 'decide', index: 0, verdict }), undefined, String(verdict));
    }
  });
});
