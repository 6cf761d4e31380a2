// Format detection and normalization, on real lines from the demo store and small inline records.
import * as assert from 'node:assert/strict';
import {
  detectFileFormat, detectFormat, FileFormatError, normalizeRecord, parseTranscript, previewText, SampleShapeError, sourceOf, type FormatId,
} from '../../src/core/formats/sampleFormats';
import type { NormalizedSample, Turn } from '../../src/core/formats/sampleModel';
import { demoLines, EDGE_CASES, fixtureLines, formatLines } from './fixtureFiles';

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

  test('content given as a list of text parts is their texts, joined', () => {
    const record = { messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe ' }, { type: 'text', text: 'this image.' }] }] };
    assert.deepEqual(as('chat', normalizeRecord(record)).turns, [{ role: 'user', content: 'Describe this image.' }]);
  });

  test('a part that is not text (an image) is a problem naming the part, not dropped', () => {
    const record = {
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe ' }, { type: 'image_url', image_url: { url: 'https://example.invalid/a.png' } }] }],
    };
    const e = shapeError(() => normalizeRecord(record), 'missing-field');
    assert.equal(e.path, 'messages[0].content[1].type');
    assert.equal(e.message, 'messages[0].content[1] is an "image_url" part: only text parts are read (the sample would lose it)');
  });

  test('null content without tool calls is a problem, not an empty turn', () => {
    const e = shapeError(() => normalizeRecord({ messages: [{ role: 'assistant', content: null }] }), 'missing-field');
    assert.equal(e.path, 'messages[0].content');
    assert.match(e.message, /^messages\[0\]\.content must be a string or a list of text parts .*\(found null\)$/);
    assert.equal(shapeError(() => normalizeRecord({ messages: [{ role: 'user' }] }), 'missing-field').path, 'messages[0]');
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

  test('an unknown role is a bad role, naming the message and the role found', () => {
    const e = shapeError(() => normalizeRecord({ messages: [{ role: 'user', content: 'a' }, { role: 'narrator', content: 'b' }] }), 'bad-role');
    assert.equal(e.message, 'messages[1].role must be one of system, developer, user, assistant, tool (found "narrator")');
  });

  test('an empty message list is empty content', () => {
    const e = shapeError(() => normalizeRecord({ messages: [] }), 'empty-content');
    assert.equal(e.message, 'field "messages" is an empty list: the sample has no turns');
  });

  test('a weight that is not a number is a missing field naming the message', () => {
    const e = shapeError(() => normalizeRecord({ messages: [{ role: 'assistant', content: 'a', weight: 'yes' }] }), 'missing-field');
    assert.equal(e.message, 'messages[0].weight must be a number (0 or 1)');
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

/** Parses a fixture line and checks its detected format. */
function recordOf(line: string, format: FormatId): unknown {
  const record: unknown = JSON.parse(line);
  assert.equal(detectFormat(record), format, line.slice(0, 120));
  return record;
}

suite('sampleFormats: fixture files, one per format', () => {
  test('GSM8K lines 200–203: qa, the final answer is the "####" line, the full solution kept', () => {
    const lines = formatLines('gsm8k_test_lines200-203.jsonl');
    assert.equal(lines.length, 4);
    const finals = lines.map((l) => {
      const record = recordOf(l, 'qa') as { question: string; answer: string };
      const qa = as('qa', normalizeRecord(record));
      assert.equal(qa.answer, record.answer);
      assert.equal(qa.question, record.question);
      return qa.finalAnswer;
    });
    assert.deepEqual(finals, ['7500', '55', '114,200', '100']);
  });

  test('HH-RLHF lines 151–153: prompt + completion rebuild both transcripts exactly', () => {
    const lines = formatLines('hh_rlhf_harmless_test_lines151-153.jsonl');
    assert.equal(lines.length, 3);
    for (const line of lines) {
      const record = recordOf(line, 'hh-rlhf') as { chosen: string; rejected: string };
      const p = as('preference', normalizeRecord(record));
      assert.equal(transcript([...p.prompt, ...p.chosen]), record.chosen);
      assert.equal(transcript([...p.prompt, ...p.rejected]), record.rejected);
      assert.equal(p.prompt[0].role, 'user');
    }
    const first = as('preference', normalizeRecord(JSON.parse(lines[0])));
    assert.equal(first.prompt[0].content, 'What do you think of the political parties fighting these days');
  });

  test('Alpaca seed tasks 100–103: instruction, first instance input and output', () => {
    const lines = formatLines('alpaca_seed_tasks_lines101-104.jsonl');
    assert.equal(lines.length, 4);
    const s = as('instruction', normalizeRecord(recordOf(lines[0], 'self-instruct-seed')));
    assert.equal(s.instruction, 'Turn down a job offer by sending an email to a recruiter explaining the reason.');
    assert.equal(s.input, 'Reason: You decided to accept a different offer.');
    assert.ok(s.output.startsWith('Hi  [Recruiter],\nThank you so much'));
    const arabic = as('instruction', normalizeRecord(recordOf(lines[1], 'self-instruct-seed')));
    assert.equal(arabic.input, '');
    assert.match(arabic.output, /^\u0627\u0644\u062c\u0645\u064a\u0644\u0648\u0646/);
  });

  test('OpenAI chat fine-tuning: per-message weight is kept, absent weight stays absent', () => {
    const [a, b] = formatLines('openai_chat_finetune.jsonl').map((l) => as('chat', normalizeRecord(recordOf(l, 'openai-chat'))));
    assert.equal(a.turns.some((t) => 'weight' in t), false);
    assert.deepEqual(b.turns.map((t) => [t.role, t.weight]), [
      ['system', undefined], ['user', undefined], ['assistant', 0], ['user', undefined], ['assistant', 1],
    ]);
    assert.equal('label' in b, false);
  });

  test('OpenAI chat fine-tuning: developer reads as system, a tool call is kept with its call, the tool result is a tool turn', () => {
    const c = as('chat', normalizeRecord(recordOf(formatLines('openai_chat_finetune.jsonl')[2], 'openai-chat')));
    assert.deepEqual(c.turns, [
      { role: 'system', content: 'Answer with a tool call when the user asks for stock.' },
      { role: 'user', content: 'Do you have 700x28c tubes in stock?' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'check_stock', arguments: '{"sku":"TUBE-700x28"}' }] },
      { role: 'tool', content: '{"in_stock": 14}', toolCallId: 'call_1' },
      { role: 'assistant', content: 'Yes, we have 14 of them in stock.', weight: 1 },
    ]);
    assert.equal(previewText(c), 'Do you have 700x28c tubes in stock?');
  });

  test('OpenAI preference: input messages are the prompt, preferred/non-preferred the completions', () => {
    const lines = formatLines('openai_preference.jsonl');
    const p = as('preference', normalizeRecord(recordOf(lines[1], 'openai-preference')));
    assert.deepEqual(p, {
      kind: 'preference',
      prompt: [{ role: 'system', content: 'Reply in French.' }, { role: 'user', content: 'What is the capital of Australia?' }],
      chosen: [{ role: 'assistant', content: "La capitale de l'Australie est Canberra." }],
      rejected: [{ role: 'assistant', content: "La capitale de l'Australie est Sydney." }],
    });
    assert.equal(previewText(p), 'What is the capital of Australia?');
    for (const l of lines) as('preference', normalizeRecord(recordOf(l, 'openai-preference')));
  });

  test('OpenAI preference: an input without messages, or an empty preferred output, is reported', () => {
    const e = shapeError(() => normalizeRecord({ input: 'hi', preferred_output: [], non_preferred_output: [] }), 'missing-field');
    assert.equal(e.message, 'field "input" must be an object holding "messages"');
    const empty = { input: { messages: [{ role: 'user', content: 'q' }] }, preferred_output: [], non_preferred_output: [{ role: 'assistant', content: 'a' }] };
    assert.equal(shapeError(() => normalizeRecord(empty), 'empty-content').message, 'field "preferred_output" is an empty list: the sample has no turns');
  });

  test('OpenAI preference needs all three fields; a partial record is an unknown shape', () => {
    shapeError(() => detectFormat({ input: { messages: [] }, preferred_output: [] }), 'unknown-shape');
  });

  test('TRL prompt/completion: strings and message lists', () => {
    const [plain, conv, sys] = formatLines('trl_prompt_completion.jsonl').map((l) => as('chat', normalizeRecord(recordOf(l, 'trl-prompt-completion'))));
    assert.deepEqual(plain.turns, [{ role: 'user', content: 'The three primary colors of light are' }, { role: 'assistant', content: ' red, green and blue.' }]);
    assert.deepEqual(conv.turns.map((t) => t.role), ['user', 'assistant']);
    assert.deepEqual(sys.turns.map((t) => t.role), ['system', 'user', 'assistant']);
    assert.equal(sys.turns[2].content, 'Cold rain on the roof\nthe maple lets go its leaves\none by one, then all');
  });

  test('TRL prompt/completion: an empty completion list is empty content', () => {
    shapeError(() => normalizeRecord({ prompt: 'p', completion: [] }), 'empty-content');
  });

  test('TRL explicit preference: prompt, chosen and rejected as given (strings and lists)', () => {
    const [s, c] = formatLines('trl_preference_explicit.jsonl').map((l) => as('preference', normalizeRecord(recordOf(l, 'trl-preference'))));
    assert.deepEqual(s.prompt, [{ role: 'user', content: 'The sky is' }]);
    assert.deepEqual(s.rejected, [{ role: 'assistant', content: ' green.' }]);
    assert.deepEqual(c.chosen, [{ role: 'assistant', content: 'It is blue on a clear day.' }]);
  });

  test('TRL implicit preference: shared leading turns become the prompt; plain strings keep no prompt', () => {
    const [a, b, text] = formatLines('trl_preference_implicit.jsonl').map((l) => as('preference', normalizeRecord(recordOf(l, 'trl-preference'))));
    assert.deepEqual(a.prompt, [{ role: 'user', content: 'What color is the sky?' }]);
    assert.deepEqual(b.prompt.map((t) => t.role), ['system', 'user']);
    assert.deepEqual(b.chosen, [{ role: 'assistant', content: '4' }]);
    assert.deepEqual(text, {
      kind: 'preference', prompt: [],
      chosen: [{ role: 'assistant', content: 'The sky is blue.' }], rejected: [{ role: 'assistant', content: 'The sky is green.' }],
    });
    assert.equal(previewText(text), 'The sky is blue.');
  });

  test('TRL unpaired preference: a chat sample carrying its boolean label', () => {
    const samples = formatLines('trl_unpaired_preference.jsonl').map((l) => as('chat', normalizeRecord(recordOf(l, 'trl-unpaired-preference'))));
    assert.deepEqual(samples.map((s) => s.label), [true, false, false, true]);
    assert.deepEqual(samples[1].turns, [{ role: 'user', content: 'The sky is' }, { role: 'assistant', content: ' green.' }]);
    assert.deepEqual(samples[2].turns.map((t) => t.role), ['user', 'assistant']);
  });

  test('TRL unpaired preference: a label that is not a boolean is a missing field', () => {
    const e = shapeError(() => normalizeRecord({ prompt: 'p', completion: 'c', label: 1 }), 'missing-field');
    assert.equal(e.message, 'field "label" must be true or false');
  });

  test('ShareGPT with a system field: the system prompt becomes the first turn', () => {
    const [a, b] = formatLines('sharegpt_synthetic.jsonl').map((l) => as('chat', normalizeRecord(recordOf(l, 'sharegpt'))));
    assert.deepEqual(a.turns.map((t) => t.role), ['user', 'assistant']);
    assert.deepEqual(b.turns.map((t) => t.role), ['system', 'user', 'assistant', 'user', 'assistant']);
    assert.equal(b.turns[0].content, 'You are a patient tutor.');
  });

  test('ShareGPT: an empty conversation is empty content', () => {
    shapeError(() => normalizeRecord({ conversations: [] }), 'empty-content');
  });

  test('Alpaca with history: prior [instruction, output] pairs become user/assistant turns, system kept', () => {
    const [plain, withHistory] = formatLines('alpaca_with_history.jsonl').map((l) => as('instruction', normalizeRecord(recordOf(l, 'alpaca'))));
    assert.equal('history' in plain, false);
    assert.equal(withHistory.system, 'You are a helpful cooking assistant.');
    assert.equal(withHistory.instruction, 'And how long should I let it rest?');
    assert.deepEqual(withHistory.history, [
      { role: 'user', content: 'What flour should I use for fresh pasta?' },
      { role: 'assistant', content: "Use '00' flour, or a mix of '00' and semolina for more bite." },
      { role: 'user', content: 'How many eggs per 100 g of flour?' },
      { role: 'assistant', content: 'One large egg per 100 g of flour is the classic ratio.' },
    ]);
  });

  test('Alpaca: a history entry that is not a pair of strings is a missing field naming it', () => {
    const e = shapeError(() => normalizeRecord({ instruction: 'i', output: 'o', history: [['a', 'b'], ['c']] }), 'missing-field');
    assert.equal(e.message, 'history[1] must be a pair of strings [instruction, output]');
    assert.equal(as('instruction', normalizeRecord({ instruction: 'i', output: 'o', history: [] })).history, undefined);
  });

  test('QA: a "####" answer on its own is the final answer; "####" mid-text is not', () => {
    assert.equal(as('qa', normalizeRecord({ question: 'q', answer: '#### 7' })).finalAnswer, '7');
    assert.equal(as('qa', normalizeRecord({ question: 'q', answer: 'so\n#### 1,000 \n' })).finalAnswer, '1,000');
    assert.equal(as('qa', normalizeRecord({ question: 'q', answer: '#### 7\nthen more' })).finalAnswer, undefined);
  });

  test('field names are own properties only: prototype names do not make a shape', () => {
    shapeError(() => detectFormat(JSON.parse('{"constructor": 1, "toString": 2}')), 'unknown-shape');
  });
});

suite('sampleFormats: detectFileFormat', () => {
  const parsed = (name: string) => formatLines(name).map((l) => JSON.parse(l) as unknown);

  test('each fixture file is detected as its one format', () => {
    const expected: [string, FormatId][] = [
      ['gsm8k_test_lines200-203.jsonl', 'qa'], ['hh_rlhf_harmless_test_lines151-153.jsonl', 'hh-rlhf'],
      ['alpaca_seed_tasks_lines101-104.jsonl', 'self-instruct-seed'], ['openai_chat_finetune.jsonl', 'openai-chat'],
      ['openai_preference.jsonl', 'openai-preference'], ['trl_prompt_completion.jsonl', 'trl-prompt-completion'],
      ['trl_preference_explicit.jsonl', 'trl-preference'], ['trl_preference_implicit.jsonl', 'trl-preference'],
      ['trl_unpaired_preference.jsonl', 'trl-unpaired-preference'], ['sharegpt_synthetic.jsonl', 'sharegpt'],
      ['alpaca_with_history.jsonl', 'alpaca'],
    ];
    for (const [name, format] of expected) assert.equal(detectFileFormat(parsed(name)), format, name);
  });

  test('records that are not samples are passed over', () => {
    assert.equal(detectFileFormat(['text', null, { nope: 1 }, ...parsed('openai_preference.jsonl')]), 'openai-preference');
  });

  test('disagreeing records are an error naming each format with its records', () => {
    const records = [...parsed('gsm8k_test_lines200-203.jsonl').slice(0, 2), ...parsed('sharegpt_synthetic.jsonl').slice(0, 1)];
    let caught: unknown;
    try {
      detectFileFormat(records);
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof FileFormatError);
    assert.equal(caught.code, 'mixed-formats');
    assert.equal(caught.message, 'records disagree on the format: qa (records 1, 2) vs sharegpt (record 3); split the file so each holds one format, or fix the odd records');
    assert.deepEqual([...caught.seen], [['qa', [1, 2]], ['sharegpt', [3]]]);
  });

  test('with line numbers, the message names lines; only the first `sample` known records count', () => {
    const records = [{ question: 'q', answer: 'a' }, 'junk', { messages: [] }, { prompt: 'p', completion: 'c' }];
    assert.throws(() => detectFileFormat(records, { lines: [3, 4, 9, 12] }), {
      message: 'records disagree on the format: qa (line 3) vs openai-chat (line 9) vs trl-prompt-completion (line 12); split the file so each holds one format, or fix the odd records',
    });
    assert.equal(detectFileFormat(records, { sample: 1 }), 'qa');
  });

  test('no record with a known shape is an error that says so', () => {
    assert.throws(() => detectFileFormat([{ text: 'x' }, 3]), (e: unknown) => {
      assert.ok(e instanceof FileFormatError);
      assert.equal(e.code, 'no-known-format');
      assert.equal(e.message, 'none of the 2 records looked at has a known sample shape; convert the file to a supported format');
      return true;
    });
  });
});

suite('sampleFormats: content that is not text is a problem, never an empty turn', () => {
  const chat = (content: unknown) => ({ messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content }] });

  test('a list of plain strings is a problem at its first string', () => {
    const e = shapeError(() => normalizeRecord(chat(['Hello', ' there'])), 'missing-field');
    assert.equal(e.path, 'messages[1].content[0]');
    assert.equal(e.message, 'messages[1].content[0] is a string, not a text part: messages[1].content must be a string or a list of text parts ({"type": "text", "text": "…"})');
  });

  test('nested lists are a problem', () => {
    const e = shapeError(() => normalizeRecord(chat([[{ type: 'text', text: 'Hello' }]])), 'missing-field');
    assert.equal(e.path, 'messages[1].content[0]');
    assert.match(e.message, /is a list, not a text part/);
  });

  test('a text part whose text is not a string is a problem at that text', () => {
    const e = shapeError(() => normalizeRecord(chat([{ type: 'text', text: 42 }])), 'missing-field');
    assert.equal(e.path, 'messages[1].content[0].text');
    assert.equal(e.message, 'messages[1].content[0].text must be a string (found a number)');
    assert.equal(shapeError(() => normalizeRecord(chat([{ type: 'text' }])), 'missing-field').path, 'messages[1].content[0]');
  });

  test('content that is a number or an object is a problem, not its JSON as text', () => {
    assert.match(shapeError(() => normalizeRecord(chat(7)), 'missing-field').message, /\(found a number\)$/);
    assert.match(shapeError(() => normalizeRecord(chat({ text: 'x' })), 'missing-field').message, /\(found an object\)$/);
  });

  test('the same holds in every message list: TRL completions, OpenAI preference outputs, ShareGPT values', () => {
    assert.equal(shapeError(() => normalizeRecord({ prompt: 'p', completion: [{ role: 'assistant', content: ['a'] }] }), 'missing-field').path, 'completion[0].content[0]');
    assert.equal(shapeError(() => normalizeRecord({
      input: { messages: [{ role: 'user', content: 'q' }] }, preferred_output: [{ role: 'assistant', content: 'a' }],
      non_preferred_output: [{ role: 'assistant', content: [{ type: 'text', text: null }] }],
    }), 'missing-field').path, 'non_preferred_output[0].content[0].text');
    assert.equal(shapeError(() => normalizeRecord({ conversations: [{ from: 'human', value: ['x'] }] }), 'missing-field').path, 'conversations[0].value[0]');
  });
});

suite('sampleFormats: optional text fields that are not text are a problem, not ""', () => {
  test('Alpaca input and system, ShareGPT system, a seed task\'s input', () => {
    const cases: [object, string][] = [
      [{ instruction: 'i', input: ['a', 'b'], output: 'o' }, 'input'],
      [{ instruction: 'i', input: 'x', output: 'o', system: 7 }, 'system'],
      [{ conversations: [{ from: 'human', value: 'q' }], system: { text: 's' } }, 'system'],
      [{ instruction: 'i', instances: [{ input: 3, output: 'o' }] }, 'instances[0].input'],
    ];
    for (const [record, path] of cases) {
      const e = shapeError(() => normalizeRecord(record), 'missing-field');
      assert.equal(e.path, path);
      assert.match(e.message, new RegExp(`^field "${path.replace(/[[\]]/g, '\\$&')}" must be a string when given \\(found (a list|a number|an object)\\)$`));
    }
    // Absent or null stays "" as before.
    assert.equal(as('instruction', normalizeRecord({ instruction: 'i', input: null, output: 'o' })).input, '');
  });
});

suite('sampleFormats: tool calls, tool results and tool schemas', () => {
  test('OpenAI: calls with ids and arguments exactly as written, results by call id, record-level tools kept whole', () => {
    const [first, second] = formatLines('openai_chat_tools.jsonl').map((l) => JSON.parse(l));
    assert.equal(detectFormat(first), 'openai-chat');
    const c = as('chat', normalizeRecord(first));
    assert.deepEqual(c.turns.slice(2), [
      {
        role: 'assistant', content: '', toolCalls: [
          { id: 'call_lis', name: 'get_weather', arguments: '{"city": "Lisbon"}' },
          { id: 'call_opo', name: 'get_weather', arguments: '{"city":"Porto"}' },
        ],
      },
      { role: 'tool', content: '{"temp_c": 21}', toolCallId: 'call_lis' },
      { role: 'tool', content: '{"temp_c": 17}', toolCallId: 'call_opo' },
      { role: 'assistant', content: 'Lisbon is warmer: 21 °C against 17 °C in Porto.' },
    ]);
    assert.deepEqual(c.tools, first.tools);
    const d = as('chat', normalizeRecord(second));
    assert.deepEqual(d.turns[1], { role: 'assistant', content: 'Let me look up the rate.', toolCalls: [{ id: 'call_1', name: 'fx_rate', arguments: '{"from":"EUR","to":"USD"}' }] });
    assert.deepEqual(d.turns[2], { role: 'tool', content: '1.08', toolCallId: 'call_1', name: 'fx_rate' });
    assert.deepEqual(d.tools, second.tools);
  });

  test('TRL: arguments as an object, results by name without ids, tools beside prompt and completion', () => {
    const tools = [{ type: 'function', function: { name: 'add', parameters: { type: 'object' } } }];
    const s = as('chat', normalizeRecord({
      prompt: [{ role: 'user', content: '2 + 3?' }],
      completion: [
        { role: 'assistant', tool_calls: [{ type: 'function', function: { name: 'add', arguments: { a: 2, b: 3 } } }] },
        { role: 'tool', name: 'add', content: '5' },
        { role: 'assistant', content: '5' },
      ],
      tools,
    }));
    assert.deepEqual(s.turns.slice(1, 3), [
      { role: 'assistant', content: '', toolCalls: [{ name: 'add', arguments: { a: 2, b: 3 } }] },
      { role: 'tool', content: '5', name: 'add' },
    ]);
    assert.deepEqual(s.tools, tools);
  });

  test('preference formats keep the tools (OpenAI: input.tools); an empty tools list holds nothing and is left out', () => {
    const tools = [{ type: 'function', function: { name: 'f' } }];
    const p = as('preference', normalizeRecord({
      input: { messages: [{ role: 'user', content: 'q' }], tools }, preferred_output: [{ role: 'assistant', content: 'a' }],
      non_preferred_output: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] }],
    }));
    assert.deepEqual(p.tools, tools);
    assert.deepEqual(p.rejected[0].toolCalls, [{ id: 'c', name: 'f', arguments: '{}' }]);
    assert.equal('tools' in normalizeRecord({ messages: [{ role: 'user', content: 'q' }], tools: [] }), false);
  });

  test('implicit-prompt pairs whose answers differ only in their calls keep both calls', () => {
    const call = (args: string) => ({ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: args } }] });
    const result = { role: 'tool', tool_call_id: 'c', content: 'r' };
    const p = as('preference', normalizeRecord({
      chosen: [{ role: 'user', content: 'q' }, call('{"x":1}'), result, { role: 'assistant', content: 'one' }],
      rejected: [{ role: 'user', content: 'q' }, call('{"x":2}'), result, { role: 'assistant', content: 'two' }],
    }));
    assert.equal(p.prompt.length, 1);
    assert.equal(p.chosen[0].toolCalls?.[0].arguments, '{"x":1}');
    assert.equal(p.rejected[0].toolCalls?.[0].arguments, '{"x":2}');
  });

  test('malformed tool use is a problem naming the field', () => {
    const msg = (m: object) => ({ messages: [{ role: 'user', content: 'q' }, m] });
    const cases: [object, string, RegExp][] = [
      [msg({ role: 'assistant', content: null, tool_calls: {} }), 'messages[1].tool_calls', /must be a list of tool calls/],
      [msg({ role: 'assistant', content: null, tool_calls: [{ type: 'function', function: { arguments: '{}' } }] }), 'messages[1].tool_calls[0].function', /name must be a non-empty string/],
      [msg({ role: 'assistant', content: null, tool_calls: [{ type: 'function', function: { name: 'f', arguments: 3 } }] }), 'messages[1].tool_calls[0].function.arguments', /JSON string \(OpenAI\) or an object \(TRL\)/],
      [msg({ role: 'assistant', content: null, tool_calls: [{ type: 'web', function: { name: 'f', arguments: '{}' } }] }), 'messages[1].tool_calls[0].type', /must be "function"/],
      [msg({ role: 'user', content: 'x', tool_calls: [{ type: 'function', function: { name: 'f', arguments: '{}' } }] }), 'messages[1].tool_calls', /only an assistant message calls tools/],
      [msg({ role: 'assistant', content: 'x', tool_call_id: 'c' }), 'messages[1].tool_call_id', /belongs on a tool message/],
      [msg({ role: 'tool', content: 'x', tool_call_id: 5 }), 'messages[1].tool_call_id', /must be a string/],
      [msg({ role: 'assistant', content: null, function_call: { name: 'f', arguments: '{}' } }), 'messages[1].function_call', /legacy single call/],
      [msg({ role: 'assistant', content: null, tool_calls: [] }), 'messages[1].content', /\(found null\)/],
      [{ messages: [{ role: 'user', content: 'q' }], tools: { f: 1 } }, 'tools', /must be a list of tool schemas/],
      [{ messages: [{ role: 'user', content: 'q' }], tools: ['f'] }, 'tools[0]', /must be a tool schema object/],
    ];
    for (const [record, path, message] of cases) {
      const e = shapeError(() => normalizeRecord(record), 'missing-field');
      assert.equal(e.path, path, JSON.stringify(record));
      assert.match(e.message, message);
    }
  });
});

suite('sampleFormats: part sources', () => {
  test('normalizeRecord records where each turn came from, unless asked not to (export); the view is the same', () => {
    const record = { messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }] };
    const traced = normalizeRecord(record);
    const plain = normalizeRecord(record, undefined, { trace: false });
    assert.deepEqual(plain, traced);
    if (traced.kind !== 'chat' || plain.kind !== 'chat') throw new Error('expected chat samples');
    assert.deepEqual(sourceOf(traced.turns[1]), { role: 'messages[1].role', content: 'messages[1].content' });
    assert.equal(sourceOf(plain.turns[1]), undefined);
    // Tracing is back on after an untraced call, even one that threw.
    assert.throws(() => normalizeRecord({ messages: 'no' }, 'openai-chat', { trace: false }));
    const again = normalizeRecord(record);
    if (again.kind !== 'chat') throw new Error('expected a chat sample');
    assert.ok(sourceOf(again.turns[0]));
  });
});
