// `npm run bench:ui`: key → next sample painted, in the real VS Code (code-server) driven in
// Debian's Chromium, over the 1,000,000-sample bench store. The webview marks each `j` press and
// measures to the frame after the next sample is in the DOM (`key-to-paint`); this presses `j`
// 1,000 times, each once the previous sample's frame is out, and prints one JSON line of percentiles. At 60 Hz that measure
// holds a wait for the next frame, uniform over 0–16.7 ms whatever the panel does (alone: p50
// 8.3, p95 15.9 ms), so `key-to-dom` (key handled → sample in the DOM) is printed beside it.
// The floor: then, in the same workbench, the review panel is closed and the same keys are pressed
// the same way in bench/minimalWebview (a second development extension whose webview only sets one
// text node per key, timed as the panel times itself); `key_to_paint_ratio` is p95 over p95.
//   --samples N   store size (default 1,000,000)   --keys K   presses (default 1,000)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CurationStore } from '../src/core/store/curationStore';
import { buildLineIndexInWorkers } from '../src/core/ingest/parallelIndex';
import { launchBrowser, startCodeServer, workbenchUrl } from '../testkit/workbench/codeServer';
import { ROOT } from '../testkit/workbench/paths';
import { reviewPanel, runFromPalette } from '../testkit/workbench/workbenchPage';
import { generateChatSet } from './generateChatSet';
import { percentile } from './benchStats';
import { benchDataDir, machine, numberArg, ratio } from './benchFloor';
import type { FrameLocator, Locator } from 'playwright-core';

const SAMPLES = numberArg('--samples', 1_000_000);
const KEYS = numberArg('--keys', 1_000);
const MINIMAL_WEBVIEW = path.join(ROOT, 'bench', 'minimalWebview');


/**
 * Presses `j` on `target` `keys` times in the webview `frame`, each once the previous key's frame is
 * out, and returns the webview's `key-to-paint` and `key-to-dom` measures, ascending.
 */
async function pressKeys(frame: FrameLocator, target: Locator, keys: number): Promise<{ paint: number[]; dom: number[] }> {
  const body = frame.locator('body');
  const count = () => body.evaluate(() => performance.getEntriesByName('key-to-paint').length);
  const before = await count();
  for (let k = 0; k < keys; k++) {
    await target.press('j');
    const deadline = Date.now() + 10_000;
    while ((await count()) < before + k + 1) {
      if (Date.now() > deadline) throw new Error(`key ${k + 1}: no paint within 10 s`);
    }
    // The next key comes once the frame with this sample is out (two frames on), as a reviewer's
    // next key does: pressed back to back, each key would also time the previous frame's paint.
    // Then a seeded random 0–16.7 ms, so keys land at any point of the frame as a person's do
    // (right after a frame, every key would wait about the same, and the figure would flatter).
    const phase = (((k + 1) * 2654435761) % 1000) / 1000 * 16.7;
    await body.evaluate((_, ms) => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, ms)))), phase);
  }
  const durations = (name: string) => body.evaluate((_, n) => performance.getEntriesByName(n).map((e) => e.duration), name)
    .then((d) => d.slice(-keys).sort((a, b) => a - b));
  return { paint: await durations('key-to-paint'), dom: await durations('key-to-dom') };
}

async function main(): Promise<void> {
  const machineAtStart = machine();
  const base = benchDataDir();
  const storeDir = path.join(base, `store-${SAMPLES}`);
  fs.mkdirSync(storeDir, { recursive: true });
  generateChatSet(path.join(storeDir, 'chat.jsonl'), SAMPLES);
  // Index once here (reused from .curator/index when bench:store ran), so the extension opens fast.
  const worker = path.join(ROOT, 'out', 'indexWorker.js');
  const store = await CurationStore.open(storeDir, {
    reviewer: 'bench-ui', indexer: (p, onProgress, signal) => buildLineIndexInWorkers(p, { workerScript: worker, workers: 2, onProgress, signal }),
  });
  await store.close();

  // The floor's extension goes into the run's own extensions folder (a second development path in
  // the URL is not honoured: the workbench takes one).
  const extensionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ui-exts-'));
  fs.cpSync(MINIMAL_WEBVIEW, path.join(extensionsDir, 'sample-curator.sample-curator-bench-minimal-webview-0.0.0'), { recursive: true });
  const server = await startCodeServer({ workspace: storeDir, extensionsDir });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    page.setDefaultTimeout(60_000);
    await page.goto(workbenchUrl(server.origin, storeDir, [ROOT]));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await runFromPalette(page, 'Sample Curator: Open Review Panel');
    const panel = reviewPanel(page);
    await panel.locator('#counts').waitFor();
    await panel.locator('#detail .sample').waitFor();
    // Steady state: the store's background passes (record validation, then the checks, about a
    // minute of one core on the first open, cached after) finish before the keys are timed.
    const backgroundStart = Date.now();
    await panel.locator('#checks-summary', { hasText: /^checks: / }).waitFor({ timeout: 600_000 });
    const backgroundS = (Date.now() - backgroundStart) / 1000;
    const list = panel.locator('#list');
    await list.focus();
    const measured = await pressKeys(panel, list, KEYS);

    // The floor: the same key, pressed the same way, in a webview that only sets one text node
    // (bench/minimalWebview, a second development extension in the same workbench).
    await runFromPalette(page, 'View: Close All Editors');
    await page.locator('iframe.webview').waitFor({ state: 'detached' });
    await runFromPalette(page, 'Sample Curator Bench: Open Minimal Webview');
    const minimal = reviewPanel(page);
    const target = minimal.locator('#sample');
    await target.waitFor();
    await target.focus();
    const floor = await pressKeys(minimal, target, KEYS);
    const [times, dom] = [measured.paint, measured.dom];
    console.log(JSON.stringify({
      bench: 'ui', samples: SAMPLES, keys: times.length,
      key_to_paint_p50_ms: +percentile(times, 50).toFixed(2),
      key_to_paint_p95_ms: +percentile(times, 95).toFixed(2),
      key_to_paint_p99_ms: +percentile(times, 99).toFixed(2),
      key_to_paint_max_ms: +times[times.length - 1].toFixed(2),
      // The panel's own work per key (key handled → new sample in the DOM), without the frame wait.
      key_to_dom_p50_ms: +percentile(dom, 50).toFixed(2),
      key_to_dom_p95_ms: +percentile(dom, 95).toFixed(2),
      key_to_dom_p99_ms: +percentile(dom, 99).toFixed(2),
      waited_for_background_s: +backgroundS.toFixed(1),
      // The floor: the same key in a minimal webview in the same workbench that sets one text node.
      key_to_paint_floor_p50_ms: +percentile(floor.paint, 50).toFixed(2),
      key_to_paint_floor_p95_ms: +percentile(floor.paint, 95).toFixed(2),
      key_to_paint_ratio: ratio(percentile(times, 95), percentile(floor.paint, 95)),
      key_to_dom_floor_p95_ms: +percentile(floor.dom, 95).toFixed(2),
      browser: 'Debian chromium (headless)', vscode: 'code-server 4.139.1',
      machine: { ...machineAtStart, load_avg_1m_at_end: +os.loadavg()[0].toFixed(2) },
    }));
  } finally {
    await browser.close().catch(() => undefined);
    server.stop();
    fs.rmSync(extensionsDir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (e: Error) => {
  console.error(e.stack);
  process.exit(1);
});
