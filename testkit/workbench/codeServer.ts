// Starts a real VS Code (code-server, in its own process group) and headless Debian Chromium.
// Every run gets its own HOME, TMPDIR, XDG dirs, user data and extensions folders.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { codeServerEntry, codeServerNode } from './paths';

const t0 = Date.now();
export const log = (...a: unknown[]) => console.log(`[harness ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'chat.disableAIFeatures': true, // drops ~300 MB of agent processes
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // Follow the OS look the browser reports, so UI tests can switch dark / light / high contrast.
  'window.autoDetectColorScheme': true,
  'window.autoDetectHighContrast': true,
};

export interface CodeServer {
  readonly origin: string;
  readonly runDir: string;
  readonly extensionsDir: string;
  stop(): void;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Isolated folders for one code-server run. */
function runFolders(): { runDir: string; home: string; data: string; exts: string; tmp: string } {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-run-'));
  const [home, data, exts, tmp] = ['home', 'data', 'exts', 'tmp'].map((d) => path.join(runDir, d));
  for (const d of [home, exts, tmp, path.join(data, 'User')]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(data, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  return { runDir, home, data, exts, tmp };
}

function isolatedEnv(home: string, tmp: string, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...process.env, HOME: home, TMPDIR: tmp, XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'), XDG_DATA_HOME: path.join(home, '.local', 'share'), ...extra,
  };
}

/** Installs a .vsix into a fresh extensions folder with code-server's CLI; returns that folder's run. */
export function installVsix(vsix: string): { runDir: string; extensionsDir: string } {
  const f = runFolders();
  const r = spawnSync(codeServerNode(), [codeServerEntry(), '--user-data-dir', f.data, '--extensions-dir', f.exts, '--install-extension', vsix], {
    env: isolatedEnv(f.home, f.tmp, {}), encoding: 'utf8', timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`code-server --install-extension failed (${r.status}): ${r.stdout}\n${r.stderr}`);
  return { runDir: f.runDir, extensionsDir: f.exts };
}

export async function startCodeServer(options: {
  workspace: string;
  env?: NodeJS.ProcessEnv;
  extensionsDir?: string;
  port?: number;
  host?: string;
}): Promise<CodeServer> {
  const f = runFolders();
  const extensionsDir = options.extensionsDir ?? f.exts;
  const port = options.port ?? (await freePort());
  const origin = `${options.host ?? '127.0.0.1'}:${port}`;
  const out = fs.openSync(path.join(f.runDir, 'server.log'), 'w');
  const child = spawn(codeServerNode(), [codeServerEntry(),
    '--bind-addr', origin, '--auth', 'none', '--user-data-dir', f.data, '--extensions-dir', extensionsDir,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened',
    // lets the web workbench honour extensionDevelopmentPath / extensionTestsPath from the URL payload
    '--vscode-option', 'enable-smoke-test-driver',
    options.workspace], {
    detached: true, // own process group: killing -pid also ends the extension host and file watcher
    stdio: ['ignore', out, out],
    env: isolatedEnv(f.home, f.tmp, options.env ?? {}),
  });
  const stop = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.on('exit', stop);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}); see ${f.runDir}/server.log`);
    try {
      if ((await fetch(`http://${origin}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz in 60 s; see ${f.runDir}/server.log`);
    await new Promise((r) => setTimeout(r, 200));
  }
  log(`code-server ready on ${origin} (run dir ${f.runDir})`);
  return { origin, runDir: f.runDir, extensionsDir, stop };
}

/** The workbench URL; the payload carries the development and test paths (see testing docs). */
export function workbenchUrl(origin: string, workspace: string, devPaths: readonly string[] = [], testsPath?: string): string {
  const payload: [string, string][] = devPaths.map((p) => ['extensionDevelopmentPath', `vscode-remote://${origin}${path.resolve(p)}`]);
  if (testsPath) payload.push(['extensionTestsPath', `vscode-remote://${origin}${path.resolve(testsPath)}`]);
  return `http://${origin}/?folder=${encodeURIComponent(workspace)}${payload.length ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
}

export function launchBrowser(): Promise<Browser> {
  // Playwright gives the browser a fresh profile under TMPDIR; HOME and XDG dirs are redirected
  // too, or Chromium writes ~/.config/chromium and ~/.cache/dconf.
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-home-'));
  return chromium.launch({
    env: isolatedEnv(home, os.tmpdir(), {}),
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}
