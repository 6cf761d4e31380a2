// Reading a judge's score from the fields pipelines write, and reporting what is not a number.
import * as assert from 'node:assert/strict';
import { readJudgeScore } from '../../src/core/formats/judgeScores';

suite('judgeScores', () => {
  test('plain fields, in the order listed: score, quality, reward, rating', () => {
    assert.deepEqual(readJudgeScore({ messages: [], reward: 0.7, quality: 3 }), { field: 'quality', score: 3 });
    assert.deepEqual(readJudgeScore({ rating: 9, rationale: 'clear and correct' }), { field: 'rating', score: 9, rationale: 'clear and correct' });
    assert.equal(readJudgeScore({ messages: [] }), undefined);
    assert.equal(readJudgeScore('not a record'), undefined);
  });

  test("distilabel's ratings: the mean of the numbers, nulls skipped, rationales joined", () => {
    const r = readJudgeScore({ generations: ['a', 'b', 'c'], ratings: [4, null, 5], rationales: ['good', null, 'better'] });
    assert.deepEqual(r, { field: 'ratings', score: 4.5, rationale: 'good\n\nbetter' });
    assert.deepEqual(readJudgeScore({ ratings: [null, null] }), { field: 'ratings', problem: 'ratings holds a list with no number in it' });
  });

  test("UltraFeedback's score_chosen, and score_rejected for the rejected side", () => {
    const record = { prompt: 'p', chosen: [], rejected: [], score_chosen: 8.5, score_rejected: 3 };
    assert.deepEqual(readJudgeScore(record), { field: 'score_chosen', score: 8.5 });
    assert.deepEqual(readJudgeScore(record, undefined, 'rejected'), { field: 'score_rejected', score: 3 });
  });

  test('nested paths from the setting', () => {
    const record = { metadata: { judge: { score: 2, critique: 'misses the unit' } } };
    assert.deepEqual(readJudgeScore(record, ['metadata.judge.score']), { field: 'metadata.judge.score', score: 2, rationale: 'misses the unit' });
    assert.equal(readJudgeScore({ metadata: 'x' }, ['metadata.score']), undefined);
  });

  test('a value that is not a number is reported, never coerced nor passed over for a later field', () => {
    assert.deepEqual(readJudgeScore({ score: '4', reward: 1 }), { field: 'score', problem: 'score holds the string "4", not a number' });
    assert.deepEqual(readJudgeScore({ quality: true }), { field: 'quality', problem: 'quality holds a boolean, not a number' });
    assert.deepEqual(readJudgeScore({ score: { value: 3 } }), { field: 'score', problem: 'score holds an object, not a number' });
    assert.deepEqual(readJudgeScore({ ratings: [4, 'five'] }), { field: 'ratings', problem: 'ratings holds a list holding the string "five", not only numbers' });
  });

  test('null counts as absent: the next field is read', () => {
    assert.deepEqual(readJudgeScore({ score: null, reward: -1.5 }), { field: 'reward', score: -1.5 });
  });
});
