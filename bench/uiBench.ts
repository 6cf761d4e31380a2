// `npm run bench:ui`: key → paint in the real VS Code (code-server) driven in Debian's Chromium,
// over the 1,000,000-sample bench store. The panel times each key it answers with another sample
// (src/webview/paintTiming.ts): from the key event's `timeStamp` to a setTimeout(0) queued in the
// next animation frame after the answer is in the DOM, i.e. once that frame's layout and paint are
// done. Each key is pressed once the previous key's frame is out, two frames on, then after a seeded
// 0–16.7 ms, so keys land at any point of a frame as a person's do. Variants, in this order:
//   background  `j` from the moment the first sample shows, while the store's background passes (the
//               checks, run afresh: their cache is removed first) still run; stops when they end
//   j           `j` (the next sample, prefetched) once the background passes are done
//   a           accept: the host's round trip and the journal's fdatasync, to the frame showing the
//               next pending sample (the journal is removed first, so every run accepts from the top)
//   jump        `G` and `g g` in turn: last / first pending sample, far apart, never prefetched
// `*_to_dom` (key → answer in the DOM, without the frame) is printed beside each.
// The floor: then, in the same workbench, the review panel is closed and the same keys are pressed
// the same way in bench/minimalWebview, a second development extension whose webview sets one text
// node per key: at once for `j`, after a round trip to its host for `G`, after a round trip whose
// host appends a line and fdatasyncs it (in the same folder as the store) for `a`. Each figure is
// printed beside its floor and their ratio; the targets: `j` p95 ≤ 1.25× its floor, `a` p95
// ≤ one frame (16.7 ms) over the `j` floor's p95, a jump p95 ≤ 50 ms.
//   --samples N   store size (default 1,000,000)   --keys K   presses per variant (default 1,000)
//   --trace FILE  also write a Chrome trace (chrome://tracing, Perfetto) of the panel's j, a and jump
//                 keys to FILE: the webview shares the workbench's thread, and this shows what ran
//                 between each key and its paint (user timing: `key-`, `verdict-`, `jump-to-paint`)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CURATOR_DIR } from '../src/core/store/openSources';
import { CurationStore } from '../src/core/store/curationStore';
import { buildLineIndexInWorkers } from '../src/core/ingest/parallelIndex';
import { launchBrowser, startCodeServer, workbenchUrl } from '../testkit/workbench/codeServer';
import { ROOT } from '../testkit/workbench/paths';
import { reviewPanel, runFromPalette } from '../testkit/workbench/workbenchPage';
import { generateChatSet } from './generateChatSet';
import { ascending, percentile } from './benchStats';
import { benchDataDir, machine, numberArg, ratio } from './benchFloor';
import type { FrameLocator, Page } from 'playwright-core';

const SAMPLES = numberArg('--samples', 1_000_000);
const KEYS = numberArg('--keys', 1_000);
const MINIMAL_WEBVIEW = path.join(ROOT, 'bench', 'minimalWebview');
/** One frame at 60 Hz: the allowance for a verdict over the floor. */
const FRAME_MS = 16.7;
const traceAt = process.argv.indexOf('--trace');
const TRACE = traceAt > 0 ? path.resolve(process.argv[traceAt + 1]) : undefined;

/** What a timed key waits for: the measure names the webview gives its answer (src/webview/paintTiming.ts). */
type Kind = 'key' | 'verdict' | 'jump';

interface Timings {
  /** Key → frame out, ms, ascending. */
  readonly paint: number[];
  /** Key → answer in the DOM, ms, ascending. */
  readonly dom: number[];
  /** Keys the host answered with an error instead (an accept of a near-duplicate asks to be pressed again). */
  readonly refused: number;
  /** Whether the background passes still ran after the last key (the header shows no `checks: …` figures yet). */
  readonly backgroundRunning: boolean;
}

/**
 * Presses each of `presses` (a press is one or more keys, e.g. ['g', 'g']) in the webview `frame`,
 * each once the previous one's answer is painted, and returns the webview's timings of `kind`.
 * `until` stops early once it returns true for the page's state after a key.
 */
