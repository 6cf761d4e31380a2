// Each export format's records against the shapes TRL and OpenAI document: field names, types,
// role names and order; and the refusals of conversions that make no sense.
import * as assert from 'node:assert/strict';
import { convertSample, EXPORT_FORMAT_IDS, writeAsSource, type JsonRecord } from '../../src/core/export/exportFormats';
import { normalizeRecord } from '../../src/core/formats/sampleFormats';
import type { NormalizedSample } from '../../src/core/formats/sampleModel';
import { formatLines } from './fixtureFiles';

const chat: NormalizedSample = {
  kind: 'chat',
  turns: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: '2 + 2?' },
    { role: 'assistant', content: '5', weight: 0 },
    { role: 'user', content: 'Again?' },
    { role: 'assistant', content: '4', weight: 1 },
  ],
};
const instruction: NormalizedSample = { kind: 'instruction', instruction: 'Translate.', input: 'Bonjour', output: 'Hello', system: 'You translate.' };
const qa: NormalizedSample = { kind: 'qa', question: 'What is 6 * 7?', answer: '6 * 7 = 42\n#### 42', finalAnswer: '42' };
const preference: NormalizedSample = {
  kind: 'preference', prompt: [{ role: 'user', content: 'Sky colour?' }],
  chosen: [{ role: 'assistant', content: 'Blue.' }], rejected: [{ role: 'assistant', content: 'Green.' }],
};

function converted(sample: NormalizedSample, format: Parameters<typeof convertSample>[1]): JsonRecord {
  const c = convertSample(sample, format);
  assert.ok(c.ok, `converts: ${c.ok ? '' : c.reason}`);
  // What is written is JSON text: the record must survive it unchanged.
  assert.deepEqual(JSON.parse(JSON.stringify(c.record)), c.record);
  return c.record;
}

function refused(sample: NormalizedSample, format: Parameters<typeof convertSample>[1]): string {
  const c = convertSample(sample, format);
  assert.ok(!c.ok, `${format} refuses a ${sample.kind} sample`);
  return c.reason;
}

type Message = { role: unknown; content: unknown; weight?: unknown };

/** OpenAI chat / TRL conversational message list: objects with string role and content, nothing else but weight. */
function assertMessages(list: unknown, roles: readonly string[], allowWeight: boolean): void {
  assert.ok(Array.isArray(list), 'a list of messages');
  for (const m of list as Message[]) {
    assert.deepEqual(Object.keys(m).filter((k) => k !== 'weight'), ['role', 'content']);
    assert.equal(typeof m.content, 'string');
    if (m.weight !== undefined) {
      assert.ok(allowWeight, 'weight only where the format has it');
      assert.ok(m.weight === 0 || m.weight === 1, 'OpenAI weight is 0 or 1');
    }
  }
  assert.deepEqual((list as Message[]).map((m) => m.role), roles);
}

