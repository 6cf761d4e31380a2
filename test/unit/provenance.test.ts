// extractProvenance: teacher model, parameters, template, parent, licence, origin and depth from
// the field names real pipelines write, with file defaults and where each value came from.
import * as assert from 'node:assert/strict';
import { extractProvenance, mayNameLicence, missingForFile, type Provenance } from '../../src/core/formats/provenance';
import { formatLines } from './fixtureFiles';

const UNKNOWN = {
  model: 'unknown', modelVersion: 'unknown', params: 'unknown', template: 'unknown', parent: 'unknown',
  licence: 'unknown', origin: 'unknown', depth: 'unknown', source: 'unknown',
} as const;

suite('provenance: from fixture records', () => {
  test('ShareGPT metadata gives every field, all from the record', () => {
    const record = JSON.parse(formatLines('sharegpt_synthetic.jsonl')[0]);
    assert.deepEqual(extractProvenance(record), {
      model: 'Qwen/Qwen2.5-72B-Instruct', modelVersion: '2024-09-19',
      params: { temperature: 0.7, top_p: 0.95, max_tokens: 1024, seed: 1234 },
      template: 'explain-v3', parent: 'seed-0031', licence: 'apache-2.0', origin: 'model', depth: 1,
      from: { model: 'record', modelVersion: 'record', params: 'record', template: 'record', parent: 'record', licence: 'record', origin: 'record', depth: 'record', source: 'unknown' },
    });
  });

  test('a model-from-model sample has depth 2; a human-written one is human at depth 0 with no model', () => {
    const [, second, human] = formatLines('sharegpt_synthetic.jsonl').map((l) => extractProvenance(JSON.parse(l)));
    assert.equal(second.depth, 2);
    assert.equal(second.parent, 'syn-000412');
    assert.equal(human.origin, 'human');
    assert.equal(human.depth, 0);
    assert.equal(human.model, undefined);
    assert.equal(human.from.origin, 'record');
    assert.equal(human.from.depth, 'record');
  });

  test('top-level fields (Alpaca fixture) are found; a record naming its model is model-written', () => {
    const p = extractProvenance(JSON.parse(formatLines('alpaca_with_history.jsonl')[0]));
    assert.equal(p.model, 'gpt-4o-mini-2024-07-18');
    assert.deepEqual(p.params, { temperature: 1 });
    assert.equal(p.licence, 'see OpenAI terms of use');
    assert.equal(p.origin, 'model');
    assert.equal(p.from.origin, 'record');
    assert.equal(p.depth, undefined);
  });

  test('a record without provenance is all unknown', () => {
    const p = extractProvenance(JSON.parse(formatLines('gsm8k_test_lines200-203.jsonl')[0]));
    assert.deepEqual(p, { params: {}, origin: 'unknown', from: UNKNOWN });
  });
});

suite('provenance: field names and shapes', () => {
  test('each container is searched: provenance, metadata, meta, info, generation', () => {
    for (const key of ['provenance', 'metadata', 'meta', 'info', 'generation']) {
      assert.equal(extractProvenance({ [key]: { teacher: 'm' } }).model, 'm', key);
    }
  });

  test('the top level wins over nested containers; earlier names win over later ones', () => {
    assert.equal(extractProvenance({ model: 'top', metadata: { model: 'nested' } }).model, 'top');
    assert.equal(extractProvenance({ model: 'plain', teacher_model: 'teacher' }).model, 'teacher');
  });

  test('every model name is recognized, as a string or an object with a version', () => {
    for (const name of ['teacher_model', 'teacher', 'model', 'model_name', 'generator', 'generator_model']) {
      assert.equal(extractProvenance({ [name]: 'x' }).model, 'x', name);
    }
    const p = extractProvenance({ model: { name: 'llama-3.1-70b', version: '2024-07' } });
    assert.equal(p.model, 'llama-3.1-70b');
    assert.equal(p.modelVersion, '2024-07');
    assert.equal(extractProvenance({ model: 'm', model_revision: 3 }).modelVersion, '3');
  });

  test('generation parameters are gathered from the record and from parameter groups', () => {
    const p = extractProvenance({
      temperature: 0.2, metadata: { sampling_params: { top_p: 0.9, top_k: 40, seed: 7, stop: ['\n'] }, generation_config: { max_new_tokens: 256, temperature: 0.9 } },
    });
    assert.deepEqual(p.params, { temperature: 0.2, top_p: 0.9, top_k: 40, seed: 7, max_new_tokens: 256 });
  });

  test('template, parent and licence names; licence objects give their SPDX id', () => {
    assert.equal(extractProvenance({ template_id: 't1' }).template, 't1');
    assert.equal(extractProvenance({ prompt_template: 'Q: {q}\nA:' }).template, 'Q: {q}\nA:');
    for (const name of ['parent_id', 'seed_id', 'source_id']) assert.equal(extractProvenance({ [name]: 42 }).parent, '42', name);
    for (const name of ['license', 'licence', 'terms']) assert.equal(extractProvenance({ info: { [name]: 'MIT' } }).licence, 'MIT', name);
    assert.equal(extractProvenance({ license: { spdx_id: 'CC-BY-4.0', name: 'Creative Commons' } }).licence, 'CC-BY-4.0');
  });

  test('origin flags: human_written, is_synthetic, synthetic, origin words', () => {
    const origin = (r: object) => extractProvenance(r).origin;
    assert.equal(origin({ human_written: true }), 'human');
    assert.equal(origin({ human_written: false }), 'model');
    assert.equal(origin({ is_synthetic: true }), 'model');
    assert.equal(origin({ meta: { synthetic: false } }), 'human');
    assert.equal(origin({ origin: 'Synthetic' }), 'model');
    assert.equal(origin({ origin: 'somewhere' }), 'unknown');
  });

  test('depth: generation_depth, depth or a numeric generation; it implies the origin', () => {
    assert.deepEqual([0, 1, 3].map((d) => extractProvenance({ generation: d }).origin), ['human', 'model', 'model']);
    assert.equal(extractProvenance({ depth: 2 }).depth, 2);
    assert.equal(extractProvenance({ generation_depth: -1 }).depth, undefined);
    assert.equal(extractProvenance({ depth: 1.5 }).depth, undefined);
  });

  test('values of the wrong type are ignored, not thrown on', () => {
    assert.deepEqual(extractProvenance({ model: '', temperature: 'hot', seed: null, license: [], metadata: 'x' }), {
      params: { temperature: 'hot' }, origin: 'unknown', from: { ...UNKNOWN, params: 'record' },
    });
    for (const value of [null, 3, 'text', [], [{ model: 'm' }]]) assert.deepEqual(extractProvenance(value), { params: {}, origin: 'unknown', from: UNKNOWN });
  });

  test('prototype names are not fields', () => {
    assert.equal(extractProvenance(JSON.parse('{"metadata": {"__proto__": {"model": "x"}}}')).model, undefined);
  });
});

