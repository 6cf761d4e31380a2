// "a" or "an" before words messages fill in.
import * as assert from 'node:assert/strict';
import { withArticle } from '../../src/core/formats/englishArticle';

suite('englishArticle', () => {
  test('sample kinds, JSON types and quoted part types get the article they sound with', () => {
    const cases: [string, string][] = [
      ['instruction', 'an instruction'], ['chat', 'a chat'], ['qa', 'a qa'], ['preference', 'a preference'],
      ['object', 'an object'], ['undefined', 'an undefined'], ['number', 'a number'], ['string', 'a string'], ['boolean', 'a boolean'],
      ['"image_url"', 'an "image_url"'], ['"input_audio"', 'an "input_audio"'], ['"file"', 'a "file"'],
      ['unit', 'a unit'], ['user', 'a user'], ['one', 'a one'], ['hour', 'an hour'], ['8', 'an 8'], ['80', 'an 80'], ['7', 'a 7'],
    ];
    for (const [word, expected] of cases) assert.equal(withArticle(word), expected, word);
  });
});
