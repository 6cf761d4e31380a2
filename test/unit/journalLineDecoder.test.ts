// The journal line decoder's fast path against JSON.parse + asJournalEvent (its own fallback, the
// path every other reader takes): on lines in the ledger's own shape it must decode (else it is no
// faster) and give exactly the parsed fields; on anything else (escapes, other key orders, spaces,
// extra or repeated keys, odd numbers and hashes, broken UTF-8, cut lines) it must decline or agree,
// so decode() is always the parse's answer.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { JournalLineDecoder } from '../../src/core/journal/journalLineDecoder';
import { formatHash } from '../../src/core/journal/ledgerHashes';

const AT = '2026-01-01T00:00:00.000Z';
const hex16 = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff })).map(([a, b]) => formatHash(a, b));
const oddHash = fc.constantFrom('0a', 'ABCDEF0123456789', '0123456789abcdef0', '0123456789abcdeg', '');
const anyHash = fc.oneof({ weight: 6, arbitrary: hex16 }, { weight: 1, arbitrary: oddHash });
const name = fc.oneof(fc.constantFrom('ana', 'Иван', 'Пётр', 'josé', '李', '', 'a"b', 'a\\b', 'tab\there', '\u2028', '\ud800'), fc.string({ unit: 'binary', maxLength: 8 }));
const verdict = fc.constantFrom('pending', 'accepted', 'rejected', 'skipped');
const seq = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 1e6 }) }, { weight: 1, arbitrary: fc.constantFrom(999_999_999_999_999, 1e15, 2 ** 53, -1, 0.5, 1e21) });

/** Events as the ledger stamps them (key order v, seq, at, reviewer, then the body). */
function stamped(v: number, s: number, reviewer: string, body: Record<string, unknown>): Record<string, unknown> {
  return { v, seq: s, at: AT, reviewer, ...body };
}

const body: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ type: fc.constant('verdict'), samples: fc.array(anyHash, { minLength: 1, maxLength: 20 }), verdict }),
  fc.record({ type: fc.constant('verdict'), samples: fc.array(hex16, { minLength: 1, maxLength: 3 }), verdict, adjudication: fc.constant(true) }),
  fc.record({ type: fc.constant('label'), samples: fc.array(anyHash, { minLength: 1, maxLength: 3 }), label: name, present: fc.boolean() }),
  fc.record({ type: fc.constant('rating'), sample: anyHash, rating: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant(null)) }),
  fc.record({ type: fc.constant('note'), sample: anyHash, note: fc.oneof(name, fc.constant(null)) }),
  fc.record({ type: fc.constant('revision'), sample: anyHash, text: fc.oneof(fc.constant('{}'), fc.jsonValue({ maxDepth: 1 }).map((j) => JSON.stringify(j) ?? 'null')) }),
  fc.record({ type: fc.constant('undo'), undoes: seq }),
  fc.record({ type: fc.constant('redo'), redoes: seq }),
);
const event = fc.tuple(seq, name, body).map(([s, r, b]) => stamped(2, s, r, b));

/** What a decoded line says, as plain data. */
function fieldsOf(d: JournalLineDecoder): Record<string, unknown> {
  const samples: string[] = [];
  for (let i = 0; i < d.sampleCount; i++) samples.push(d.sampleTexts ? d.sampleTexts[i] : formatHash(d.hi[i], d.lo[i]));
  const f: Record<string, unknown> = { kind: d.kind, seq: d.seq, reviewer: d.reviewer(), samples };
  switch (d.kind) {
    case 1: Object.assign(f, { verdict: d.verdict, adjudication: d.adjudication }); break;
    case 2: Object.assign(f, { label: d.label, present: d.present }); break;
    case 3: f.rating = d.rating; break;
    case 4: f.note = d.note; break;
    case 6: case 7: f.target = d.target; break;
  }
  return f;
}

/** decode() equals the parse alone; when the fast path decodes, it equals the parse too. */
function assertAgrees(line: Buffer): { fast: boolean } {
  const start = 3; // lines sit inside a larger buffer, as in the scan's chunks
  const buf = Buffer.concat([Buffer.from('x\n\n'), line, Buffer.from('\n{"v":2}')]);
  const end = start + line.length;
  const parsed = new JournalLineDecoder();
  const parsedOk = parsed.decodeParsed(buf, start, end);
  const fast = new JournalLineDecoder();
  const fastOk = fast.decodeFast(buf, start, end);
  if (fastOk) {
    assert.ok(parsedOk, `fast path read a line the parse refuses: ${line.toString()}`);
    assert.deepEqual(fieldsOf(fast), fieldsOf(parsed), line.toString());
  }
  const both = new JournalLineDecoder();
  assert.equal(both.decode(buf, start, end), parsedOk, line.toString());
  if (parsedOk) assert.deepEqual(fieldsOf(both), fieldsOf(parsed), line.toString());
  return { fast: fastOk };
}

/** Whether the ledger's line for `e` is one the fast path is meant to take. */
function isPlain(e: Record<string, unknown>): boolean {
  const line = JSON.stringify(e);
  const plainNumber = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0 && (n as number) < 1e15;
  const hashes = [...((e.samples as string[] | undefined) ?? []), ...(e.sample === undefined ? [] : [e.sample as string])];
  return !line.includes('\\') && !/[\u0000-\u001f]/.test(line) && plainNumber(e.seq) && hashes.every((h) => /^[0-9a-f]{16}$/.test(h))
    && (e.undoes === undefined || plainNumber(e.undoes)) && (e.redoes === undefined || plainNumber(e.redoes)) && e.label !== '';
}

