// Which part of a solution is its final answer.
import * as assert from 'node:assert/strict';
import { extractFinalAnswer } from '../../src/core/checks/finalAnswer';

/** Each solution's final answer: [how it was found, its text], checked against the span it names. */
function expectFinals(cases: readonly (readonly [string, string, string])[]): void {
  for (const [solution, how, text] of cases) {
    const f = extractFinalAnswer(solution);
    assert.deepEqual(f && [f.how, f.text], [how, text], solution);
    assert.equal(solution.slice(f!.span[0], f!.span[1]), text, `span of ${solution}`);
  }
}

suite('finalAnswer', () => {
  test('explicit forms first: ####, the last \\boxed{}, "the answer is", "Answer:"', () => expectFinals([
    ['x = 3\n#### 1,200', '####', '1,200'],
    ['so \\boxed{\\frac{3}{4}} is it', 'boxed', '\\frac{3}{4}'],
    ['Thus the answer is $45 dollars. Done 7', 'the answer is', '$45 dollars'],
    ['He has 3.\nThe final answer is twelve!', 'the answer is', 'twelve'],
    ['Answer: −3', 'the answer is', '−3'],
  ]));

  test('the final line: the result of its last calculation, or the number "is", "rounds to", … names', () => expectFinals([
    ['a\nShe makes 9 * 2 = $<<9*2=18>>18 every day at 2 markets.', 'final line', '18'],
    ['a\nShe makes 9 * 2 = $18 every day, working 7 days.', 'final line', '18'],
    ['a\n32 / 96 * 100% = 33.333...%, which rounds down to 33%', 'final line', '33'],
    ['a\nSo the total for the 3 days is 45', 'final line', '45'],
    ['a\nThe drop is 5 - 8 = -3', 'final line', '-3'],
  ]));

  test('the final line without a calculation: its last sentence, its main clause, its first number', () => {
    expectFinals([
      ['a\nIt would take 15 hours to clean 45 rooms.', 'final line', '15'],
      ['a\nEight doses contained 448 mL of medicine.', 'final line', '448'],
      ['a\nIt grows 32 feet. So it took three days to pass the window.', 'final line', 'three'],
      ['a\nSince 1.76 is less than 2 inches, he recycles it in 2 days.', 'final line', '2'],
      ['a\nHe can skip 4 classes because 10 - 4 = 6', 'final line', '4'],
      ['a\nThere are 192 cows after Mr. Sylas adds four to each stall.', 'final line', '192'],
    ]);
    assert.equal(extractFinalAnswer('no number here'), undefined);
  });
});
