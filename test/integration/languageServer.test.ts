// The language server in the real VS Code: exact diagnostics on a fixture with one problem per
// line (the last two from the checks: a GSM8K question, a wrong calculation after escapes), quick
// fixes applied through the editor, hovers, the size setting, a crash, and the commands while the
// server is down. The fixture is copied outside the store folder so the store the other files test
// is never changed; the last tests stop and kill the server, so they come last.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ourCommands } from './extensionHost';
import { contentHash } from '../../src/core/ingest/lineIndex';
import { CommandIds } from '../../src/extension/commandIds';
import { ROOT } from '../../testkit/workbench/paths';
import { api, extension, until } from './extensionHost';

const E = vscode.DiagnosticSeverity.Error;
const W = vscode.DiagnosticSeverity.Warning;
const I = vscode.DiagnosticSeverity.Information;

/** A diagnostic as [line, start, end, code, severity] (0-based lines and characters). */
type Seen = [number, number, number, string, vscode.DiagnosticSeverity];

const FIXTURE_PROBLEMS: Seen[] = [
  [1, 81, 82, 'invalid-json', E],
  [2, 0, 20, 'unknown-shape', E],
  [3, 38, 39, 'missing-field', E],
  [4, 21, 28, 'bad-role', E],
  [5, 91, 102, 'role-order', W],
  [6, 52, 60, 'role-order', W],
  [7, 38, 40, 'empty-content', E],
  [8, 51, 54, 'chosen-equals-rejected', W],
  [9, 0, 92, 'duplicate-line', W],
  [10, 38, 44, 'trailing-whitespace', I],
  [10, 76, 85, 'trailing-whitespace', I],
  [11, 42, 43, 'not-utf8', E],
  [12, 39, 143, 'benchmark-contamination', W],
  [13, 101, 112, 'wrong-calculation', W],
];

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'sample-curator');
}

function summary(uri: vscode.Uri): Seen[] {
  return ours(uri).map((d): Seen => [d.range.start.line, d.range.start.character, d.range.end.character, String(d.code), d.severity])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

function sameAs(uri: vscode.Uri, expected: readonly unknown[]): () => boolean {
  return () => JSON.stringify(summary(uri)) === JSON.stringify(expected);
}

async function hoverText(uri: vscode.Uri, line: number): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, 2));
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

async function applyQuickFix(uri: vscode.Uri, code: string, line: number, title: RegExp): Promise<void> {
  const diagnostic = ours(uri).find((d) => d.code === code && d.range.start.line === line);
  assert.ok(diagnostic, `a ${code} diagnostic on line ${line}`);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action?.edit, `a quick fix ${title} among ${actions.map((a) => a.title).join(', ')}`);
  assert.equal(action.kind?.value, vscode.CodeActionKind.QuickFix.value);
  assert.equal(await vscode.workspace.applyEdit(action.edit), true);
}

