// The l10n mechanism: every %key% in package.json resolves in package.nls.json (and every key
// there is used), and every string the extension passes to vscode.l10n.t is in the bundle
// translators copy (l10n/bundle.l10n.json).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../../testkit/workbench/paths';

function filesBelow(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesBelow(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** The first argument of each vscode.l10n.t call, when it is a plain string literal. */
export function l10nStrings(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/vscode\.l10n\.t\(\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/g)) {
    found.push(JSON.parse(m[1].startsWith("'") ? `"${m[1].slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"` : m[1]) as string);
  }
  return found;
}

suite('localization', () => {
  const manifestText = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
  const nls = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;

  test('every %key% in package.json is in package.nls.json, and every key there is used', () => {
    const keys = [...manifestText.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.ok(keys.length >= 10, `${keys.length} keys`);
    for (const k of keys) assert.ok(typeof nls[k] === 'string' && nls[k].trim(), `${k} resolves`);
    for (const k of Object.keys(nls)) assert.ok(keys.includes(k), `${k} is used`);
  });

  test('package.json names its l10n folder, and every vscode.l10n.t string of the extension is in its bundle', () => {
    const manifest = JSON.parse(manifestText) as { l10n?: string };
    assert.equal(manifest.l10n, './l10n');
    const bundle = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
    const used = new Set(filesBelow(path.join(ROOT, 'src', 'extension')).flatMap((f) => l10nStrings(fs.readFileSync(f, 'utf8'))));
    assert.ok(used.size >= 10, `${used.size} strings`);
    for (const s of used) assert.equal(bundle[s], s, `"${s}" is in l10n/bundle.l10n.json`);
    for (const s of Object.keys(bundle)) assert.ok(used.has(s), `"${s}" in the bundle is used`);
  });

  test('the string reader reads both quote styles and escapes', () => {
    assert.deepEqual(l10nStrings(`vscode.l10n.t('a {0}', x); vscode.l10n.t("b \\"c\\""); vscode.l10n.t('it\\'s')`), ['a {0}', 'b "c"', "it's"]);
  });
});
