// The export command in the real extension host, on the fixture store (this file sorts last: the
// others expect a store no test has opened yet): answers given up front (no quick picks), files
// and manifest checked on disk, the choices remembered in the project document.
// Leaves the store's verdicts as it found them (one accept step, undone).
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExportResult } from '../../src/core/export/curatedExport';
import { readExportChoices } from '../../src/core/export/exportChoices';
import { CommandIds } from '../../src/extension/commandIds';
import type { ExportCommandOptions } from '../../src/extension/exportCommand';
import { api } from './extensionHost';

suite('export', () => {
  test('Export Curated Set writes the accepted samples, the manifest and the card, and remembers the choices', async () => {
    const curator = await api();
    const store = await curator.stores.open();
    const gsm = Array.from({ length: store.size }, (_, i) => i).filter((i) => store.sourceAt(i) === 'gsm8k_test_first120.jsonl');
    const before = store.counts();
    await store.decideMany(gsm, 'accepted');
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'curator-export-'));
    try {
      const options: ExportCommandOptions = {
        selection: { kind: 'accepted' }, format: 'openai-chat', destination: path.join(parent, 'set'),
        split: { ratio: 0.1, seed: 3 }, useEdits: true, licenceIssues: 'include', fileType: 'jsonl',
      };
      const result = await vscode.commands.executeCommand<ExportResult | undefined>(CommandIds.exportCuratedSet, options);
      assert.ok(result, 'the command resolves with the result');
      assert.deepEqual(fs.readdirSync(parent), ['set'], 'only the finished folder, no temporary one');
      assert.deepEqual(fs.readdirSync(result.destination).sort(), ['README.md', 'manifest.json', 'manifest.samples.jsonl', 'train.jsonl', 'validation.jsonl']);
      const manifest = JSON.parse(fs.readFileSync(result.manifestPath, 'utf8'));
      assert.equal(manifest.counts.exported, before.accepted + gsm.length);
      // Stratified by source: 12 of the 120 GSM8K samples (10%) go to validation.
      assert.equal(manifest.counts.bySplit.train + manifest.counts.bySplit.validation, manifest.counts.exported);
      assert.ok(manifest.counts.bySplit.validation >= 12);
      assert.equal(manifest.tool.name, 'Sample Curator');
      assert.ok(manifest.reviewers.includes(store.reviewer));
      for (const f of manifest.files) {
        const bytes: Buffer = fs.readFileSync(path.join(result.destination, f.path));
        assert.equal(f.sha256, createHash('sha256').update(bytes).digest('hex'));
      }
      const first = JSON.parse(fs.readFileSync(path.join(result.destination, 'train.jsonl'), 'utf8').split('\n')[0]);
      assert.deepEqual(first.messages.map((m: { role: string }) => m.role), ['user', 'assistant']);
      assert.match(fs.readFileSync(path.join(result.destination, 'README.md'), 'utf8'), /load_dataset\("json", data_files=\{"train": "train.jsonl", "validation": "validation.jsonl"\}\)/);
      const remembered = readExportChoices(store.project.data.export);
      assert.deepEqual(remembered, { selection: { kind: 'accepted' }, format: 'openai-chat', parentFolder: parent, split: { ratio: 0.1, seed: 3 }, useEdits: true, fileType: 'jsonl' });

      const again = await vscode.commands.executeCommand<ExportResult | undefined>(CommandIds.exportCuratedSet, options);
      assert.equal(again, undefined, 'an existing destination is refused (the error is shown, nothing is written)');
      assert.deepEqual(fs.readdirSync(parent), ['set']);
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
      await store.undo();
    }
    assert.deepEqual(store.counts(), before);
  });

  test('after the checks ran, the manifest and the card say which checks ran and what they found in the exported set', async () => {
    const curator = await api();
    const store = await curator.stores.open();
    await curator.checks.run(store);
    assert.ok(curator.checks.result, 'the checks ran');
    const gsm = Array.from({ length: store.size }, (_, i) => i).filter((i) => store.sourceAt(i) === 'gsm8k_test_first120.jsonl');
    await store.decideMany(gsm, 'accepted');
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'curator-export-'));
    try {
      const result = await vscode.commands.executeCommand<ExportResult | undefined>(CommandIds.exportCuratedSet, {
        selection: { kind: 'filter', text: 'source:gsm8k_test_first120.jsonl verdict:accepted' }, format: 'trl-messages',
        destination: path.join(parent, 'checked'), split: null, useEdits: true, licenceIssues: 'include', fileType: 'jsonl',
      } satisfies ExportCommandOptions);
      assert.ok(result);
      const manifest = JSON.parse(fs.readFileSync(result.manifestPath, 'utf8'));
      assert.equal(manifest.counts.exported, gsm.length);
      assert.deepEqual(manifest.checks.map((c: { name: string }) => c.name), ['near-duplicates', 'benchmark contamination', 'answer verifier', 'meters']);
      // The fixture's GSM8K problems are GSM8K test items: every exported one is a benchmark match.
      const contamination = manifest.checks[1].summary as string;
      assert.match(contamination, new RegExp(`; ${gsm.length} of them exported$`));
      assert.equal(manifest.meters.teacherMix.total, gsm.length);
      assert.deepEqual(manifest.meters.warnings, [], 'unknown teachers and origins exceed no limit');
      assert.match(fs.readFileSync(path.join(result.destination, 'README.md'), 'utf8'), /- benchmark contamination: 13-gram overlap/);
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
      await store.undo();
    }
  });

  test('as Parquet shards: data/<split>-00000.parquet with the settings\' codec, hashed in the manifest, named by the card, remembered', async () => {
    const curator = await api();
    const store = await curator.stores.open();
    const gsm = Array.from({ length: store.size }, (_, i) => i).filter((i) => store.sourceAt(i) === 'gsm8k_test_first120.jsonl');
    await store.decideMany(gsm, 'accepted');
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'curator-export-'));
    try {
      const result = await vscode.commands.executeCommand<ExportResult | undefined>(CommandIds.exportCuratedSet, {
        selection: { kind: 'filter', text: 'source:gsm8k_test_first120.jsonl verdict:accepted' }, format: 'openai-chat',
        destination: path.join(parent, 'pq'), split: { ratio: 0.1, seed: 3 }, useEdits: true, licenceIssues: 'include', fileType: 'parquet',
      } satisfies ExportCommandOptions);
      assert.ok(result);
      assert.deepEqual(fs.readdirSync(path.join(result.destination, 'data')).sort(), ['train-00000.parquet', 'validation-00000.parquet']);
      const manifest = JSON.parse(fs.readFileSync(result.manifestPath, 'utf8'));
      assert.equal(manifest.parquet.codec, 'SNAPPY', 'the setting\'s default');
      assert.equal(manifest.files.reduce((n: number, f: { lines: number }) => n + f.lines, 0), gsm.length);
      for (const f of manifest.files) {
        const bytes: Buffer = fs.readFileSync(path.join(result.destination, f.path));
        assert.equal(f.sha256, createHash('sha256').update(bytes).digest('hex'));
        assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PAR1');
      }
      assert.match(fs.readFileSync(path.join(result.destination, 'README.md'), 'utf8'), /- split: train\n {4}path: "data\/train-00000.parquet"\n/);
      assert.equal(readExportChoices(store.project.data.export).fileType, 'parquet');
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
      await store.undo();
    }
  });
});
