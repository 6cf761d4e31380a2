// Runs an extension test suite (extensionTestsPath) inside code-server's real extension host.
// Started by vscode-shim.sh with EXT_DEV, EXT_TESTS and WORKSPACE. The workbench calls
// window.codeAutomationExit(code) when the suite's run() settles: that is our exit code.
import * as fs from 'node:fs';
import { launchBrowser, log, startCodeServer, workbenchUrl, type CodeServer } from '../../testkit/workbench/codeServer';

const TIMEOUT_MS = Number(process.env.TEST_TIMEOUT_MS ?? 300_000);

async function main(): Promise<number> {
  const devPaths = (process.env.EXT_DEV ?? '').split(':').filter(Boolean);
  const testsPath = process.env.EXT_TESTS;
  const workspace = process.env.WORKSPACE;
  if (!devPaths.length || !testsPath || !workspace) throw new Error('EXT_DEV, EXT_TESTS and WORKSPACE must be set');
  let server: CodeServer | undefined;
  const browser = await launchBrowser();
  try {
    server = await startCodeServer({ workspace });
    const page = await browser.newPage();
    const consoleLog = fs.createWriteStream(`${server.runDir}/browser-console.log`);
    page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    const exited = new Promise<number>((resolve) => void page.exposeFunction('codeAutomationExit', (c: number) => resolve(c)));
    await page.exposeFunction('codeAutomationLog', () => undefined);
    await page.goto(workbenchUrl(server.origin, workspace, devPaths, testsPath));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    log('workbench loaded; extension tests running');
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<number>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no result from VS Code within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    })]);
    clearTimeout(timer);
    log(`VS Code reported exit code ${code}; logs in ${server.runDir}`);
    return code;
  } finally {
    await browser.close().catch(() => undefined);
    server?.stop();
  }
}

main().then((code) => process.exit(code), (e: Error) => {
  console.error(`test host error: ${e.message}`);
  process.exit(1);
});
