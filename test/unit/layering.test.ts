// Which folder may import which: the rules of ARCHITECTURE.md's code map, written once, here.
// Every relative import (and `import type`, `export … from`, dynamic import) of every file under
// src/ is resolved to the folder it lands in and checked against LAYERS; so is every bare module
// name against FORBIDDEN_MODULES. Parsed with the TypeScript compiler, so comments don't count.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type * as TS from 'typescript';
import { ROOT } from '../../testkit/workbench/paths';

const ts = createRequire(__filename)('typescript') as typeof TS;
const SRC = path.join(ROOT, 'src');

/**
 * Each folder (relative to src/) and the folders it may import besides itself. The core is layered
 * bottom-up; nothing in it knows the extension, the server or the webview.
 */
export const LAYERS: Readonly<Record<string, readonly string[]>> = {
  'core/formats': [],
  'core/workers': [],
  'core/journal': ['core/formats'],
  'core/ingest': ['core/formats', 'core/journal', 'core/workers'],
  'core/query': ['core/formats', 'core/ingest'],
  'core/checks': ['core/formats', 'core/ingest', 'core/journal', 'core/workers'],
  'core/lineProblems': ['core/formats', 'core/ingest', 'core/checks'],
  'core/export': ['core/formats', 'core/ingest', 'core/journal', 'core/query', 'core/checks', 'core/workers'],
  'core/team': ['core/formats', 'core/journal', 'core/workers'],
  'core/audit': ['core/formats'],
  'core/store': ['core/formats', 'core/ingest', 'core/journal', 'core/query', 'core/checks', 'core/export', 'core/team', 'core/audit'],
  '.': ['core/formats'], // protocol.ts: messages carry core's sample types
  server: ['.', 'core/formats', 'core/ingest', 'core/journal', 'core/checks', 'core/lineProblems'],
  webview: ['.', 'core/formats'],
  extension: ['.', 'core/formats', 'core/ingest', 'core/journal', 'core/query', 'core/checks', 'core/lineProblems', 'core/export', 'core/team', 'core/audit', 'core/store'],
};

/** Bare modules a folder must not load (its tsconfig fences the types; this fences the imports). */
const FORBIDDEN_MODULES: Readonly<Record<string, RegExp>> = {
  core: /^vscode$/,
  server: /^vscode$/,
  webview: /^(vscode$|node:|fs$|path$|child_process$|worker_threads$)/,
};

/** The LAYERS key a file or folder (relative to src/) belongs to: the deepest one listed. */
function layerOf(rel: string): string | undefined {
  let dir = path.dirname(rel).split(path.sep).join('/');
  for (;;) {
    if (dir in LAYERS) return dir;
    if (dir === '.' || dir === '') return undefined;
    dir = path.posix.dirname(dir);
  }
}

function tsFilesBelow(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return tsFilesBelow(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

function moduleSpecifiers(file: string): { spec: string; line: number }[] {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: { spec: string; line: number }[] = [];
  const add = (node: TS.Node, lit: TS.Expression | undefined) => {
    if (lit && ts.isStringLiteralLike(lit)) out.push({ spec: lit.text, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
  };
  const visit = (node: TS.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node, node.moduleSpecifier);
    if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      add(node, node.arguments[0]);
    }
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node, node.argument.literal as TS.Expression);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Every import under src/ that breaks LAYERS or FORBIDDEN_MODULES, as "file:line: why". */
export function layeringViolations(): string[] {
  const found: string[] = [];
  for (const file of tsFilesBelow(SRC)) {
    const rel = path.relative(SRC, file);
    const from = layerOf(rel);
    if (!from) {
      found.push(`${rel}: in no folder of LAYERS (add the folder to the rules and to ARCHITECTURE.md)`);
      continue;
    }
    const top = rel.split(path.sep)[0];
    for (const { spec, line } of moduleSpecifiers(file)) {
      if (!spec.startsWith('.')) {
        const forbidden = FORBIDDEN_MODULES[top];
        if (forbidden?.test(spec)) found.push(`${rel}:${line}: imports '${spec}', which ${top}/ must not load`);
        continue;
      }
      const target = path.relative(SRC, path.resolve(path.dirname(file), spec));
      if (target.startsWith('..')) {
        found.push(`${rel}:${line}: imports '${spec}', outside src/`);
        continue;
      }
      const to = layerOf(`${target}.ts`);
      if (!to || (to !== from && !LAYERS[from].includes(to))) found.push(`${rel}:${line}: ${from}/ must not import ${to ?? target} ('${spec}')`);
    }
  }
  return found;
}

suite('layering: which folder may import which (ARCHITECTURE.md)', () => {
  test('every import under src/ follows the rules', () => {
    assert.deepEqual(layeringViolations(), []);
  });

  test('the rules catch a breach: core/formats importing core/store is reported', () => {
    const probe = path.join(SRC, 'core', 'formats', '__layeringProbe.ts');
    fs.writeFileSync(probe, "import type { CurationStore } from '../store/curationStore';\nexport type X = CurationStore;\n");
    try {
      assert.deepEqual(layeringViolations(), [`core/formats/__layeringProbe.ts:1: core/formats/ must not import core/store ('../store/curationStore')`]);
    } finally {
      fs.rmSync(probe);
    }
  });

  test('every folder under src/ holding code has rules, and every rule names a folder that exists', () => {
    for (const layer of Object.keys(LAYERS)) assert.ok(fs.existsSync(path.join(SRC, layer)), `${layer} does not exist`);
    for (const layer of Object.values(LAYERS).flat()) assert.ok(layer in LAYERS, `${layer} is allowed but has no rules`);
  });

  test('the allowed imports of the core have no cycle', () => {
    const seen = new Map<string, 'open' | 'done'>();
    const visit = (l: string, trail: string[]): void => {
      if (seen.get(l) === 'done') return;
      assert.notEqual(seen.get(l), 'open', `cycle: ${[...trail, l].join(' -> ')}`);
      seen.set(l, 'open');
      for (const d of LAYERS[l]) visit(d, [...trail, l]);
      seen.set(l, 'done');
    };
    for (const l of Object.keys(LAYERS)) visit(l, []);
  });
});
