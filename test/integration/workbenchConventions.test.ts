// Open With… → Sample Curator and Review in Sample Curator in the extension host (issue 17): a file
// opens in the custom editor as a one-file store in its own folder; a folder in the extension's own
// panel, closing the file's tab (one review panel). Runs last (file order): it leaves the whole
// folder's store open, as the other suites found it.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandIds } from '../../src/extension/commandIds';
import { REVIEW_FILE_EDITOR_VIEW_TYPE } from '../../src/extension/reviewFileEditor';
import { api, extension, until } from './extensionHost';

const STORE = () => process.env.SAMPLE_CURATOR_TEST_STORE ?? '';
const FILE = 'gsm8k_test_first120.jsonl';

function tabsOf<T>(kind: new (...args: never[]) => T): T[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.input).filter((i): i is T => i instanceof kind);
}

suite('workbench conventions', () => {
  test('the manifest: the custom editor for the four patterns at priority "option"; the panel\'s keybindings work in it', () => {
    const c = (extension().packageJSON as { contributes: { customEditors: { viewType: string; priority: string; selector: { filenamePattern: string }[] }[]; keybindings: { when: string }[] } }).contributes;
    const editor = c.customEditors.find((e) => e.viewType === REVIEW_FILE_EDITOR_VIEW_TYPE);
    assert.ok(editor);
    assert.equal(editor.priority, 'option', 'the text editor stays the default');
    assert.deepEqual(editor.selector.map((s) => s.filenamePattern), ['*.jsonl', '*.json', '*.parquet', '*.gz']);
    for (const k of c.keybindings) assert.ok(k.when.includes(`activeCustomEditorId == ${REVIEW_FILE_EDITOR_VIEW_TYPE}`), k.when);
  });

  test('Open With… Sample Curator on a file: a one-file store in the file\'s folder; Review in Sample Curator on the folder: every file, in the extension\'s own panel', async () => {
    const curator = await api();
    const file = vscode.Uri.file(path.join(STORE(), FILE));
    await vscode.commands.executeCommand('vscode.openWith', file, REVIEW_FILE_EDITOR_VIEW_TYPE);
    await until(() => curator.stores.current?.sourcePaths.length === 1, curator.stores.onDidOpen, 'the one-file store');
    const one = curator.stores.current;
    assert.ok(one);
    assert.deepEqual(one.sourcePaths, [FILE]);
    assert.equal(one.size, 120);
    assert.equal(one.folder, STORE(), 'decisions go to the .curator/ beside the file');
    assert.equal(curator.stores.only, FILE);
    assert.deepEqual(tabsOf(vscode.TabInputCustom).map((t) => [t.viewType, path.basename(t.uri.fsPath)]), [[REVIEW_FILE_EDITOR_VIEW_TYPE, FILE]]);
    assert.equal(tabsOf(vscode.TabInputWebview).length, 0, 'one review panel: the custom editor is it');
    assert.ok(curator.panel.isOpen);

    await vscode.commands.executeCommand(CommandIds.reviewInCurator, vscode.Uri.file(STORE()));
    await until(() => (curator.stores.current?.sourcePaths.length ?? 0) > 1, curator.stores.onDidOpen, 'the folder\'s store');
    assert.equal(curator.stores.only, undefined);
    assert.equal(curator.stores.current?.size, 304);
    await until(() => tabsOf(vscode.TabInputCustom).length === 0, vscode.window.tabGroups.onDidChangeTabs, 'the file\'s tab closed');
    assert.equal(tabsOf(vscode.TabInputWebview).length, 1);
  });
});
