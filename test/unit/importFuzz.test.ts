// Import never throws on bad bytes: random input and mutations of real fixture lines (byte flips,
// truncation, inserted NUL/CR, invalid UTF-8) come back as problems naming file and line.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { buildLineIndex, readLineBytes } from '../../src/core/ingest/lineIndex';
import { originalLine, prepareSource } from '../../src/core/ingest/preparedSource';
import { readRecord } from '../../src/core/ingest/recordReader';
import { FORMAT_FIXTURES, formatFixture, makeTempDir, removeDir } from './fixtureFiles';

const REAL_LINES: readonly Buffer[] = fs.readdirSync(FORMAT_FIXTURES)
  .filter((n) => n.endsWith('.jsonl'))
  .flatMap((n) => fs.readFileSync(path.join(FORMAT_FIXTURES, n)).toString('utf8').split('\n').filter(Boolean).map((l) => Buffer.from(l, 'utf8')));

const NASTY: readonly number[][] = [[0x00], [0x0d], [0x0a], [0xff], [0xc3], [0x80], [0xed, 0xa0, 0x80], [0xef, 0xbb, 0xbf], [0x22], [0x7d], [0x5b]];

type Mutation =
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: readonly number[] };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.constantFrom(...NASTY) }),
);

function mutate(line: Buffer, mutations: readonly Mutation[]): Buffer {
  let b = Buffer.from(line);
  for (const m of mutations) {
    if (b.length === 0) break;
    const at = m.at % b.length;
    if (m.kind === 'flip') b[at] ^= 1 << m.bit;
    else if (m.kind === 'truncate') b = b.subarray(0, at);
    else b = Buffer.concat([b.subarray(0, at), Buffer.from(m.bytes), b.subarray(at)]);
  }
  return b;
}

const mutatedLine = fc.tuple(fc.constantFrom(...REAL_LINES), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([l, ms]) => mutate(l, ms));

function checkRead(bytes: Uint8Array, line: number): void {
  const r = readRecord(bytes, { file: 'fuzz.jsonl', line }, { maxLineBytes: 4096 });
  if (!r.ok) {
    assert.ok(r.message.startsWith(`fuzz.jsonl:${line}: `), r.message);
    assert.ok(r.message.length > `fuzz.jsonl:${line}: `.length + 10, r.message);
  }
}

suite('import fuzz: readRecord', () => {
  test('the real lines all read (the mutations start from good records)', () => {
    assert.ok(REAL_LINES.length >= 30, `${REAL_LINES.length} lines`);
    for (const l of REAL_LINES) assert.equal(readRecord(l, { file: 'f', line: 1 }).ok, true, l.toString('utf8').slice(0, 80));
  });

  test('random bytes never throw; problems name file and line', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), fc.integer({ min: 1, max: 1e6 }), (bytes, line) => checkRead(bytes, line)), { numRuns: 400 });
  });

  test('mutated real lines never throw; problems name file and line', () => {
    fc.assert(fc.property(mutatedLine, (bytes) => checkRead(bytes, 7)), { numRuns: 800 });
  });

  test('a NUL inserted anywhere in a real line is binary; an invalid UTF-8 byte in a clean line is not-utf8', () => {
    fc.assert(fc.property(fc.constantFrom(...REAL_LINES), fc.nat(), (line, at) => {
      const i = at % line.length;
      const nul = readRecord(Buffer.concat([line.subarray(0, i), Buffer.from([0]), line.subarray(i)]), { file: 'f', line: 1 });
      assert.equal(nul.ok ? 'ok' : nul.code, 'binary');
      const ff = readRecord(Buffer.concat([line.subarray(0, i), Buffer.from([0xff]), line.subarray(i)]), { file: 'f', line: 1 });
      assert.equal(ff.ok ? 'ok' : ff.code, 'not-utf8');
    }), { numRuns: 200 });
  });
});

suite('import fuzz: prepareSource', () => {
  let dir: string;
  setup(() => {
    dir = makeTempDir('import-fuzz');
  });
  teardown(() => removeDir(dir));

  const array = fs.readFileSync(formatFixture('alpaca_array.json'));
  const contents = fc.oneof(
    fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)),
    fc.array(mutatedLine, { minLength: 1, maxLength: 5 }).map((ls) => Buffer.concat(ls.flatMap((l) => [l, Buffer.from('\n')]))),
    fc.array(mutation, { minLength: 1, maxLength: 6 }).map((ms) => mutate(array, ms)),
  );
  const name = fc.constantFrom('f.jsonl', 'f.json', 'f.jsonl.gz', 'f.json.gz');
  let n = 0;

  test('never rejects on content, and every line it yields reads without throwing, at an original line', async () => {
    await fc.assert(fc.asyncProperty(contents, name, fc.boolean(), async (bytes, file, gzipIt) => {
      const p = path.join(dir, `${n++}-${file}`);
      // A .gz name holds either real gzip of the bytes or the raw bytes (not gzip at all).
      fs.writeFileSync(p, file.endsWith('.gz') && gzipIt ? gzipSync(bytes) : bytes);
      const s = await prepareSource(p, path.join(dir, 'cache'));
      for (const note of s.notes) assert.ok(note.message.startsWith(path.basename(p)), note.message);
      const index = buildLineIndex(s.jsonlPath);
      const fd = fs.openSync(s.jsonlPath, 'r');
      try {
        for (let i = 0; i < index.starts.length; i++) {
          const line = originalLine(s, index.lineNumbers[i]);
          assert.ok(line >= 1);
          checkRead(readLineBytes(fd, index.starts[i], index.lengths[i]), line);
        }
      } finally {
        fs.closeSync(fd);
      }
    }), { numRuns: 150 });
  });
});
