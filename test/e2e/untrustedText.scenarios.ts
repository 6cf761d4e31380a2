// Sample text is untrusted model output. A store holding only test/fixtures/ui/untrusted_text.jsonl
// (script tags, event-handler attributes, javascript: links in HTML and Markdown, a remote Markdown
// image): every sample is shown, its text appears literally, no element is made from it, nothing
// runs (no dialog on the page, no call to alert/confirm/prompt in any frame — webview iframes
// have no allow-modals, so a real alert there would not raise a dialog) and nothing is fetched
// from outside the workbench.
import * as assert from 'node:assert/strict';
import type { Frame, Locator, Page, Request } from 'playwright-core';
import * as path from 'node:path';
import { ROOT } from '../../testkit/workbench/paths';
import type { Scenario } from './uiHost';
import { journalEvents, records } from './storeFiles';
import { reviewPanel, runFromPalette, statusBarItem } from '../../testkit/workbench/workbenchPage';

const FILE = 'untrusted_text.jsonl';
/** Elements sample text must never become. */
const FORBIDDEN = 'script, img, svg, a, iframe, object, embed, form, textarea, link, style, meta, video, audio';
/** The panel's own link to the sample's source line (`file.jsonl:N`, href "#"): made by the panel, not from sample text. */
const OWN_SOURCE_LINK = /^<a class="source-link" href="#" data-open-source="" title="[^"<>]*">[\w.-]+\.jsonl:\d+<\/a>$/;

interface Probe {
  calls: string[];
  created: string[];
  violations: string[];
}

/**
 * Installs a probe in a frame: wraps the dialog functions (records the call, then calls through);
 * in the panel's document also records every element added with a tag sample text must never
 * become, and every CSP violation (a blocked load or inline script is still an attempt).
 */
async function installProbe(frame: Frame): Promise<boolean> {
  try {
    await frame.evaluate((forbidden) => {
      const w = window as unknown as Record<string, unknown> & { __uiProbe?: Probe };
      if (w.__uiProbe) return;
      const probe: Probe = { calls: [], created: [], violations: [] };
      w.__uiProbe = probe;
      for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) {
        const original = w[name] as ((...a: unknown[]) => unknown) | undefined;
        w[name] = function (this: unknown, ...args: unknown[]) {
          probe.calls.push(`${name}(${args.map(String).join(', ')})`);
          return original?.apply(this, args);
        };
      }
      // Sample text reaches only the panel's document (the one with #detail); the workbench's own
      // DOM is full of links and icons.
      if (!document.getElementById('detail')) return;
      new MutationObserver((records) => {
        for (const r of records) {
          for (const n of Array.from(r.addedNodes)) {
            if (!(n instanceof Element)) continue;
            for (const e of [n, ...Array.from(n.querySelectorAll(forbidden))]) {
              if (e.matches(forbidden)) probe.created.push(e.outerHTML.slice(0, 300));
            }
          }
        }
      }).observe(document, { childList: true, subtree: true });
      document.addEventListener('securitypolicyviolation', (e) => probe.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    }, FORBIDDEN);
    return true;
  } catch {
    return false; // a frame that went away
  }
}

async function readProbes(page: Page): Promise<Probe & { frames: number }> {
  const all: Probe & { frames: number } = { calls: [], created: [], violations: [], frames: 0 };
  for (const frame of page.frames()) {
    const p = await frame.evaluate(() => (window as unknown as { __uiProbe?: Probe }).__uiProbe).catch(() => undefined);
    if (!p) continue;
    all.frames++;
    all.calls.push(...p.calls);
    all.created.push(...p.created);
    all.violations.push(...p.violations);
  }
  return all;
}

/** The forbidden elements among these that the panel did not make itself (its source link). */
async function madeFromText(found: Locator): Promise<string[]> {
  const html = await found.evaluateAll((els) => els.map((e) => e.outerHTML));
  return html.filter((h) => !OWN_SOURCE_LINK.test(h));
}

