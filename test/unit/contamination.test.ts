// Benchmark contamination: 13-gram and 50-character matches against the shipped GSM8K test set.
import * as assert from 'node:assert/strict';
import { loadBenchmarkIndex, readBenchmarkItems, readShippedBenchmark } from '../../src/core/checks/benchmarkFingerprints';
import { BenchmarkIndex } from '../../src/core/checks/contamination';
import { chatLine } from '../../testkit/synthetic/chatSamples';
import { rng } from '../../testkit/synthetic/seededRandom';
import { LIGHT_EDITS, lightlyEdit } from '../../testkit/synthetic/plantedSamples';
import { GSM8K_TEST, gsm8kTest, makeTempDir, removeDir, SHIPPED_BENCHMARK } from './fixtureFiles';
import * as fs from 'node:fs';
import * as path from 'node:path';

const shipped = () => loadBenchmarkIndex(SHIPPED_BENCHMARK, []);

function marked(text: string, spans: readonly (readonly [number, number])[]): string {
  return spans.map(([s, e]) => text.slice(s, e)).join(' … ');
}

suite('contamination', () => {
  test('the shipped file is the fixture: same 1,319 questions, fingerprints equal to a fresh build', () => {
    const { items, data } = readShippedBenchmark(SHIPPED_BENCHMARK);
    const fixture = gsm8kTest();
    assert.equal(items.length, 1319);
    assert.deepEqual(items.map((i) => i.text), fixture.map((r) => r.question));
    assert.equal(items[0].answer, '18');
    assert.deepEqual(BenchmarkIndex.build(items).toData(), data);
  });

  test('a verbatim question inside a chat sample: 13-gram match naming the item, span marks the question', () => {
    const index = shipped();
    const q = gsm8kTest()[3].question;
    const text = `Here is a problem for you.\n\n${q}\n\nSure! Let me solve it.`;
    const m = index.match(text);
    assert.ok(m);
    assert.equal(m.item, 3);
    assert.equal(m.method, '13-gram');
    assert.equal(index.items[m.item].benchmark, 'GSM8K test');
    assert.equal(marked(text, m.sampleSpans), q.replace(/\.$/, '').replace(/\?$/, ''));
    assert.equal(m.itemSpans.length, 1);
  });

  test('case, punctuation, a changed number and an added sentence are still found; spans skip the changed part', () => {
    const index = shipped();
    const q = gsm8kTest()[0].question;
    for (const edit of LIGHT_EDITS) {
      const edited = lightlyEdit(q, edit, rng(5));
      assert.notEqual(edited, q, edit);
      const m = index.match(edited);
      assert.equal(m?.item, 0, edit);
    }
    const changed = q.replace('16 eggs', '17 eggs');
    const m = index.match(changed);
    assert.ok(m && !marked(changed, m.sampleSpans).includes('17 eggs'));
  });

  test('50-character substrings catch what 13-grams cannot (a short question with a number changed mid-way)', () => {
    // 21 words with the number at word 10: every 13-gram contains it.
    const text = 'Seventeen enthusiastic photographers photographed magnificent waterfalls throughout beautiful Yellowstone during 12 consecutive summers; altogether, how many photographs did these photographers produce?';
    const items = [{ benchmark: 'b', position: 0, text }];
    const index = BenchmarkIndex.build(items);
    const edited = text.replace('12', '13');
    const m = index.match(`Please answer: ${edited}`);
    assert.equal(m?.method, '50-char');
    assert.equal(m.overlaps, 2, 'the first and last substrings; the middle one holds the number');
    assert.ok(marked(`Please answer: ${edited}`, m.sampleSpans).startsWith('Seventeen'));
    assert.ok(marked(text, m.itemSpans).endsWith('produce'));
  });

  test('serialized fingerprints round-trip; a user benchmark is read from JSON and JSONL with dotted fields', () => {
    const dir = makeTempDir('bench-spec');
    try {
      fs.writeFileSync(path.join(dir, 'b.json'), JSON.stringify([{ q: { text: 'What is the capital of France, the country in western Europe whose capital has the Eiffel tower in it?' }, a: 'Paris' }]));
      const items = readBenchmarkItems({ path: path.join(dir, 'b.json'), fields: { text: 'q.text', answer: 'a' } });
      assert.equal(items[0].benchmark, 'b.json');
      assert.equal(items[0].answer, 'Paris');
      const index = loadBenchmarkIndex(SHIPPED_BENCHMARK, [{ path: path.join(dir, 'b.json'), fields: { text: 'q.text' }, name: 'Capitals' }]);
      assert.equal(index.items.length, 1320);
      assert.equal(index.items[index.match(`so: ${items[0].text}`)?.item ?? -1].benchmark, 'Capitals');
      const round = BenchmarkIndex.fromData(index.items, index.toData());
      assert.equal(round.ngramCount, index.ngramCount);
      fs.writeFileSync(path.join(dir, 'bad.jsonl'), '{"q": "x"}\n{oops\n');
      assert.throws(() => readBenchmarkItems({ path: path.join(dir, 'bad.jsonl'), fields: { text: 'q' } }), /bad\.jsonl:2:/);
    } finally {
      removeDir(dir);
    }
  });

  test('experiment (small): all 1,319 planted verbatim and ≥ 95% lightly edited are flagged; ≤ 0.1% of 5,000 clean', () => {
    const index = shipped();
    const next = rng(2026);
    const questions = gsm8kTest().map((r) => r.question);
    const verbatim = questions.filter((q, i) => index.match(`Solve this.\n\n${q}`)?.item === i).length;
    const edited = questions.filter((q, i) => index.match(lightlyEdit(q, LIGHT_EDITS[i % 4], next))?.item === i).length;
    let clean = 0;
    for (let i = 0; i < 5000; i++) if (index.match(chatLine(next, i))) clean++;
    assert.equal(verbatim, 1319);
    assert.ok(edited / 1319 >= 0.95, `edited ${edited}/1319`);
    assert.ok(clean <= 5, `clean flagged ${clean}/5000`);
    assert.ok(fs.existsSync(GSM8K_TEST));
  }).timeout(20_000);
});
