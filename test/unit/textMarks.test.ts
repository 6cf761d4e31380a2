// What the panel marks in sample text: search matches and invisible characters, as segments that
// join back to the text (the DOM is built from them with text nodes only).
import * as assert from 'node:assert/strict';
import { invisibleChars, searchRanges, textSegments } from '../../src/webview/textMarks';

suite('textMarks: search matches', () => {
  test('a phrase matches ignoring case, every occurrence, as UTF-16 ranges', () => {
    assert.deepEqual(searchRanges('Refund? The REFUND policy: refunds', 'refund'), [[0, 6], [12, 18], [27, 33]]);
    assert.deepEqual(searchRanges('café Café', 'CAFÉ'), [[0, 4], [5, 9]]);
  });

  test('regex characters in a phrase are literal', () => {
    assert.deepEqual(searchRanges('a+b a.b aab', 'a.b'), [[4, 7]]);
    assert.deepEqual(searchRanges('cost (usd)', '(usd)'), [[5, 10]]);
  });

  test('/regex/flags: its own case, g/y/d dropped; empty matches mark nothing; a bad pattern marks nothing', () => {
    assert.deepEqual(searchRanges('Refund refund', '/refund/'), [[7, 13]]);
    assert.deepEqual(searchRanges('Refund refund', '/ref+und/iy'), [[0, 6], [7, 13]]);
    assert.deepEqual(searchRanges('abc', '/x*/'), []);
    assert.deepEqual(searchRanges('abc', '/(/'), []);
  });

  test('no search, or text like /usr/bin (not a regex), is a phrase or nothing', () => {
    assert.deepEqual(searchRanges('anything', undefined), []);
    assert.deepEqual(searchRanges('run /usr/bin/env', '/usr/bin'), [[4, 12]]);
  });
});

suite('textMarks: invisible characters', () => {
  test('bidi controls, zero-width characters, the BOM and other format characters are found with their code point', () => {
    const text = 'a\u202Eb\u2066c\u2069d\u200Be\u200Cf\uFEFFg\u00ADh\u2060i\u{E0041}j\u3164k';
    assert.deepEqual(invisibleChars(text).map((c) => c.code),
      ['U+202E', 'U+2066', 'U+2069', 'U+200B', 'U+200C', 'U+FEFF', 'U+00AD', 'U+2060', 'U+E0041', 'U+3164']);
    const rlo = invisibleChars('x\u202Ey')[0];
    assert.equal(rlo.at, 1);
    assert.match(rlo.title, /^U\+202E RIGHT-TO-LEFT OVERRIDE: .*direction/);
    assert.equal(invisibleChars('\u{E0041}')[0].char.length, 2, 'a tag character outside the BMP is one badge');
  });

  test('ordinary text, spaces, tabs and newlines are not marked', () => {
    assert.deepEqual(invisibleChars('Hello, world!\n\tIndented — ünïcödé 中文 עברית'), []);
  });

  test('a zero width joiner inside an emoji sequence is left alone; elsewhere it is marked', () => {
    assert.deepEqual(invisibleChars('👩\u200D💻 and ❤\uFE0F\u200D🔥'), []);
    assert.deepEqual(invisibleChars('pay\u200Dpal').map((c) => c.code), ['U+200D']);
  });
});

suite('textMarks: segments', () => {
  test('segments join back to the text; matches and badges are cut out exactly', () => {
    const text = 'say refund\u202Enow, refund';
    const matches = searchRanges(text, 'refund');
    const segs = textSegments(text, matches, invisibleChars(text));
    assert.equal(segs.map((s) => s.text).join(''), text);
    assert.deepEqual(segs.map((s) => [s.text, s.match, s.invisible?.code ?? '']), [
      ['say ', false, ''], ['refund', true, ''], ['\u202E', false, 'U+202E'], ['now, ', false, ''], ['refund', true, ''],
    ]);
  });

  test('an invisible character inside a match is a badge within the match', () => {
    const text = 'ref\u200Bund';
    const segs = textSegments(text, [[0, text.length]], invisibleChars(text));
    assert.deepEqual(segs.map((s) => [s.text, s.match, !!s.invisible]), [['ref', true, false], ['\u200B', true, true], ['und', true, false]]);
  });

  test('nothing to mark: one plain segment', () => {
    assert.deepEqual(textSegments('plain', [], []), [{ text: 'plain', match: false }]);
  });
});
