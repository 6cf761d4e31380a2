// What synthetic-data generators write (distilabel, UltraFeedback and its binarized pairs, Magpie
// and magpie-ultra, OpenHermes-2.5, Tulu 3 SFT mixture, SmolTalk), on the hand-written fixtures of
// test/fixtures/shapes: detected, normalized, their provenance and judge score read, and a wrong
// field type reported by name.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeAsSource } from '../../src/core/export/exportFormats';
import { candidateLines } from '../../src/core/formats/candidateResponses';
import { judgeKeyNeedles, readJudgeScore, readJudgeSides } from '../../src/core/formats/judgeScores';
import { extractProvenance } from '../../src/core/formats/provenance';
import {
  detectFileFormat, detectFormat, normalizeRecord, previewText, SampleShapeError, sourceOf, type FormatId,
} from '../../src/core/formats/sampleFormats';
import type { NormalizedSample, Turn } from '../../src/core/formats/sampleModel';
import { buildLineIndex, readLineBytes } from '../../src/core/ingest/lineIndex';
import { originalLine, prepareSource } from '../../src/core/ingest/preparedSource';
import { readRecord } from '../../src/core/ingest/recordReader';
import { makeTempDir, removeDir, SHAPE_FIXTURES, shapeRecords } from './fixtureFiles';

type Of<K extends NormalizedSample['kind']> = Extract<NormalizedSample, { kind: K }>;
type Rec = { readonly [key: string]: unknown };

function as<K extends NormalizedSample['kind']>(kind: K, sample: NormalizedSample): Of<K> {
  assert.equal(sample.kind, kind);
  return sample as Of<K>;
}

/** The records of a fixture, each checked to be in `format` (and the file as a whole too). */
function recordsIn(name: string, format: FormatId): Rec[] {
  const records = shapeRecords(name) as Rec[];
  assert.ok(records.length >= 2, `${name} has a few records`);
  for (const r of records) assert.equal(detectFormat(r), format, JSON.stringify(r).slice(0, 120));
  assert.equal(detectFileFormat(records), format);
  return records;
}

