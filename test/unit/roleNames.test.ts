// The role names in one place: what ShareGPT export writes reads back as the same role.
import * as assert from 'node:assert/strict';
import { messageRole, SHAREGPT_FROM, sharegptRole } from '../../src/core/formats/roleNames';
import type { Role } from '../../src/core/formats/sampleModel';

suite('roleNames', () => {
  test('every ShareGPT name export writes reads back as its role', () => {
    for (const role of Object.keys(SHAREGPT_FROM) as Role[]) assert.equal(sharegptRole(SHAREGPT_FROM[role]), role);
  });

  test('names are looked up, never inherited object properties', () => {
    for (const name of ['constructor', '__proto__', 'toString']) {
      assert.equal(sharegptRole(name), undefined);
      assert.equal(messageRole(name), undefined);
    }
    assert.equal(sharegptRole('GPT'), 'assistant');
    assert.equal(messageRole('developer'), 'system');
  });
});
