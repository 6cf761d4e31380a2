// Source files under an open store, in the real extension host (issue 12, finding 6): the
// file:line link opens a read-only view and leaves the focus on the panel; a file edited on disk
// is re-indexed, the panel stays on the sample the reviewer was looking at, and a verdict naming
// the sample shown before the edit is refused. Sorts after the other files; puts the file back.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandIds } from '../../src/extension/commandIds';
import { SOURCE_SCHEME } from '../../src/extension/sourceDocuments';
import type { ToWebviewMessage } from '../../src/protocol';
import { api, next, until } from './extensionHost';

const GSM8K = 'gsm8k_test_first120.jsonl';

/** Fires when a tab or a tab group changes (the active tab is either). */
const tabsChanged: vscode.Event<unknown> = (listener) =>
  vscode.Disposable.from(vscode.window.tabGroups.onDidChangeTabs(listener), vscode.window.tabGroups.onDidChangeTabGroups(listener));

function panelIsActiveTab(): boolean {
  return vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputWebview;
}

suite('source files under an open store', () => {
  test("the sample's file:line opens a read-only view at that line and the panel keeps the focus", async () => {
    const curator = await api();
    await vscode.commands.executeCommand(CommandIds.openReviewPanel);
    await until(panelIsActiveTab, tabsChanged, 'the panel to be the active tab');
    const store = await curator.stores.open();
    const file = path.join(store.folder, GSM8K);
    const onDisk = fs.readFileSync(file);
    await curator.panel.select(100); // gsm8k_test_first120.jsonl line 21
    await curator.panel.openSource();
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === SOURCE_SCHEME);
    assert.ok(editor, 'the source opened in a read-only view, not as the file itself');
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri.scheme === 'file' && e.document.uri.fsPath === file), 'the data file is not open for editing');
    assert.equal(path.basename(editor.document.uri.path), GSM8K);
    assert.equal(editor.selection.active.line, 20);
    assert.equal(editor.document.lineAt(20).text, onDisk.toString('utf8').split('\n')[20]);
    assert.ok(panelIsActiveTab(), 'the focus stayed on the panel');
    // What typed keys or an extension would do to it: nothing reaches the file.
    await Promise.resolve(editor.edit((b) => b.insert(new vscode.Position(20, 0), 'a'))).catch(() => false);
    await Promise.resolve(editor.document.save()).catch(() => false);
    assert.deepEqual(fs.readFileSync(file), onDisk, 'the source file is unchanged');
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('a source edited on disk is re-indexed; the panel stays on the same sample and a verdict on the old one is refused', async () => {
    const curator = await api();
    await vscode.commands.executeCommand(CommandIds.openReviewPanel);
    await curator.panel.clearFilter();
    const before = await curator.stores.open();
    await curator.panel.select(100);
    const shown = before.idAt(100);
    const counts = before.counts();
    const file = path.join(before.folder, GSM8K);
    const original = fs.readFileSync(file);
    const added = `${JSON.stringify({ question: 'Added while the panel was open: what is 2 + 2?', answer: '#### 4' })}\n`;
    try {
      const reopened = next(curator.stores.onDidOpen, 'the store opened again after the edit');
      fs.writeFileSync(file, Buffer.concat([Buffer.from(added), original]));
      const after = await reopened;
      assert.notEqual(after, before);
      assert.equal(after.size, before.size + 1);
      assert.equal(after.idAt(101), shown, 'the sample moved down one line');
      assert.equal(curator.panel.selected, 101, 'the panel stays on the sample the reviewer was looking at');
      const snapshot = [...curator.testing.panelProbe.sent].reverse().find((m): m is Extract<ToWebviewMessage, { type: 'snapshot' }> => m.type === 'snapshot');
      assert.equal(snapshot?.sample?.row.id, shown);
      // The webview's verdict from before the re-index: list position 100, naming the sample shown then.
      await curator.panel.receive({ type: 'decide', index: 100, verdict: 'accepted', id: shown });
      assert.deepEqual(after.counts(), { ...counts, pending: counts.pending + 1, total: counts.total + 1 }, 'nothing was decided');
      const error = [...curator.testing.panelProbe.sent].reverse().find((m) => m.type === 'error');
      assert.match(error?.type === 'error' ? error.message : '', /no longer the one shown/);
    } finally {
      fs.writeFileSync(file, original);
      await until(() => curator.stores.current?.size === before.size, curator.stores.onDidOpen, 'the store opened again after the file was put back');
    }
  });
});
