// Helpers that drive the real VS Code workbench in Chromium.
import type { FrameLocator, Locator, Page } from 'playwright-core';

/**
 * Runs a command from the palette. The palette snapshots its list when it opens, so a command
 * registered after that is missing: reopen until the row shows (2 s per try, 60 s in all).
 */
export async function runFromPalette(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  const deadline = Date.now() + 60_000;
  for (;;) {
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 2000 });
      await input.fill(`>${title}`);
      await row.waitFor({ state: 'visible', timeout: 2000 });
      break;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`"${title}" never appeared in the command palette`);
      await page.keyboard.press('Escape');
    }
  }
  await page.keyboard.press('Enter');
}

/** The review panel's document: webviews are an iframe inside an iframe. */
export function reviewPanel(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview').frameLocator('#active-frame');
}

/** Our status bar item, found by its accessible label (its text is mostly codicons and numbers). */
export function statusBarItem(page: Page, label: string): Locator {
  return page.locator('.part.statusbar').getByLabel(label, { exact: false }).first();
}

/** Widens the side bar by `by` px (its sash dragged), so views' descriptions show in screenshots. */
export async function widenSideBar(page: Page, by: number): Promise<void> {
  const side = await page.locator('.part.sidebar').boundingBox();
  if (!side) throw new Error('the side bar is not visible');
  await page.mouse.move(side.x + side.width + 1, side.y + 300);
  await page.mouse.down();
  await page.mouse.move(side.x + side.width + by, side.y + 300, { steps: 5 });
  await page.mouse.up();
  await page.mouse.move(side.x + 20, side.y + side.height - 20);
}

export async function openWorkbench(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
}

const ROW_HEIGHT = 22;

/** Scrolls the virtual list so that row `index` is near the top (rows outside the view do not exist). */
export async function scrollListTo(panel: FrameLocator, index: number): Promise<void> {
  // A snapshot (the checks finishing in the background) redraws the list at the selection, so
  // scroll again if the row did not come; the last try waits the full timeout.
  for (let attempt = 0; ; attempt++) {
    await panel.locator('#list').evaluate((el, top) => {
      el.scrollTop = top;
    }, Math.max(0, index * ROW_HEIGHT - ROW_HEIGHT));
    try {
      await panel.locator(`#row-${index}:not(.placeholder)`).waitFor(attempt < 3 ? { timeout: 5_000 } : {});
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

/**
 * A Monaco editor's text from its rendered lines, in line order (what is on screen: the whole
 * document must fit). A wrapped line is drawn as several view lines, only the first with a line
 * number, the others drawn with its indentation in front (`editor.wrappingIndent: same`), so they
 * are joined back onto it without that.
 */
export function editorText(editor: Locator): Promise<string> {
  return editor.evaluate((root) => {
    const top = (el: HTMLElement): number => Math.round(parseFloat(el.style.top));
    const starts = new Set(Array.from(root.querySelectorAll<HTMLElement>('.margin-view-overlays .line-numbers'))
      .filter((n) => (n.textContent ?? '').trim() !== '')
      .map((n) => top(n.parentElement as HTMLElement)));
    const lines: string[] = [];
    for (const line of Array.from(root.querySelectorAll<HTMLElement>('.view-lines .view-line')).sort((a, b) => top(a) - top(b))) {
      const text = (line.textContent ?? '').replace(/\u00a0/g, ' ');
      if (starts.has(top(line)) || !lines.length) {
        lines.push(text);
        continue;
      }
      const indent = /^\s*/.exec(lines[lines.length - 1])?.[0] ?? '';
      lines[lines.length - 1] += text.startsWith(indent) ? text.slice(indent.length) : text;
    }
    return lines.join('\n');
  });
}

/** Puts the cursor of the focused editor at a 1-based line and column (Ctrl+G, `line:column`). */
export async function goToLine(page: Page, line: number, column = 1): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}:${column}`);
  await input.press('Enter');
  await input.waitFor({ state: 'hidden' });
}
