// Sample parts: every text of every fixture sample has an id the panel can select, and writing a
// part's text back changes that text and nothing else.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { normalizeRecord } from '../../src/core/formats/sampleFormats';
import type { NormalizedSample } from '../../src/core/formats/sampleModel';
import { PART_ID } from '../../src/core/formats/samplePartIds';
import { partOf, textParts, withPartText } from '../../src/core/formats/sampleParts';
import { ROOT } from '../../testkit/workbench/paths';

const FORMATS = path.join(ROOT, 'test', 'fixtures', 'formats');

function fixtureSamples(): NormalizedSample[] {
  const out: NormalizedSample[] = [];
  for (const f of fs.readdirSync(FORMATS).filter((n) => n.endsWith('.jsonl'))) {
    for (const line of fs.readFileSync(path.join(FORMATS, f), 'utf8').split('\n').filter((l) => l.trim())) out.push(normalizeRecord(JSON.parse(line)));
  }
  return out;
}

suite('sampleParts', () => {
  test('on every fixture sample: ids are unique and valid, and replacing one part changes only that part', () => {
    const samples = fixtureSamples();
    assert.ok(samples.length >= 25);
    const kinds = new Set<string>();
    for (const s of samples) {
      kinds.add(s.kind);
      const parts = textParts(s);
      assert.ok(parts.length >= 2, `${s.kind} has at least two texts`);
      assert.equal(new Set(parts.map((p) => p.id)).size, parts.length, 'ids are unique');
      for (const p of parts) {
        assert.match(p.id, PART_ID);
        const edited = withPartText(s, p.id, `${p.text} [edited]`);
        const after = textParts(edited);
        assert.deepEqual(after.map((q) => q.id), parts.map((q) => q.id), 'same parts after the edit');
        for (const q of after) assert.equal(q.text, q.id === p.id ? `${p.text} [edited]` : parts.find((o) => o.id === q.id)?.text);
        assert.equal(edited.kind, s.kind);
      }
    }
    assert.deepEqual([...kinds].sort(), ['chat', 'instruction', 'preference', 'qa']);
  });

  test('turn labels say the role and count from 1', () => {
    const s: NormalizedSample = { kind: 'preference', prompt: [{ role: 'user', content: 'q' }], chosen: [{ role: 'assistant', content: 'good' }], rejected: [{ role: 'assistant', content: 'bad' }] };
    assert.deepEqual(textParts(s).map((p) => `${p.id}=${p.label}`), ['prompt1=prompt turn 1 (user)', 'chosen1=chosen turn 1 (assistant)', 'rejected1=rejected turn 1 (assistant)']);
    assert.equal(partOf(s, 'rejected1')?.text, 'bad');
    assert.equal(partOf(s, 'rejected2'), undefined);
  });

  test('editing a solution re-reads its marked final answer', () => {
    const s: NormalizedSample = { kind: 'qa', question: 'q', answer: '2+2=4\n#### 4', finalAnswer: '4' };
    assert.deepEqual(withPartText(s, 'answer', '2+3=5\n#### 5'), { kind: 'qa', question: 'q', answer: '2+3=5\n#### 5', finalAnswer: '5' });
    assert.deepEqual(withPartText(s, 'answer', 'it is five'), { kind: 'qa', question: 'q', answer: 'it is five' });
  });

  test('a part the sample does not have is refused, never silently added', () => {
    const chat: NormalizedSample = { kind: 'chat', turns: [{ role: 'user', content: 'hi' }] };
    assert.throws(() => withPartText(chat, 'turn2', 'x'), /no part "turn2"/);
    assert.throws(() => withPartText(chat, 'answer', 'x'), /no part "answer"/);
    const instruction: NormalizedSample = { kind: 'instruction', instruction: 'i', input: '', output: 'o' };
    assert.throws(() => withPartText(instruction, 'system', 'x'), /no part "system"/);
  });
});
