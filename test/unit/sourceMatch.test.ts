// `source:` values: part of a file name ignoring case, or one exact name alone.
import * as assert from 'node:assert/strict';
import { matchingSources } from '../../src/core/query/sourceMatch';

const PATHS = ['gsm8k_test_first120.jsonl', 'GSM8K_train.jsonl', 'math.jsonl', 'more_math.jsonl', 'nested/hh_rlhf.jsonl.gz'];
const pick = (...values: string[]) => [...matchingSources(values, PATHS)].sort();

suite('sourceMatch', () => {
  test('part of a name matches every file holding it, ignoring case', () => {
    assert.deepEqual(pick('gsm8k'), ['GSM8K_train.jsonl', 'gsm8k_test_first120.jsonl']);
    assert.deepEqual(pick('Gsm8K_T'), ['GSM8K_train.jsonl', 'gsm8k_test_first120.jsonl']);
    assert.deepEqual(pick('rlhf'), ['nested/hh_rlhf.jsonl.gz']);
    assert.deepEqual(pick('nested/'), ['nested/hh_rlhf.jsonl.gz']);
  });

  test('an exact name picks that file alone (a saved per-source slice never grows)', () => {
    assert.deepEqual(pick('math.jsonl'), ['math.jsonl']);
    assert.deepEqual(pick('MATH.JSONL'), ['math.jsonl']);
    assert.deepEqual(pick('math'), ['math.jsonl', 'more_math.jsonl']);
  });

  test('values are alternatives; a value matching nothing adds nothing; blank values are ignored', () => {
    assert.deepEqual(pick('train', 'more_'), ['GSM8K_train.jsonl', 'more_math.jsonl']);
    assert.deepEqual(pick('nope'), []);
    assert.deepEqual(pick('  '), []);
  });
});
