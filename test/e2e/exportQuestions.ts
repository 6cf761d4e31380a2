// The export command's questions answered in the real workbench: each one's default (Enter) except
// the row to pick where it is offered; the licence question (the fixtures have no licence)
// answered "Include and Record"; until the export folder appears beside the store (the default
// place, named after the store).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { runFromPalette } from '../../testkit/workbench/workbenchPage';

/** Runs Export Curated Set from the palette; `beforeAnswers` waits for what the first question must show. Returns the export folder. */
export async function exportFromPalette(page: Page, workspace: string, options: { pick?: string; beforeAnswers?: () => Promise<void> } = {}): Promise<string> {
  const parent = path.dirname(workspace);
  const prefix = `${path.basename(workspace)}-`;
  const finished = () => fs.readdirSync(parent).filter((n) => n.startsWith(prefix) && fs.existsSync(path.join(parent, n, 'manifest.json')));
  assert.deepEqual(finished(), [], 'no export yet');
  await runFromPalette(page, 'Sample Curator: Export Curated Set');
  await options.beforeAnswers?.();
  const widget = page.locator('.quick-input-widget');
  const toPick = options.pick === undefined ? undefined : widget.locator('.monaco-list-row', { hasText: options.pick });
  const dialog = page.locator('.monaco-dialog-box');
  let picked = false;
  const deadline = Date.now() + 60_000;
  while (!finished().length) {
    if (Date.now() > deadline) throw new Error('the export never wrote its folder');
    if (await dialog.isVisible()) {
      const include = dialog.locator('.monaco-button', { hasText: 'Include and Record' });
      if (await include.isVisible()) await include.click();
      else await page.keyboard.press('Enter');
    } else if (toPick && !picked && await toPick.isVisible()) {
      await toPick.click();
      picked = true;
    } else if (await widget.isVisible()) {
      // On the quick input itself: the key must not go to the panel if the focus went back there.
      await widget.locator('input').press('Enter').catch(() => undefined);
    } else {
      await page.waitForTimeout(100);
      continue;
    }
    await page.waitForTimeout(300);
  }
  assert.ok(!toPick || picked, `"${options.pick}" was offered`);
  return path.join(parent, finished()[0]);
}
