// The verifier: final answers, normalization, calculation steps, and the GSM8K proofs.
import * as assert from 'node:assert/strict';
import { answersAgree, checkCalculations, evaluateArithmetic, extractFinalAnswer, normalizeAnswer, verifySolution } from '../../src/core/checks/answerVerifier';
import { rng } from '../../testkit/synthetic/seededRandom';
import { changeFinalAnswer, changeOneCalculation } from '../../testkit/synthetic/plantedSamples';
import { gsm8kTest } from './fixtureFiles';

/** The one GSM8K reference solution whose text states a wrong calculation (line 1025: "$32 - $20 = $300", a typo for $320). */
const GSM8K_TYPO_LINE = 1025;

suite('answerVerifier', () => {
  test('final answer: ####, \\boxed{}, "the answer is", else the last number', () => {
    assert.equal(extractFinalAnswer('x = 3\n#### 1,200')?.text, '1,200');
    assert.equal(extractFinalAnswer('so \\boxed{\\frac{3}{4}} is it')?.text, '\\frac{3}{4}');
    assert.equal(extractFinalAnswer('Thus the answer is $45 dollars. Done')?.text, '$45 dollars');
    assert.equal(extractFinalAnswer('I have 3 apples and 7 pears')?.text, '7');
    const s = 'a\n#### 42';
    const f = extractFinalAnswer(s);
    assert.equal(s.slice(...(f?.span ?? [0, 0])), '42');
  });

  test('normalization: commas, $, units, %, fractions, decimals', () => {
    assert.deepEqual(normalizeAnswer('$1,200.00'), { kind: 'number', value: 1200 });
    assert.deepEqual(normalizeAnswer('45 dollars'), { kind: 'number', value: 45 });
    assert.deepEqual(normalizeAnswer('\\frac{3}{4}'), { kind: 'number', value: 0.75 });
    assert.deepEqual(normalizeAnswer('1 1/2'), { kind: 'number', value: 1.5 });
    assert.deepEqual(normalizeAnswer('25%'), { kind: 'number', value: 25 });
    assert.deepEqual(normalizeAnswer(' Paris. '), { kind: 'text', text: 'paris' });
    assert.ok(answersAgree('18', '$18.0'));
    assert.ok(!answersAgree('18', '19'));
  });

  test('arithmetic without eval: precedence, parentheses, %, and anything else refused', () => {
    assert.equal(evaluateArithmetic('16-3-4'), 9);
    assert.equal(evaluateArithmetic('2+3*4'), 14);
    assert.equal(evaluateArithmetic('(2+3)*4'), 20);
    assert.equal(evaluateArithmetic('80,000*1.5'), 120000);
    assert.equal(evaluateArithmetic('50%*20'), 10);
    assert.equal(evaluateArithmetic('process.exit()'), undefined);
    assert.equal(evaluateArithmetic('2+'), undefined);
  });

  test('wrong steps are flagged with their positions; rounding to the shown decimals is accepted', () => {
    const text = 'He pays 3 * 4 = $<<3*4=12>>12. Then 12 + 5 = 18 more. And 10/3 = 3.33 each. Also <<7*6=41>>41.';
    const { steps, wrong } = checkCalculations(text);
    assert.equal(steps, 4);
    assert.deepEqual(wrong.map((w) => text.slice(...w.span)), ['12 + 5 = 18', '<<7*6=41>>']);
    assert.deepEqual(wrong.map((w) => w.expected), [17, 42]);
  });

  test('result: pass, fail with reason, or no reference', () => {
    assert.equal(verifySolution('2+2 = 4\n#### 4', '4').status, 'pass');
    const f = verifySolution('2+2 = 4\n#### 4', '5');
    assert.equal(f.status, 'fail');
    assert.match(f.reason ?? '', /final answer 4 differs from the reference 5/);
    assert.equal(verifySolution('2+2 = 4\n#### 4').status, 'no-reference');
    assert.equal(verifySolution('2+2 = 5\n#### 5').status, 'fail');
  });

  test('GSM8K: the 1,319 reference solutions pass against their own answers, except the one with a typo in its text', () => {
    const flagged: number[] = [];
    for (const [i, r] of gsm8kTest().entries()) {
      const v = verifySolution(r.answer, r.answer.split('####')[1].trim());
      if (v.status !== 'pass') flagged.push(i + 1);
    }
    assert.deepEqual(flagged, [GSM8K_TYPO_LINE]);
    assert.match(verifySolution(gsm8kTest()[GSM8K_TYPO_LINE - 1].answer).reason ?? '', /\$32 - \$20 = \$300/);
  });

  test('GSM8K: one number changed in one calculation → ≥ 95% flagged; final number changed → 100% flagged', () => {
    const next = rng(8);
    const rows = gsm8kTest();
    let calc = 0;
    let final = 0;
    for (const r of rows) {
      const reference = r.answer.split('####')[1].trim();
      if (verifySolution(changeOneCalculation(r.answer, next), reference).status === 'fail') calc++;
      if (verifySolution(changeFinalAnswer(r.answer, next), reference).status === 'fail') final++;
    }
    assert.ok(calc / rows.length >= 0.95, `calc ${calc}/${rows.length}`);
    assert.equal(final, rows.length);
  });
});
