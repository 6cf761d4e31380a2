// Format detection and normalization, on real lines from the demo store and small inline records.
import * as assert from 'node:assert/strict';
import { detectFormat, normalizeRecord, parseTranscript, previewText, SampleShapeError } from '../../src/core/sampleFormats';
import type { NormalizedSample, Turn } from '../../src/core/sampleModel';
import { demoLines, EDGE_CASES, fixtureLines } from './fixtureFiles';

type Of<K extends NormalizedSample['kind']> = Extract<NormalizedSample, { kind: K }>;

function as<K extends NormalizedSample['kind']>(kind: K, sample: NormalizedSample): Of<K> {
  assert.equal(sample.kind, kind);
  return sample as Of<K>;
}

function shapeError(fn: () => unknown, code: SampleShapeError['code']): SampleShapeError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof SampleShapeError, `expected a SampleShapeError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  return caught;
}

/** Rebuilds an HH-RLHF transcript from turns, to check the split loses nothing. */
function transcript(turns: readonly Turn[]): string {
  return turns.map((t) => `\n\n${t.role === 'user' ? 'Human' : 'Assistant'}: ${t.content}`).join('');
}

suite('sampleFormats: GSM8K question/answer (demo store)', () => {
  const lines = demoLines('gsm8k_test_first120.jsonl');

  test('the first line is qa with the "#### 18" final answer and the full solution kept', () => {
    const record = JSON.parse(lines[0]);
    assert.equal(detectFormat(record), 'qa');
    const qa = as('qa', normalizeRecord(record));
    assert.equal(qa.question, record.question);
    assert.equal(qa.answer, record.answer);
    assert.equal(qa.finalAnswer, '18');
  });

  test('every line\'s final answer is the text after "#### " on the answer\'s last line', () => {
    assert.equal(lines.length, 120);
    for (const line of lines) {
      const record = JSON.parse(line);
      const last: string = record.answer.split('\n').pop();
      assert.ok(last.startsWith('#### '), line);
      assert.equal(as('qa', normalizeRecord(record)).finalAnswer, last.slice('#### '.length).trim());
    }
  });

  test('an answer without a "####" line has no finalAnswer', () => {
    const qa = as('qa', normalizeRecord({ question: 'q', answer: 'just 4' }));
    assert.equal('finalAnswer' in qa, false);
  });

  test('the preview is the question with runs of whitespace collapsed', () => {
    const record = JSON.parse(lines[1]);
    assert.match(record.question, / {2}/);
    assert.equal(previewText(normalizeRecord(record)), record.question.replace(/\s+/g, ' ').trim());
  });
});

suite('sampleFormats: HH-RLHF transcripts (demo store)', () => {
  const lines = demoLines('hh_rlhf_harmless_test_first100.jsonl');

  test('the first pair splits into a shared five-turn prompt and one final assistant turn each', () => {
    const record = JSON.parse(lines[0]);
    assert.equal(detectFormat(record), 'hh-rlhf');
    const p = as('preference', normalizeRecord(record));
    assert.deepEqual(p.prompt.map((t) => t.role), ['user', 'assistant', 'user', 'assistant', 'user']);
    assert.equal(p.prompt[0].content, 'what are some pranks with a pen i can do?');
    assert.equal(p.prompt[4].content, 'okay some of these do not have anything to do with pens');
    assert.equal(p.chosen.length, 1);
    assert.equal(p.chosen[0].role, 'assistant');
    assert.ok(p.chosen[0].content.startsWith('No, sorry!'));
    assert.equal(p.rejected.length, 1);
    assert.equal(p.rejected[0].role, 'assistant');
    assert.notEqual(p.rejected[0].content, p.chosen[0].content);
  });

  test('for every pair, prompt + completion rebuilds the original chosen and rejected text exactly', () => {
    assert.equal(lines.length, 100);
    for (const line of lines) {
      const record = JSON.parse(line);
      const p = as('preference', normalizeRecord(record));
      assert.ok(p.chosen.length >= 1 && p.rejected.length >= 1);
      assert.equal(transcript([...p.prompt, ...p.chosen]), record.chosen);
      assert.equal(transcript([...p.prompt, ...p.rejected]), record.rejected);
    }
  });

  test('the preview is the first user turn of the prompt', () => {
    const p = normalizeRecord(JSON.parse(lines[0]));
    assert.equal(previewText(p), 'what are some pranks with a pen i can do?');
  });

  test('identical chosen and rejected still keep their final turn as the completion', () => {
    const text = '\n\nHuman: hi\n\nAssistant: hello';
    const p = as('preference', normalizeRecord({ chosen: text, rejected: text }));
    assert.deepEqual(p.prompt, [{ role: 'user', content: 'hi' }]);
    assert.deepEqual(p.chosen, [{ role: 'assistant', content: 'hello' }]);
    assert.deepEqual(p.rejected, [{ role: 'assistant', content: 'hello' }]);
  });
});

suite('sampleFormats: parseTranscript', () => {
  test('splits only at "\\n\\nHuman: " / "\\n\\nAssistant: " markers', () => {
    assert.deepEqual(parseTranscript('\n\nHuman: say Human: hi\n\nAssistant: Human: hi'), [
      { role: 'user', content: 'say Human: hi' },
      { role: 'assistant', content: 'Human: hi' },
    ]);
  });

  test('a transcript may start without the leading blank line', () => {
    assert.deepEqual(parseTranscript('Human: a\n\nAssistant: b'), [
      { role: 'user', content: 'a' },
      { role: 'assistant', content: 'b' },
    ]);
  });

  test('text with no turn marker is an unknown shape', () => {
    shapeError(() => parseTranscript('just some text'), 'unknown-shape');
  });
});

suite('sampleFormats: self-instruct seed tasks (demo store)', () => {
  const lines = demoLines('alpaca_seed_tasks_first80.jsonl');

  test('a seed task with an empty input becomes an instruction sample from its first instance', () => {
    const record = JSON.parse(lines[0]);
    assert.equal(detectFormat(record), 'self-instruct-seed');
    const s = as('instruction', normalizeRecord(record));
    assert.equal(s.instruction, record.instruction);
    assert.equal(s.input, '');
    assert.equal(s.output, record.instances[0].output);
  });

  test('a seed task with an input keeps it', () => {
    const s = as('instruction', normalizeRecord(JSON.parse(lines[1])));
    assert.equal(s.instruction, 'What is the relation between the given pairs?');
    assert.equal(s.input, 'Night : Day :: Right : Left');
    assert.equal(s.output, 'The relation between the given pairs is that they are opposites.');
  });

  test('every seed task line normalizes, with its instruction as the preview source', () => {
    assert.equal(lines.length, 80);
    for (const line of lines) {
      const record = JSON.parse(line);
      const s = as('instruction', normalizeRecord(record));
      assert.equal(s.instruction, record.instruction);
    }
  });

  test('a seed task without instances is a missing field', () => {
    shapeError(() => normalizeRecord({ instruction: 'x', instances: [] }), 'missing-field');
  });
});

suite('sampleFormats: OpenAI chat messages', () => {
  test('messages map to turns with their roles', () => {
    const record = {
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'tool', content: '{"ok":true}' },
      ],
    };
    assert.equal(detectFormat(record), 'openai-chat');
    assert.deepEqual(as('chat', normalizeRecord(record)).turns, record.messages);
  });

  test('content given as a list of parts keeps only the text parts, joined', () => {
    const record = {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Describe ' },
            { type: 'image_url', image_url: { url: 'https://example.invalid/a.png' } },
            { type: 'text', text: 'this image.' },
          ],
        },
      ],
    };
    assert.deepEqual(as('chat', normalizeRecord(record)).turns, [{ role: 'user', content: 'Describe this image.' }]);
  });

  test('null content (assistant tool call) becomes empty text', () => {
    const turns = as('chat', normalizeRecord({ messages: [{ role: 'assistant', content: null }] })).turns;
    assert.deepEqual(turns, [{ role: 'assistant', content: '' }]);
  });

  test('the preview is the first user turn, not the system prompt', () => {
    const s = normalizeRecord({ messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: 'the  question\n here' }] });
    assert.equal(previewText(s), 'the question here');
  });

  test('the edge-case chat line keeps its markup as plain text', () => {
    const record = JSON.parse(fixtureLines(EDGE_CASES)[0]);
    const turns = as('chat', normalizeRecord(record)).turns;
    assert.equal(turns.length, record.messages.length);
    assert.ok(turns[1].content.includes("<script>document.body.dataset.pwned='yes'</script>"));
  });

  test('an unknown role is a bad role, naming the message', () => {
    const e = shapeError(() => normalizeRecord({ messages: [{ role: 'user', content: 'a' }, { role: 'narrator', content: 'b' }] }), 'bad-role');
    assert.match(e.message, /messages\[1\]\.role/);
  });

  test('messages that are not a list are a missing field', () => {
    shapeError(() => normalizeRecord({ messages: 'hello' }), 'missing-field');
  });
});

suite('sampleFormats: ShareGPT conversations', () => {
  test('from human/gpt/system map to user/assistant/system', () => {
    const record = {
      conversations: [
        { from: 'system', value: 'Be kind.' },
        { from: 'human', value: 'What is 2 + 2?' },
        { from: 'gpt', value: '4.' },
      ],
    };
    assert.equal(detectFormat(record), 'sharegpt');
    assert.deepEqual(as('chat', normalizeRecord(record)).turns, [
      { role: 'system', content: 'Be kind.' },
      { role: 'user', content: 'What is 2 + 2?' },
      { role: 'assistant', content: '4.' },
    ]);
  });

  test('the edge-case ShareGPT line normalizes', () => {
    const turns = as('chat', normalizeRecord(JSON.parse(fixtureLines(EDGE_CASES)[1]))).turns;
    assert.deepEqual(turns, [
      { role: 'user', content: 'What is 2 + 2?' },
      { role: 'assistant', content: '2 + 2 = 4.' },
    ]);
  });

  test('an unknown "from" is a bad role naming the value', () => {
    const e = shapeError(() => normalizeRecord({ conversations: [{ from: 'alien', value: 'x' }] }), 'bad-role');
    assert.match(e.message, /alien/);
  });

  test('a "from" that names an Object.prototype member is a bad role too', () => {
    for (const from of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      shapeError(() => normalizeRecord({ conversations: [{ from, value: 'x' }] }), 'bad-role');
    }
  });
});

suite('sampleFormats: Alpaca instruction/input/output', () => {
  test('instruction, input and output are kept; no system key when absent', () => {
    const record = { instruction: 'Translate.', input: 'Hallo', output: 'Hello' };
    assert.equal(detectFormat(record), 'alpaca');
    const s = as('instruction', normalizeRecord(record));
    assert.deepEqual(s, { kind: 'instruction', instruction: 'Translate.', input: 'Hallo', output: 'Hello' });
    assert.equal('system' in s, false);
  });

  test('a system prompt is kept and a missing input is empty', () => {
    const s = as('instruction', normalizeRecord({ instruction: 'Sum.', output: '3', system: 'You add.' }));
    assert.equal(s.input, '');
    assert.equal(s.system, 'You add.');
  });

  test('a non-string output is a missing field naming it', () => {
    const e = shapeError(() => normalizeRecord({ instruction: 'x', output: 3 }), 'missing-field');
    assert.match(e.message, /"output"/);
  });
});

suite('sampleFormats: TRL prompt/completion', () => {
  test('string prompt and completion become a user and an assistant turn', () => {
    const record = { prompt: 'The sky is', completion: ' blue.' };
    assert.equal(detectFormat(record), 'trl-prompt-completion');
    assert.deepEqual(as('chat', normalizeRecord(record)).turns, [
      { role: 'user', content: 'The sky is' },
      { role: 'assistant', content: ' blue.' },
    ]);
  });

  test('message-list prompt and completion are concatenated', () => {
    const record = {
      prompt: [{ role: 'system', content: 's' }, { role: 'user', content: 'u' }],
      completion: [{ role: 'assistant', content: 'a' }],
    };
    assert.deepEqual(as('chat', normalizeRecord(record)).turns, [...record.prompt, ...record.completion]);
  });

  test('a completion that is neither text nor a list is a missing field', () => {
    shapeError(() => normalizeRecord({ prompt: 'p', completion: 5 }), 'missing-field');
  });
});

suite('sampleFormats: TRL preference pairs', () => {
  test('explicit prompt (edge-case line 4) keeps prompt, chosen and rejected as given', () => {
    const record = JSON.parse(fixtureLines(EDGE_CASES)[3]);
    assert.equal(detectFormat(record), 'trl-preference');
    const p = as('preference', normalizeRecord(record));
    assert.deepEqual(p.prompt, [{ role: 'user', content: 'Pick a colour.' }]);
    assert.deepEqual(p.chosen, [{ role: 'assistant', content: 'Blue.' }]);
    assert.deepEqual(p.rejected, [{ role: 'assistant', content: 'I cannot.' }]);
  });

  test('explicit prompt with plain strings: user prompt, assistant completions', () => {
    const record = { prompt: 'Q?', chosen: 'good', rejected: 'bad' };
    assert.equal(detectFormat(record), 'trl-preference');
    assert.deepEqual(normalizeRecord(record), {
      kind: 'preference',
      prompt: [{ role: 'user', content: 'Q?' }],
      chosen: [{ role: 'assistant', content: 'good' }],
      rejected: [{ role: 'assistant', content: 'bad' }],
    });
  });

  test('implicit prompt: the shared leading turns of chosen and rejected become the prompt', () => {
    const shared = [{ role: 'system', content: 's' }, { role: 'user', content: 'Which?' }];
    const record = {
      chosen: [...shared, { role: 'assistant', content: 'This one.' }],
      rejected: [...shared, { role: 'assistant', content: 'No.' }],
    };
    assert.equal(detectFormat(record), 'trl-preference');
    const p = as('preference', normalizeRecord(record));
    assert.deepEqual(p.prompt, shared);
    assert.deepEqual(p.chosen, [{ role: 'assistant', content: 'This one.' }]);
    assert.deepEqual(p.rejected, [{ role: 'assistant', content: 'No.' }]);
    assert.equal(previewText(p), 'Which?');
  });

  test('a bad role inside chosen is reported as such', () => {
    const e = shapeError(() => normalizeRecord({ chosen: [{ role: 'bot', content: 'x' }], rejected: [] }), 'bad-role');
    assert.match(e.message, /chosen\[0\]/);
  });
});

suite('sampleFormats: records that are not samples', () => {
  test('non-objects are unknown shapes', () => {
    for (const value of [null, 42, 'text', true, [], [{ messages: [] }]]) {
      shapeError(() => detectFormat(value), 'unknown-shape');
      shapeError(() => normalizeRecord(value, 'openai-chat'), 'unknown-shape');
    }
  });

  test('an unknown shape names the fields it found', () => {
    const e = shapeError(() => detectFormat({ text: 'x', label: 1 }), 'unknown-shape');
    assert.match(e.message, /fields: text, label/);
  });

  test('an empty object says it has no fields', () => {
    const e = shapeError(() => detectFormat({}), 'unknown-shape');
    assert.match(e.message, /fields: none/);
  });

  test('half of a known shape is not enough', () => {
    shapeError(() => detectFormat({ chosen: 'a' }), 'unknown-shape');
    shapeError(() => detectFormat({ instruction: 'a' }), 'unknown-shape');
    shapeError(() => detectFormat({ question: 'a' }), 'unknown-shape');
  });

  test('a qa record with a non-string question is a missing field', () => {
    shapeError(() => normalizeRecord({ question: 1, answer: 'a' }), 'missing-field');
  });
});

suite('sampleFormats: previewText length', () => {
  test('long text is cut to max characters ending in an ellipsis; short text is untouched', () => {
    const long = as('qa', normalizeRecord({ question: 'word '.repeat(100), answer: 'a' }));
    const cut = previewText(long, 20);
    assert.equal(cut.length, 20);
    assert.ok(cut.endsWith('…'));
    assert.equal(cut.slice(0, 19), 'word '.repeat(100).slice(0, 19));
    assert.equal(previewText(normalizeRecord({ question: 'short', answer: 'a' }), 20), 'short');
  });

  test('cutting never leaves half of a surrogate pair', () => {
    const emoji = as('qa', normalizeRecord({ question: '😀'.repeat(200), answer: 'a' }));
    for (const max of [20, 21, 160]) {
      const cut = previewText(emoji, max);
      assert.ok(cut.length <= max);
      assert.ok(cut.endsWith('…'));
      assert.doesNotMatch(cut, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/, `max ${max}`);
    }
  });
});
