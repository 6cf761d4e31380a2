// Verdicts derived from journal events, and the undo stack.
import * as assert from 'node:assert/strict';
import { CurationState } from '../../src/core/curationState';
import type { JournalEvent } from '../../src/core/journalEvents';
import type { Verdict } from '../../src/core/sampleModel';

const stamp = { v: 1, at: '2026-01-01T00:00:00.000Z', reviewer: 'ana' };
const verdict = (seq: number, sample: string, v: Verdict): JournalEvent => ({ ...stamp, seq, type: 'verdict', sample, verdict: v });
const undo = (seq: number, undoes: number): JournalEvent => ({ ...stamp, seq, type: 'undo', undoes });

/** The documented fields of the undoable event. */
function top(s: CurationState): { seq: number; sample: string } | undefined {
  const u = s.undoable;
  return u && { seq: u.seq, sample: u.sample };
}

suite('curationState', () => {
  test('every sample starts pending with nothing to undo', () => {
    const s = new CurationState();
    assert.equal(s.verdictOf('a'), 'pending');
    assert.equal(s.undoable, undefined);
  });

  test('a verdict sets the sample\'s verdict and becomes the undoable event', () => {
    const s = new CurationState();
    assert.equal(s.apply(verdict(1, 'a', 'accepted')), 'a');
    assert.equal(s.verdictOf('a'), 'accepted');
    assert.equal(s.verdictOf('b'), 'pending');
    assert.deepEqual(top(s), { seq: 1, sample: 'a' });
  });

  test('a later verdict on the same sample replaces the earlier one', () => {
    const s = new CurationState();
    s.apply(verdict(1, 'a', 'accepted'));
    s.apply(verdict(2, 'a', 'skipped'));
    assert.equal(s.verdictOf('a'), 'skipped');
  });

  test('a pending verdict clears the sample', () => {
    const s = new CurationState();
    s.apply(verdict(1, 'a', 'rejected'));
    s.apply(verdict(2, 'a', 'pending'));
    assert.equal(s.verdictOf('a'), 'pending');
  });

  test('undo restores the previous verdict, not just pending', () => {
    const s = new CurationState();
    s.apply(verdict(1, 'a', 'accepted'));
    s.apply(verdict(2, 'a', 'rejected'));
    assert.equal(s.apply(undo(3, 2)), 'a');
    assert.equal(s.verdictOf('a'), 'accepted');
    assert.deepEqual(top(s), { seq: 1, sample: 'a' });
    assert.equal(s.apply(undo(4, 1)), 'a');
    assert.equal(s.verdictOf('a'), 'pending');
    assert.equal(s.undoable, undefined);
  });

  test('undos walk back across samples in reverse order', () => {
    const s = new CurationState();
    s.apply(verdict(1, 'a', 'accepted'));
    s.apply(verdict(2, 'b', 'rejected'));
    s.apply(undo(3, 2));
    assert.equal(s.verdictOf('b'), 'pending');
    assert.equal(s.verdictOf('a'), 'accepted');
    assert.deepEqual(top(s), { seq: 1, sample: 'a' });
  });

  test('a stale undo (not of the latest verdict) changes nothing', () => {
    const s = new CurationState();
    s.apply(verdict(1, 'a', 'accepted'));
    s.apply(verdict(2, 'b', 'rejected'));
    assert.equal(s.apply(undo(3, 1)), undefined);
    assert.equal(s.verdictOf('a'), 'accepted');
    assert.equal(s.verdictOf('b'), 'rejected');
    assert.deepEqual(top(s), { seq: 2, sample: 'b' });
  });

  test('undoing the same verdict twice, or with nothing to undo, is ignored', () => {
    const s = new CurationState();
    assert.equal(s.apply(undo(1, 1)), undefined);
    s.apply(verdict(2, 'a', 'accepted'));
    s.apply(verdict(3, 'a', 'rejected'));
    s.apply(undo(4, 3));
    assert.equal(s.apply(undo(5, 3)), undefined);
    assert.equal(s.verdictOf('a'), 'accepted');
  });
});
