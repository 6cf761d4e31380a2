// `npm test`: type checks, unit tests (plain Node), crash tests (SIGKILLed ledger writers),
// packaging, integration tests (real VS Code extension host) and UI tests (real VS Code workbench in
// Chromium), then one closing line "N passed, N failed". Exit code 0 only if nothing failed.
//   --only <stage>[,<stage>]   run some stages: typecheck, unit, crash, package, integration, ui
// Environment: SCREENSHOT_DIR (default out/screenshots), SAMPLE_CURATOR_DELIBERATE_FAIL=1 makes one
// integration test and one UI test fail on purpose.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import type { TestResults } from './mochaRun';
import { codeServerEntry, codeServerNode, OUT, ROOT } from '../../testkit/workbench/paths';
import { makeTestWorkspace } from './testWorkspace';

const STAGES = ['typecheck', 'unit', 'crash', 'package', 'integration', 'ui'] as const;
type Stage = (typeof STAGES)[number];

const onlyArg = process.argv.indexOf('--only');
const only = new Set(onlyArg > 0 ? process.argv[onlyArg + 1].split(',') : STAGES);
const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sample-curator-test-'));
const total = { passed: 0, failed: 0, skipped: 0 };

// Children (code-server, Chromium, the extension host) get this run's own temp folder; the tools'
// location is resolved once here so the children's redirected HOME/XDG dirs cannot move it.
process.env.CS_NODE = codeServerNode();
process.env.CS_ENTRY = codeServerEntry();
process.env.TMPDIR = runDir;
process.env.SCREENSHOT_DIR ??= path.join(OUT, 'screenshots');
fs.mkdirSync(process.env.SCREENSHOT_DIR, { recursive: true });

function report(stage: Stage, r: TestResults): void {
  for (const t of r.passed) console.log(`  ok   ${stage}: ${t}`);
  for (const t of r.skipped) console.log(`  skip ${stage}: ${t}`);
  for (const t of r.failed) console.log(`  FAIL ${stage}: ${t.title}\n       ${t.error.split('\n').slice(0, 8).join('\n       ')}`);
  total.passed += r.passed.length;
  total.failed += r.failed.length;
  total.skipped += r.skipped.length;
}

function readResults(file: string): TestResults | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as TestResults;
  } catch {
    return undefined;
  }
}

function heading(stage: Stage): void {
  console.log(`\n=== ${stage} ===`);
}

function typecheck(): TestResults {
  const r: TestResults = { passed: [], failed: [], skipped: [] };
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const project of ['src/core', 'src/extension', 'src/server', 'src/webview', 'test']) {
    const p = spawnSync(process.execPath, [tsc, '--noEmit', '-p', project], { cwd: ROOT, encoding: 'utf8' });
    const title = `tsc --noEmit -p ${project}`;
    if (p.status === 0) r.passed.push(title);
    else r.failed.push({ title, error: `${p.stdout}${p.stderr}` });
  }
  return r;
}

function childStage(script: string, args: readonly string[] = []): TestResults {
  const resultsFile = path.join(runDir, `${path.basename(script)}.results.json`);
  const p = spawnSync(process.execPath, [script, resultsFile, ...args], { cwd: ROOT, stdio: 'inherit' });
  return readResults(resultsFile) ?? { passed: [], failed: [{ title: script, error: `exited ${p.status} without results` }], skipped: [] };
}

function packageVsix(): TestResults {
  const vsix = path.join(OUT, 'sample-curator.vsix');
  fs.rmSync(vsix, { force: true });
  // The README's `npm run package`, so the test packages exactly as a developer does.
  const p = spawnSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, encoding: 'utf8' });
  const title = 'vsce package produces out/sample-curator.vsix';
  if (p.status === 0 && fs.existsSync(vsix)) {
    console.log(p.stdout.trim().split('\n').slice(-3).join('\n'));
    return { passed: [title], failed: [], skipped: [] };
  }
  return { passed: [], failed: [{ title, error: `${p.stdout}${p.stderr}` }], skipped: [] };
}

async function integration(): Promise<TestResults> {
  const resultsFile = path.join(runDir, 'integration.results.json');
  const workspace = makeTestWorkspace(runDir);
  let error = '';
  try {
    await runTests({
      vscodeExecutablePath: path.join(ROOT, 'test', 'harness', 'vscode-shim.sh'),
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(OUT, 'test', 'integration', 'index.js'),
      launchArgs: [workspace],
      extensionTestsEnv: { SAMPLE_CURATOR_RESULTS: resultsFile, SAMPLE_CURATOR_TEST_STORE: workspace },
    });
  } catch (e) {
    error = (e as Error).message;
  }
  const r = readResults(resultsFile);
  if (!r) return { passed: [], failed: [{ title: 'integration suite', error: error || 'no results from the extension host' }], skipped: [] };
  if (error && !r.failed.length) r.failed.push({ title: 'integration suite', error });
  return r;
}

async function main(): Promise<void> {
  const vsixExists = () => fs.existsSync(path.join(OUT, 'sample-curator.vsix'));
  for (const stage of STAGES) {
    if (!only.has(stage)) continue;
    heading(stage);
    const started = Date.now();
    let r: TestResults;
    try {
      switch (stage) {
        case 'typecheck': r = typecheck(); break;
        case 'unit': r = childStage(path.join(OUT, 'test', 'harness', 'unitHost.js')); break;
        case 'crash': {
          // SIGKILLed writers, then two windows and git swapping the journal (the integrity issue's stress test).
          const killed = childStage(path.join(OUT, 'test', 'crash', 'crashTest.js'), ['--trials', '50']);
          const windows = childStage(path.join(OUT, 'test', 'crash', 'windowsStress.js'));
          r = { passed: [...killed.passed, ...windows.passed], failed: [...killed.failed, ...windows.failed], skipped: [...killed.skipped, ...windows.skipped] };
          break;
        }
        case 'package': r = packageVsix(); break;
        case 'integration': r = await integration(); break;
        case 'ui': r = childStage(path.join(OUT, 'test', 'e2e', 'uiHost.js'), vsixExists() ? [path.join(OUT, 'sample-curator.vsix')] : []); break;
      }
    } catch (e) {
      r = { passed: [], failed: [{ title: `${stage} stage`, error: String((e as Error).stack ?? e) }], skipped: [] };
    }
    report(stage, r);
    console.log(`  (${stage}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  console.log(`\nscreenshots: ${process.env.SCREENSHOT_DIR}`);
  if (total.failed) console.log(`logs kept in ${runDir}`);
  else fs.rmSync(runDir, { recursive: true, force: true });
  console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
  process.exit(total.failed ? 1 : 0);
}

void main();
