// Numbers as solutions write them: separators of every locale, decimal commas where unambiguous,
// e-notation, and number words with fractions.
import * as assert from 'node:assert/strict';
import { toNumber } from '../../src/core/checks/exactRational';
import { digitsValue, numberTokens } from '../../src/core/checks/numberReading';

/** Each number read in `text`, as written and as a value. */
const read = (text: string) => numberTokens(text).map((t) => [text.slice(t.start, t.end), toNumber(t.value)]);

suite('numberReading', () => {
  test('digits: comma, space, thin and narrow no-break space thousands; "1.000,5"; e-notation', () => {
    assert.deepEqual(read('paid 1,200.50 then 3 000 and 4\u2009500 and 7\u202f250'), [['1,200.50', 1200.5], ['3 000', 3000], ['4\u2009500', 4500], ['7\u202f250', 7250]]);
    assert.deepEqual(read('Preis 1.000,5 oder 2 500,25'), [['1.000,5', 1000.5], ['2 500,25', 2500.25]]);
    assert.deepEqual(read('about 1e3 or 2.5E-1'), [['1e3', 1000], ['2.5E-1', 0.25]]);
    assert.deepEqual(read('costs $.75'), [['.75', 0.75]]);
  });

  test('a comma is a decimal comma only where it cannot group thousands', () => {
    assert.deepEqual(read('1,5 kg'), [['1,5', 1.5]]);
    assert.deepEqual(read('0,25 l'), [['0,25', 0.25]]);
    assert.deepEqual(read('1,500 kg'), [['1,500', 1500]]);
    assert.ok(!read('pages 1,2,3').some(([, v]) => v === 1.2), 'a list, not decimals');
    assert.equal(digitsValue('1,5')?.decimals, 1);
  });

  test('not numbers: digits inside words, a lone ordinal', () => {
    assert.deepEqual(read('model x7b and the third day'), []);
    assert.deepEqual(read('someone often'), []);
  });

  test('words: to the millions, hyphens, "and", articles, dozens', () => {
    assert.deepEqual(read('twenty-five and one hundred and five'), [['twenty-five', 25], ['one hundred and five', 105]]);
    assert.deepEqual(read('three million two hundred thousand'), [['three million two hundred thousand', 3_200_000]]);
    assert.deepEqual(read('two thousand and ten'), [['two thousand and ten', 2010]]);
    assert.deepEqual(read('a hundred pens and a dozen eggs'), [['a hundred', 100], ['a dozen', 12]]);
    assert.deepEqual(read('nine times two'), [['nine', 9], ['two', 2]], 'two numbers, not "nine two"');
    assert.deepEqual(read('12 eggs/dozen'), [['12', 12]], 'a bare dozen is a unit');
  });

  test('fractions in words: "three quarters", "a third", "half", "one and a half"', () => {
    assert.deepEqual(read('three quarters of it'), [['three quarters', 0.75]]);
    assert.deepEqual(read('a third of 90'), [['a third', 1 / 3], ['90', 90]]);
    assert.deepEqual(read('half of 40'), [['half', 0.5], ['40', 40]]);
    assert.deepEqual(read('one and a half hours'), [['one and a half', 1.5]]);
    assert.deepEqual(read('two fifths'), [['two fifths', 0.4]]);
    assert.ok(numberTokens('two thirds')[0].fraction);
  });
});
