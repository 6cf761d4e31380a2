// pace, eta and formatCount: the status bar's figures.
import * as assert from 'node:assert/strict';
import { eta, formatCount, pace } from '../../src/core/store/curationPace';

const MIN = 60_000;
const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);

suite('curationPace: pace', () => {
  test('decisions in the last 15 minutes, per hour, when the reviewer has worked longer', () => {
    const times = [T0 - 60 * MIN, T0 - 20 * MIN, ...Array.from({ length: 30 }, (_, k) => T0 - 14 * MIN + k * 20_000)];
    assert.deepEqual(pace(times, T0), { perHour: 120 });
  });

  test('a window of another length; its start is exclusive', () => {
    const times = Array.from({ length: 10 }, (_, k) => T0 - 100 * MIN + k * MIN);
    assert.deepEqual(pace(times, T0 - 90 * MIN, 5 * MIN), { perHour: 48 });
  });

  test('a session younger than the window is measured from its first decision', () => {
    const times = Array.from({ length: 20 }, (_, k) => T0 - 5 * MIN + k * 15_000);
    assert.deepEqual(pace(times, T0), { perHour: 240 });
  });

  test('the first minute counts as a whole minute', () => {
    assert.deepEqual(pace([T0 - 5_000, T0 - 1_000], T0), { perHour: 120 });
  });

  test('nothing in the window, or nothing at all, is 0; decisions after now do not count', () => {
    assert.deepEqual(pace([], T0), { perHour: 0 });
    assert.deepEqual(pace([T0 - 16 * MIN], T0), { perHour: 0 });
    assert.deepEqual(pace([T0 - 30 * MIN, T0 - 2 * MIN, T0 + MIN], T0), { perHour: 4 });
  });
});

suite('curationPace: eta', () => {
  test('hours and two-digit minutes, minutes, under a minute', () => {
    assert.equal(eta(1150, 300), '3h50');
    assert.equal(eta(1025, 300), '3h25');
    assert.equal(eta(310, 300), '1h02');
    assert.equal(eta(60, 300), '12m');
    assert.equal(eta(1, 300), '<1m');
    assert.equal(eta(299, 300), '1h00');
  });

  test('undefined without a pace or without pending samples', () => {
    assert.equal(eta(100, 0), undefined);
    assert.equal(eta(100, Number.NaN), undefined);
    assert.equal(eta(0, 300), undefined);
  });
});

suite('curationPace: formatCount', () => {
  test('thousands separators, whatever the locale', () => {
    assert.equal(formatCount(1204), '1,204');
    assert.equal(formatCount(0), '0');
    assert.equal(formatCount(999), '999');
    assert.equal(formatCount(1_000_000), '1,000,000');
    assert.equal(formatCount(-12_000), '-12,000');
    assert.equal(formatCount(1234.6), '1,235');
  });
});
