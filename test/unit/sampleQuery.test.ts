// runQuery: filters, search, sort, progress and cancellation over a store of real JSONL files
// (indexed with the real line index), read through the QueryableStore interface.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildLineIndex, type LineIndex } from '../../src/core/ingest/lineIndex';
import type { ProvenanceDefaults } from '../../src/core/formats/provenance';
import { DEFAULT_MAX_LINE_BYTES } from '../../src/core/ingest/recordReader';
import type { Verdict } from '../../src/core/formats/sampleModel';
import { runQuery, type QueryableStore, type QueryProgress, type SampleQuery } from '../../src/core/query/sampleQuery';
import { makeTempDir, removeDir } from './fixtureFiles';

interface FakeSample {
  readonly record: unknown;
  readonly verdict?: Verdict;
  readonly labels?: readonly string[];
}

interface FakeStore extends QueryableStore {
  /** Indices whose record location was asked for (i.e. whose bytes were read). */
  readonly read: number[];
  readonly annotated: number[];
}

/** Writes each file's records as JSONL and serves them through the query interface. */
function fakeStore(dir: string, files: Record<string, readonly FakeSample[]>, options: { defaults?: Record<string, ProvenanceDefaults>; oversize?: readonly number[] } = {}): FakeStore {
  const rows: { source: string; abs: string; index: LineIndex; k: number; sample: FakeSample }[] = [];
  for (const [name, samples] of Object.entries(files)) {
    const abs = path.join(dir, name);
    fs.writeFileSync(abs, samples.map((s) => (typeof s.record === 'string' ? s.record : JSON.stringify(s.record))).join('\n') + '\n');
    const index = buildLineIndex(abs);
    samples.forEach((sample, k) => rows.push({ source: name, abs, index, k, sample }));
  }
  const read: number[] = [];
  const annotated: number[] = [];
  return {
    read, annotated,
    size: rows.length,
    verdictAt: (i) => rows[i].sample.verdict ?? 'pending',
    annotationsAt: (i) => {
      annotated.push(i);
      return { labels: rows[i].sample.labels ?? [] };
    },
    sourceAt: (i) => rows[i].source,
    byteLengthAt: (i) => (options.oversize?.includes(i) ? DEFAULT_MAX_LINE_BYTES + 1 : rows[i].index.lengths[rows[i].k]),
    recordAt: (i) => {
      read.push(i);
      return { path: rows[i].abs, start: rows[i].index.starts[rows[i].k], length: rows[i].index.lengths[rows[i].k] };
    },
    provenanceDefaultsOf: (source) => options.defaults?.[source],
  };
}

const chat = (user: string, assistant = 'ok', extra: object = {}) => ({
  messages: [{ role: 'user', content: user }, { role: 'assistant', content: assistant }], ...extra,
});

async function indices(store: QueryableStore, query: SampleQuery): Promise<number[]> {
  return [...(await runQuery(store, query))];
}