/** Ways a line can leave the ledger's shape. */
const mutation = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(' ', '\t', '\r', ',', '"', '\\', '}', ']', '0', '-', 'e', '\\u0041', '\u00e9', '\u0000') }),
  fc.record({ op: fc.constant('append' as const), text: fc.constantFrom(' ', '\r', 'x', '}', ',', '\u0000') }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constant('bytes' as const), at: fc.nat(), bytes: fc.constantFrom([0xff], [0xc0, 0xa2], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xd0]) }),
  fc.record({ op: fc.constant('reorder' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ op: fc.constant('extra' as const), key: fc.constantFrom('x', 'v', 'seq', 'reviewer', 'type', 'sample', 'samples', 'adjudication', 'rating', 'note'), value: fc.jsonValue({ maxDepth: 1 }) }),
  fc.record({ op: fc.constant('escape' as const), at: fc.nat() }),
);

function mutate(e: Record<string, unknown>, m: fc.Arbitrary<unknown> extends never ? never : Record<string, unknown>): Buffer {
  const line = Buffer.from(JSON.stringify(e));
  switch (m.op) {
    case 'insert': {
      const at = (m.at as number) % (line.length + 1);
      return Buffer.concat([line.subarray(0, at), Buffer.from(m.text as string), line.subarray(at)]);
    }
    case 'append':
      return Buffer.concat([line, Buffer.from(m.text as string)]);
    case 'delete': {
      const at = (m.at as number) % line.length;
      return Buffer.concat([line.subarray(0, at), line.subarray(at + (m.length as number))]);
    }
    case 'bytes': {
      const at = (m.at as number) % (line.length + 1);
      return Buffer.concat([line.subarray(0, at), Buffer.from(m.bytes as number[]), line.subarray(at)]);
    }
    case 'reorder': {
      const keys = Object.keys(e);
      const a = (m.a as number) % keys.length;
      const b = (m.b as number) % keys.length;
      [keys[a], keys[b]] = [keys[b], keys[a]];
      return Buffer.from(JSON.stringify(Object.fromEntries(keys.map((k) => [k, e[k]]))));
    }
    case 'extra': // appended (a repeated key: JSON.parse keeps the last)
      return Buffer.from(`${JSON.stringify(e).slice(0, -1)},${JSON.stringify(m.key)}:${JSON.stringify(m.value)}}`);
    case 'escape': { // one ASCII letter inside the line written as \u00XX
      const text = JSON.stringify(e);
      const letters = [...text.matchAll(/[a-z0-9]/g)].map((x) => x.index as number);
      const at = letters[(m.at as number) % letters.length];
      return Buffer.from(`${text.slice(0, at)}\\u00${text.charCodeAt(at).toString(16)}${text.slice(at + 1)}`);
    }
  }
  return line;
}

suite('journal line decoder', () => {
  test('lines in the ledger shape take the fast path and decode exactly as JSON.parse + validation does', function () {
    this.timeout(60_000);
    let plain = 0;
    fc.assert(fc.property(event, (e) => {
      const { fast } = assertAgrees(Buffer.from(JSON.stringify(e)));
      if (isPlain(e)) {
        assert.ok(fast, `the fast path declined a line in the ledger's shape: ${JSON.stringify(e)}`);
        plain++;
      }
    }), { numRuns: 3000 });
    assert.ok(plain > 1000, `only ${plain} plain lines generated`);
  });

  test('any change to a line (spaces, escapes, key order, extra or repeated keys, broken UTF-8, cuts) is declined or read as the parse reads it', function () {
    this.timeout(60_000);
    fc.assert(fc.property(event, mutation, (e, m) => {
      assertAgrees(mutate(e, m as Record<string, unknown>));
    }), { numRuns: 6000 });
  });

  test('version 1 lines and hand-written ones go through the parse', () => {
    const lines = [
      '{"v":1,"seq":3,"at":"t","reviewer":"ana","type":"verdict","sample":"00000000000000ff","verdict":"accepted"}',
      '{"v":1,"seq":4,"at":"t","reviewer":"ana","type":"undo","undoes":3}',
      '{"v":2, "seq":5,"at":"t","reviewer":"ana","type":"undo","undoes":3}',
      '{"v":2,"seq":5,"at":"t","reviewer":"ana","type":"verdict","samples":["00000000000000ff"],"verdict":"accepted","adjudication":false}',
      '{"v":2,"seq":5,"at":"t","reviewer":"ana","type":"verdict","samples":["00000000000000ff"],"verdict":"accepted","sample":"0a"}',
      '{"v":2,"seq":5,"at":"t","reviewer":"ana","type":"rating","sample":"00000000000000ff","rating":4.0}',
      '{"v":2,"seq":5,"at":"t","reviewer":"ana","type":"rating","sample":"00000000000000ff","rating":6}',
      '{"v":2,"seq":05,"at":"t","reviewer":"ana","type":"undo","undoes":3}',
      '{"v":2,"seq":5,"at":"t","reviewer":"ana","type":"label","samples":["00000000000000ff"],"label":"","present":true}',
      '{"v":3,"seq":5,"at":"t","reviewer":"ana","type":"undo","undoes":3}',
    ];
    for (const line of lines) assert.equal(assertAgrees(Buffer.from(line)).fast, false, line);
  });
});
