// The export command's remembered answers: read defensively from the project document, the last
// answer offered first, selections turned into queries.
import * as assert from 'node:assert/strict';
import { DEFAULT_EXPORT_CHOICES, exportFolderName, parseSplitText, readExportChoices, readParquetSettings, rememberedFirst, selectionQuery } from '../../src/core/export/exportChoices';
import { QueryError } from '../../src/core/query/sampleQuery';

suite('exportChoices', () => {
  test('nothing remembered: accepted samples, OpenAI chat, no split, edits used', () => {
    assert.deepEqual(readExportChoices(undefined), DEFAULT_EXPORT_CHOICES);
    assert.deepEqual(DEFAULT_EXPORT_CHOICES, { selection: { kind: 'accepted' }, format: 'openai-chat', parentFolder: '', split: null, useEdits: true, fileType: 'jsonl' });
  });

  test('valid remembered choices come back as they were', () => {
    const stored = { selection: { kind: 'label', label: 'correct' }, format: 'trl-preference', parentFolder: '/data/exports', split: { ratio: 0.05, seed: 9 }, useEdits: false, fileType: 'parquet' };
    assert.deepEqual(readExportChoices(stored), stored);
    assert.deepEqual(readExportChoices({ ...stored, selection: { kind: 'filter', text: 'model:teacher-a' } }).selection, { kind: 'filter', text: 'model:teacher-a' });
  });

  test('a hand-edited document: each bad field falls back on its own', () => {
    const c = readExportChoices({ selection: { kind: 'label' }, format: 'csv', parentFolder: 3, split: { ratio: 1.5, seed: 1 }, useEdits: 'yes', fileType: 'csv' });
    assert.deepEqual(c, DEFAULT_EXPORT_CHOICES);
    assert.equal(readExportChoices({ format: 'alpaca', split: { ratio: 0.2, seed: 1.5 } }).format, 'alpaca');
    assert.equal(readExportChoices({ split: { ratio: 0.2, seed: 1.5 } }).split, null, 'a seed must be an integer');
    assert.deepEqual(readExportChoices([1, 2]), DEFAULT_EXPORT_CHOICES);
  });

  test('Parquet settings: the codec by its setting name, sizes in range, anything else the default', () => {
    assert.deepEqual(readParquetSettings({}), { codec: 'SNAPPY', rowGroupRows: 1_000, maxShardBytes: 500e6 });
    assert.deepEqual(readParquetSettings({ codec: 'zstd', rowGroupRows: 250, maxShardMB: 64 }), { codec: 'ZSTD', rowGroupRows: 250, maxShardBytes: 64e6 });
    assert.deepEqual(readParquetSettings({ codec: 'none' }).codec, 'UNCOMPRESSED');
    assert.deepEqual(readParquetSettings({ codec: 'lzo', rowGroupRows: 2.5, maxShardMB: 0 }), readParquetSettings({}));
  });

  test('the remembered answer is offered first; the rest keep their order', () => {
    assert.deepEqual(rememberedFirst(['a', 'b', 'c', 'd'], (x) => x === 'c'), ['c', 'a', 'b', 'd']);
    assert.deepEqual(rememberedFirst(['a', 'b'], (x) => x === 'a'), ['a', 'b']);
    assert.deepEqual(rememberedFirst(['a', 'b'], () => false), ['a', 'b']);
  });

  test('selections become queries, described for the manifest', () => {
    assert.deepEqual(selectionQuery({ kind: 'accepted' }), { query: { verdicts: ['accepted'] }, description: 'accepted samples' });
    assert.deepEqual(selectionQuery({ kind: 'label', label: 'math' }).query, { verdicts: ['accepted'], labels: ['math'] });
    const f = selectionQuery({ kind: 'filter', text: 'verdict:accepted source:a.jsonl' });
    assert.deepEqual(f.query.verdicts, ['accepted']);
    assert.deepEqual(f.query.sources, ['a.jsonl']);
    assert.throws(() => selectionQuery({ kind: 'filter', text: 'verdict:maybe' }), QueryError);
  });

  test('a new folder name from store, format and time', () => {
    assert.equal(exportFolderName('demo store', 'openai-chat', new Date(Date.UTC(2026, 10, 24, 22, 15, 7))), 'demo_store-openai-chat-20261124-221507');
  });

  test('the split as typed: share and seed', () => {
    assert.deepEqual(parseSplitText('0.1, 42'), { ratio: 0.1, seed: 42 });
    assert.deepEqual(parseSplitText(' .25 7 '), { ratio: 0.25, seed: 7 });
    assert.deepEqual(parseSplitText('0.2'), { ratio: 0.2, seed: 42 });
    assert.deepEqual(parseSplitText('0.2; -3'), { ratio: 0.2, seed: -3 });
    assert.match(parseSplitText('1.5, 1') as string, /between 0 and 1/);
    assert.match(parseSplitText('0') as string, /between 0 and 1/);
    assert.match(parseSplitText('ten percent') as string, /e\.g\. 0\.1, 42/);
  });
});
