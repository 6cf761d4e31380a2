// The panel's inline diff of an edited sample.
import * as assert from 'node:assert/strict';
import { lineDiff } from '../../src/core/formats/lineDiff';

suite('lineDiff', () => {
  test('unchanged, changed, added and removed lines, in order', () => {
    const d = lineDiff('a\nb\nc\nd', 'a\nB\nc\nd\ne');
    assert.deepEqual(d, [
      { op: 'same', text: 'a' }, { op: 'del', text: 'b' }, { op: 'add', text: 'B' }, { op: 'same', text: 'c' },
      { op: 'same', text: 'd' }, { op: 'add', text: 'e' },
    ]);
  });

  test('applying the diff gives back both sides', () => {
    const before = ['{', '  "kind": "qa",', '  "question": "1+1?",', '  "answer": "2"', '}'].join('\n');
    const after = ['{', '  "kind": "qa",', '  "question": "What is 1+1?",', '  "answer": "2",', '  "finalAnswer": "2"', '}'].join('\n');
    const d = lineDiff(before, after) ?? [];
    assert.equal(d.filter((l) => l.op !== 'add').map((l) => l.text).join('\n'), before);
    assert.equal(d.filter((l) => l.op !== 'del').map((l) => l.text).join('\n'), after);
    assert.equal(d.filter((l) => l.op === 'same').length, 3, 'the longest common part is kept');
  });

  test('too large to diff inline gives undefined', () => {
    assert.equal(lineDiff('x\n'.repeat(50), 'y', 10), undefined);
  });
});
