// The panel's list: positions ↔ sample indices, and where the selection goes after a verdict.
import * as assert from 'node:assert/strict';
import { PanelListModel } from '../../src/extension/panel/listModel';
import type { Verdict } from '../../src/core/formats/sampleModel';

function storeOf(verdicts: Verdict[]) {
  return { verdictAt: (i: number) => verdicts[i] };
}

suite('panel list model', () => {
  test('without a filter, positions are sample indices', () => {
    const v = new PanelListModel(5);
    assert.equal(v.size, 5);
    assert.equal(v.indexAt(3), 3);
    assert.equal(v.positionOf(4), 4);
    assert.equal(v.indexAt(5), undefined);
    assert.equal(v.positionOf(7), -1);
    assert.equal(v.filtered, false);
  });

  test('a filtered, reordered list maps both ways; hidden samples have no position', () => {
    const v = new PanelListModel(6, Int32Array.from([4, 1, 5]), 'label x');
    assert.deepEqual([0, 1, 2].map((p) => v.indexAt(p)), [4, 1, 5]);
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((i) => v.positionOf(i)), [-1, 1, -1, -1, 0, 2]);
    assert.deepEqual(v.allIndices(), [4, 1, 5]);
    assert.equal(v.description, 'label x');
  });

  test('after a verdict: next pending in list order, wrapping; or simply the next row', () => {
    const v = new PanelListModel(6, Int32Array.from([4, 1, 5, 0]));
    const store = storeOf(['pending', 'accepted', 'pending', 'pending', 'rejected', 'accepted']);
    assert.equal(v.after(0, store, 'nextPending'), 3, 'skips the decided samples 1 and 5');
    assert.equal(v.after(3, store, 'nextPending'), 3, 'wraps round to itself when it is the only pending one');
    assert.equal(v.after(1, store, 'nextInOrder'), 2);
    assert.equal(v.after(3, store, 'nextInOrder'), undefined);
    assert.equal(v.after(0, storeOf(['accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'accepted']), 'nextPending'), undefined);
  });
});
