// Label chips: the text colour chosen for each label colour reads at WCAG AA (≥ 4.5:1) in VS Code's
// built-in themes. The values are VS Code's own (its colour registry's defaults for the charts,
// error and description colours, and each theme's editor colours), as the workbench sets them as
// --vscode-* variables; the UI scenario "frictions: label chips" checks the live workbench too.
import * as assert from 'node:assert/strict';
import { chipText, contrastRatio, over, parseColour } from '../../src/webview/labelColours';
import { DEFAULT_LABELS, themeColorVar } from '../../src/core/store/labelTaxonomy';

/** VS Code's colour registry defaults for the chart colours, dark and light (high contrast differs in yellow and green). */
const CHARTS_DARK = {
  '--vscode-charts-red': '#f14c4c', '--vscode-charts-blue': '#3794ff', '--vscode-charts-yellow': '#cca700',
  '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#89d185', '--vscode-charts-purple': '#b180d7',
};
const CHARTS_LIGHT = {
  '--vscode-charts-red': '#e51400', '--vscode-charts-blue': '#1a85ff', '--vscode-charts-yellow': '#bf8803',
  '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#388a34', '--vscode-charts-purple': '#652d90',
};

/** A theme's values: editor background and foreground, the foreground, error and description colours, the charts. */
function theme(bg: string, fg: string, foreground: string, error: string, description: string, charts: Record<string, string>): Record<string, string> {
  return {
    '--vscode-editor-background': bg, '--vscode-editor-foreground': fg, '--vscode-foreground': foreground, '--vscode-charts-foreground': foreground,
    '--vscode-errorForeground': error, '--vscode-descriptionForeground': description, ...charts,
  };
}

const THEMES: Record<string, Record<string, string>> = {
  'Dark Modern': theme('#1f1f1f', '#cccccc', '#cccccc', '#f85149', '#9d9d9d', CHARTS_DARK),
  'Dark+': theme('#1e1e1e', '#d4d4d4', '#cccccc', '#f48771', '#ccccccb3', CHARTS_DARK),
  'Light Modern': theme('#ffffff', '#3b3b3b', '#3b3b3b', '#f85149', '#3b3b3b', CHARTS_LIGHT),
  'Light+': theme('#ffffff', '#000000', '#616161', '#a1260d', '#717171', CHARTS_LIGHT),
  'High Contrast': theme('#000000', '#ffffff', '#ffffff', '#f48771', '#ffffff', { ...CHARTS_DARK, '--vscode-charts-yellow': '#ffd370' }),
  'High Contrast Light': theme('#ffffff', '#292929', '#292929', '#b5200d', '#292929', {
    ...CHARTS_LIGHT, '--vscode-charts-red': '#b5200d', '--vscode-charts-yellow': '#895503', '--vscode-charts-green': '#374e06',
  }),
};

suite('labelColours', () => {
  test('colours parse as theme variables write them (#rgb, #rrggbbaa, rgba())', () => {
    assert.deepEqual(parseColour('#fff'), { r: 255, g: 255, b: 255, a: 1 });
    assert.deepEqual(parseColour(' #CCCCCCB3 '), { r: 204, g: 204, b: 204, a: 179 / 255 });
    assert.deepEqual(parseColour('rgba(10, 20, 30, 0.5)'), { r: 10, g: 20, b: 30, a: 0.5 });
    assert.equal(parseColour('var(--x)'), undefined);
  });

  test('the contrast ratio is WCAG 2\'s (black on white 21, a colour on itself 1, #767676 on white 4.54)', () => {
    const white = { r: 255, g: 255, b: 255, a: 1 };
    assert.equal(contrastRatio({ r: 0, g: 0, b: 0, a: 1 }, white), 21);
    assert.equal(contrastRatio(white, white), 1);
    assert.equal(Number(contrastRatio(parseColour('#767676')!, white).toFixed(2)), 4.54);
    assert.deepEqual(over({ r: 0, g: 0, b: 0, a: 0.5 }, white), { r: 127.5, g: 127.5, b: 127.5, a: 1 });
  });

  for (const [theme, values] of Object.entries(THEMES)) {
    test(`${theme}: every default label's chip text reads at 4.5:1 or more`, () => {
      for (const label of DEFAULT_LABELS) {
        const chosen = chipText(themeColorVar(label.color), (v) => values[v] ?? '');
        assert.ok(chosen, `${label.name}: ${label.color} has a value in ${theme}`);
        assert.ok(chosen.contrast >= 4.5, `${label.name} (${label.color}) in ${theme}: ${chosen.contrast.toFixed(2)}:1 with ${chosen.text}`);
        // Filled unless no text reads on the colour: then an outline (the text on the editor's background).
        if (!chosen.filled) assert.equal(chosen.text, 'var(--vscode-editor-foreground)');
        assert.match(chosen.text, /^var\(--vscode-editor-(fore|back)ground\)$/, 'only theme variables are written');
      }
    });
  }

  test('filled wherever a text colour reads on the label colour; High Contrast Light\'s mid blue is an outline', () => {
    const filled = (theme: string, color: string) => chipText(themeColorVar(color), (v) => THEMES[theme][v] ?? '')?.filled;
    for (const theme of ['Dark Modern', 'Dark+', 'Light+', 'High Contrast']) {
      for (const label of DEFAULT_LABELS) assert.equal(filled(theme, label.color), true, `${label.name} in ${theme}`);
    }
    assert.equal(filled('High Contrast Light', 'charts.blue'), false);
    assert.equal(filled('High Contrast Light', 'charts.red'), true);
  });

  test('the labels\' colours are distinct (each chip tells its label apart)', () => {
    const colours = DEFAULT_LABELS.map((l) => l.color);
    assert.equal(new Set(colours).size, colours.length);
  });

  test('a colour the theme does not set, or not a variable: no choice (the chip keeps the plain style)', () => {
    assert.equal(chipText('var(--vscode-charts-red)', () => ''), undefined);
    assert.equal(chipText('#ff0000', (v) => THEMES['Dark+'][v] ?? ''), undefined);
  });
});
