// The core runs under plain Node, in the extension host and in the language server: it must not
// reach for `vscode` or the DOM. Parsed with the TypeScript compiler so comments and strings don't count.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type * as TS from 'typescript';
import { ROOT } from '../../testkit/workbench/paths';

// Loaded at run time from node_modules rather than bundled into this test.
const ts = createRequire(__filename)('typescript') as typeof TS;

const CORE = path.join(ROOT, 'src', 'core');
const DOM_GLOBALS = new Set(['document', 'window', 'HTMLElement', 'navigator', 'localStorage']);

function tsFilesBelow(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return tsFilesBelow(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** What a source file must not contain, as "line: what" strings. */
function boundaryViolations(fileName: string, text: string): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const at = (node: TS.Node, what: string) => found.push(`${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}: ${what}`);
  const isVscode = (node: TS.Node | undefined) => !!node && ts.isStringLiteralLike(node) && node.text === 'vscode';
  const visit = (node: TS.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && isVscode(node.moduleSpecifier)) at(node, "imports 'vscode'");
    if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && isVscode(node.moduleReference.expression)) {
      at(node, "imports 'vscode'");
    }
    if (ts.isCallExpression(node) && isVscode(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) at(node, "loads 'vscode'");
    }
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && isVscode(node.argument.literal)) at(node, "imports 'vscode' types");
    if (ts.isIdentifier(node) && DOM_GLOBALS.has(node.text)) {
      // `x.document` or `{ document: … }` name a property, not the global.
      const parent = node.parent;
      const isPropertyName =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent)) &&
          parent.name === node);
      if (!isPropertyName) at(node, `uses DOM global ${node.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Removes // and /* *\/ comments outside strings (tsconfig.json is JSON with comments). */
function stripJsonComments(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m) => (m.startsWith('"') ? m : ''));
}

suite('core boundary', () => {
  test('the checker catches what it should and ignores comments, strings and property names', () => {
    const bad = [
      "import * as vscode from 'vscode';",
      "import type { Uri } from 'vscode';",
      "export { window } from 'vscode';",
      "import vs = require('vscode');",
      "const v = require('vscode');",
      "const w = import('vscode');",
      'let u: import("vscode").Uri;',
      'const t = document.title;',
      'window.alert(1);',
      'let e: HTMLElement;',
      'const n = navigator.language;',
      "localStorage.setItem('a', 'b');",
    ];
    for (const line of bad) assert.equal(boundaryViolations('bad.ts', line).length > 0, true, line);
    const fine = [
      '// the project document and the window of time',
      "/* document.title */ const s = 'document window navigator';",
      'const o = { document: 1 }; const d = o.document;',
      "import { x } from './vscodeLike';",
    ].join('\n');
    assert.deepEqual(boundaryViolations('fine.ts', fine), []);
  });

  test('no file under src/core imports vscode or uses DOM globals', () => {
    const files = tsFilesBelow(CORE);
    assert.ok(files.length >= 10, `found ${files.length} core files`);
    const problems = files.flatMap((f) =>
      boundaryViolations(f, fs.readFileSync(f, 'utf8')).map((v) => `${path.relative(ROOT, f)}:${v}`),
    );
    assert.deepEqual(problems, []);
  });

  test("src/core/tsconfig.json's lib has no DOM entry", () => {
    const text = fs.readFileSync(path.join(CORE, 'tsconfig.json'), 'utf8');
    const config = JSON.parse(stripJsonComments(text)) as { compilerOptions?: { lib?: string[] } };
    const lib = config.compilerOptions?.lib;
    assert.ok(Array.isArray(lib) && lib.length > 0, 'core sets lib explicitly (the default would include DOM)');
    assert.deepEqual(lib.filter((l) => /^dom(\.|$)/i.test(l)), []);
  });

  test('the JSON comment stripper keeps // inside strings', () => {
    assert.deepEqual(JSON.parse(stripJsonComments('{ // c\n "u": "http://x" /* d */ }')), { u: 'http://x' });
  });
});
