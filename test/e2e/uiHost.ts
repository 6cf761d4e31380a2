// UI tests: the real VS Code workbench (code-server) driven in Debian's Chromium by Playwright.
// argv[2]: results file; argv[3] (optional): a packaged .vsix to install and check.
// A screenshot of each scenario goes to SCREENSHOT_DIR (pass or fail).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { installVsix, launchBrowser, log, startCodeServer, workbenchUrl, type CodeServer } from '../../testkit/workbench/codeServer';
import { writeResults, type TestResults } from '../harness/mochaRun';
import { ROOT } from '../../testkit/workbench/paths';
import { makeTestWorkspace } from '../harness/testWorkspace';
import { checksScenarios, CHECKS_FILE } from './checks.scenarios';
import { exportFrictionsScenarios, exportFrictionsWorkspace } from './exportFrictions.scenarios';
import { editingScenarios, editingWorkspace } from './editing.scenarios';
import { frictionsScenarios, frictionsWorkspace } from './frictions.scenarios';
import { conventionsScenarios, conventionsWorkspace } from './conventions.scenarios';
import { judgeScenarios, JUDGE_FILES } from './judge.scenarios';
import { parquetExportScenarios, parquetExportWorkspace } from './parquetExport.scenarios';
import { parquetScenarios, parquetWorkspace } from './parquet.scenarios';
import { reviewPanelScenarios } from './reviewPanel.scenarios';
import { shapesScenarios, SHAPE_FILES } from './shapes.scenarios';
import { themeScenarios } from './themes.scenarios';
import { slicesScenarios, slicesWorkspace } from './slices.scenarios';
import { teamScenarios, teamWorkspace } from './team.scenarios';
import { triageScenarios } from './triage.scenarios';
import { TWO_WINDOWS_FILE, twoWindowsScenarios } from './twoWindows.scenarios';
import { untrustedTextScenarios } from './untrustedText.scenarios';
import { vsixScenarios } from './vsix.scenarios';

export interface ScenarioContext {
  readonly page: Page;
  readonly server: CodeServer;
  /** The store folder opened as the workspace. */
  readonly workspace: string;
}

export interface Scenario {
  readonly name: string;
  /** File name (without .png) of the screenshot taken at the end. */
  readonly shot: string;
  run(ctx: ScenarioContext): Promise<void>;
}

const SHOTS = process.env.SCREENSHOT_DIR ?? path.join(ROOT, 'out', 'screenshots');
const results: TestResults = { passed: [], failed: [], skipped: [] };

/** Runs scenarios in order against one workbench (they share its state, like a reviewer would). */
/**
 * For a developer's loop only: SAMPLE_CURATOR_UI_ONLY=<text> runs just the groups with a scenario
 * whose name contains it (CI never sets it; `npm test` runs every group).
 */
const ONLY = process.env.SAMPLE_CURATOR_UI_ONLY;

async function runGroup(browser: Browser, scenarios: readonly Scenario[], setup: { dev: boolean; extensionsDir?: string; workspace?: () => string | Promise<string> }): Promise<void> {
  if (ONLY && !scenarios.some((s) => s.name.includes(ONLY))) return;
  const workspace = await (setup.workspace ?? makeTestWorkspace)();
  let server: CodeServer | undefined;
  let page: Page | undefined;
  try {
    server = await startCodeServer({ workspace, extensionsDir: setup.extensionsDir });
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    page.setDefaultTimeout(30_000);
    await page.goto(workbenchUrl(server.origin, workspace, setup.dev ? [ROOT] : []));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    log('workbench visible');
  } catch (e) {
    for (const s of scenarios) results.failed.push({ title: s.name, error: `workbench did not start: ${(e as Error).message}` });
    server?.stop();
    return;
  }
  for (const s of scenarios) {
    log(`scenario: ${s.name}`);
    try {
      await s.run({ page, server, workspace });
      results.passed.push(s.name);
    } catch (e) {
      results.failed.push({ title: s.name, error: String((e as Error).message).split('\n').slice(0, 6).join('\n') });
    }
    await page.screenshot({ path: path.join(SHOTS, `${s.shot}.png`) }).catch(() => undefined);
  }
  await page.close().catch(() => undefined);
  server.stop();
}

async function main(): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const browser = await launchBrowser();
  try {
    await runGroup(browser, [...reviewPanelScenarios, ...themeScenarios], { dev: true });
    // A fresh demo store (no edge cases): every count starts at 0 of 300. Auto save is off, as on
    // desktop VS Code (the web workbench saves after 1 s by default), so only Ctrl+S saves an edit.
    await runGroup(browser, triageScenarios(), {
      dev: true, workspace: () => makeTestWorkspace(undefined, false, { settings: { 'files.autoSave': 'off' } }),
    });
    await runGroup(browser, untrustedTextScenarios(), {
      dev: true, workspace: () => makeTestWorkspace(undefined, false, { only: ['ui/untrusted_text.jsonl'] }),
    });
    await runGroup(browser, twoWindowsScenarios(), {
      dev: true, workspace: () => makeTestWorkspace(undefined, false, { only: [`demo-store/${TWO_WINDOWS_FILE}`] }),
    });
    await runGroup(browser, teamScenarios(), { dev: true, workspace: teamWorkspace });
    await runGroup(browser, slicesScenarios(), { dev: true, workspace: slicesWorkspace });
    await runGroup(browser, checksScenarios(), {
      dev: true, workspace: () => makeTestWorkspace(undefined, false, { only: [`ui/${CHECKS_FILE}`] }),
    });
    await runGroup(browser, parquetExportScenarios(), { dev: true, workspace: parquetExportWorkspace });
    await runGroup(browser, judgeScenarios(), { dev: true, workspace: () => makeTestWorkspace(undefined, false, { only: JUDGE_FILES }) });
    await runGroup(browser, parquetScenarios(), { dev: true, workspace: parquetWorkspace });
    await runGroup(browser, frictionsScenarios(), { dev: true, workspace: frictionsWorkspace });
    await runGroup(browser, exportFrictionsScenarios(), { dev: true, workspace: exportFrictionsWorkspace });
    await runGroup(browser, editingScenarios(), { dev: true, workspace: editingWorkspace });
    await runGroup(browser, conventionsScenarios(), { dev: true, workspace: conventionsWorkspace });
    await runGroup(browser, shapesScenarios(), { dev: true, workspace: () => makeTestWorkspace(undefined, false, { only: SHAPE_FILES }) });
    const vsix = process.argv[3];
    if (vsix) {
      const installed = installVsix(vsix);
      await runGroup(browser, vsixScenarios, { dev: false, extensionsDir: installed.extensionsDir });
    } else {
      results.failed.push({ title: 'installed .vsix activates', error: 'no .vsix was packaged (see the package stage)' });
    }
  } finally {
    await browser.close().catch(() => undefined);
  }
  writeResults(process.argv[2], results);
  process.exit(results.failed.length ? 1 : 0);
}

void main();
