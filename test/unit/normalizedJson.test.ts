// Normalized view round trip: every format fixture, normalized, written as JSON and read back,
// gives the same view; edited text that is not a sample is refused with a reason.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fromNormalizedJson, toNormalizedJson } from '../../src/core/formats/normalizedJson';
import { normalizeRecord, SampleShapeError } from '../../src/core/formats/sampleFormats';
import type { NormalizedSample } from '../../src/core/formats/sampleModel';
import { ROOT } from '../../testkit/workbench/paths';

const FORMATS = path.join(ROOT, 'test', 'fixtures', 'formats');

suite('normalizedJson', () => {
  test('round trip on every line of every plain JSONL format fixture', () => {
    const files = fs.readdirSync(FORMATS).filter((f) => f.endsWith('.jsonl'));
    assert.ok(files.length >= 8, 'the format fixtures are there');
    let checked = 0;
    for (const f of files) {
      for (const line of fs.readFileSync(path.join(FORMATS, f), 'utf8').split('\n').filter((l) => l.trim())) {
        const view = normalizeRecord(JSON.parse(line));
        assert.deepEqual(fromNormalizedJson(toNormalizedJson(view)), view, `${f}: ${line.slice(0, 60)}`);
        checked++;
      }
    }
    assert.ok(checked >= 25, `checked ${checked} samples`);
  });

  test('edited text that is not a valid sample is refused with the reason', () => {
    assert.throws(() => fromNormalizedJson('{"kind":"chat","turns":[{"role":"robot","content":"x"}]}'), (e: unknown) =>
      e instanceof SampleShapeError && e.code === 'bad-role' && /turns\[0\]\.role/.test(e.message));
    assert.throws(() => fromNormalizedJson('{"kind":"qa","question":"q"}'), /"answer" must be a string/);
    assert.throws(() => fromNormalizedJson('{"kind":"poem"}'), /"kind" must be one of/);
    assert.throws(() => fromNormalizedJson('[1,2]'), /must be a JSON object/);
    assert.throws(() => fromNormalizedJson('{"kind":"chat","turns":[}'), SyntaxError);
  });

  test('tool calls, call ids, names and tool schemas survive the round trip; arguments keep their exact text', () => {
    const chat: NormalizedSample = {
      kind: 'chat',
      turns: [
        { role: 'user', content: 'Weather in Lisbon and Porto?' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'a', name: 'get_weather', arguments: '{"city":  "Lisbon"}' }, { name: 'get_weather', arguments: { city: 'Porto' } }] },
        { role: 'tool', content: '21', toolCallId: 'a', name: 'get_weather' },
        { role: 'tool', content: '17', name: 'get_weather' },
        { role: 'assistant', content: 'Lisbon.', weight: 1 },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
    };
    assert.deepEqual(fromNormalizedJson(toNormalizedJson(chat)), chat);
    const preference: NormalizedSample = {
      kind: 'preference', prompt: [{ role: 'user', content: 'q' }], chosen: [{ role: 'assistant', content: '', toolCalls: [{ id: 'c', name: 'f', arguments: '{}' }] }],
      rejected: [{ role: 'assistant', content: 'no' }], tools: [{ type: 'function' }],
    };
    assert.deepEqual(fromNormalizedJson(toNormalizedJson(preference)), preference);
  });

  test('edited tool use that is not valid is refused with the reason', () => {
    const turns = (t: string) => `{"kind":"chat","turns":[{"role":"user","content":"q"},${t}]}`;
    assert.throws(() => fromNormalizedJson(turns('{"role":"assistant","content":"","toolCalls":{}}')), /turns\[1\]\.toolCalls" must be a list/);
    assert.throws(() => fromNormalizedJson(turns('{"role":"assistant","content":"","toolCalls":[{"arguments":"{}"}]}')), /toolCalls\[0\]\.name must be a non-empty string/);
    assert.throws(() => fromNormalizedJson(turns('{"role":"assistant","content":"","toolCalls":[{"name":"f","arguments":1}]}')), /arguments must be a string \(JSON text\) or an object/);
    assert.throws(() => fromNormalizedJson(turns('{"role":"user","content":"","toolCalls":[{"name":"f","arguments":"{}"}]}')), /only an assistant turn calls tools/);
    assert.throws(() => fromNormalizedJson(turns('{"role":"assistant","content":"x","toolCallId":"c"}')), /toolCallId belongs on a tool turn/);
    assert.throws(() => fromNormalizedJson('{"kind":"chat","turns":[{"role":"user","content":"q"}],"tools":"x"}'), /"tools" must be a list of tool schema objects/);
  });

  test('unknown extra fields are dropped, not stored', () => {
    const v = fromNormalizedJson('{"kind":"qa","question":"q","answer":"a","extra":1}');
    assert.deepEqual(v, { kind: 'qa', question: 'q', answer: 'a' });
  });
});
