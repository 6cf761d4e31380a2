// parseQueryFilter (the filter box's syntax) and describeQuery (the summary the panel shows).
import * as assert from 'node:assert/strict';
import { describeQuery, FILTER_KEYS, parseQueryFilter } from '../../src/core/query/queryFilter';

suite('queryFilter: parseQueryFilter', () => {
  test('every key, a sort with its direction, and free text', () => {
    assert.deepEqual(
      parseQueryFilter('verdict:pending label:incorrect source:gsm8k_test.jsonl model:teacher-a licence:unknown sort:length desc some free text'),
      { text: 'some free text', verdicts: ['pending'], labels: ['incorrect'], sources: ['gsm8k_test.jsonl'], models: ['teacher-a'], licences: ['unknown'], sort: 'length', descending: true },
    );
  });

  test('an empty or blank filter is the empty query', () => {
    assert.deepEqual(parseQueryFilter(''), {});
    assert.deepEqual(parseQueryFilter('   \t '), {});
  });

  test('repeated keys add values; keys are case-insensitive; license is licence', () => {
    assert.deepEqual(parseQueryFilter('Verdict:Pending verdict:skipped label:a label:b LICENSE:MIT flag:near-dup'), {
      verdicts: ['pending', 'skipped'], labels: ['a', 'b'], licences: ['MIT'], flags: ['near-dup'],
    });
  });

  test('quotes keep spaces, in values and in free text, and let text hold a colon', () => {
    assert.deepEqual(parseQueryFilter('label:"too long" "http://x.org  page" end'), { labels: ['too long'], text: 'http://x.org  page end' });
    assert.deepEqual(parseQueryFilter('"say \\"hi\\""'), { text: 'say "hi"' });
  });

  test('free words join with single spaces; a direction word not after sort: is text', () => {
    assert.deepEqual(parseQueryFilter('  refund   desc  '), { text: 'refund desc' });
    assert.deepEqual(parseQueryFilter('sort:source ASC'), { sort: 'source', descending: false });
    assert.deepEqual(parseQueryFilter('sort:order "desc"'), { sort: 'order', text: 'desc' });
    assert.deepEqual(parseQueryFilter('/ref+und/i 3:4'), { text: '/ref+und/i 3:4' });
  });

  test('mistakes are refused with a message naming them', () => {
    assert.throws(() => parseQueryFilter('refund stauts:pending'), {
      name: 'QueryError', message: 'unknown filter key “stauts:” (known: verdict, label, source, model, licence, license, flag, judge, sort); to search for text with a colon, put it in "quotes"',
    });
    assert.throws(() => parseQueryFilter('verdict:done'), { message: 'verdict:done is not a verdict (one of pending, accepted, rejected, skipped)' });
    assert.throws(() => parseQueryFilter('sort:size'), { message: 'sort:size is not a sort (one of order, length, source, judge)' });
    assert.throws(() => parseQueryFilter('sort:length sort:source'), { message: 'sort: is given twice' });
    assert.throws(() => parseQueryFilter('label: x'), { message: 'label: needs a value' });
    assert.throws(() => parseQueryFilter('ok "unclosed'), { message: 'a quote opened at character 4 is not closed' });
  });
});