async function pressKeys(page: Page, frame: FrameLocator, kind: Kind, presses: readonly (readonly string[])[],
  until?: (backgroundRunning: boolean) => boolean): Promise<Timings> {
  const body = frame.locator('body');
  const names = [`${kind}-to-paint`, `${kind}-to-dom`, `${kind}-refused-to-paint`] as const;
  const durations = (name: string) => body.evaluate((_, n) => performance.getEntriesByName(n).map((e) => e.duration), name);
  const [paintBefore, domBefore, refusedBefore] = (await Promise.all(names.map(durations))).map((d) => d.length);
  let answers = paintBefore + refusedBefore;
  let backgroundRunning = false;
  for (let k = 1; k <= presses.length; k++) {
    for (const key of presses[k - 1]) await page.keyboard.press(key);
    // One call per key into the page: wait (an observer, no polling) until the answer's frame is
    // out, then two frames and a seeded 0–16.7 ms phase before the next key.
    const phase = ((k * 2654435761) % 1000) / 1000 * FRAME_MS;
    const after = await body.evaluate((_, [paint, refused, target, ms]) => new Promise<{ answers: number; running: boolean }>((resolve, reject) => {
      const total = () => performance.getEntriesByName(paint).length + performance.getEntriesByName(refused).length;
      const settle = () => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(
        () => resolve({ answers: total(), running: !/^checks: /.test(document.getElementById('checks-summary')?.textContent ?? '') }), ms)));
      if (total() >= target) return settle();
      const timeout = setTimeout(() => reject(new Error('no paint within 10 s')), 10_000);
      const observer = new PerformanceObserver(() => {
        if (total() < target) return;
        observer.disconnect();
        clearTimeout(timeout);
        settle();
      });
      observer.observe({ type: 'measure' });
    }), [names[0], names[2], answers + 1, phase] as const).catch((e: Error) => {
      throw new Error(`${kind}: press ${k} (${presses[k - 1].join(' ')}): ${e.message}`);
    });
    answers = after.answers;
    backgroundRunning = after.running;
    if (until?.(backgroundRunning)) break;
  }
  const [paint, dom, refused] = await Promise.all(names.map(durations));
  return {
    paint: ascending(paint.slice(paintBefore)), dom: ascending(dom.slice(domBefore)), refused: refused.length - refusedBefore, backgroundRunning,
  };
}

/** `n` presses of `keys`. */
const times = (n: number, ...keys: string[]): string[][] => Array.from({ length: n }, () => keys);

