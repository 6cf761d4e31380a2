// The packaged extension, installed from its .vsix into a clean VS Code, activates and works.
import type { Scenario } from './uiHost';
import { reviewPanel, runFromPalette, statusBarItem } from '../../testkit/workbench/workbenchPage';

export const vsixScenarios: Scenario[] = [
  {
    name: 'installed .vsix activates: the palette command opens the panel with samples',
    shot: 'vsix-installed',
    async run({ page }) {
      await runFromPalette(page, 'Sample Curator: Open Review Panel');
      await reviewPanel(page).locator('#detail .sample').waitFor();
      await statusBarItem(page, "reviewed").waitFor();
    },
  },
];