suite('exportFormats: shapes', () => {
  test('OpenAI chat: {messages:[{role,content,weight?}]}, system first, weights kept', () => {
    const r = converted(chat, 'openai-chat');
    assert.deepEqual(Object.keys(r), ['messages']);
    assertMessages(r.messages, ['system', 'user', 'assistant', 'user', 'assistant'], true);
    assert.deepEqual((r.messages as Message[]).map((m) => m.weight), [undefined, undefined, 0, undefined, 1]);
    assertMessages(converted(instruction, 'openai-chat').messages, ['system', 'user', 'assistant'], true);
    assert.equal(((converted(instruction, 'openai-chat').messages as Message[])[1]).content, 'Translate.\n\nBonjour');
    assertMessages(converted(qa, 'openai-chat').messages, ['user', 'assistant'], true);
  });

  test('TRL messages: {messages:[{role,content}]} without weight', () => {
    const r = converted(chat, 'trl-messages');
    assert.deepEqual(Object.keys(r), ['messages']);
    assertMessages(r.messages, ['system', 'user', 'assistant', 'user', 'assistant'], false);
  });

  test('TRL prompt/completion: prompt turns, then the final assistant turn(s) as completion', () => {
    const r = converted(chat, 'trl-prompt-completion');
    assert.deepEqual(Object.keys(r), ['prompt', 'completion']);
    assertMessages(r.prompt, ['system', 'user', 'assistant', 'user'], false);
    assertMessages(r.completion, ['assistant'], false);
    const q = converted(qa, 'trl-prompt-completion');
    assertMessages(q.prompt, ['user'], false);
    assertMessages(q.completion, ['assistant'], false);
  });

  test('TRL preference with explicit prompt: {prompt,chosen,rejected}, answers from the assistant', () => {
    const r = converted(preference, 'trl-preference');
    assert.deepEqual(Object.keys(r), ['prompt', 'chosen', 'rejected']);
    assertMessages(r.prompt, ['user'], false);
    assertMessages(r.chosen, ['assistant'], false);
    assertMessages(r.rejected, ['assistant'], false);
  });

  test('OpenAI preference: {input:{messages}, preferred_output:[assistant], non_preferred_output:[assistant]}', () => {
    const r = converted(preference, 'openai-preference');
    assert.deepEqual(Object.keys(r), ['input', 'preferred_output', 'non_preferred_output']);
    assert.deepEqual(Object.keys(r.input as object), ['messages']);
    assertMessages((r.input as { messages: unknown }).messages, ['user'], false);
    assertMessages(r.preferred_output, ['assistant'], false);
    assertMessages(r.non_preferred_output, ['assistant'], false);
  });

  test('ShareGPT: {conversations:[{from: system|human|gpt, value}]}', () => {
    const r = converted(chat, 'sharegpt');
    assert.deepEqual(Object.keys(r), ['conversations']);
    const conv = r.conversations as { from: string; value: unknown }[];
    for (const m of conv) assert.deepEqual(Object.keys(m), ['from', 'value']);
    assert.deepEqual(conv.map((m) => m.from), ['system', 'human', 'gpt', 'human', 'gpt']);
    assert.ok(conv.every((m) => typeof m.value === 'string'));
  });

  test('Alpaca: {instruction,input,output} strings; a chat becomes history + last pair', () => {
    const i = converted(instruction, 'alpaca');
    assert.deepEqual(i, { instruction: 'Translate.', input: 'Bonjour', output: 'Hello', system: 'You translate.' });
    const c = converted(chat, 'alpaca');
    assert.deepEqual(c, { instruction: 'Again?', input: '', output: '4', system: 'Be brief.', history: [['2 + 2?', '5']] });
    assert.deepEqual(converted(qa, 'alpaca'), { instruction: qa.question, input: '', output: qa.answer });
  });

  test('what makes no sense is refused with a reason', () => {
    for (const f of ['openai-chat', 'trl-messages', 'trl-prompt-completion', 'sharegpt', 'alpaca'] as const) {
      assert.match(refused(preference, f), /preference pair/);
    }
    for (const f of ['openai-preference', 'trl-preference'] as const) {
      assert.match(refused(chat, f), /not a preference pair/);
      assert.match(refused(qa, f), /not a preference pair/);
    }
    const noPrompt: NormalizedSample = { ...preference, prompt: [] };
    assert.match(refused(noPrompt, 'trl-preference'), /no explicit prompt/);
    const twoTurns: NormalizedSample = { ...preference, chosen: [{ role: 'assistant', content: 'a' }, { role: 'user', content: 'b' }] };
    assert.match(refused(twoTurns, 'openai-preference'), /one assistant message/);
    const endsWithUser: NormalizedSample = { kind: 'chat', turns: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'yo' }, { role: 'user', content: '?' }] };
    assert.match(refused(endsWithUser, 'trl-prompt-completion'), /does not end in an assistant turn/);
    assert.ok(convertSample(endsWithUser, 'openai-chat').ok, 'OpenAI trains on the assistant turns wherever they are');
    const noAssistant: NormalizedSample = { kind: 'chat', turns: [{ role: 'user', content: 'hi' }] };
    assert.match(refused(noAssistant, 'openai-chat'), /no assistant turn/);
    const bad: NormalizedSample = { kind: 'chat', label: false, turns: [{ role: 'user', content: 'sky?' }, { role: 'assistant', content: 'green' }] };
    assert.match(refused(bad, 'trl-messages'), /label false/);
    const tool: NormalizedSample = { kind: 'chat', turns: [{ role: 'user', content: 'x' }, { role: 'tool', content: 'y' }, { role: 'assistant', content: 'z' }] };
    assert.match(refused(tool, 'alpaca'), /user\/assistant pairs/);
  });

  test('every export format but original has a converter', () => {
    for (const f of EXPORT_FORMAT_IDS) if (f !== 'original') assert.equal(typeof convertSample(chat, f).ok, 'boolean');
  });
});

