// `npm run build:benchmarks`: writes media/benchmarks/gsm8k-test.json (questions, final answers
// and 13-gram fingerprints of the GSM8K test split) from the copy in test/fixtures/gsm8k/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeShippedBenchmark, readBenchmarkItems, SHIPPED_BENCHMARK_FILE } from '../src/core/checks/benchmarkFingerprints';

const ROOT = path.resolve(__dirname, '..', '..');
const items = readBenchmarkItems({ path: path.join(ROOT, 'test', 'fixtures', 'gsm8k', 'gsm8k_test.jsonl'), fields: { text: 'question', answer: 'answer' }, name: 'GSM8K test' });
const shipped = makeShippedBenchmark(items, {
  name: 'GSM8K test', licence: 'MIT, (c) 2021 OpenAI', source: 'openai/grade-school-math, grade_school_math/data/test.jsonl',
});
const out = path.join(ROOT, 'media', 'benchmarks', SHIPPED_BENCHMARK_FILE);
fs.writeFileSync(out, `${JSON.stringify(shipped)}\n`);
console.log(JSON.stringify({ items: items.length, ngrams13: Buffer.from(shipped.fingerprints.ngramKeys, 'base64').length / 8, bytes: fs.statSync(out).size }));
