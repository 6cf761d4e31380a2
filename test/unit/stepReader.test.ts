// The step reader on hand-written solutions: what it reads as a calculation, what it gives, and
// what it must leave alone (algebra, mixed numbers, implicit products, a share named by "is").
import * as assert from 'node:assert/strict';
import { toNumber } from '../../src/core/checks/exactRational';
import { mayStateSteps, readSteps } from '../../src/core/checks/stepReader';

/** Each step read: [kind, the statement, what it gives, holds]. */
const steps = (text: string) => readSteps(text).map((s) => [s.kind, text.slice(s.span[0], s.span[1]), +toNumber(s.value).toFixed(6), s.holds]);

suite('stepReader', () => {
  test('formulas: precedence, parentheses, chains, negative results, currency', () => {
    assert.deepEqual(steps('So (2 + 3) * 4 = 20 and 2 + 3 * 4 = 14.'), [['formula', '(2 + 3) * 4 = 20', 20, true], ['formula', '2 + 3 * 4 = 14', 14, true]]);
    assert.deepEqual(steps('In all 12 + 7 + 30 = 48 pens.'), [['formula', '12 + 7 + 30 = 48', 49, false]]);
    assert.deepEqual(steps('It drops 5 - 8 = -3 degrees.'), [['formula', '5 - 8 = -3', -3, true]]);
    assert.deepEqual(steps('She pays $12 + $7 = $19.'), [['formula', '$12 + $7 = $19', 19, true]]);
    assert.deepEqual(steps('Total: 6 x 7 = 40 + 2 = 42'), [['formula', '40 + 2 = 42', 42, true]], 'a right side that goes on is not a result');
    assert.deepEqual(steps('They have 120 – 80 = 40 left'), [['formula', '120 – 80 = 40', 40, true]], 'an en dash between numbers is a minus');
  });

  test('LaTeX and typographic operators; a dash between numbers before a word "is" is a range', () => {
    assert.deepEqual(steps('So \\(3 \\times 4 = 13\\) and $10 \\div 4 = 2.5$ and 2 · 3 = 6'), [['formula', '3 \\times 4 = 13', 12, false], ['formula', '$10 \\div 4 = 2.5', 2.5, true], ['formula', '2 · 3 = 6', 6, true]]);
    assert.deepEqual(steps('From 2019-2020 is 1 year, pages 10-20 are 11 pages, 9am-5pm is 8 hours'), []);
    assert.deepEqual(steps('and 16-3-4=9 eggs').map((s) => s[3]), [true], 'with "=" a glued dash is a minus');
  });

  test('units on operands and results, rates × times', () => {
    assert.deepEqual(steps('3 hours * 60 min/hour = 200 min'), [['units', '3 hours * 60 min/hour = 200', 180, false]]);
    assert.deepEqual(steps('He rides 12 km/h × 3 h = 36 km.'), [['units', '12 km/h × 3 h = 36', 36, true]]);
    assert.deepEqual(steps('$5 per hour * 8 hours = $45'), [['units', '$5 per hour * 8 hours = $45', 40, false]]);
  });

  test('words: operations and numbers in words, with "is", "equals", "makes"', () => {
    assert.deepEqual(steps('nine times two is twenty'), [['words', 'nine times two is twenty', 18, false]]);
    assert.deepEqual(steps('Forty divided by eight equals five.'), [['words', 'Forty divided by eight equals five', 5, true]]);
    assert.deepEqual(steps('Then 7 plus 6 makes 13 cups.'), [['words', '7 plus 6 makes 13', 13, true]]);
  });

  test('percent-of and fraction-of, in digits and in words', () => {
    assert.deepEqual(steps('A 20% of 50 is 15 discount.'), [['percent-of', '20% of 50 is 15', 10, false]]);
    assert.deepEqual(steps('and 30 percent of the 90 seats is 27'), [['percent-of', '30 percent of the 90 seats is 27', 27, true]]);
    assert.deepEqual(steps('so 3/4 of 80 is 70'), [['fraction-of', '3/4 of 80 is 70', 60, false]]);
    assert.deepEqual(steps('three quarters of 80 is 60 and half of 40 is 20'), [['fraction-of', 'three quarters of 80 is 60', 60, true], ['fraction-of', 'half of 40 is 20', 20, true]]);
    assert.deepEqual(steps('The rest, 3 of the 5 cats, is 2'), [], '"of" multiplies only after a percentage or a fraction');
  });

  test('percent results: a unit or a share, either reading that holds', () => {
    assert.deepEqual(steps('lost 45 + 21 + 28 = 94%').map((s) => s[3]), [true]);
    assert.deepEqual(steps('so 1/5 = 20%').map((s) => s[3]), [true]);
    assert.deepEqual(steps('so 1/5 = 25%').map((s) => s[3]), [false]);
  });

  test('annotations: the calculation, and the number the text shows after it', () => {
    assert.deepEqual(steps('Janet sells 16 - 3 - 4 = <<16-3-4=9>>9 eggs'), [['annotation', '<<16-3-4=9>>', 9, true]]);
    assert.deepEqual(steps('Janet sells <<16-3-4=9>>15 eggs').map((s) => [s[0], s[1], s[3]]), [['annotation', '<<16-3-4=9>>', true], ['annotation-text', '<<16-3-4=9>>15', false]]);
    assert.deepEqual(steps('It is <<80000*1.5=120000>>120,000 and <<50/100=0.5>>50% and <<10/3=3.33>>3.33').map((s) => s[3]), [true, true, true]);
    assert.deepEqual(steps('so 4/5 = <<4/5*300=240>>240 of them').map((s) => s[0]), ['annotation'], 'a prefix running into an annotation is not its own claim');
  });

  test('left alone: algebra, mixed numbers, implicit products, a share named by "is", lines apart, ordinals', () => {
    assert.deepEqual(steps('So 3x + 2 = 11 and 2L + 8 = 22'), []);
    assert.deepEqual(steps('he had 5 - 1 - 1/2 = 3 1/2 hours, then 3 1/2 - 2 = 1 1/2'), []);
    assert.deepEqual(steps('Yuri scored 1/2 (68) + 10 = 44 and the perimeter is 2(40+9) = 98'), []);
    assert.deepEqual(steps('Since 2/5 is equal to 12.8 hectares'), []);
    assert.deepEqual(steps('It cost 865 times\n644 m + 865 m = 1509 m').map((s) => s[2]), [1509], 'a calculation never spans a line break');
    assert.deepEqual(steps('lost 5 spots: 1+5 = 6th place'), []);
  });

  test('prose may round to the unit; a value shown with decimals is held to them', () => {
    assert.deepEqual(steps('10 / 3 = 3 each').map((s) => s[3]), [true]);
    assert.deepEqual(steps('10 / 3 = 3.3 each').map((s) => s[3]), [true]);
    assert.deepEqual(steps('10 / 3 = 3.4 each').map((s) => s[3]), [false]);
  });

  test('the gate: only text that may state a calculation is read at all', () => {
    assert.ok(mayStateSteps('a = b'));
    assert.ok(mayStateSteps('costs 5 dollars'));
    assert.ok(!mayStateSteps('Explain the approach because the model has a reason.'));
    assert.ok(!mayStateSteps('nine times two is twenty'), 'words alone are read only with a reference (the cost of looking)');
  });
});