/** p50 / p95 / p99 / max of a variant, its DOM figures, and its p95 beside `floor`'s. */
function figures(prefix: string, t: Timings, floor: Timings | undefined): Record<string, number | null> {
  const p = (v: number[], q: number) => (v.length ? +percentile(v, q).toFixed(2) : null);
  return {
    [`${prefix}_keys`]: t.paint.length,
    [`${prefix}_to_paint_p50_ms`]: p(t.paint, 50),
    [`${prefix}_to_paint_p95_ms`]: p(t.paint, 95),
    [`${prefix}_to_paint_p99_ms`]: p(t.paint, 99),
    [`${prefix}_to_paint_max_ms`]: t.paint.length ? +t.paint[t.paint.length - 1].toFixed(2) : null,
    [`${prefix}_to_dom_p50_ms`]: p(t.dom, 50),
    [`${prefix}_to_dom_p95_ms`]: p(t.dom, 95),
    ...(floor ? {
      [`${prefix}_to_paint_floor_p50_ms`]: p(floor.paint, 50),
      [`${prefix}_to_paint_floor_p95_ms`]: p(floor.paint, 95),
      [`${prefix}_to_dom_floor_p95_ms`]: p(floor.dom, 95),
      [`${prefix}_to_paint_ratio`]: t.paint.length && floor.paint.length ? ratio(percentile(t.paint, 95), percentile(floor.paint, 95)) : null,
    } : {}),
  };
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
  // Fresh decisions and checks each run (the line index stays): the checks then run in the
  // background while the first keys are pressed, and the accepts start from the first sample.
  for (const sub of ['journal', 'state', 'checks']) fs.rmSync(path.join(storeDir, CURATOR_DIR, sub), { recursive: true, force: true });

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
    await panel.locator('#detail .sample').waitFor();
    const list = panel.locator('#list');
    await list.focus();
    // The reviewer starts at once: `j` while the checks run, until they end (at most KEYS keys).
    const backgroundAtStart = !/^checks: /.test(await panel.locator('#checks-summary').textContent({ timeout: 1000 }).catch(() => '') ?? '');
    const background = await pressKeys(page, panel, 'key', times(KEYS, 'j'), (running) => !running);
    // Steady state: the background passes (validation, then the checks) finish before the rest.
    const backgroundStart = Date.now();
    await panel.locator('#checks-summary', { hasText: /^checks: / }).waitFor({ timeout: 600_000 });
    const backgroundS = (Date.now() - backgroundStart) / 1000;
    await list.focus();
    if (TRACE) await browser.startTracing(page, { path: TRACE, screenshots: false });
    const next = await pressKeys(page, panel, 'key', times(KEYS, 'j'));
    // The host's answer to the last `j` (it confirms every selection) lands before the first accept.
    await page.waitForTimeout(500);
    const accept = await pressKeys(page, panel, 'verdict', times(KEYS, 'a'));
    const jump = await pressKeys(page, panel, 'jump', Array.from({ length: KEYS }, (_, k) => (k % 2 ? ['g', 'g'] : ['Shift+G'])));
    if (TRACE) await browser.stopTracing();

    // The floor: the same keys, pressed the same way, in a webview that only sets one text node
    // (bench/minimalWebview, a second development extension in the same workbench).
    await runFromPalette(page, 'View: Close All Editors');
    await page.locator('iframe.webview').waitFor({ state: 'detached' });
    await runFromPalette(page, 'Sample Curator Bench: Open Minimal Webview');
    const minimal = reviewPanel(page);
    const target = minimal.locator('#sample');
    await target.waitFor();
    await target.focus();
    const floor = {
      key: await pressKeys(page, minimal, 'key', times(KEYS, 'j')),
      verdict: await pressKeys(page, minimal, 'verdict', times(KEYS, 'a')),
      jump: await pressKeys(page, minimal, 'jump', times(KEYS, 'Shift+G')),
    };
    const floorKeyP95 = percentile(floor.key.paint, 95);
    const acceptP95 = percentile(accept.paint, 95);
    console.log(JSON.stringify({
      bench: 'ui', samples: SAMPLES, keys: next.paint.length,
      // `j`, the next sample (prefetched), after the background passes: the figures as before,
      // under their old names, so earlier results.json lines compare.
      key_to_paint_p50_ms: +percentile(next.paint, 50).toFixed(2),
      key_to_paint_p95_ms: +percentile(next.paint, 95).toFixed(2),
      key_to_paint_p99_ms: +percentile(next.paint, 99).toFixed(2),
      key_to_paint_max_ms: +next.paint[next.paint.length - 1].toFixed(2),
      key_to_dom_p50_ms: +percentile(next.dom, 50).toFixed(2),
      key_to_dom_p95_ms: +percentile(next.dom, 95).toFixed(2),
      key_to_paint_floor_p50_ms: +percentile(floor.key.paint, 50).toFixed(2),
      key_to_paint_floor_p95_ms: +floorKeyP95.toFixed(2),
      key_to_paint_ratio: ratio(percentile(next.paint, 95), floorKeyP95),
      key_to_dom_floor_p95_ms: +percentile(floor.key.dom, 95).toFixed(2),
      // `j` while the checks still run (none when they were done before the panel showed).
      ...figures('background', background, floor.key),
      background_running_at_start: backgroundAtStart,
      background_running_at_end: background.backgroundRunning,
      waited_for_background_s: +backgroundS.toFixed(1),
      // `a`: floor = a round trip to a host that fdatasyncs one line; the target is the `j` floor + one frame.
      ...figures('verdict', accept, floor.verdict),
      verdict_refused: accept.refused,
      verdict_over_key_floor_p95_ms: +(acceptP95 - floorKeyP95).toFixed(2),
      verdict_target_p95_ms: +(floorKeyP95 + FRAME_MS).toFixed(2),
      // `G` / `g g`: floor = a round trip to a host that answers at once; the target is 50 ms.
      ...figures('jump', jump, floor.jump),
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
