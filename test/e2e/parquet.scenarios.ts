// A Hugging Face dataset folder of Parquet shards in the real workbench (issue 16): the card names
// two zstd shards under data/, a third file there is not named and stays out. The panel lists the
// named shards' rows as samples, shows a row as a chat with its source named by shard and row, a
// verdict by key lands in the journal under the row's identity, and the source link opens the
// row as JSON text (not the binary file).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { contentHash } from '../../src/core/ingest/lineIndex';
import { ROOT } from '../../testkit/workbench/paths';
import { reviewPanel, runFromPalette } from '../../testkit/workbench/workbenchPage';
import { MESSAGES_AND_SOURCE } from '../../testkit/parquet/chatParquet';
import { parquetSchema } from '../../src/core/formats/parquetColumns';
import { writeTestParquet } from '../../testkit/parquet/parquetWriting';
import { eventually, journalEvents } from './storeFiles';
import type { Scenario } from './uiHost';

const SHOTS = process.env.SCREENSHOT_DIR ?? path.join(ROOT, 'out', 'screenshots');
const SHARDS = ['data/train-00000-of-00002.parquet', 'data/train-00001-of-00002.parquet'];
const ROWS = 6;

const chat = (n: number) => [
  { role: 'user', content: `Shard question ${n}: what is ${n} squared?` },
  { role: 'assistant', content: `${n} squared is ${n * n}.` },
];

const CHAT_SCHEMA = parquetSchema(MESSAGES_AND_SOURCE);

const rowOf = (shard: number, k: number) => ({ messages: chat(shard * 100 + k), source: `smol-shard-${shard}` });

/** The workspace: a dataset card naming data/train-*, two shards of ROWS rows, and a stray file. */
export async function parquetWorkspace(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curator-parquet-'));
  fs.mkdirSync(path.join(dir, 'data'));
  fs.writeFileSync(path.join(dir, 'README.md'), '---\nconfigs:\n- config_name: default\n  data_files:\n  - split: train\n    path: data/train-*\n---\n# Shards\n');
  for (const [s, shard] of [...SHARDS, 'data/stray.parquet'].entries()) {
    const rows = Array.from({ length: ROWS }, (_, k) => rowOf(s, k));
    await writeTestParquet(path.join(dir, shard), [
      { name: 'messages', data: rows.map((r) => r.messages) },
      { name: 'source', data: rows.map((r) => r.source) },
    ], { codec: 'ZSTD', rowGroupSize: 4, schema: CHAT_SCHEMA });
  }
  return dir;
}

export function parquetScenarios(): Scenario[] {
  return [
    {
      name: 'parquet: a Hub folder\'s named shards open as samples, a row shown as chat named by shard and row, a verdict by key in the journal, the source link opens the row as JSON',
      shot: 'parquet-hub-folder',
      async run({ page, workspace }) {
        await runFromPalette(page, 'Sample Curator: Open Review Panel');
        const panel = reviewPanel(page);
        await panel.locator('#counts .count.pending', { hasText: `${2 * ROWS} pending` }).waitFor({ timeout: 60_000 });
        // The checks' results redraw the panel: wait for them, so no key lands on a panel about to be redrawn.
        await panel.locator('#checks-summary', { hasText: 'checks: 0 near-dup' }).waitFor({ timeout: 60_000 });
        const list = panel.locator('#list');
        await list.focus();
        const detail = panel.locator('#detail');
        // Row 2 of the second shard: sample 8, one key at a time.
        for (let k = 0; k < ROWS + 1; k++) {
          await list.press('j');
          await detail.locator(`article[aria-label="Sample ${k + 2}"]`).waitFor();
        }
        await detail.locator('.source-link', { hasText: `${SHARDS[1]}:2` }).waitFor();
        await detail.getByText(`${101} squared is ${101 * 101}.`).waitFor();
        await list.press('a');
        const id = contentHash(Buffer.from(JSON.stringify(rowOf(1, 1)), 'utf8'));
        await eventually('the verdict on row 2 of shard 2 in the journal', () =>
          journalEvents(workspace).some((e) => e.type === 'verdict' && e.verdict === 'accepted' && e.samples?.includes(id)));
        // The stray file under data/ is not in the card's configs: none of its rows is a sample.
        await panel.locator('#counts .count.pending', { hasText: `${2 * ROWS - 1} pending` }).waitFor();
        await page.screenshot({ path: path.join(SHOTS, 'parquet-hub-folder-panel.png') });

        // The source link opens the converted row as text, at its line.
        await list.press('k');
        await detail.locator('.source-link', { hasText: `${SHARDS[1]}:2` }).click();
        const editor = page.locator('.editor-instance .view-lines').first();
        await editor.getByText('"smol-shard-1"').first().waitFor();
        // The tab is the converted lines (the cache's .jsonl named after the shard), not the binary file.
        const tab = page.locator('.tab.active[data-resource-name^="train-00001-of-00002.parquet"]');
        assert.match((await tab.getAttribute('data-resource-name')) ?? '', /\.jsonl$/);
      },
    },
  ];
}
