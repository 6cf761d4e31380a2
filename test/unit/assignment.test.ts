// The overlap plan: k reviewers a sample, decided by the sample's identity alone (the same on every
// machine), balanced, and stable when the team changes.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyId } from '../../src/core/store/sampleIdentity';
import { assignedReviewers, isInQueue, queueOf, type OverlapPlan } from '../../src/core/team/assignment';

const ids = Array.from({ length: 6000 }, (_, i) => createHash('sha256').update(`sample ${i}`).digest('hex').slice(0, 16));
const TEAM: OverlapPlan = { reviewers: ['Иван', 'Пётр', 'ana', 'bo'], perSample: 2 };

suite('assignment', () => {
  test('every sample goes to exactly k reviewers, and isInQueue agrees with assignedReviewers', () => {
    for (const id of ids.slice(0, 500)) {
      const who = assignedReviewers(TEAM, id);
      assert.equal(new Set(who).size, 2);
      for (const r of TEAM.reviewers) assert.equal(isInQueue(TEAM, r, id), who.includes(r), `${r} ${id}`);
    }
  });

  test('queues are balanced: each of 4 reviewers gets about half of the samples at k = 2', () => {
    for (const r of TEAM.reviewers) {
      const mine = queueOf(TEAM, r);
      const share = ids.filter(mine).length / ids.length;
      assert.ok(Math.abs(share - 0.5) < 0.03, `${r}: ${share}`);
    }
  });

  test('deterministic and independent of the order the team is listed in', () => {
    const shuffled: OverlapPlan = { reviewers: ['bo', 'Пётр', 'ana', 'Иван', 'bo'], perSample: 2 };
    for (const id of ids.slice(0, 200)) assert.deepEqual(assignedReviewers(shuffled, id), assignedReviewers(TEAM, id));
    // pinned: the plan must give the same queues on every machine and in every version
    assert.deepEqual(['aaaa000000000001', '0123456789abcdef', 'ffffffffffffffff'].map((id) => assignedReviewers(TEAM, id)), [['ana', 'Пётр'], ['ana', 'bo'], ['Пётр', 'Иван']]);
  });

  test('a later copy of an identical record is split on its own identity', () => {
    const first = ids[0];
    const differs = [2, 3, 4, 5, 6, 7, 8].some((n) => assignedReviewers(TEAM, copyId(first, n)).join() !== assignedReviewers(TEAM, first).join());
    assert.ok(differs);
  });

  test('a reviewer joining takes samples only from others; nobody else swaps samples among themselves', () => {
    const bigger: OverlapPlan = { reviewers: [...TEAM.reviewers, 'cy'], perSample: 2 };
    for (const id of ids.slice(0, 1000)) {
      const before = assignedReviewers(TEAM, id);
      const after = assignedReviewers(bigger, id);
      const kept = after.filter((r) => r !== 'cy');
      for (const r of kept) assert.ok(before.includes(r), `${id}: ${r} gained a sample without cy joining it`);
    }
  });

  test('edge cases: k ≥ team size is everyone; a reviewer outside the plan has no queue; k < 1 refused; ids that are not 16 hex digits still split', () => {
    assert.equal(isInQueue({ reviewers: ['a', 'b'], perSample: 5 }, 'b', ids[0]), true);
    assert.equal(isInQueue(TEAM, 'stranger', ids[0]), false);
    assert.throws(() => isInQueue({ reviewers: ['a'], perSample: 0 }, 'a', ids[0]), /whole number/);
    assert.equal(assignedReviewers({ reviewers: ['a', 'b', 'c'], perSample: 1 }, 'an odd id').length, 1);
  });
});
