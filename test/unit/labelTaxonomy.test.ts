// The label taxonomy: defaults, validation of a user's list, slots and theme colours.
import * as assert from 'node:assert/strict';
import { DEFAULT_LABELS, labelInSlot, themeColorVar, validateTaxonomy } from '../../src/core/store/labelTaxonomy';

suite('labelTaxonomy', () => {
  test('the defaults are the nine labels for synthetic data, in slots 1–9, each with a description', () => {
    assert.deepEqual(DEFAULT_LABELS.map((l) => l.name), ['correct', 'incorrect', 'hallucination', 'unsafe', 'refusal', 'low-effort', 'off-topic', 'formatting', 'duplicate']);
    assert.deepEqual(DEFAULT_LABELS.map((l) => l.slot), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const l of DEFAULT_LABELS) assert.ok(l.description.length > 5, l.name);
    assert.deepEqual(validateTaxonomy(DEFAULT_LABELS), { labels: DEFAULT_LABELS, problems: [] });
  });

  test('bad entries are rejected one by one with a reason; the good ones stay', () => {
    const { labels, problems } = validateTaxonomy([
      { name: 'keep', slot: 1, color: 'charts.red' },
      { name: 'keep', slot: 2 },
      { name: '', slot: 3 },
      { name: 'twin-slot', slot: 1 },
      { name: 'far', slot: 12 },
      { name: 'painted', color: '#ff0000' },
      'text',
    ]);
    assert.deepEqual(labels.map((l) => [l.name, l.slot, l.color]), [['keep', 1, 'charts.red'], ['twin-slot', undefined, 'foreground'], ['far', undefined, 'foreground'], ['painted', undefined, 'foreground']]);
    assert.equal(problems.length, 6);
    assert.match(problems.join('\n'), /"keep" is defined twice/);
    assert.match(problems.join('\n'), /slot 1 is taken/);
    assert.match(problems.join('\n'), /slot must be 1–9/);
    assert.match(problems.join('\n'), /theme colour id/);
  });

  test('a non-list falls back to the defaults and says so', () => {
    const r = validateTaxonomy({ correct: 1 });
    assert.deepEqual(r.labels, DEFAULT_LABELS);
    assert.equal(r.problems.length, 1);
  });

  test('slots find their label; colours become theme variables only', () => {
    assert.equal(labelInSlot(DEFAULT_LABELS, 4)?.name, 'unsafe');
    assert.equal(labelInSlot(DEFAULT_LABELS, 0), undefined);
    assert.equal(themeColorVar('charts.red'), 'var(--vscode-charts-red)');
  });
});