/**
 * Where a request may go: the workbench's origin, the webview resource host its service worker
 * serves, and the workbench's own extension gallery queries (from its main frame, not the panel).
 */
function allowedRequest(r: Request, page: Page, workbench: string): boolean {
  const url = r.url();
  if (/^(data|blob):/.test(url)) return true;
  const u = new URL(url);
  if (u.host === workbench) return true;
  let fromMainFrame = false;
  try {
    fromMainFrame = r.frame() === page.mainFrame();
  } catch {
    // a service worker's request has no frame
  }
  if (fromMainFrame && u.host === 'open-vsx.org' && u.pathname.startsWith('/vscode/gallery/')) return true;
  // Webview resources (*.vscode-resource.vscode-cdn.net) are answered by the webview's service
  // worker from the workbench; only the panel's localResourceRoots (the extension's out/ and media/).
  return u.hostname.endsWith('.vscode-resource.vscode-cdn.net') &&
    [path.join(ROOT, 'out'), path.join(ROOT, 'media')].some((root) => decodeURIComponent(u.pathname).startsWith(`${root}/`));
}

export function untrustedTextScenarios(): Scenario[] {
  return [
    {
      name: 'untrusted sample text (script, onerror, onload, javascript: links, remote image) renders as text: nothing runs or loads',
      shot: 'untrusted-text',
      async run({ page, server, workspace }) {
        const dialogs: string[] = [];
        const requests: Request[] = [];
        page.on('dialog', (d) => {
          dialogs.push(`${d.type()}: ${d.message()}`);
          void d.dismiss().catch(() => undefined);
        });
        const onRequest = (r: Request) => requests.push(r);
        page.context().on('request', onRequest);
        try {
          const samples = records(workspace, FILE);
          const total = samples.length;
          await runFromPalette(page, 'Sample Curator: Open Review Panel');
          const panel = reviewPanel(page);
          await panel.locator('#counts .count.pending', { hasText: `${total} pending` }).waitFor();
          const untouched = `Sample Curator: 0/${total} reviewed, 0 accepted, 0 rejected, 0 skipped, ${total} pending`;
          await statusBarItem(page, untouched).waitFor();
          const list = panel.locator('#list');
          const detail = panel.locator('#detail');
          await detail.locator('article[aria-label="Sample 1"]').waitFor();
          // The first sample was drawn before the probes: each is drawn again on the way back up.
          const probed = (await Promise.all(page.frames().map(installProbe))).filter(Boolean).length;
          assert.ok(probed >= 3, `probes in the workbench and both webview frames (${probed})`);

          const visit = async (i: number) => {
            await panel.locator(`#list[aria-activedescendant="row-${i}"]`).waitFor({ state: 'attached' });
            const article = detail.locator(`article[aria-label="Sample ${i + 1}"]`);
            await article.waitFor();
            type Call = { id: string; function: { name: string; arguments: string } };
            const messages = samples[i].messages as { role: string; content: string | null; tool_calls?: Call[]; tool_call_id?: string }[];
            // Every turn's text exactly as in the file, character for character (a turn that only calls tools has none).
            const texts = messages.flatMap((m) => (m.content === null ? [] : [m.content]));
            assert.deepEqual(await article.locator('.turn > .text').allTextContents(), texts, `sample ${i + 1} text is literal`);
            for (const t of texts) await article.locator('.turn > .text', { hasText: t }).first().waitFor({ state: 'visible' });
            // Tool calls: name, id and arguments (pretty-printed when JSON, else as written) as text; each result names its call.
            const calls = messages.flatMap((m) => m.tool_calls ?? []);
            const pretty = (a: string) => {
              try {
                return JSON.stringify(JSON.parse(a), null, 2);
              } catch {
                return a;
              }
            };
            assert.deepEqual(await article.locator('.tool-call .tool-name').allTextContents(), calls.map((c) => c.function.name), `sample ${i + 1} tool names`);
            assert.deepEqual(await article.locator('.tool-call .tool-call-id').allTextContents(), calls.map((c) => c.id), `sample ${i + 1} call ids`);
            assert.deepEqual(await article.locator('.tool-arguments').allTextContents(), calls.map((c) => pretty(c.function.arguments)), `sample ${i + 1} arguments`);
            assert.deepEqual(await article.locator('.tool-result-head .tool-call-id').allTextContents(),
              messages.flatMap((m) => (m.tool_call_id !== undefined ? [m.tool_call_id] : [])), `sample ${i + 1} results name their calls`);
            const meta = samples[i].metadata as { model: string; license: string };
            await article.locator('.provenance', { hasText: `model: ${meta.model}` }).waitFor();
            await article.locator('.provenance', { hasText: `licence: ${meta.license}` }).waitFor();
            assert.deepEqual(await madeFromText(detail.locator(FORBIDDEN)), [], `no element made from sample ${i + 1}`);
            assert.deepEqual(await madeFromText(list.locator(FORBIDDEN)), [], 'no element made from row previews');
            await article.locator('a.source-link', { hasText: `${FILE}:${i + 1}` }).waitFor(); // the panel's own link is there
            // Looked at, not decided: the store on disk and the status bar say so.
            assert.deepEqual(journalEvents(workspace), [], 'visiting writes nothing to the journal');
            await statusBarItem(page, untouched).waitFor();
          };
          for (let i = 0; i < total; i++) {
            await visit(i);
            if (i < total - 1) await list.press('j');
          }
          for (let i = total - 1; i >= 0; i--) {
            if (i < total - 1) await list.press('k');
            await visit(i);
          }
          await list.press('G'); // the last pending sample: the one with every payload
          await visit(total - 1);
          // The tool-calling sample: a result's button jumps to its call; the schemas unfold as text.
          await list.press('k');
          await visit(total - 2);
          const toolSample = detail.locator(`article[aria-label="Sample ${total - 1}"]`);
          await toolSample.locator('.tool-result-head button.tool-link').first().click();
          await toolSample.locator('.tool-call.jump-target .tool-name', { hasText: 'render_html' }).waitFor();
          await toolSample.locator('.tool-schemas summary', { hasText: 'Tools (1): render_html' }).click();
          await toolSample.locator('.tool-schema', { hasText: '"description": "Renders <script>alert(1)</script> as a page"' }).waitFor({ state: 'visible' });
          await list.press('j');
          await visit(total - 1);
          // Clicking the text of the javascript: links does nothing either.
          await detail.locator('.turn.role-user .text', { hasText: '[click](javascript:alert(1))' }).click();
          await detail.locator('.turn.role-assistant .text', { hasText: '<a href="javascript:alert(1)">x</a>' }).click();
          assert.deepEqual(journalEvents(workspace), [], 'clicking writes nothing to the journal');
          await statusBarItem(page, untouched).waitFor();

          const probes = await readProbes(page);
          assert.ok(probes.frames >= 3, `probes still in place in ${probes.frames} frames (no frame was replaced)`);
          assert.ok(requests.length > 0, 'requests are observed');
          // One comparison, so a failure shows every kind of trace at once.
          assert.deepEqual({
            'dialogs on the page': dialogs,
            'dialog functions called in a frame': probes.calls,
            'forbidden elements ever added to the panel': probes.created.filter((h) => !OWN_SOURCE_LINK.test(h)),
            'content security policy violations in the panel': probes.violations,
            'requests for the remote image': requests.map((r) => r.url()).filter((u) => u.includes('127.0.0.1:9/')),
            'requests outside the workbench': requests.filter((r) => !allowedRequest(r, page, server.origin)).map((r) => r.url()),
          }, {
            'dialogs on the page': [],
            'dialog functions called in a frame': [],
            'forbidden elements ever added to the panel': [],
            'content security policy violations in the panel': [],
            'requests for the remote image': [],
            'requests outside the workbench': [],
          }, 'nothing from sample text ran, was created or was loaded');
        } finally {
          page.context().off('request', onRequest);
        }
      },
    },
  ];
}