suite('exportFormats: edits written back in the source format', () => {
  test('content fields are replaced, metadata kept, and the result reads back as the edit', () => {
    const source = { id: 'syn-1', conversations: [{ from: 'human', value: 'a' }, { from: 'gpt', value: 'b' }], system: 'old', metadata: { license: 'mit' } };
    const edited: NormalizedSample = { kind: 'chat', turns: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'better b' }] };
    const w = writeAsSource(edited, source, 'sharegpt');
    assert.ok(w.ok);
    assert.deepEqual(w.record, { id: 'syn-1', metadata: { license: 'mit' }, conversations: [{ from: 'human', value: 'a' }, { from: 'gpt', value: 'better b' }] });
    assert.deepEqual(normalizeRecord(w.record), edited);
  });

  test('every input format writes back what it reads', () => {
    const cases: [Parameters<typeof writeAsSource>[2], NormalizedSample][] = [
      ['openai-chat', chat], ['sharegpt', { kind: 'chat', turns: chat.kind === 'chat' ? chat.turns.map(({ role, content }) => ({ role, content })) : [] }],
      ['alpaca', instruction], ['self-instruct-seed', { kind: 'instruction', instruction: 'Do it.', input: 'x', output: 'y' }],
      ['openai-preference', preference], ['trl-preference', preference], ['hh-rlhf', preference],
      ['trl-preference', { ...preference, prompt: [] }],
      ['trl-prompt-completion', { kind: 'chat', turns: [{ role: 'user', content: 'p' }, { role: 'assistant', content: 'c' }] }],
      ['trl-unpaired-preference', { kind: 'chat', label: false, turns: [{ role: 'user', content: 'p' }, { role: 'assistant', content: 'c' }] }],
      ['qa', { kind: 'qa', question: 'q', answer: 'a\n#### 1', finalAnswer: '1' }],
    ];
    for (const [format, sample] of cases) {
      const w = writeAsSource(sample, {}, format);
      assert.ok(w.ok, `${format}: ${w.ok ? '' : w.reason}`);
      assert.deepEqual(normalizeRecord(JSON.parse(JSON.stringify(w.record)), format), sample, format);
    }
  });

  test('an edit that changed the kind is refused for a format that cannot hold it', () => {
    const w = writeAsSource(qa, { messages: [] }, 'openai-chat');
    assert.ok(!w.ok);
    assert.match(w.reason, /cannot be written back as openai-chat/);
  });
});

