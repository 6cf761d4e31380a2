// compileTextMatcher: a phrase or /regex/ over a record's JSON text with its escapes decoded,
// decided on raw bytes where that is exact; risky and invalid patterns refused.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { catastrophicPart, compileTextMatcher, decodeJsonEscapes, isRegexText } from '../../src/core/query/textMatcher';

const bytes = (text: string) => Buffer.from(text, 'utf8');

/** The decoded text computed independently: each JSON string token replaced by its parsed value. */
function referenceDecoded(json: string): string {
  return json.replace(/"(?:[^"\\]|\\.)*"/g, (token) => `"${JSON.parse(token) as string}"`);
}

/** JSON text of a value with the escapes other writers use: \u for non-ASCII (Python) and \/ (PHP). */
function writeJson(value: unknown, style: 'plain' | 'ascii' | 'slashes'): string {
  const json = JSON.stringify(value);
  if (style === 'ascii') return json.replace(/[^\u0000-\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (style === 'slashes') return json.replace(/\//g, '\\/');
  return json;
}

suite('textMatcher: phrases', () => {
  test('case-insensitive, in keys, values and numbers alike', () => {
    const m = compileTextMatcher('Refund');
    assert.equal(m.matches(bytes('{"q":"my REFUND"}')), true);
    assert.equal(m.matches(bytes('{"refund":1}')), true);
    assert.equal(m.matches(bytes('{"q":"refun d"}')), false);
    assert.equal(compileTextMatcher('0.7').matches(bytes('{"temperature":0.7}')), true);
    assert.equal(m.description, 'text “Refund”');
  });

  test('non-ASCII phrases compare case-insensitively on the decoded UTF-8', () => {
    assert.equal(compileTextMatcher('ÉCOLE').matches(bytes('{"q":"une école"}')), true);
    assert.equal(compileTextMatcher('école').matches(bytes('{"q":"une \\u00c9cole"}')), true);
    assert.equal(compileTextMatcher('日本').matches(bytes('{"q":"\\u65e5\\u672c\\u8a9e"}')), true);
    assert.equal(compileTextMatcher('日本').matches(bytes('{"q":"中文"}')), false);
  });

  test('property: a phrase matches as a search of the independently decoded text would, whatever the escaping', () => {
    const alphabet = fc.constantFrom('a', 'B', 'n', 'u', 't', '0', 'e', '9', ' ', '"', '\\', '/', '\n', '\t', 'é', 'É', '😀', '\u0001');
    const text = fc.array(alphabet, { maxLength: 24 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(text, text, fc.nat(30), fc.nat(30), fc.constantFrom('plain', 'ascii', 'slashes'), fc.boolean(), (content, other, from, len, style, fromContent) => {
        const needle = fromContent ? content.slice(from % (content.length + 1), (from % (content.length + 1)) + len) : other.slice(0, 1 + (len % 4));
        fc.pre(!isRegexText(needle));
        // Keys and numbers share no character with the alphabet, so only the content can hold a needle.
        const json = writeJson({ q: content, z: [1, { q: 2 }] }, style as 'plain');
        const expected = !needle || referenceDecoded(json).toLowerCase().includes(needle.toLowerCase());
        assert.equal(compileTextMatcher(needle).matches(bytes(json)), expected, `${JSON.stringify(needle)} in ${json}`);
      }),
      { numRuns: 3000 },
    );
  });

  test('decodeJsonEscapes decodes every escape once and leaves other text alone', () => {
    assert.equal(decodeJsonEscapes('{"a":"x\\\\ny\\"z\\/\\b\\f\\r\\t\\u0041\\ud83d\\ude00"}'), '{"a":"x\\ny"z/\b\f\r\tA😀"}');
    assert.equal(decodeJsonEscapes('plain'), 'plain');
  });
});

suite('textMatcher: regular expressions', () => {
  test('/pattern/flags is a regex over the decoded text; the pattern decides case', () => {
    assert.equal(compileTextMatcher('/ref+und/').matches(bytes('{"q":"refffund"}')), true);
    assert.equal(compileTextMatcher('/REFUND/').matches(bytes('{"q":"refund"}')), false);
    assert.equal(compileTextMatcher('/REFUND/i').matches(bytes('{"q":"refund"}')), true);
    assert.equal(compileTextMatcher('/^line two$/m').matches(bytes('{"q":"one\\nline two\\nthree"}')), true);
    assert.equal(compileTextMatcher('/café/').matches(bytes('{"q":"caf\\u00e9"}')), true);
  });

  test('g and y are dropped, so matching a record does not depend on the one before', () => {
    const m = compileTextMatcher('/ab/gy');
    assert.equal(m.matches(bytes('ab')), true);
    assert.equal(m.matches(bytes('ab')), true);
    assert.equal(m.description, 'text /ab/gy');
  });

  test('slashes followed by letters that are not flags are plain text', () => {
    assert.equal(isRegexText('/usr/bin'), false);
    assert.equal(isRegexText('/a/im'), true);
    assert.equal(isRegexText('//'), false);
    assert.equal(compileTextMatcher('/usr/bin').matches(bytes('{"path":"\\/usr\\/bin"}')), true);
  });

  test('an invalid pattern is refused, naming it and the reason', () => {
    assert.throws(() => compileTextMatcher('/a(/'), { name: 'TextPatternError', message: '/a(/ is not a valid regular expression: Unterminated group' });
    assert.throws(() => compileTextMatcher('/[z-a]/i'), { name: 'TextPatternError', message: /^\/\[z-a\]\/i is not a valid regular expression: Range out of order/ });
  });

  test('nested repetition is refused before it can run', () => {
    for (const [pattern, part] of [
      ['(a+)+', '(a+)+'], ['x(\\w*)*y', '(\\w*)*'], ['(a|aa)+', '(a|aa)+'], ['((ab)+)+', '((ab)+)+'],
      ['(?:x+y?){3,}', '(?:x+y?){3,}'], ['(a+){2}', '(a+){2}'], ['(?<w>\\s*\\w+)*$', '(?<w>\\s*\\w+)*'], ['((a)|b)+?', '((a)|b)+?'],
    ]) {
      assert.equal(catastrophicPart(pattern), part, pattern);
    }
    assert.throws(() => compileTextMatcher('/(a+)+$/'), { name: 'TextPatternError', message: /^\/\(a\+\)\+\$\/: “\(a\+\)\+” repeats a group that itself repeats or alternates/ });
  });

  test('ordinary patterns pass the check', () => {
    for (const pattern of ['(?:cat|dog)', '(ab)+', '\\d+-\\d+', '[(+|]+', '(a)?', '\\(a+\\)+', '(?<year>\\d{4})-\\d\\d', 'a{2,3}', '(ab?)+', '(?=a+)b', 'a\\{2}+', '\\p{L}+']) {
      assert.equal(catastrophicPart(pattern), undefined, pattern);
    }
  });
});
