// Tool use as the panel and export see it: what a sample holds, which call a result answers,
// and the arguments as a reviewer reads them.
import * as assert from 'node:assert/strict';
import type { NormalizedSample, Turn } from '../../src/core/formats/sampleModel';
import { formatToolArguments, toolResultCalls, toolUseIn } from '../../src/core/formats/toolUse';

suite('toolUse', () => {
  test('arguments are pretty-printed when they are JSON, shown exactly as written when not', () => {
    assert.equal(formatToolArguments('{"city":"Lisbon","days":[1,2]}'), '{\n  "city": "Lisbon",\n  "days": [\n    1,\n    2\n  ]\n}');
    assert.equal(formatToolArguments('{"city": "Lis'), '{"city": "Lis');
    assert.equal(formatToolArguments('city=Lisbon'), 'city=Lisbon');
    assert.equal(formatToolArguments({ a: 2 }), '{\n  "a": 2\n}');
  });

  test('a result answers the call with its id; results without ids answer the open calls in order', () => {
    const turns: Turn[] = [
      { role: 'user', content: 'q' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'x', name: 'f', arguments: '{}' }, { id: 'y', name: 'g', arguments: '{}' }] },
      { role: 'tool', content: 'for y', toolCallId: 'y' },
      { role: 'tool', content: 'for x', toolCallId: 'x' },
      { role: 'assistant', content: '', toolCalls: [{ name: 'h', arguments: '{}' }, { name: 'k', arguments: '{}' }] },
      { role: 'tool', content: 'for h', name: 'h' },
      { role: 'tool', content: 'for k', name: 'k' },
      { role: 'tool', content: 'for nothing', toolCallId: 'z' },
    ];
    assert.deepEqual([...toolResultCalls(turns)], [[2, { turn: 1, call: 1 }], [3, { turn: 1, call: 0 }], [5, { turn: 4, call: 0 }], [6, { turn: 4, call: 1 }]]);
  });

  test('what a sample holds of tool use, for refusal reasons; a bare tool turn (ShareGPT observation) is plain text', () => {
    const chat = (turns: Turn[], tools?: unknown[]): NormalizedSample => ({ kind: 'chat', turns, ...(tools ? { tools: tools as never } : {}) });
    assert.equal(toolUseIn(chat([{ role: 'assistant', content: '', toolCalls: [{ name: 'f', arguments: '{}' }] }])), 'tool calls');
    assert.equal(toolUseIn(chat([{ role: 'tool', content: 'r', toolCallId: 'c' }])), 'tool results tied to their calls');
    assert.equal(toolUseIn(chat([{ role: 'user', content: 'q' }], [{ type: 'function' }])), 'tool schemas');
    assert.equal(toolUseIn(chat([{ role: 'user', content: 'q', name: 'ana' }])), 'message names');
    assert.equal(toolUseIn(chat([{ role: 'user', content: 'q' }, { role: 'tool', content: 'r' }])), undefined);
    assert.equal(toolUseIn({ kind: 'qa', question: 'q', answer: 'a' }), undefined);
  });
});
