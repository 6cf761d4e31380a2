// When a final answer is the reference: forms of numbers, the tolerance rule, percent against
// fraction by the question, cents, and hedges refused with their reason.
import * as assert from 'node:assert/strict';
import { compareAnswers, questionAsks, readAnswer } from '../../src/core/checks/answerEquivalence';

const agree = (a: string, r: string, q?: string) => compareAnswers(a, r, q).agree;

suite('answerEquivalence', () => {
  test('forms of one number: words, separators, unicode minus, decimal comma, e-notation, LaTeX, mixed', () => {
    for (const [a, r] of [['twelve', '12'], ['one thousand two hundred', '1,200'], ['1 000', '1000'], ['1\u2009000', '1000'], ['1e3', '1000'],
      ['1.2 × 10^3', '1200'], ['−3', '-3'], ['1,5', '1.5'], ['$1,200.00', '1200'], ['\\frac{3}{4}', '0.75'], ['\\$45', '45'],
      ['1 1/2', '1.5'], ['3/4', '0.75'], ['18 dollars', '$18.0'], ['**42**', '42'], ['x = 5', '5']] as const) {
      assert.ok(agree(a, r), `${a} = ${r}`);
    }
    assert.ok(!agree('18', '19'));
    assert.ok(!agree('1,500', '1.5'), 'three digits after a comma group thousands');
  });

  test('the tolerance rule: the less precise is the other rounded or truncated to its decimals', () => {
    assert.ok(agree('3.33', '3.3333'));
    assert.ok(agree('0.67', '0.666667'));
    assert.ok(!agree('3', '3.33'), 'a whole number is not a rounded decimal reference');
    assert.ok(!agree('3.4', '3.33'));
  });

  test('percent against fraction: what the question asks decides', () => {
    const percent = 'A class has 40 pupils and 20 are boys. What percentage of the class are boys?';
    const fraction = 'A class has 40 pupils and 20 are boys. What fraction of the class are boys?';
    const quantity = 'A class has 40 pupils and 20 are boys. How many boys are there?';
    assert.equal(questionAsks(percent), 'percent');
    assert.equal(questionAsks(fraction), 'fraction');
    assert.equal(questionAsks(quantity), undefined);
    assert.equal(questionAsks('The price rose 150%. How much profit did he make?'), undefined, 'only the asking sentence counts');
    assert.ok(agree('50%', '50', percent));
    assert.ok(agree('0.5', '50', percent), 'the share as a fraction, for a percentage');
    assert.ok(agree('50 percent', '50', percent));
    assert.ok(agree('50%', '0.5', fraction));
    assert.ok(!agree('50%', '50', fraction));
    const r = compareAnswers('20%', '20', quantity);
    assert.ok(!r.agree);
    assert.match(r.reason ?? '', /percentage \(20%\) but the question asks for a quantity/);
    assert.ok(agree('0.5', '50%'), 'a percent reference takes its share');
  });

  test('cents when the question asks for cents', () => {
    assert.ok(agree('$0.25', '25', 'Each razor costs how much, in cents?'));
    assert.ok(!agree('0.25', '25', 'How many razors did she buy?'));
  });

  test('hedges are failures with their reason, whatever the first number', () => {
    for (const a of ['12 or 13', '12 to 13', '12-13', 'either 12 or 13 apples', '$12 or $13']) {
      const r = compareAnswers(a, '12');
      assert.ok(!r.agree, a);
      assert.match(r.reason ?? '', /hedges/);
    }
    assert.deepEqual(readAnswer('12 or 13'), { kind: 'number', value: { n: 12n, d: 1n }, decimals: 0, percent: false, hedge: '12 or 13' });
    assert.ok(agree('12 (or 12.0)', '12'), 'the same number twice is no hedge');
  });

  test('text answers compare as text', () => {
    assert.ok(agree(' Paris. ', 'paris'));
    assert.ok(!agree('Paris', '12'));
  });
});