suite('sampleQuery: filters', () => {
  let dir: string;
  let store: FakeStore;
  setup(() => {
    dir = makeTempDir('sample-query');
    store = fakeStore(dir, {
      'a.jsonl': [
        { record: chat('Where is my refund?'), verdict: 'accepted', labels: ['incorrect'] },
        { record: chat('What is 2+2?', '4'), verdict: 'rejected', labels: ['incorrect', 'too-long'] },
        { record: chat('Tell me a joke'), verdict: 'pending' },
      ],
      'b.jsonl': [
        { record: chat('REFUND policy please'), verdict: 'accepted', labels: ['too-long'] },
        { record: chat('hello'), verdict: 'skipped', labels: ['incorrect', 'too-long'] },
      ],
    });
  });
  teardown(() => removeDir(dir));

  test('no criteria: every sample, in store order, without reading a record', async () => {
    assert.deepEqual(await indices(store, {}), [0, 1, 2, 3, 4]);
    assert.deepEqual(store.read, []);
  });

  test('verdicts are alternatives; an empty list does not narrow', async () => {
    assert.deepEqual(await indices(store, { verdicts: ['accepted'] }), [0, 3]);
    assert.deepEqual(await indices(store, { verdicts: ['rejected', 'skipped'] }), [1, 4]);
    assert.deepEqual(await indices(store, { verdicts: [] }), [0, 1, 2, 3, 4]);
    assert.deepEqual(store.read, []);
  });

  test('labels must all be set; sources are alternatives', async () => {
    assert.deepEqual(await indices(store, { labels: ['incorrect'] }), [0, 1, 4]);
    assert.deepEqual(await indices(store, { labels: ['incorrect', 'too-long'] }), [1, 4]);
    assert.deepEqual(await indices(store, { sources: ['b.jsonl'] }), [3, 4]);
    assert.deepEqual(await indices(store, { sources: ['b.jsonl', 'a.jsonl'], labels: ['too-long'] }), [1, 3, 4]);
    assert.deepEqual(store.read, []);
  });

  test('a source is found by part of its name, ignoring case, from the store\'s list or its samples', async () => {
    assert.deepEqual(await indices(store, { sources: ['B'] }), [3, 4]);
    assert.deepEqual(await indices(store, { sources: ['.jsonl'] }), [0, 1, 2, 3, 4]);
    assert.deepEqual(await indices(store, { sources: ['c.jsonl'] }), []);
    assert.deepEqual(await indices({ ...store, sourcePaths: ['a.jsonl', 'b.jsonl'] }, { sources: ['A.JSON'] }), [0, 1, 2]);
    assert.deepEqual(store.read, []);
  });

  test('cheap criteria run first: labels are looked up and records read only for what passed the verdict', async () => {
    assert.deepEqual(await indices(store, { verdicts: ['accepted'], labels: ['incorrect'], text: 'refund' }), [0]);
    assert.deepEqual(store.annotated, [0, 3]);
    assert.deepEqual(store.read, [0]);
  });

  test('text is a case-insensitive phrase over every source', async () => {
    assert.deepEqual(await indices(store, { text: 'refund' }), [0, 3]);
    assert.deepEqual(await indices(store, { text: 'Refund Policy' }), [3]);
    assert.deepEqual(await indices(store, { text: 'no such words' }), []);
    assert.deepEqual(await indices(store, { text: '' }), [0, 1, 2, 3, 4]);
  });

  test('text as /regex/flags: the pattern decides case; invalid and risky patterns are refused before any read', async () => {
    assert.deepEqual(await indices(store, { text: '/ref+und/i' }), [0, 3]);
    assert.deepEqual(await indices(store, { text: '/REFUND/' }), [3]);
    assert.deepEqual(await indices(store, { text: '/\\d\\+\\d/' }), [1]);
    store.read.length = 0;
    await assert.rejects(runQuery(store, { text: '/a(/' }), { name: 'TextPatternError', message: /\/a\(\/ is not a valid regular expression/ });
    await assert.rejects(runQuery(store, { text: '/(a+)+$/' }), { name: 'TextPatternError', message: /“\(a\+\)\+” repeats a group/ });
    assert.deepEqual(store.read, []);
  });

  test('an unknown verdict or sort is refused with the values allowed', async () => {
    await assert.rejects(runQuery(store, { verdicts: ['done' as Verdict] }), { name: 'QueryError', message: 'unknown verdict “done” (one of pending, accepted, rejected, skipped)' });
    await assert.rejects(runQuery(store, { sort: 'size' as 'order' }), { name: 'QueryError', message: 'unknown sort “size” (one of order, length, source, judge)' });
  });

  test('flags: every flag asked for must be reported by flagsAt; without flagsAt no sample matches', async () => {
    const flagged: QueryableStore = { ...store, flagsAt: (i) => (i === 1 ? ['duplicate', 'verifier-fail'] : i === 3 ? ['duplicate'] : []) };
    assert.deepEqual(await indices(flagged, { flags: ['duplicate'] }), [1, 3]);
    assert.deepEqual(await indices(flagged, { flags: ['duplicate', 'verifier-fail'] }), [1]);
    assert.deepEqual(await indices(store, { flags: ['duplicate'] }), []);
  });
});

suite('sampleQuery: text the JSON escapes', () => {
  let dir: string;
  teardown(() => removeDir(dir));

  test('phrases holding quotes, line breaks, slashes and non-ASCII are found in escaped records', async () => {
    dir = makeTempDir('sample-query-escapes');
    const store = fakeStore(dir, {
      'e.jsonl': [
        { record: chat('She said "stop" twice') },
        { record: chat('line one\nline two') },
        { record: '{"messages":[{"role":"user","content":"caf\\u00e9 au lait \\ud83d\\ude00"}]}' },
        { record: '{"messages":[{"role":"user","content":"see http:\\/\\/example.com\\/a"}]}' },
        { record: chat('a\tb C:\\path') },
      ],
    });
    assert.deepEqual(await indices(store, { text: 'said "stop"' }), [0]);
    assert.deepEqual(await indices(store, { text: 'one\nline' }), [1]);
    assert.deepEqual(await indices(store, { text: 'CAFÉ AU' }), [2]);
    assert.deepEqual(await indices(store, { text: 'lait 😀' }), [2]);
    assert.deepEqual(await indices(store, { text: 'http://example.com/a' }), [3]);
    assert.deepEqual(await indices(store, { text: 'a\tb c:\\path' }), [4]);
  });

  test('escape letters are not text: "nice" is not in `\\nice`, "u00e9" is not in `\\u00e9`', async () => {
    dir = makeTempDir('sample-query-escapes');
    const store = fakeStore(dir, {
      'e.jsonl': [
        { record: chat('first\nice') },
        { record: chat('nice to see you\nthere') },
        { record: '{"messages":[{"role":"user","content":"caf\\u00e9"}]}' },
        { record: chat('back\\nice') },
      ],
    });
    assert.deepEqual(await indices(store, { text: 'nice' }), [1, 3]);
    assert.deepEqual(await indices(store, { text: 'u00e9' }), []);
    assert.deepEqual(await indices(store, { text: '/\\nice/' }), [0]);
  });

  test('a record that is not JSON is searched as its text; an oversize one is never read', async () => {
    dir = makeTempDir('sample-query-escapes');
    const store = fakeStore(dir, {
      'e.jsonl': [{ record: '{"broken": "refund' }, { record: chat('refund') }],
    }, { oversize: [1] });
    assert.deepEqual(await indices(store, { text: 'refund' }), [0]);
    assert.deepEqual(store.read, [0]);
  });
});

suite('sampleQuery: model and licence', () => {
  let dir: string;
  let store: FakeStore;
  setup(() => {
    dir = makeTempDir('sample-query-provenance');
    store = fakeStore(dir, {
      'a.jsonl': [
        { record: chat('one', 'ok', { metadata: { model: 'Teacher-A', license: 'MIT' } }) },
        { record: chat('two', 'ok', { teacher_model: { name: 'teacher-b', version: '2' }, licence: { spdx_id: 'Apache-2.0' } }) },
        { record: chat('three') },
        { record: chat('four', 'ok', { model: 70 }) },
      ],
      'b.jsonl': [
        { record: chat('five') },
        { record: chat('six', 'ok', { model: 'teacher-a' }) },
        { record: chat('seven', 'ok', { model: 'teacher-b' }) },
      ],
    }, { defaults: { 'b.jsonl': { model: 'teacher-c', licence: 'CC-BY-4.0' } } });
  });
  teardown(() => removeDir(dir));

  test('models compare case-insensitively with the record’s model, in any recognized field and shape', async () => {
    assert.deepEqual(await indices(store, { models: ['teacher-a'] }), [0, 5]);
    assert.deepEqual(await indices(store, { models: ['TEACHER-B'] }), [1, 6]);
    assert.deepEqual(await indices(store, { models: ['70'] }), [3]);
  });

  test('the file’s defaults fill what a record leaves out, and a record’s own value wins', async () => {
    assert.deepEqual(await indices(store, { models: ['teacher-c'] }), [4]);
    assert.deepEqual(await indices(store, { licences: ['cc-by-4.0'] }), [4, 5, 6]);
  });

  test('"unknown" matches samples whose record and file say nothing', async () => {
    assert.deepEqual(await indices(store, { models: ['unknown'] }), [2]);
    assert.deepEqual(await indices(store, { licences: ['unknown'] }), [2, 3]);
    assert.deepEqual(await indices(store, { licences: ['unknown', 'mit'] }), [0, 2, 3]);
  });

  test('a value found in the text is not the model, and an escaped model is still found', async () => {
    const other = fakeStore(dir, {
      'c.jsonl': [
        { record: chat('ask teacher-a', 'ok', { model: 'teacher-b' }) },
        { record: '{"messages":[{"role":"user","content":"x"}],"model":"Teacher\\u002dA","license":"MIT\\u00a0"}' },
        { record: chat('x', 'ok', { model: 'modèle-ü' }) },
      ],
    });
    assert.deepEqual(await indices(other, { models: ['teacher-a'] }), [1]);
    assert.deepEqual(await indices(other, { models: ['MODÈLE-Ü'] }), [2]);
    assert.deepEqual(await indices(other, { licences: ['mit\u00a0'] }), [1]);
  });

  test('model, licence and text combine', async () => {
    assert.deepEqual(await indices(store, { models: ['teacher-b'], licences: ['apache-2.0'], text: 'two' }), [1]);
    assert.deepEqual(await indices(store, { models: ['teacher-b'], text: 'seven' }), [6]);
    assert.deepEqual(await indices(store, { models: ['teacher-b'], text: 'five' }), []);
  });
});

suite('sampleQuery: sort', () => {
  let dir: string;
  let store: FakeStore;
  setup(() => {
    dir = makeTempDir('sample-query-sort');
    store = fakeStore(dir, {
      'b.jsonl': [{ record: chat('xx') }, { record: chat('x') }, { record: chat('yy') }],
      'a.jsonl': [{ record: chat('xxx') }, { record: chat('x') }],
    });
  });
  teardown(() => removeDir(dir));

  test('by length, shortest first, equal lengths in store order; descending keeps equal ones in store order', async () => {
    assert.deepEqual(await indices(store, { sort: 'length' }), [1, 4, 0, 2, 3]);
    assert.deepEqual(await indices(store, { sort: 'length', descending: true }), [3, 0, 2, 1, 4]);
  });

  test('by source name, then store order; descending reverses the names only', async () => {
    assert.deepEqual(await indices(store, { sort: 'source' }), [3, 4, 0, 1, 2]);
    assert.deepEqual(await indices(store, { sort: 'source', descending: true }), [0, 1, 2, 3, 4]);
  });

  test('store order, and its reverse; sorting applies to the matches only', async () => {
    assert.deepEqual(await indices(store, { sort: 'order' }), [0, 1, 2, 3, 4]);
    assert.deepEqual(await indices(store, { descending: true }), [4, 3, 2, 1, 0]);
    assert.deepEqual(await indices(store, { text: 'x', sort: 'length', descending: true }), [3, 0, 1, 4]);
  });

  test('a large shuffled set sorts like a stable comparison sort', async () => {
    const lengths = Array.from({ length: 70_000 }, (_, i) => ((i * 7919) % 100_003) * 977 % 300_000);
    const fake: QueryableStore = {
      size: lengths.length, verdictAt: () => 'pending', annotationsAt: () => ({ labels: [] }), sourceAt: () => 's',
      byteLengthAt: (i) => lengths[i], recordAt: () => assert.fail('no record is read to sort'),
    };
    const expected = lengths.map((_, i) => i).sort((x, y) => lengths[x] - lengths[y] || x - y);
    assert.deepEqual([...(await runQuery(fake, { sort: 'length' }))], expected);
    const expectedDesc = lengths.map((_, i) => i).sort((x, y) => lengths[y] - lengths[x] || x - y);
    assert.deepEqual([...(await runQuery(fake, { sort: 'length', descending: true }))], expectedDesc);
  });
});

suite('sampleQuery: judge scores', () => {
  let dir: string;
  let store: FakeStore;
  const range = (min?: number, max?: number, inclusive = true) => ({
    kind: 'range' as const, ...(min !== undefined ? { min: { value: min, inclusive } } : {}), ...(max !== undefined ? { max: { value: max, inclusive } } : {}),
  });
  setup(() => {
    dir = makeTempDir('sample-query-judge');
    store = fakeStore(dir, {
      'uf.jsonl': [
        { record: chat('a', 'ok', { score_chosen: 8.5, score_rejected: 3 }) }, // 0
        { record: chat('b', 'ok', { score_chosen: 4 }) }, // 1
        { record: chat('c') }, // 2: no score
      ],
      'dl.jsonl': [
        { record: chat('d', 'ok', { ratings: [4, null, 5], rationales: ['x', null, 'y'] }) }, // 3: 4.5
        { record: chat('e', 'ok', { score: 'high' }) }, // 4: a problem
        { record: chat('f', 'ok', { metadata: { judge: { score: 2 } } }) }, // 5: only with a nested path
        { record: chat('g', 'score 9 in the text only') }, // 6: the word is not the field
        { record: chat('h', 'ok', { reward: 4 }), verdict: 'accepted' }, // 7
      ],
    }, { oversize: [] });
  });
  teardown(() => removeDir(dir));

  test('comparisons and ranges keep scored samples only; ends included or not as written', async () => {
    assert.deepEqual(await indices(store, { judge: [range(4)] }), [0, 1, 3, 7]);
    assert.deepEqual(await indices(store, { judge: [range(4, undefined, false)] }), [0, 3]);
    assert.deepEqual(await indices(store, { judge: [range(undefined, 4, false)] }), []);
    assert.deepEqual(await indices(store, { judge: [range(4, 5)] }), [1, 3, 7]);
    assert.deepEqual(await indices(store, { judge: [range(4.5, 4.5)] }), [3]);
  });

  test('none: no score (no field, or not a number); problem: not a number; alternatives combine', async () => {
    assert.deepEqual(await indices(store, { judge: [{ kind: 'none' }] }), [2, 4, 5, 6]);
    assert.deepEqual(await indices(store, { judge: [{ kind: 'problem' }] }), [4]);
    assert.deepEqual(await indices(store, { judge: [range(8), { kind: 'none' }] }), [0, 2, 4, 5, 6]);
  });

  test('the fields read are an option: a nested path, or no fields at all', async () => {
    assert.deepEqual([...(await runQuery(store, { judge: [range(undefined, 3)] }, { judgeFields: ['metadata.judge.score'] }))], [5]);
    assert.deepEqual([...(await runQuery(store, { judge: [{ kind: 'none' }] }, { judgeFields: [] }))], [0, 1, 2, 3, 4, 5, 6, 7]);
  });

  test('cheap criteria first: only samples that pass the verdict are read', async () => {
    assert.deepEqual(await indices(store, { verdicts: ['accepted'], judge: [range(4)] }), [7]);
    assert.deepEqual(store.read, [7]);
  });

  test('sort by judge: ascending or descending, equal scores in store order, no score last either way', async () => {
    assert.deepEqual(await indices(store, { sort: 'judge' }), [1, 7, 3, 0, 2, 4, 5, 6]);
    assert.deepEqual(await indices(store, { sort: 'judge', descending: true }), [0, 3, 1, 7, 2, 4, 5, 6]);
    assert.deepEqual(await indices(store, { sort: 'judge', judge: [range(undefined, 5)] }), [1, 7, 3]);
  });

  test('an oversize record is never read and has no score', async () => {
    const big = fakeStore(dir, { 'big.jsonl': [{ record: chat('x', 'ok', { score: 1 }) }, { record: chat('y', 'ok', { score: 2 }) }] }, { oversize: [1] });
    assert.deepEqual([...(await runQuery(big, { judge: [{ kind: 'none' }] }))], [1]);
    assert.deepEqual(big.read, [0]);
  });

  test('a judge criterion given in code is checked like a typed one', async () => {
    await assert.rejects(runQuery(store, { judge: [{ kind: 'range' }] }), { name: 'QueryError', message: 'a judge range needs a lower or an upper end' });
    await assert.rejects(runQuery(store, { judge: [range(5, 4)] }), { message: 'the judge range 5..4 is empty' });
    assert.deepEqual(store.read, []);
  });

  test('a large set of float scores sorts like a stable comparison sort', async () => {
    const n = 20_000;
    const score = (i: number) => (i % 13 === 0 ? undefined : ((i * 7919) % 1009) / 7 - 50);
    const big = fakeStore(dir, { 'many.jsonl': Array.from({ length: n }, (_, i) => ({ record: { messages: [{ role: 'user', content: 'q' }], ...(score(i) === undefined ? {} : { reward: score(i) }) } })) });
    const order = (desc: boolean) => Array.from({ length: n }, (_, i) => i).sort((x, y) => {
      const a = score(x);
      const b = score(y);
      if (a === undefined || b === undefined) return (a === undefined ? 1 : 0) - (b === undefined ? 1 : 0) || x - y;
      return (desc ? b - a : a - b) || x - y;
    });
    assert.deepEqual([...(await runQuery(big, { sort: 'judge' }))], order(false));
    assert.deepEqual([...(await runQuery(big, { sort: 'judge', descending: true }))], order(true));
  });
});

suite('sampleQuery: progress, yielding and cancellation', () => {
  const plain = (size: number, verdictAt: (i: number) => Verdict = () => 'pending'): QueryableStore => ({
    size, verdictAt, annotationsAt: () => ({ labels: [] }), sourceAt: () => 's', byteLengthAt: () => 10,
    recordAt: () => assert.fail('no record is read'),
  });

  test('progress after every chunk: samples done, total and matches so far', async () => {
    const progress: QueryProgress[] = [];
    const result = await runQuery(plain(10, (i) => (i % 3 === 0 ? 'accepted' : 'pending')), { verdicts: ['accepted'] }, { chunk: 4, onProgress: (p) => progress.push(p) });
    assert.deepEqual([...result], [0, 3, 6, 9]);
    assert.deepEqual(progress, [{ done: 4, total: 10, matches: 2 }, { done: 8, total: 10, matches: 3 }, { done: 10, total: 10, matches: 4 }]);
  });

  test('the default chunk is 5,000 samples', async () => {
    const done: number[] = [];
    await runQuery(plain(12_000), {}, { onProgress: (p) => done.push(p.done) });
    assert.deepEqual(done, [5_000, 10_000, 12_000]);
  });

  test('the event loop runs between chunks', async () => {
    let ticks = 0;
    let running = true;
    const tick = () => {
      ticks++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const seen: number[] = [];
    await runQuery(plain(6), {}, { chunk: 2, onProgress: () => seen.push(ticks) });
    running = false;
    assert.equal(seen[0], 0);
    assert.ok(seen[1] > seen[0] && seen[2] > seen[1], `ticks seen at each chunk: ${seen.join(', ')}`);
  });

  test('aborting mid-query rejects with an AbortError and examines no further chunk', async () => {
    const controller = new AbortController();
    const done: number[] = [];
    await assert.rejects(
      runQuery(plain(100), {}, { chunk: 10, signal: controller.signal, onProgress: (p) => {
        done.push(p.done);
        if (p.done === 30) controller.abort();
      } }),
      (e: Error) => e.name === 'AbortError' && e.message === 'the query was cancelled',
    );
    assert.deepEqual(done, [10, 20, 30]);
  });

  test('an already aborted signal rejects before anything is examined', async () => {
    let examined = 0;
    const store = plain(10, () => {
      examined++;
      return 'pending';
    });
    await assert.rejects(runQuery(store, { verdicts: ['pending'] }, { signal: AbortSignal.abort() }), { name: 'AbortError' });
    assert.equal(examined, 0);
  });

  test('an empty store gives no matches and no progress', async () => {
    const progress: QueryProgress[] = [];
    assert.equal((await runQuery(plain(0), { text: 'x' }, { onProgress: (p) => progress.push(p) })).length, 0);
    assert.deepEqual(progress, []);
  });
});
