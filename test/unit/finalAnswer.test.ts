// Which part of a solution is its final answer.
import * as assert from 'node:assert/strict';
import { extractFinalAnswer } from '../../src/core/checks/finalAnswer';

const final = (s: string) => {
  const f = extractFinalAnswer(s);
  return f && [f.how, f.text, s.slice(f.span[0], f.span[1])];
};

suite('finalAnswer', () => {
  test('explicit forms first: ####, the last \\boxed{}, "the answer is", "Answer:"', () => {
    assert.deepEqual(final('x = 3\n#### 1,200'), ['####', '1,200', '1,200']);
    assert.deepEqual(final('so \\boxed{\\frac{3}{4}} is it'), ['boxed', '\\frac{3}{4}', '\\frac{3}{4}']);
    assert.deepEqual(final('Thus the answer is $45 dollars. Done 7'), ['the answer is', '$45 dollars', '$45 dollars']);
    assert.deepEqual(final('He has 3.\nThe final answer is twelve!'), ['the answer is', 'twelve', 'twelve']);
    assert.deepEqual(final('Answer: −3'), ['the answer is', '−3', '−3']);
  });

  test('the final line: the result of its last calculation, or the number "is", "rounds to", … names', () => {
    assert.deepEqual(final('a\nShe makes 9 * 2 = $<<9*2=18>>18 every day at 2 markets.'), ['final line', '18', '18']);
    assert.deepEqual(final('a\nShe makes 9 * 2 = $18 every day, working 7 days.'), ['final line', '18', '18']);
    assert.deepEqual(final('a\n32 / 96 * 100% = 33.333...%, which rounds down to 33%'), ['final line', '33', '33']);
    assert.deepEqual(final('a\nSo the total for the 3 days is 45'), ['final line', '45', '45']);
    assert.deepEqual(final('a\nThe drop is 5 - 8 = -3'), ['final line', '-3', '-3']);
  });

  test('the final line without a calculation: its last sentence, its main clause, its first number', () => {
    assert.deepEqual(final('a\nIt would take 15 hours to clean 45 rooms.'), ['final line', '15', '15']);
    assert.deepEqual(final('a\nEight doses contained 448 mL of medicine.'), ['final line', '448', '448']);
    assert.deepEqual(final('a\nIt grows 32 feet. So it took three days to pass the window.'), ['final line', 'three', 'three']);
    assert.deepEqual(final('a\nSince 1.76 is less than 2 inches, he recycles it in 2 days.'), ['final line', '2', '2']);
    assert.deepEqual(final('a\nHe can skip 4 classes because 10 - 4 = 6'), ['final line', '4', '4']);
    assert.deepEqual(final('a\nThere are 192 cows after Mr. Sylas adds four to each stall.'), ['final line', '192', '192']);
    assert.equal(extractFinalAnswer('no number here'), undefined);
  });
});