suite('exportFormats: tool calls, tool results and tool schemas', () => {
  const [weatherLine, fxLine] = formatLines('openai_chat_tools.jsonl');
  const weatherRecord = JSON.parse(weatherLine) as { messages: JsonRecord[]; tools: unknown[] };
  const weather = normalizeRecord(weatherRecord);
  const fx = normalizeRecord(JSON.parse(fxLine));
  const toolPreference: NormalizedSample = {
    kind: 'preference', prompt: [{ role: 'user', content: 'Weather in Lisbon?' }],
    chosen: [{ role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'get_weather', arguments: '{"city": "Lisbon"}' }] }],
    rejected: [{ role: 'assistant', content: 'It is sunny.' }],
    tools: [{ type: 'function', function: { name: 'get_weather' } }],
  };

  /** A written line parsed back, as a trainer reads it. */
  const written = (sample: NormalizedSample, format: Parameters<typeof convertSample>[1]) => JSON.parse(JSON.stringify(converted(sample, format)));

  test('OpenAI chat: the record holds tool_calls, tool_call_id and tools exactly as the source did', () => {
    const r = written(weather, 'openai-chat');
    assert.deepEqual(r, { messages: weatherRecord.messages, tools: weatherRecord.tools });
    const f = written(fx, 'openai-chat');
    assert.deepEqual(f.messages[1].tool_calls, [{ id: 'call_1', type: 'function', function: { name: 'fx_rate', arguments: '{"from":"EUR","to":"USD"}' } }]);
    assert.deepEqual(f.messages[2], { role: 'tool', content: '1.08', tool_call_id: 'call_1', name: 'fx_rate' });
    assert.equal(f.messages[3].weight, 1);
  });

  test('TRL messages and prompt/completion: the same messages (without weight) and tools', () => {
    const r = written(weather, 'trl-messages');
    assert.deepEqual(r, { messages: weatherRecord.messages, tools: weatherRecord.tools });
    const pc = written(weather, 'trl-prompt-completion');
    assert.deepEqual(pc, { prompt: weatherRecord.messages.slice(0, 5), completion: weatherRecord.messages.slice(5), tools: weatherRecord.tools });
    assert.deepEqual(normalizeRecord(pc), weather, 'reads back as the same sample');
  });

  test('TRL keeps object arguments; OpenAI, which takes only text, gets their JSON text', () => {
    const trl: NormalizedSample = {
      kind: 'chat', turns: [{ role: 'user', content: '2 + 3?' }, { role: 'assistant', content: '', toolCalls: [{ name: 'add', arguments: { a: 2, b: 3 } }] }, { role: 'tool', content: '5', name: 'add' }, { role: 'assistant', content: '5' }],
    };
    assert.deepEqual(written(trl, 'trl-messages').messages[1].tool_calls, [{ type: 'function', function: { name: 'add', arguments: { a: 2, b: 3 } } }]);
    assert.deepEqual(written(trl, 'openai-chat').messages[1].tool_calls, [{ type: 'function', function: { name: 'add', arguments: '{"a":2,"b":3}' } }]);
  });

  test('preference formats carry calls and tools (OpenAI: input.tools)', () => {
    const o = written(toolPreference, 'openai-preference');
    assert.deepEqual(o.input.tools, toolPreference.tools);
    assert.deepEqual(o.preferred_output, [{ role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Lisbon"}' } }] }]);
    assert.deepEqual(normalizeRecord(o), toolPreference);
    const t = written(toolPreference, 'trl-preference');
    assert.deepEqual(t.tools, toolPreference.tools);
    assert.deepEqual(normalizeRecord(t), toolPreference);
  });

  test('ShareGPT and Alpaca cannot hold tool use: the sample is refused with the reason, never written without it', () => {
    assert.equal(refused(weather, 'sharegpt'), 'the sample has tool calls; ShareGPT cannot hold them');
    assert.equal(refused(weather, 'alpaca'), 'the sample has tool calls; Alpaca cannot hold them');
    const schemasOnly: NormalizedSample = { kind: 'chat', turns: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }], tools: [{ type: 'function' }] };
    assert.equal(refused(schemasOnly, 'alpaca'), 'the sample has tool schemas; Alpaca cannot hold them');
    assert.equal(refused(schemasOnly, 'sharegpt'), 'the sample has tool schemas; ShareGPT cannot hold them');
    const result: NormalizedSample = { kind: 'chat', turns: [{ role: 'user', content: 'x' }, { role: 'tool', content: 'y', toolCallId: 'c' }, { role: 'assistant', content: 'z' }] };
    assert.match(refused(result, 'sharegpt'), /tool results tied to their calls; ShareGPT cannot hold them/);
  });

  test('an edit written back in its source format keeps the tool use, or is refused where that format has no place for it', () => {
    const w = writeAsSource(weather, { id: 'w1', ...weatherRecord }, 'openai-chat');
    assert.ok(w.ok);
    assert.deepEqual(JSON.parse(JSON.stringify(w.record)), { id: 'w1', messages: weatherRecord.messages, tools: weatherRecord.tools });
    const s = writeAsSource(weather, { conversations: [] }, 'sharegpt');
    assert.ok(!s.ok);
    assert.equal(s.reason, 'the sample has tool calls; sharegpt cannot hold them');
    const o = writeAsSource(toolPreference, { id: 'p1', input: { messages: [], tools: [], parallel_tool_calls: false }, preferred_output: [], non_preferred_output: [] }, 'openai-preference');
    assert.ok(o.ok);
    assert.deepEqual((o.record.input as JsonRecord).parallel_tool_calls, false, 'the input\'s settings beside the prompt are kept');
    assert.deepEqual(normalizeRecord(JSON.parse(JSON.stringify(o.record))), toolPreference);
    const hh = writeAsSource(toolPreference, { chosen: '', rejected: '' }, 'hh-rlhf');
    assert.ok(!hh.ok);
    assert.match(hh.reason, /tool calls; hh-rlhf cannot hold them/);
  });
});