suite('language server', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curator-lsp-'));
  const file = path.join(dir, 'problems.jsonl');
  fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'lsp', 'problems.jsonl'), file);
  const uri = vscode.Uri.file(file);
  let doc: vscode.TextDocument;

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a fixture with one problem per line gets exactly those diagnostics', async () => {
    doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await until(sameAs(uri, FIXTURE_PROBLEMS), vscode.languages.onDidChangeDiagnostics, 'the fixture\'s diagnostics');
    const messages = new Map(ours(uri).map((d) => [String(d.code), d.message]));
    assert.match(messages.get('unknown-shape') ?? '', /fields: text\); expected one of: messages \| .* \| question\+answer \| .*instruction\+response$/);
    assert.equal(messages.get('duplicate-line'), 'An exact copy of line 1');
    assert.match(messages.get('not-utf8') ?? '', /bytes that are not UTF-8/);
    assert.equal(messages.get('benchmark-contamination'), 'Overlaps GSM8K test item 2 ("A robe takes 2 bolts of blue fiber and half that…"): 10 shared 13-word sequences');
    assert.equal(messages.get('wrong-calculation'), 'Wrong calculation: <<48/2=25>> (the left side gives 24)');
  });

  test('hover: the line\'s kind, turns and tokens; not in the store for a file outside it', async () => {
    const text = await hoverText(uri, 0);
    assert.match(text, /^\*\*chat\*\* sample \(openai-chat\) · 2 turns · ≈ 4 tokens/);
    assert.match(text, /Curation verdict: not in the store/);
    assert.match(await hoverText(uri, 1), /not a readable sample\*\*: Invalid JSON/);
  });

  test('hover on a line of a store file shows its verdict from the open store', async () => {
    const curator = await api();
    const store = await curator.stores.open();
    const storeFile = vscode.Uri.file(path.join(store.folder, 'gsm8k_test_first120.jsonl'));
    const storeDoc = await vscode.workspace.openTextDocument(storeFile);
    const index = store.indexOfId(contentHash(Buffer.from(storeDoc.lineAt(3).text, 'utf8')));
    assert.ok(index !== undefined);
    // Read, not decided here: the other files' stories own the store's decisions and undo stack.
    assert.match(await hoverText(storeFile, 3), new RegExp(`Curation verdict: \\*\\*${store.verdictAt(index)}\\*\\*`));
  });

  test('quick fix: ShareGPT names in a message list become roles', async () => {
    await applyQuickFix(uri, 'bad-role', 4, /ShareGPT/);
    assert.equal(doc.lineAt(4).text, '{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}');
    await until(sameAs(uri, FIXTURE_PROBLEMS.filter((p) => p[3] !== 'bad-role')), vscode.languages.onDidChangeDiagnostics, 'bad-role gone');
  });

  test('quick fix: deleting the duplicate line moves the problems below it up a line', async () => {
    const lines = doc.lineCount;
    await applyQuickFix(uri, 'duplicate-line', 9, /Delete/);
    assert.equal(doc.lineCount, lines - 1);
    const expected = FIXTURE_PROBLEMS.filter((p) => p[3] !== 'bad-role' && p[3] !== 'duplicate-line').map(([line, ...rest]): Seen => [line > 9 ? line - 1 : line, ...rest]);
    await until(sameAs(uri, expected), vscode.languages.onDidChangeDiagnostics, 'duplicate gone, lines shifted');
  });

  test('quick fix: trailing whitespace trimmed in that content only', async () => {
    await applyQuickFix(uri, 'trailing-whitespace', 9, /Trim/);
    await until(() => ours(uri).filter((d) => d.code === 'trailing-whitespace').length === 1, vscode.languages.onDidChangeDiagnostics, 'one trim left');
    assert.equal(doc.lineAt(9).text, '{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello\\n"}]}');
  });

  test('sampleCurator.maxLineBytes reaches the server: long lines become too-large, and back', async () => {
    const config = vscode.workspace.getConfiguration('sampleCurator');
    await config.update('maxLineBytes', 100, vscode.ConfigurationTarget.Global);
    try {
      await until(() => ours(uri).some((d) => d.code === 'too-large' && d.range.start.line === 5), vscode.languages.onDidChangeDiagnostics, 'too-large');
      assert.ok(!ours(uri).some((d) => d.code === 'too-large' && d.range.start.line === 0), 'a short line is not too large');
    } finally {
      await config.update('maxLineBytes', undefined, vscode.ConfigurationTarget.Global);
    }
    await until(() => !ours(uri).some((d) => d.code === 'too-large'), vscode.languages.onDidChangeDiagnostics, 'too-large gone');
  });

  test('a crashed server is restarted and reports again', async () => {
    const client = (await api()).languageClient;
    const children = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
    const server = children.split('\n').find((l) => /out[\\/]server\.js/.test(l));
    assert.ok(server, `the server is a child of the extension host:\n${children}`);
    let stopped = false;
    const watch = client.onDidChangeState(() => (stopped ||= !client.started));
    // Reported again: diagnostics published by the new server (it is sent the open documents after it starts).
    const reported = until(() => stopped && client.started && ours(uri).length > 0, vscode.languages.onDidChangeDiagnostics, 'diagnostics from the restarted server');
    process.kill(Number(server.trim().split(/\s+/)[0]), 'SIGKILL');
    await reported.finally(() => watch.dispose());
    assert.match(await hoverText(uri, 0), /\(openai-chat\)/);
  });

  test('with the server stopped, every command stays registered; Restart Language Server brings it back', async () => {
    const client = (await api()).languageClient;
    await client.stop();
    assert.equal(client.started, false);
    const contributed = (extension().packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command).sort();
    const registered = await ourCommands();
    assert.deepEqual(registered, contributed);
    await vscode.commands.executeCommand(CommandIds.restartLanguageServer);
    assert.equal(client.started, true);
    await until(() => ours(uri).length > 0, vscode.languages.onDidChangeDiagnostics, 'diagnostics after the restart');
  });
});
