// The checks as the language server runs them on a line: contamination against the shipped GSM8K
// test and the verifier, each underlining the text at fault in the raw line (escapes included).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { benchmarkSpecs, loadBenchmarkIndex } from '../../src/core/checks/benchmarkFingerprints';
import { contaminationChecker } from '../../src/core/lineProblems/contaminationLineCheck';
import type { DiagnosticCode } from '../../src/core/lineProblems/diagnosticCodes';
import { jsonStringOffsets } from '../../src/core/lineProblems/jsonValueRange';
import { checkSampleLine, type LineChecker } from '../../src/core/lineProblems/sampleLineChecks';
import { verifierChecker } from '../../src/core/lineProblems/verifierLineCheck';
import { gsm8kTest, SHIPPED_BENCHMARK } from './fixtureFiles';

const index = loadBenchmarkIndex(SHIPPED_BENCHMARK, []);
const benchmarks = () => index;
const CHECKERS: readonly LineChecker[] = [contaminationChecker(benchmarks), verifierChecker(benchmarks)];

/** The line's problems from the two checkers as [code, the raw text the range covers, message]. */
function found(line: string): [DiagnosticCode, string, string][] {
  return checkSampleLine(line, { checkers: CHECKERS }).problems.map((p) => [p.code, line.slice(p.startChar, p.endChar), p.message]);
}

const chat = (user: string, assistant: string) => JSON.stringify({ messages: [{ role: 'user', content: user }, { role: 'assistant', content: assistant }] });

