// The panel follows the colour theme through --vscode-* variables only: switching the theme in
// the real workbench repaints it (no hard-coded colours), and a screenshot of each is kept.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Scenario } from './uiHost';
import { reviewPanel, scrollListTo } from '../../testkit/workbench/workbenchPage';

type Look = { readonly colorScheme: 'light' | 'dark'; readonly forcedColors: 'active' | 'none' };

/**
 * Switches the OS appearance the browser reports; the workbench follows it
 * (`window.autoDetectColorScheme` / `window.autoDetectHighContrast` in the test user settings),
 * as it does for a reviewer whose desktop switches to dark or high contrast.
 */
async function switchLook(page: Page, look: Look): Promise<void> {
  await page.emulateMedia(look);
}

/** The panel's background and text colours as the browser computed them. */
async function panelColors(page: Page): Promise<string> {
  return reviewPanel(page).locator('body').evaluate((body) => {
    const s = getComputedStyle(body);
    return `${s.backgroundColor} / ${s.color}`;
  });
}

function themeScenario(theme: string, look: Look, shot: string): Scenario {
  return {
    name: `the panel repaints in the ${theme} theme`,
    shot,
    async run({ page }) {
      // A GSM8K problem on screen (the list around it too), so the screenshots show ordinary data.
      await scrollListTo(reviewPanel(page), 85);
      await reviewPanel(page).locator('#row-86').click();
      const before = await panelColors(page);
      await switchLook(page, look);
      const panel = reviewPanel(page);
      // Wait for the webview to receive the new theme variables.
      const deadline = Date.now() + 10_000;
      let after = await panelColors(page);
      while (after === before && Date.now() < deadline) {
        await page.waitForTimeout(100);
        after = await panelColors(page);
      }
      assert.notEqual(after, before, `colours changed from ${before}`);
      await panel.locator('#detail .sample').waitFor();
    },
  };
}

export const themeScenarios: Scenario[] = [
  themeScenario('dark', { colorScheme: 'dark', forcedColors: 'none' }, 'theme-dark'),
  themeScenario('high contrast', { colorScheme: 'dark', forcedColors: 'active' }, 'theme-high-contrast'),
  themeScenario('light', { colorScheme: 'light', forcedColors: 'none' }, 'theme-light'),
];
