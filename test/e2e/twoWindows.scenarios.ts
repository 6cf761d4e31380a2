// The panel when another window records this reviewer's decisions (issue 12, findings 1 and 2), in
// the real workbench: a live process takes the journal's lock, a source change makes the store open
// again, and the panel says it is read-only; a verdict key records nothing and says why; the
// palette's Take Over (through its modal) makes this window the writer again.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Scenario } from './uiHost';
import { eventually, journalEvents } from './storeFiles';
import { reviewPanel, runFromPalette, statusBarItem } from '../../testkit/workbench/workbenchPage';

export const TWO_WINDOWS_FILE = 'gsm8k_test_first120.jsonl';

export function twoWindowsScenarios(): Scenario[] {
  let other: ChildProcess | undefined;
  return [
    {
      name: 'another window holds the journal: the panel says read-only, a verdict key records nothing and says why',
      shot: 'review-panel-read-only',
      async run({ page, workspace }) {
        await runFromPalette(page, 'Sample Curator: Open Review Panel');
        const panel = reviewPanel(page);
        await panel.locator('#counts', { hasText: '120 pending' }).waitFor();
        const locks = path.join(workspace, '.curator', 'locks');
        const [lockName] = fs.readdirSync(locks).filter((f) => f.endsWith('.lock'));
        assert.ok(lockName, 'this window holds a lock');
        const lock = path.join(locks, lockName);
        other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)'], { stdio: 'ignore' });
        fs.writeFileSync(lock, JSON.stringify({ pid: other.pid, host: os.hostname(), token: 'other-window', since: new Date().toISOString(), path: lock }));
        // A source change makes the store open again; the lock is now the other window's.
        const line = JSON.stringify({ question: 'Added by the other window’s reviewer: what is 3 + 4?', answer: '#### 7' });
        fs.appendFileSync(path.join(workspace, TWO_WINDOWS_FILE), `${line}\n`);
        await panel.locator('#counts', { hasText: '121 pending' }).waitFor({ timeout: 30_000 });
        await panel.locator('.banner-note', { hasText: /^Read-only: .*another window \(process \d+/ }).waitFor();
        await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/review-panel-read-only-banner.png` });
        await panel.locator('#list').focus();
        await panel.locator('#list').press('a');
        await panel.locator('.banner-error', { hasText: 'nothing was recorded' }).waitFor();
        assert.deepEqual(journalEvents(workspace), [], 'the journal is untouched');
        await panel.locator('#counts', { hasText: '121 pending' }).waitFor();
      },
    },
    {
      name: 'palette → Take Over Decisions in This Window (modal) → the next verdict is recorded here',
      shot: 'review-panel-taken-over',
      async run({ page, workspace }) {
        try {
          await runFromPalette(page, 'Sample Curator: Take Over Decisions in This Window');
          await page.getByRole('button', { name: 'Take Over' }).click();
          const panel = reviewPanel(page);
          await panel.locator('.banner-note', { hasText: /^Read-only:/ }).waitFor({ state: 'detached' });
          await panel.locator('#list').focus();
          // A GSM8K item is a benchmark item: the first `a` warns, the second accepts.
          await panel.locator('#list').press('a');
          await panel.locator('.banner-error', { hasText: 'Benchmark item' }).waitFor();
          await panel.locator('#list').press('a');
          await statusBarItem(page, '1/121 reviewed, 1 accepted').waitFor();
          await eventually('the accept in the journal', () => journalEvents(workspace).some((e) => e.verdict === 'accepted'));
        } finally {
          other?.kill();
        }
      },
    },
  ];
}
