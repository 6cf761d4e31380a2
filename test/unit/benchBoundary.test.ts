// Tests and benchmarks share only testkit/ (seeded sample builders, the workbench launchers):
// test/ never imports bench/, bench/ never imports test/, and testkit/ imports neither, so a
// benchmark can change without touching a test's data and the other way round.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../../testkit/workbench/paths';

const RULES: readonly { from: string; never: readonly string[] }[] = [
  { from: 'test', never: ['bench'] },
  { from: 'bench', never: ['test'] },
  { from: 'testkit', never: ['test', 'bench'] },
];

function tsFilesBelow(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : tsFilesBelow(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Relative module specifiers of `import … from '…'` / `export … from '…'` / `import('…')` in a file. */
function relativeImports(text: string): string[] {
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.[^']*)'/g)].map((m) => m[1]);
}

suite('test/ and bench/ do not import each other', () => {
  for (const rule of RULES) {
    test(`${rule.from}/ imports none of ${rule.never.join(', ')}`, () => {
      const found: string[] = [];
      for (const file of tsFilesBelow(path.join(ROOT, rule.from))) {
        for (const spec of relativeImports(fs.readFileSync(file, 'utf8'))) {
          const top = path.relative(ROOT, path.resolve(path.dirname(file), spec)).split(path.sep)[0];
          if (rule.never.includes(top)) found.push(`${path.relative(ROOT, file)} imports ${spec}`);
        }
      }
      assert.deepEqual(found, []);
    });
  }
});
