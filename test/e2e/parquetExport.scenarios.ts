// Export as Parquet from the palette in the real workbench (issue 16): every question answered
// with its default except "Data files", where the reviewer picks Parquet shards; the folder beside
// the store then holds data/train-00000.parquet (read back here with hyparquet), the manifest
// hashes it, the card's configs name it, the notification says so, and the next export offers
// Parquet first.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { CurationStore } from '../../src/core/store/curationStore';
import { runFromPalette } from '../../testkit/workbench/workbenchPage';
import { makeTestWorkspace } from '../harness/testWorkspace';
import { exportFromPalette } from './exportQuestions';
import type { Scenario } from './uiHost';

export const PARQUET_FILE = 'gsm8k_test_first120.jsonl';
const REVIEWER = 'parquet-reviewer';
const ACCEPTED = 30;

/** One file, its first ACCEPTED samples accepted by the reviewer the workbench records as. */
export async function parquetExportWorkspace(): Promise<string> {
  const dir = makeTestWorkspace(undefined, false, { only: [`demo-store/${PARQUET_FILE}`], settings: { 'sampleCurator.reviewer': REVIEWER } });
  const store = await CurationStore.open(dir, { reviewer: REVIEWER });
  try {
    await store.decideMany(Array.from({ length: ACCEPTED }, (_, i) => i), 'accepted');
  } finally {
    await store.close();
  }
  return dir;
}

export function parquetExportScenarios(): Scenario[] {
  return [{
    name: 'export: Parquet shards picked in the export questions write data/train-00000.parquet, hashed, named by the card, and remembered',
    shot: 'parquet-export',
    async run({ page, workspace }) {
      const destination = await exportFromPalette(page, workspace, { pick: 'Parquet shards' });
      assert.deepEqual(fs.readdirSync(path.join(destination, 'data')), ['train-00000.parquet']);
      assert.ok(!fs.existsSync(path.join(destination, 'train.jsonl')));
      const shard = path.join(destination, 'data', 'train-00000.parquet');
      const rows = await parquetReadObjects({ file: await asyncBufferFromFile(shard) });
      assert.equal(rows.length, ACCEPTED);
      assert.deepEqual((rows[0].messages as { role: string }[]).map((m) => m.role), ['user', 'assistant']);
      const manifest = JSON.parse(fs.readFileSync(path.join(destination, 'manifest.json'), 'utf8'));
      assert.equal(manifest.files[0].sha256, createHash('sha256').update(fs.readFileSync(shard)).digest('hex'));
      assert.match(fs.readFileSync(path.join(destination, 'README.md'), 'utf8'), /path: "data\/train-00000.parquet"/);
      // The toast may have hidden itself by now: the notification centre keeps it.
      await runFromPalette(page, 'Notifications: Show Notifications');
      await page.locator('.notifications-center', { hasText: `Exported ${ACCEPTED} samples` }).filter({ hasText: '1 Parquet shard(s)' }).waitFor();
      await runFromPalette(page, 'Notifications: Hide Notifications');

      // The next export offers Parquet first (the remembered answer), then is dismissed.
      const widget = page.locator('.quick-input-widget');
      await runFromPalette(page, 'Sample Curator: Export Curated Set');
      // Two questions answered with their defaults. An Enter that lands while a question is still
      // being drawn is lost (the format question also fills in its refusal counts after it opens),
      // so each is pressed again until its question is gone.
      const first = widget.locator('.monaco-list-row').first();
      for (const question of ['Accepted samples', 'OpenAI chat fine-tuning']) {
        await first.filter({ hasText: question }).waitFor();
        for (let i = 0; i < 5 && (await first.filter({ hasText: question }).isVisible()); i++) {
          await widget.locator('input').press('Enter');
          await page.waitForTimeout(1000);
        }
      }
      await widget.locator('.monaco-list-row').first().filter({ hasText: 'Parquet shards' }).waitFor();
      await page.keyboard.press('Escape');
    },
  }];
}
