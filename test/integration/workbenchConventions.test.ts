// Open With… → Sample Curator and Review in Sample Curator in the extension host (issue 17): a file
// opens in the custom editor as a one-file store in its own folder; a folder in the extension's own
// panel, closing the file's tab (one review panel). Runs last (file order): it leaves the whole
// folder's store open, as the other suites found it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandIds } from '../../src/extension/commandIds';
import { REVIEW_FILE_EDITOR_VIEW_TYPE } from '../../src/extension/reviewFileEditor';
import { CurationStore } from '../../src/core/store/curationStore';
import type { ExportResult } from '../../src/core/export/curatedExport';
import type { ExportCommandOptions } from '../../src/extension/exportCommand';
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

  test('the side bar: Sources lists each file with format, samples and problems; Exports the folders export wrote; Reviewers each reviewer once a second journal arrives', async () => {
    const curator = await api();
    const store = await curator.stores.open();
    const { sources, exports, reviewers } = curator.testing.sidebar;
    const nodes = sources.nodes();
    assert.deepEqual(nodes.map((n) => [n.relPath, n.samples]), store.sourcePaths.map((p) => [p, store.checkSources().find((s) => s.file === p)?.starts.length]));
    assert.equal(nodes.reduce((n, s) => n + s.samples, 0), 304);
    assert.equal(nodes.find((n) => n.relPath === FILE)?.format, 'qa');
    // The edge cases' unreadable records, counted by the record check after the index pass.
    const edgeProblems = () => sources.nodes().find((n) => n.relPath === 'zz_edge_cases.jsonl')?.problems ?? 0;
    await until(() => edgeProblems() > 0, sources.onDidChangeTreeData, 'the record check\'s problems in the Sources view');
    assert.equal(nodes.find((n) => n.relPath === FILE)?.problems, 0);
    // An export into a folder of its own: found under the last export's parent (project.json), with its manifest.
    const gsm = Array.from({ length: store.size }, (_, i) => i).filter((i) => store.sourceAt(i) === FILE).slice(0, 2);
    await store.decideMany(gsm, 'accepted');
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'curator-exports-view-'));
    try {
      const options: ExportCommandOptions = {
        selection: { kind: 'accepted' }, format: 'openai-chat', destination: path.join(parent, 'listed'),
        split: null, useEdits: true, licenceIssues: 'include', fileType: 'jsonl',
      };
      const result = await vscode.commands.executeCommand<ExportResult | undefined>(CommandIds.exportCuratedSet, options);
      assert.ok(result);
      const listed = exports.folders().filter((f) => f.folder === result.destination);
      assert.equal(listed.length, 1);
      assert.equal(listed[0].manifestPath, path.join(parent, 'listed', 'manifest.json'));
      assert.equal(listed[0].exported, result.manifest.counts.exported);
      assert.equal(listed[0].format, 'openai-chat');
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
    assert.deepEqual(exports.folders().filter((f) => f.folder.startsWith(parent)), [], 'a deleted export is no longer listed');
    // One reviewer: no team, nothing listed (the view is hidden by its when clause).
    assert.deepEqual(reviewers.getChildren(), []);
    // A second reviewer's journal, written beside ours as git would bring it.
    const bob = await CurationStore.open(STORE(), { reviewer: 'bob' });
    try {
      await bob.decide(0, 'rejected', bob.idAt(0));
    } finally {
      await bob.close();
    }
    await curator.stores.refreshTeam();
    const listed = reviewers.getChildren();
    assert.deepEqual(listed.map((p) => p.reviewer).sort(), ['bob', curator.stores.reviewer()].sort());
    assert.equal(listed.find((p) => p.reviewer === 'bob')?.rejected, 1);
  });
});