suite('provenance: file defaults', () => {
  test('defaults fill what the record leaves out, and are marked as from the file', () => {
    const p = extractProvenance({ temperature: 0.5 }, { model: 'gpt-4o', licence: 'OpenAI terms', params: { seed: 1 }, origin: 'model', depth: 1 });
    assert.equal(p.model, 'gpt-4o');
    assert.equal(p.licence, 'OpenAI terms');
    assert.deepEqual(p.params, { seed: 1, temperature: 0.5 });
    assert.deepEqual(p.from, { ...UNKNOWN, model: 'file', licence: 'file', params: 'record', origin: 'file', depth: 'file' });
  });

  test('the record wins over the defaults', () => {
    const p = extractProvenance({ model: 'own', license: 'MIT', human_written: false }, { model: 'default', licence: 'other', origin: 'human' });
    assert.deepEqual([p.model, p.licence, p.origin], ['own', 'MIT', 'model']);
    assert.deepEqual([p.from.model, p.from.licence, p.from.origin], ['record', 'record', 'record']);
  });
});

suite('provenance: missingForFile', () => {
  const of = (records: unknown[], defaults = {}): Provenance[] => records.map((r) => extractProvenance(r, defaults));

  test('asks for model and licence when a sample lacks them', () => {
    assert.deepEqual(missingForFile(of(formatLines('gsm8k_test_lines200-203.jsonl').map((l) => JSON.parse(l)))), ['model', 'licence']);
  });

  test('one sample without a licence is enough to ask; human-written samples need no model', () => {
    assert.deepEqual(missingForFile(of(formatLines('alpaca_with_history.jsonl').map((l) => JSON.parse(l)))), ['licence']);
    assert.deepEqual(missingForFile(of([{ human_written: true, license: 'MIT' }])), []);
    assert.deepEqual(missingForFile(of([{ human_written: true }, { model: 'm', license: 'MIT' }])), ['licence']);
  });

  test('file defaults answer the question', () => {
    assert.deepEqual(missingForFile(of([{ question: 'q', answer: 'a' }], { model: 'm', licence: 'MIT' })), []);
    assert.deepEqual(missingForFile([]), []);
  });
});

suite('provenance: licence names in raw bytes', () => {
  test('mayNameLicence is false only when no licence field name (or \\u escape) is in the bytes', () => {
    const may = (text: string) => mayNameLicence(Buffer.from(text, 'utf8').toString('latin1'));
    assert.equal(may('{"messages":[],"metadata":{"model":"m"}}'), false);
    for (const key of ['license', 'licence', 'terms', 'terms_of_use']) assert.equal(may(`{"meta":{"${key}":"mit"}}`), true, key);
    assert.equal(may('{"messages":[],"x":"\\u006cicense"}'), true, 'an escape could spell a name');
    assert.equal(may('{"content":"my licence is mit"}'), false, 'a word in text is not a field name');
  });
});