function shapeError(fn: () => unknown): SampleShapeError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof SampleShapeError, `expected a SampleShapeError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a SampleShapeError, none thrown');
}

/** Each record (detected as `format`, when given) is a problem at the path, with a message matching. */
function problemsNamed(cases: readonly (readonly [Rec, string, RegExp])[], format?: FormatId): void {
  for (const [record, at, message] of cases) {
    if (format) assert.equal(detectFormat(record), format, JSON.stringify(record));
    const e = shapeError(() => normalizeRecord(record));
    assert.equal(e.path, at, JSON.stringify(record));
    assert.match(e.message, message);
  }
}

const user = (content: string): Turn => ({ role: 'user', content });
const assistant = (content: string): Turn => ({ role: 'assistant', content });

suite('generator shapes: distilabel', () => {
  test('one generation is an instruction sample; system_prompt is its system; distilabel_metadata is never text', () => {
    const [plain, withSystem] = recordsIn('distilabel_generation.jsonl', 'distilabel');
    const a = as('instruction', normalizeRecord(plain));
    assert.deepEqual(a, { kind: 'instruction', instruction: plain.instruction, input: '', output: plain.generation });
    assert.deepEqual(sourceOf(a), { fields: { instruction: 'instruction', output: 'generation' } });
    const b = as('instruction', normalizeRecord(withSystem));
    assert.equal(b.system, 'Answer in one word.');
    assert.equal(b.output, 'Jupiter.');
    // The raw prompt in the metadata must not become a turn or a field.
    assert.doesNotMatch(JSON.stringify(a), /raw_input|raw_output/);
  });

  test('one generation: model_name is the teacher; no judge score', () => {
    const [plain, withSystem] = recordsIn('distilabel_generation.jsonl', 'distilabel');
    assert.equal(extractProvenance(plain).model, 'meta-llama/Meta-Llama-3.1-8B-Instruct');
    assert.equal(extractProvenance(withSystem).model, 'Qwen/Qwen2.5-7B-Instruct');
    assert.equal(extractProvenance(plain).origin, 'model');
    assert.equal(readJudgeScore(plain), undefined);
  });

  test('two rated generations are a pair: the higher rating chosen, the instruction the prompt', () => {
    const [two] = recordsIn('distilabel_generations_rated.jsonl', 'distilabel');
    const p = as('preference', normalizeRecord(two));
    const gens = two.generations as string[];
    assert.deepEqual(p, { kind: 'preference', prompt: [user(two.instruction as string)], chosen: [assistant(gens[0])], rejected: [assistant(gens[1])] });
    assert.deepEqual(sourceOf(p.chosen[0]), { content: 'generations[0]' });
    assert.deepEqual(sourceOf(p.rejected[0]), { content: 'generations[1]' });
    assert.equal(previewText(p), 'What does a thermostat do?');
  });

  test('three rated generations: the best and the worst make the pair, whatever their order', () => {
    const [, three] = recordsIn('distilabel_generations_rated.jsonl', 'distilabel');
    const p = as('preference', normalizeRecord(three));
    const gens = three.generations as string[];
    assert.deepEqual(p.chosen, [assistant(gens[2])]);
    assert.deepEqual(p.rejected, [assistant(gens[0])]);
  });

  test("the teacher is the chosen generation's model (model_names, a model_name list, generation_models), never the judge's model_name", () => {
    const [two, three, failed] = recordsIn('distilabel_generations_rated.jsonl', 'distilabel');
    assert.equal(two.model_name, 'gpt-4o', 'the fixture names a judge');
    assert.equal(extractProvenance(two).model, 'meta-llama/Meta-Llama-3.1-70B-Instruct');
    assert.equal(extractProvenance(three).model, 'meta-llama/Meta-Llama-3.1-8B-Instruct');
    assert.equal(extractProvenance(failed).model, 'Qwen/Qwen2.5-7B-Instruct');
    assert.equal(extractProvenance(failed).from.model, 'record');
    // No model per generation: a string model_name is read as the generator's (pipelines rename the judge's, ultrafeedback_model).
    const renamedJudge = { instruction: 'q', generations: ['a', 'b'], ratings: [3, 1], model_name: 'gen-model', ultrafeedback_model: 'judge' };
    assert.equal(extractProvenance(renamedJudge).model, 'gen-model');
  });

  test('a failed (null) generation is no answer: the one left is an instruction sample', () => {
    const [, , failed] = recordsIn('distilabel_generations_rated.jsonl', 'distilabel');
    const s = as('instruction', normalizeRecord(failed));
    assert.equal(s.output, 'Ash.');
    assert.deepEqual(sourceOf(s), { fields: { instruction: 'instruction', output: 'generations[0]' } });
  });

  test('the judge reads ratings per side of the pair, each with its rationale; one answer left reads its rating', () => {
    const [two, three, failed] = recordsIn('distilabel_generations_rated.jsonl', 'distilabel');
    assert.deepEqual(readJudgeSides(two), {
      chosen: { field: 'ratings', score: 5, rationale: 'Accurate and complete.' },
      rejected: { field: 'ratings', score: 2, rationale: 'Partly right: it also controls cooling.' },
    });
    assert.deepEqual(readJudgeSides(three), {
      chosen: { field: 'ratings', score: 5, rationale: 'Correct, with the reason.' }, rejected: { field: 'ratings', score: 1, rationale: 'Wrong by a factor of ten.' },
    });
    assert.deepEqual(readJudgeSides(failed), { chosen: { field: 'ratings', score: 4, rationale: 'Fitting and short.' } });
  });

  test('wrong field types are problems naming the field, never an empty answer', () => {
    const cases: [Rec, string, RegExp][] = [
      [{ instruction: 'q', generations: 'a' }, 'generations', /field "generations" must be a list \(found the string "a"\)/],
      [{ instruction: 'q', generations: ['a', 7] }, 'generations[1]', /generations\[1\] must be a string, or null for a failed generation \(found a number\)/],
      [{ instruction: 'q', generations: ['a', 'b'], ratings: ['4', 2] }, 'ratings[0]', /ratings\[0\] must be a number or null \(found the string "4"\)/],
      [{ instruction: 'q', generations: ['a', 'b'], ratings: [4] }, 'ratings', /1 ratings for 2 generations/],
      [{ instruction: 'q', generation: null }, 'generation', /field "generation" must be a string/],
      [{ instruction: 3, generation: 'a' }, 'instruction', /field "instruction" must be a string/],
      [{ instruction: 'q', generations: [null, null] }, 'generations', /holds no answer \(every one is null/],
      [{ instruction: 'q', generations: [] }, 'generations', /holds no answer \(an empty list\)/],
    ];
    problemsNamed(cases, 'distilabel');
  });

  test('answers that no rating ranks are reported, not shown as a made-up pair', () => {
    assert.equal(shapeError(() => normalizeRecord({ instruction: 'q', generations: [null] })).code, 'empty-content');
    const unrated = shapeError(() => normalizeRecord({ instruction: 'q', generations: ['a', 'b'] }));
    assert.equal(unrated.code, 'missing-field');
    assert.equal(unrated.path, 'generations');
    assert.match(unrated.message, /holds 2 answers and none has a rating: no chosen and rejected answer to show/);
    const tied = shapeError(() => normalizeRecord({ instruction: 'q', generations: ['a', 'b', 'c'], ratings: [3, 3, null] }));
    assert.equal(tied.path, 'ratings');
    assert.match(tied.message, /holds 3 answers and their scores are all equal/);
    const one = shapeError(() => normalizeRecord({ instruction: 'q', generations: ['a', 'b'], ratings: [5, null] }));
    assert.match(one.message, /only one has a rating/);
  });
});

suite('generator shapes: UltraFeedback', () => {
  test('the completions make a pair by overall_score: the best chosen, the worst rejected', () => {
    const [four, two] = recordsIn('ultrafeedback.jsonl', 'ultrafeedback');
    const completions = four.completions as Rec[];
    const p = as('preference', normalizeRecord(four));
    assert.deepEqual(p.prompt, [user('Write a haiku about autumn rain.')]);
    assert.deepEqual(p.chosen, [assistant(completions[0].response as string)]);
    assert.deepEqual(p.rejected, [assistant(completions[1].response as string)]);
    assert.deepEqual(sourceOf(p.rejected[0]), { content: 'completions[1].response' });
    const q = as('preference', normalizeRecord(two));
    assert.deepEqual([q.chosen[0].content, q.rejected[0].content], ['Yes.', 'No.']);
  });

  test("provenance: the chosen completion's model, and the record's source", () => {
    const [four, two] = recordsIn('ultrafeedback.jsonl', 'ultrafeedback');
    const p = extractProvenance(four);
    assert.equal(p.model, 'gpt-4');
    assert.equal(p.source, 'evol_instruct');
    assert.equal(p.from.source, 'record');
    assert.equal(extractProvenance(two).model, 'gpt-3.5-turbo');
  });

  test("the judge reads completions.overall_score per side of the pair, with each completion's critique", () => {
    const [four] = recordsIn('ultrafeedback.jsonl', 'ultrafeedback');
    assert.deepEqual(readJudgeSides(four), {
      chosen: { field: 'completions.overall_score', score: 8.5, rationale: 'Vivid imagery; correct 5-7-5.' },
      rejected: { field: 'completions.overall_score', score: 3, rationale: 'Not a haiku: one line.' },
    });
    // Completions not shown as a pair: the mean, the critiques joined.
    const r = readJudgeScore({ completions: [{ overall_score: 8, critique: 'a' }, { overall_score: 6, critique: 'b' }] });
    assert.deepEqual(r, { field: 'completions.overall_score', score: 7, rationale: 'a\n\nb' });
    assert.ok(judgeKeyNeedles(['completions.overall_score'])?.includes('"overall_score"'));
    // A completion without a score is left out; none with one is no score at all.
    assert.deepEqual(readJudgeScore({ completions: [{ overall_score: 4 }, { response: 'x' }] }), { field: 'completions.overall_score', score: 4 });
    assert.equal(readJudgeScore({ completions: [{ response: 'x' }] }), undefined);
    assert.deepEqual(readJudgeScore({ completions: [{ overall_score: 'N/A' }] }), { field: 'completions.overall_score', problem: 'completions.overall_score holds a list holding the string "N/A", not only numbers' });
  });

  test('the panel lists every completion with its model and score, marked by the side that shows it', () => {
    const [four] = recordsIn('ultrafeedback.jsonl', 'ultrafeedback');
    assert.deepEqual(candidateLines(four), [
      { model: 'gpt-4', score: 8.5, shown: 'chosen' }, { model: 'alpaca-7b', score: 3, shown: 'rejected' },
      { model: 'llama-2-13b-chat', score: 7 }, { model: 'wizardlm-7b', score: 5 },
    ]);
    const [, , failed] = recordsIn('distilabel_generations_rated.jsonl', 'distilabel');
    assert.deepEqual(candidateLines(failed), [{ model: 'Qwen/Qwen2.5-7B-Instruct', score: 4, shown: 'answer' }, { model: 'google/gemma-2-9b-it', failed: true }]);
    // Nothing to list when the record has no readable candidates (the sample says why).
    assert.equal(candidateLines({ instruction: 'q', generations: ['a', 'b'] }), undefined);
    assert.equal(candidateLines({ messages: [] }), undefined);
  });

  test('wrong field types in a completion are problems naming it', () => {
    const cases: [Rec, string, RegExp][] = [
      [{ instruction: 'q', completions: { a: 1 } }, 'completions', /must be a list \(found an object\)/],
      [{ instruction: 'q', completions: ['text'] }, 'completions[0]', /must be an object \{model, response, overall_score, …\}/],
      [{ instruction: 'q', completions: [{ model: 'm', response: 'a', overall_score: 2 }, { model: 'n', response: 5, overall_score: 1 }] }, 'completions[1].response', /completions\[1\]\.response must be a string \(found a number\)/],
      [{ instruction: 'q', completions: [{ model: 'm', overall_score: 2 }] }, 'completions[0]', /completions\[0\]\.response must be a string \(found none\)/],
      [{ instruction: 'q', completions: [{ model: 'm', response: 'a', overall_score: '8' }] }, 'completions[0].overall_score', /must be a number or null \(found the string "8"\)/],
    ];
    problemsNamed(cases, 'ultrafeedback');
  });
});

suite('generator shapes: ultrafeedback_binarized', () => {
  test('a preference pair with the prompt shown once, although messages is there too', () => {
    const [haiku, prime] = recordsIn('ultrafeedback_binarized.jsonl', 'ultrafeedback-binarized');
    assert.ok(Array.isArray(haiku.messages), 'the fixture has messages');
    const p = as('preference', normalizeRecord(haiku));
    assert.deepEqual(p.prompt, [user('Write a haiku about autumn rain.')]);
    assert.deepEqual(p.chosen, [assistant('Cold rain on the roof\nthe maple lets go its leaves\none by one, then all')]);
    assert.deepEqual(p.rejected, [assistant('Rain falls in autumn.')]);
    assert.deepEqual(sourceOf(p.rejected[0]), { role: 'rejected[1].role', content: 'rejected[1].content' });
    assert.deepEqual(as('preference', normalizeRecord(prime)).rejected, [assistant('No.')]);
  });

  test('a prompt the lists do not repeat is put before both answers', () => {
    const p = as('preference', normalizeRecord({ prompt: 'Q?', chosen: [assistant('good')], rejected: [assistant('bad')] }));
    assert.deepEqual(p.prompt, [user('Q?')]);
    assert.deepEqual(sourceOf(p.prompt[0]), { content: 'prompt' });
  });

  test('score_chosen and score_rejected are the judge of each side', () => {
    const [haiku] = recordsIn('ultrafeedback_binarized.jsonl', 'ultrafeedback-binarized');
    assert.deepEqual(readJudgeSides(haiku), { chosen: { field: 'score_chosen', score: 8.5 }, rejected: { field: 'score_rejected', score: 3 } });
  });

  test('a side that is not a message list is a problem naming it', () => {
    const e = shapeError(() => normalizeRecord({ prompt: 'Q?', chosen: [user('Q?'), assistant('a')], rejected: 'b' }));
    assert.equal(e.path, 'rejected');
    assert.match(e.message, /field "rejected" must be a list of messages/);
    const empty = shapeError(() => normalizeRecord({ prompt: 'Q?', chosen: [], rejected: [assistant('b')] }));
    assert.equal(empty.code, 'empty-content');
  });
});

suite('generator shapes: Magpie and magpie-ultra', () => {
  test('Magpie-Align with conversations: a ShareGPT chat; model, quality and reward read', () => {
    const [sky, spider] = recordsIn('magpie_pro.jsonl', 'sharegpt');
    const c = as('chat', normalizeRecord(sky));
    assert.deepEqual(c.turns, [user(sky.instruction as string), assistant(sky.response as string)]);
    const p = extractProvenance(sky);
    assert.equal(p.model, 'meta-llama/Meta-Llama-3-70B-Instruct');
    // input_quality is a word ("good"), not a score: the reward model's number is the judge's.
    assert.deepEqual(readJudgeScore(sky), { field: 'instruct_reward', score: 2.75 });
    assert.deepEqual(readJudgeScore(spider), { field: 'instruct_reward', score: -1.5 });
  });

  test('Magpie-Align without conversations: instruction and response; the response model and settings from gen_response_configs', () => {
    const [train] = recordsIn('magpie_instruction_response.jsonl', 'instruction-response');
    const s = as('instruction', normalizeRecord(train));
    assert.deepEqual(s, { kind: 'instruction', instruction: train.instruction, input: '', output: train.response });
    assert.deepEqual(sourceOf(s), { fields: { instruction: 'instruction', input: 'context', output: 'response' } });
    const p = extractProvenance(train);
    assert.equal(p.model, 'Qwen/Qwen2-72B-Instruct');
    assert.deepEqual(p.params, { temperature: 0, top_p: 1, max_tokens: 4096, repetition_penalty: 1 });
    assert.deepEqual(readJudgeScore(train), { field: 'instruct_reward', score: 3.25 });
  });

  test('a second pair (Magpie MT: instruction_2, response_2) follows the first as history; Dolly-style context is the input', () => {
    const mt = as('instruction', normalizeRecord({ instruction: 'a', response: 'b', instruction_2: 'c', response_2: 'd' }));
    assert.deepEqual(mt, { kind: 'instruction', instruction: 'c', input: '', output: 'd', history: [user('a'), assistant('b')] });
    const dolly = as('instruction', normalizeRecord({ instruction: 'Summarise.', context: 'Long text.', response: 'Short.', category: 'summarization' }));
    assert.equal(dolly.input, 'Long text.');
  });

  test('magpie-ultra v0.1: messages make the chat; score (a reward) is the judge, not the quality word; no teacher field', () => {
    const [ice] = recordsIn('magpie_ultra_v0_1.jsonl', 'openai-chat');
    assert.deepEqual(as('chat', normalizeRecord(ice)).turns, [user(ice.instruction as string), assistant(ice.response as string)]);
    // `explanation` beside it is read as the rationale (the generic rule), though magpie-ultra's explains the quality word.
    assert.deepEqual(readJudgeScore(ice), { field: 'score', score: 0.18, rationale: 'The query is clear.' });
    // model_name_response_base names the base model of response_base, not of the sample.
    assert.equal(extractProvenance(ice).model, undefined);
  });

  test('magpie-ultra v1.0: the conversation list, every turn', () => {
    const [multi, single] = recordsIn('magpie_ultra_v1_0.jsonl', 'conversation');
    const c = as('chat', normalizeRecord(multi));
    assert.deepEqual(c.turns.map((t) => t.role), ['system', 'user', 'assistant', 'user', 'assistant']);
    assert.deepEqual(sourceOf(c.turns[4]), { role: 'conversation[4].role', content: 'conversation[4].content' });
    assert.equal(as('chat', normalizeRecord(single)).turns.length, 2);
    assert.equal(readJudgeScore(multi)?.field, 'score');
    assert.equal((readJudgeScore(multi) as { score: number }).score, 0.12);
  });

  test('wrong field types are problems naming the field', () => {
    const cases: [Rec, string, RegExp][] = [
      [{ conversation: 'hi', instruction: 'x' }, 'conversation', /field "conversation" must be a list of messages/],
      [{ conversation: [], instruction: 'x' }, 'conversation', /empty list/],
      [{ instruction: 'q', response: 5 }, 'response', /field "response" must be a string/],
      [{ instruction: 'q', response: 'a', context: ['c'] }, 'context', /field "context" must be a string when given \(found a list\)/],
      [{ instruction: 'q', response: 'a', instruction_2: 'c', response_2: null }, 'response_2', /field "response_2" must be a string/],
    ];
    problemsNamed(cases);
  });
});

suite('generator shapes: OpenHermes-2.5, Tulu 3 SFT mixture, SmolTalk', () => {
  let dir: string;
  setup(() => {
    dir = makeTempDir('generator-shapes');
  });
  teardown(() => removeDir(dir));

  test('OpenHermes-2.5 as one large JSON array opens: one ShareGPT sample per element, at its line', async () => {
    const file = path.join(dir, 'openhermes_2_5.json');
    fs.copyFileSync(path.join(SHAPE_FIXTURES, 'openhermes_2_5.json'), file);
    const prepared = await prepareSource(file, path.join(dir, 'cache'));
    assert.equal(prepared.container, 'json');
    const index = buildLineIndex(prepared.jsonlPath);
    const fd = fs.openSync(prepared.jsonlPath, 'r');
    try {
      const reads = [...index.starts].map((start, i) => readRecord(readLineBytes(fd, start, index.lengths[i]), { file: 'openhermes_2_5.json', line: originalLine(prepared, index.lineNumbers[i]) }));
      assert.equal(reads.length, 3);
      for (const r of reads) assert.ok(r.ok && r.format === 'sharegpt', JSON.stringify(r));
    } finally {
      fs.closeSync(fd);
    }
  });

  test('OpenHermes-2.5: weight null is no weight, 0 and 1 are kept; source is provenance, null model fields are unknown', () => {
    const [leaves, camel] = shapeRecords('openhermes_2_5.json') as Rec[];
    assert.equal(detectFormat(leaves), 'sharegpt');
    const a = as('chat', normalizeRecord(leaves));
    assert.deepEqual(a.turns, [user((leaves.conversations as Rec[])[0].value as string), assistant('February has 28 days in a non-leap year, so 7 x 28 = 196 leaves.')]);
    const b = as('chat', normalizeRecord(camel));
    assert.deepEqual(b.turns.map((t) => [t.role, t.weight]), [['system', undefined], ['user', 0], ['assistant', 1]]);
    const p = extractProvenance(leaves);
    assert.equal(p.source, 'airoboros2.2');
    assert.equal(p.model, undefined);
    assert.equal(p.from.model, 'unknown');
  });

  test('Tulu 3 SFT mixture and SmolTalk: OpenAI chat with source as provenance', () => {
    const tulu = recordsIn('tulu_3_sft_mixture.jsonl', 'openai-chat');
    assert.deepEqual(as('chat', normalizeRecord(tulu[1])).turns.map((t) => t.role), ['system', 'user', 'assistant']);
    assert.deepEqual(tulu.map((r) => extractProvenance(r).source), ['ai2-adapt-dev/oasst1_converted', 'ai2-adapt-dev/personahub_math_v5_regen_149960']);
    const smol = recordsIn('smoltalk.jsonl', 'openai-chat');
    assert.deepEqual(smol.map((r) => extractProvenance(r).source), ['smol-summarize', 'smol-magpie-ultra']);
    assert.equal(extractProvenance(smol[0]).model, undefined);
    assert.equal(extractProvenance({ messages: [] }, { source: 'file-level' }).from.source, 'file');
  });
});

suite('generator shapes: detection order', () => {
  const pairTurns = { chosen: [user('Q?'), assistant('a')], rejected: [user('Q?'), assistant('b')] };
  const cases: [string, Rec, FormatId][] = [
    ['chosen + rejected beside messages is a pair', { prompt: 'Q?', ...pairTurns, messages: pairTurns.chosen }, 'ultrafeedback-binarized'],
    ['chosen + rejected lists beside messages, without a prompt, stay a TRL pair', { ...pairTurns, messages: pairTurns.chosen }, 'trl-preference'],
    ['a prompt list (TRL explicit) stays TRL', { prompt: [user('Q?')], chosen: [assistant('a')], rejected: [assistant('b')] }, 'trl-preference'],
    ['plain-text prompt and answers stay TRL', { prompt: 'Q?', chosen: 'a', rejected: 'b' }, 'trl-preference'],
    ['messages win over instruction + response', { messages: [user('q'), assistant('a')], instruction: 'q', response: 'a' }, 'openai-chat'],
    ['conversations win over instruction + response', { conversations: [{ from: 'human', value: 'q' }], instruction: 'q', response: 'a' }, 'sharegpt'],
    ['conversation wins over instruction + response', { conversation: [user('q')], instruction: 'q', response: 'a' }, 'conversation'],
    ['completions win over output', { instruction: 'q', completions: [], output: 'o' }, 'ultrafeedback'],
    ['generation wins over output and response', { instruction: 'q', generation: 'g', output: 'o', response: 'r' }, 'distilabel'],
    ['output (Alpaca) wins over response', { instruction: 'q', output: 'o', response: 'r' }, 'alpaca'],
    ['completions win over generation', { instruction: 'q', completions: [], generation: 'g' }, 'ultrafeedback'],
  ];
  for (const [name, record, format] of cases) {
    test(name, () => assert.equal(detectFormat(record), format));
  }
});

suite('generator shapes: an edited sample written back in its own shape', () => {
  test('ultrafeedback_binarized: prompt text, whole conversations, messages only when the record had it', () => {
    const [haiku] = shapeRecords('ultrafeedback_binarized.jsonl') as Rec[];
    const p = as('preference', normalizeRecord(haiku));
    const edited = { ...p, rejected: [assistant('Autumn.')] };
    const w = writeAsSource(edited, haiku, 'ultrafeedback-binarized');
    assert.ok(w.ok, !w.ok ? w.reason : '');
    assert.equal(w.record.prompt, haiku.prompt);
    assert.deepEqual(w.record.chosen, haiku.chosen);
    assert.deepEqual(w.record.rejected, [user(haiku.prompt as string), assistant('Autumn.')]);
    assert.deepEqual(w.record.messages, haiku.chosen);
    assert.equal(w.record.score_chosen, 8.5, 'the other fields are kept');
    const { messages: _m, ...without } = haiku;
    const w2 = writeAsSource(edited, without, 'ultrafeedback-binarized');
    assert.ok(w2.ok && !('messages' in w2.record));
  });

  test('distilabel one generation, instruction/response and conversation go back; candidate lists are refused with a reason', () => {
    const [plain] = shapeRecords('distilabel_generation.jsonl') as Rec[];
    const s = as('instruction', normalizeRecord(plain));
    const w = writeAsSource({ ...s, output: 'Keep it in water.' }, plain, 'distilabel');
    assert.ok(w.ok);
    assert.deepEqual([w.record.generation, w.record.model_name, w.record.distilabel_metadata], ['Keep it in water.', plain.model_name, plain.distilabel_metadata]);
    const [two] = shapeRecords('distilabel_generations_rated.jsonl') as Rec[];
    const refused = writeAsSource(normalizeRecord(two), two, 'distilabel');
    assert.ok(!refused.ok && /cannot be written back into them/.test(refused.reason));
    const [four] = shapeRecords('ultrafeedback.jsonl') as Rec[];
    assert.equal(writeAsSource(normalizeRecord(four), four, 'ultrafeedback').ok, false);
    const dolly = { instruction: 'Summarise.', context: 'Long text.', response: 'Short.' };
    const d = writeAsSource({ kind: 'instruction', instruction: 'Summarise.', input: 'Long text.', output: 'Shorter.' }, dolly, 'instruction-response');
    assert.ok(d.ok);
    assert.deepEqual(d.record, { instruction: 'Summarise.', context: 'Long text.', response: 'Shorter.' });
    const [multi] = shapeRecords('magpie_ultra_v1_0.jsonl') as Rec[];
    const c = writeAsSource(normalizeRecord(multi), multi, 'conversation');
    assert.ok(c.ok);
    assert.deepEqual(c.record.conversation, multi.conversation);
  });
});