suite('queryFilter: judge', () => {
  const at = (value: number, inclusive = true) => ({ value, inclusive });

  test('comparisons, a number, ranges with open ends, none and problem', () => {
    assert.deepEqual(parseQueryFilter('judge:>=4').judge, [{ kind: 'range', min: at(4) }]);
    assert.deepEqual(parseQueryFilter('judge:>4').judge, [{ kind: 'range', min: at(4, false) }]);
    assert.deepEqual(parseQueryFilter('judge:<0.5').judge, [{ kind: 'range', max: at(0.5, false) }]);
    assert.deepEqual(parseQueryFilter('judge:<=-1e-3').judge, [{ kind: 'range', max: at(-0.001) }]);
    assert.deepEqual(parseQueryFilter('judge:4').judge, [{ kind: 'range', min: at(4), max: at(4) }]);
    assert.deepEqual(parseQueryFilter('judge:=.5').judge, [{ kind: 'range', min: at(0.5), max: at(0.5) }]);
    assert.deepEqual(parseQueryFilter('judge:4..5').judge, [{ kind: 'range', min: at(4), max: at(5) }]);
    assert.deepEqual(parseQueryFilter('judge:-2..-1').judge, [{ kind: 'range', min: at(-2), max: at(-1) }]);
    assert.deepEqual(parseQueryFilter('judge:7..').judge, [{ kind: 'range', min: at(7) }]);
    assert.deepEqual(parseQueryFilter('judge:..3').judge, [{ kind: 'range', max: at(3) }]);
    assert.deepEqual(parseQueryFilter('JUDGE:None judge:problem').judge, [{ kind: 'none' }, { kind: 'problem' }]);
  });

  test('with other keys and sort:judge with a direction', () => {
    assert.deepEqual(parseQueryFilter('verdict:pending judge:>=4 sort:judge desc refund'), {
      verdicts: ['pending'], judge: [{ kind: 'range', min: at(4) }], sort: 'judge', descending: true, text: 'refund',
    });
  });

  test('what is not a judge filter is refused, saying what to write', () => {
    assert.throws(() => parseQueryFilter('judge:high'), { name: 'QueryError', message: 'judge:high is not a judge filter (>=4, <0.5, 4..5, 4, none or problem)' });
    assert.throws(() => parseQueryFilter('judge:>=four'), { message: 'judge:>=four needs a number after >=' });
    assert.throws(() => parseQueryFilter('judge:5..4'), { message: 'judge:5..4 is empty: 5 is above 4' });
    assert.throws(() => parseQueryFilter('judge:..'), { message: 'judge:.. is not a range of numbers (e.g. judge:4..5)' });
    assert.throws(() => parseQueryFilter('judge:1..x'), { message: 'judge:1..x is not a range of numbers (e.g. judge:4..5)' });
    assert.throws(() => parseQueryFilter('judge:'), { message: 'judge: needs a value' });
  });

  test('described in words; repeated values are alternatives', () => {
    assert.equal(describeQuery(parseQueryFilter('judge:>=4')), 'judge ≥ 4');
    assert.equal(describeQuery(parseQueryFilter('judge:4..5 sort:judge')), 'judge 4–5 · by judge');
    assert.equal(describeQuery(parseQueryFilter('judge:<0.5 judge:none')), 'judge < 0.5 or no judge score');
    assert.equal(describeQuery(parseQueryFilter('judge:4')), 'judge = 4');
    assert.equal(describeQuery(parseQueryFilter('judge:problem verdict:accepted')), 'accepted · judge score not a number');
    assert.equal(describeQuery({ judge: [{ kind: 'range', min: at(1, false), max: at(2, false) }] }), 'judge > 1 and < 2');
  });
});

suite('queryFilter: describeQuery', () => {
  test('criteria in a fixed order, separated by middle dots', () => {
    assert.equal(describeQuery({ verdicts: ['accepted'], labels: ['incorrect'], text: 'refund' }), 'accepted · label incorrect · text “refund”');
    assert.equal(
      describeQuery({ text: '/ref+und/i', licences: ['unknown'], models: ['a', 'b'], sources: ['x.jsonl'], labels: ['p', 'q'], verdicts: ['pending', 'skipped'], flags: ['dup'] }),
      'pending or skipped · labels p and q · source x.jsonl · models a or b · licence unknown · flag dup · text /ref+und/i',
    );
  });

  test('the order last; no criteria is "all samples"', () => {
    assert.equal(describeQuery({}), 'all samples');
    assert.equal(describeQuery({ verdicts: [], labels: [] }), 'all samples');
    assert.equal(describeQuery({ sort: 'length', descending: true }), 'all samples · by length, descending');
    assert.equal(describeQuery({ descending: true }), 'all samples · in reverse order');
    assert.equal(describeQuery({ verdicts: ['rejected'], sort: 'source' }), 'rejected · by source');
  });

  test('long text is cut with an ellipsis', () => {
    assert.equal(describeQuery({ text: 'x'.repeat(60) }), `text “${'x'.repeat(39)}…”`);
  });

  test('what the filter box parses reads back as a summary', () => {
    assert.equal(describeQuery(parseQueryFilter('verdict:pending label:incorrect sort:length desc refund')), 'pending · label incorrect · text “refund” · by length, descending');
  });
});

suite('queryFilter: the key table', () => {
  test('every key of FILTER_KEYS parses, each into its own criterion, and with help text', () => {
    const values: Record<string, string> = { verdict: 'pending', judge: '>=4', sort: 'length' };
    for (const k of FILTER_KEYS) {
      assert.ok(k.help.length > 10, `${k.key}: has help`);
      const q = parseQueryFilter(`${k.key}:${values[k.key] ?? 'x'}`);
      assert.equal(Object.keys(q).length, 1, `${k.key}: makes one criterion (${JSON.stringify(q)})`);
    }
  });

  test('the keys the parser knows are exactly the table\'s (the help sheet and prompt draw the table)', () => {
    let known: string[] = [];
    try {
      parseQueryFilter('nosuchkey:1');
    } catch (e) {
      known = /\(known: ([^)]*)\)/.exec((e as Error).message)?.[1].split(', ') ?? [];
    }
    assert.deepEqual(known, FILTER_KEYS.map((k) => k.key));
    for (const key of ['verdict', 'label', 'source', 'model', 'licence', 'flag', 'judge', 'sort']) assert.ok(known.includes(key), key);
    assert.match(FILTER_KEYS.find((k) => k.key === 'source')?.help ?? '', /part of a source file's name, ignoring case/);
  });
});
