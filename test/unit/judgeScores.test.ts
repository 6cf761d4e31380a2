// Reading a judge's score from the fields pipelines write, and reporting what is not a number.
import * as assert from 'node:assert/strict';
import { judgeKeyNeedles, mayHoldJudgeScore, readJudgeScore, readJudgeSides, readJudgeSidesOfText } from '../../src/core/formats/judgeScores';

suite('judgeScores', () => {
  test('plain fields, in the order listed: score, quality, reward, rating', () => {
    assert.deepEqual(readJudgeScore({ messages: [], reward: 0.7, quality: 3 }), { field: 'quality', score: 3 });
    assert.deepEqual(readJudgeScore({ rating: 9, rationale: 'clear and correct' }), { field: 'rating', score: 9, rationale: 'clear and correct' });
    assert.equal(readJudgeScore({ messages: [] }), undefined);
    assert.equal(readJudgeScore('not a record'), undefined);
  });

  test("distilabel's ratings: the mean of the numbers, nulls skipped, rationales joined", () => {
    const r = readJudgeScore({ ratings: [4, null, 5], rationales: ['good', null, 'better'] });
    assert.deepEqual(r, { field: 'ratings', score: 4.5, rationale: 'good\n\nbetter' });
    assert.deepEqual(readJudgeScore({ ratings: [null, null] }), { field: 'ratings', problem: 'ratings holds a list with no number in it' });
  });

  test("generations shown as a pair: each side is its answer's rating, with that answer's rationale", () => {
    const record = { instruction: 'q', generations: ['a', 'b', 'c'], ratings: [4, null, 5], rationales: ['good', null, 'better'] };
    assert.deepEqual(readJudgeScore(record), { field: 'ratings', score: 5, rationale: 'better' });
    assert.deepEqual(readJudgeSides(record), { chosen: { field: 'ratings', score: 5, rationale: 'better' }, rejected: { field: 'ratings', score: 4, rationale: 'good' } });
    // A list that is not one value per generation is read as before: its mean, one score for the sample.
    assert.deepEqual(readJudgeSides({ ...record, score: [1, 2] }), { chosen: { field: 'score', score: 1.5, rationale: 'good\n\nbetter' } });
    // One answer left (the others failed): not a pair, the list's mean.
    assert.deepEqual(readJudgeSides({ instruction: 'q', generations: ['a', null], ratings: [4, null] }), { chosen: { field: 'ratings', score: 4 } });
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

  test('both sides of a pair when the record scores the rejected side in its own field', () => {
    const uf = { prompt: 'p', chosen: [], rejected: [], messages: [], score_chosen: 8.5, score_rejected: 3 };
    assert.deepEqual(readJudgeSides(uf), { chosen: { field: 'score_chosen', score: 8.5 }, rejected: { field: 'score_rejected', score: 3 } });
    assert.deepEqual(readJudgeSides({ score_rejected: 2 }), { rejected: { field: 'score_rejected', score: 2 } });
    assert.deepEqual(readJudgeSides({ score: 4, score_rejected: 2 }), { chosen: { field: 'score', score: 4 } }, 'a sample-wide score is not a side');
    assert.deepEqual(readJudgeSides({ score_chosen: 'high', score_rejected: 1 }), {
      chosen: { field: 'score_chosen', problem: 'score_chosen holds the string "high", not a number' }, rejected: { field: 'score_rejected', score: 1 },
    });
    assert.equal(readJudgeSides({ messages: [] }), undefined);
  });

  test('the quoted keys a record must hold to have a score, both sides; text that cannot rule out says so', () => {
    const needles = judgeKeyNeedles(['score', 'metadata.judge.reward', 'score_chosen']);
    assert.deepEqual(needles, ['"score"', '"reward"', '"score_chosen"', '"score_rejected"']);
    assert.equal(mayHoldJudgeScore('{"messages":[{"content":"score 9"}]}', needles), false, 'a word in the text is not a key');
    assert.equal(mayHoldJudgeScore('{"score_rejected":1}', needles), true);
    assert.equal(mayHoldJudgeScore('{"sc\\u006fre":1}', needles), true, 'an escaped key may be one');
    assert.equal(judgeKeyNeedles(['nöte']), undefined, 'a key JSON may write escaped cannot rule out');
    assert.equal(mayHoldJudgeScore('{}', undefined), true);
  });

  test('from a record\'s JSON text: both sides, nothing from text that is not JSON or holds no judge key, nothing with no fields', () => {
    assert.deepEqual(readJudgeSidesOfText('{"messages":[],"ratings":[4,5],"rationales":["ok","good"]}'), { chosen: { field: 'ratings', score: 4.5, rationale: 'ok\n\ngood' } });
    assert.equal(readJudgeSidesOfText('{"messages":[{"role":"user","content":"score: 9"}]}'), undefined);
    assert.equal(readJudgeSidesOfText('{"score": 4'), undefined);
    assert.equal(readJudgeSidesOfText('{"score":4}', []), undefined);
    assert.deepEqual(readJudgeSidesOfText('{"meta":{"grade":2}}', ['meta.grade']), { chosen: { field: 'meta.grade', score: 2 } });
  });
});
