// Exact rationals and the one tolerance rule a stated result is held to.
import * as assert from 'node:assert/strict';
import { add, div, equal, formatRational, mul, parseDecimal, rational, statedAgrees, sub, toNumber } from '../../src/core/checks/exactRational';

const r = (s: string) => parseDecimal(s)!;

suite('exactRational', () => {
  test('decimals, exponents and lowest terms', () => {
    assert.deepEqual(r('1.5'), { n: 3n, d: 2n });
    assert.deepEqual(r('.25'), { n: 1n, d: 4n });
    assert.deepEqual(r('1.2e3'), { n: 1200n, d: 1n });
    assert.deepEqual(r('5e-2'), { n: 1n, d: 20n });
    assert.deepEqual(r('-0.50'), { n: -1n, d: 2n });
    assert.equal(parseDecimal('1.2.3'), undefined);
    assert.equal(parseDecimal('.'), undefined);
    assert.deepEqual(rational(6n, -4n), { n: -3n, d: 2n });
  });

  test('arithmetic is exact where floats are not', () => {
    assert.ok(equal(add(r('0.1'), r('0.2')), r('0.3')));
    assert.notEqual(0.1 + 0.2, 0.3);
    assert.ok(equal(mul(r('80000'), r('1.5')), r('120000')));
    assert.ok(equal(sub(r('2.2'), r('0.44')), r('1.76')));
    assert.equal(div(r('1'), r('0')), undefined);
    assert.equal(toNumber(div(r('10'), r('4'))!), 2.5);
    assert.equal(formatRational(div(r('1'), r('3'))!), '0.333333');
    // Beyond 2^53: a float would round 9007199254740993 to ...992.
    assert.ok(!equal(add(r('9007199254740992'), r('1')), r('9007199254740992')));
  });

  test('tolerance: rounded or truncated to the decimals shown; whole numbers exact, except in prose (to ½)', () => {
    const third = div(r('10'), r('3'))!;
    assert.ok(statedAgrees(third, r('3.33'), 2, false));
    assert.ok(statedAgrees(div(r('2'), r('3'))!, r('0.67'), 2, false), 'rounded up');
    assert.ok(!statedAgrees(third, r('3.34'), 2, false), 'neither rounded nor truncated');
    assert.ok(statedAgrees(div(r('-2'), r('3'))!, r('-0.66'), 2, false), 'truncated toward zero');
    assert.ok(statedAgrees(div(r('2'), r('3'))!, r('0.66'), 2, false), 'truncated');
    assert.ok(!statedAgrees(third, r('3'), 0, false), 'an annotation is exact');
    assert.ok(statedAgrees(third, r('3'), 0, true), 'prose may round to the unit');
    assert.ok(!statedAgrees(r('18'), r('19'), 0, true));
    assert.ok(!statedAgrees(r('18'), r('18.5'), 1, true));
  });
});