suite('benchmark line checks', () => {
  test('escapes: each decoded character maps to where its source starts in the line', () => {
    const line = '{"a":"x\\n\\"\\u00e9y"}';
    const value = JSON.parse(line).a as string;
    const offsets = jsonStringOffsets(line, 5);
    assert.ok(offsets);
    assert.equal(offsets.length, value.length + 1);
    assert.deepEqual([...offsets], [6, 7, 9, 11, 17, 18]);
    assert.equal(jsonStringOffsets(line, 4), undefined);
  });

  test('a GSM8K question planted in a chat line is flagged over the question, naming the item', () => {
    const q = gsm8kTest()[3].question;
    const line = chat(`Please "solve" this:\n\n${q}`, 'Sure.');
    const problems = found(line);
    assert.equal(problems.length, 1);
    const [code, covered, message] = problems[0];
    assert.equal(code, 'benchmark-contamination');
    assert.equal(JSON.parse(`"${covered}"`), q.replace(/[.?]$/, ''));
    assert.match(message, new RegExp(`^Overlaps GSM8K test item 4 \\("${q.slice(0, 20)}.*…"\\): \\d+ shared 13-word sequences$`));
  });

  test('a question split over two turns is flagged over both; a QA question too', () => {
    const q = gsm8kTest()[0].question;
    const cut = q.indexOf('She sells');
    const line = JSON.stringify({ messages: [{ role: 'user', content: q.slice(0, cut).trimEnd() }, { role: 'user', content: q.slice(cut) }, { role: 'assistant', content: 'ok' }] });
    const [[code, covered]] = found(line);
    assert.equal(code, 'benchmark-contamination');
    assert.ok(covered.startsWith('Janet') && covered.includes('"},{"role":"user","content":"She sells'), covered);
    assert.deepEqual(found(JSON.stringify({ question: q, answer: '16 - 3 - 4 = 9 eggs; 9 * 2 = 18\n#### 18' })).map((p) => p[0]), ['benchmark-contamination']);
  });

  test('a clean line is not flagged', () => {
    assert.deepEqual(found(chat('Write a haiku about the sea at dawn, with gulls and a lighthouse in it.', 'Grey light on the swell / gulls wheel round the lighthouse / the tide takes the night')), []);
    assert.deepEqual(found(chat('What is 2 + 2?', '2 + 2 = 4')), []);
  });

  test('a wrong <<48/2=25>> is flagged at its columns, also after escapes in the same string', () => {
    const plain = chat('Half of 48?', 'Half is <<48/2=25>>25.');
    const [[code, covered, message], ...rest] = found(plain);
    assert.equal(rest.length, 0);
    assert.equal(code, 'wrong-calculation');
    assert.equal(covered, '<<48/2=25>>');
    assert.equal(plain.indexOf(covered), checkSampleLine(plain, { checkers: CHECKERS }).problems[0].startChar);
    assert.equal(message, 'Wrong calculation: <<48/2=25>> (the left side gives 24)');
    const escaped = chat('Half of 48?', 'Step one:\n\t"half" \u00e9 \\ \u2028 of 48\nHalf is <<48/2=25>>25 and 3 + 4 = 8.').replace('\u00e9', '\\u00e9');
    assert.deepEqual(found(escaped).map(([c, t]) => [c, t]), [['wrong-calculation', '<<48/2=25>>'], ['wrong-calculation', '3 + 4 = 8']]);
  });

  test('prose steps without "=" are read (a digit is enough); the annotation against the text says why', () => {
    const prose = chat('A sale?', 'A 20% of 50 is 15 discount.');
    assert.deepEqual(found(prose).map(([c, t, m]) => [c, t, m]), [['wrong-calculation', '20% of 50 is 15', 'Wrong calculation: 20% of 50 is 15 (the left side gives 10)']]);
    const mismatch = chat('Eggs?', 'She sells <<16-3-4=9>>15 eggs.');
    assert.deepEqual(found(mismatch).map(([, t, m]) => [t, m]), [['<<16-3-4=9>>15', 'Wrong calculation: <<16-3-4=9>>15 (the annotation gives 9 but the text says 15)']]);
  });

  test('a correct GSM8K solution line is not flagged by the verifier; its final answer changed is', () => {
    const { question, answer } = gsm8kTest()[0];
    assert.deepEqual(found(chat('Solve it.', answer)), []);
    const qa = (a: string) => JSON.stringify({ question, answer: a });
    assert.deepEqual(found(qa(answer)).map((p) => p[0]), ['benchmark-contamination']);
    const wrong = found(qa(answer.replace(/#### 18$/, '#### 19'))).filter((p) => p[0] !== 'benchmark-contamination');
    assert.deepEqual(wrong.map(([c, t]) => [c, t]), [['wrong-final-answer', '19']]);
    assert.match(wrong[0][2], /^Final answer 19 differs from the reference 18 \(GSM8K test item 1 \("Janet’s ducks/);
    const own = found(JSON.stringify({ question: 'How many?', answer: '3 + 4 = 7\n#### 7', reference_answer: '8' }));
    assert.deepEqual(own.map(([c, t, m]) => [c, t, m]), [['wrong-final-answer', '7', 'Final answer 7 differs from the reference 8 (the record\'s reference field)']]);
  });

  test('the benchmarks setting: relative paths start at the folder; entries without path or text field are passed on', () => {
    const ignored: unknown[] = [];
    const specs = benchmarkSpecs([
      { path: 'mmlu.jsonl', fields: { text: 'question', answer: 'answer' }, name: 'MMLU' }, { path: path.resolve('/b.json'), fields: { text: 'q' } }, { path: 'x' }, 3,
    ], path.resolve('/ws'), (b) => ignored.push(b));
    assert.deepEqual(specs, [
      { path: path.join(path.resolve('/ws'), 'mmlu.jsonl'), fields: { text: 'question', answer: 'answer' }, name: 'MMLU' }, { path: path.resolve('/b.json'), fields: { text: 'q' } },
    ]);
    assert.deepEqual(ignored, [{ path: 'x' }, 3]);
    assert.deepEqual(benchmarkSpecs(undefined, undefined, () => assert.fail()), []);
  });

  test('no index: contamination is off, the verifier still checks calculations', () => {
    const off: LineChecker[] = [contaminationChecker(() => undefined), verifierChecker()];
    const line = chat(gsm8kTest()[3].question, '<<48/2=25>>');
    assert.deepEqual(checkSampleLine(line, { checkers: off }).problems.map((p) => p.code), ['wrong-calculation']);
  });
});
