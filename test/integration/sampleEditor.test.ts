// Editing a sample in a real editor tab (issue 5, "Edit"): save makes a revision, the source file
// is never written, invalid text is refused and stays in the tab, the diff shows original against
// current, undo brings the original back. The tests are steps of one story on one sample, far from
// the samples extension.test.ts decides on; this file sorts after it, so that file sees a fresh store.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CuratorApi } from '../../src/extension/extension';
import { CommandIds } from '../../src/extension/commandIds';
import { PART_LANGUAGE, SAMPLE_JSON_LANGUAGE, SAMPLE_SCHEME } from '../../src/extension/sampleEditor';
import { EXTENSION_ID, next, until } from './extensionHost';
import { toNormalizedJson } from '../../src/core/formats/normalizedJson';
import type { CurationStore } from '../../src/core/store/curationStore';
import type { NormalizedSample, SampleView } from '../../src/protocol';

/** gsm8k_test_first120.jsonl line 71 (80 Alpaca samples come first). */
const INDEX = 150;

async function replaceText(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.equal(await vscode.workspace.applyEdit(edit), true, 'the edit applies');
  assert.equal(doc.getText(), text);
}

function ourTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) =>
    (t.input instanceof vscode.TabInputText && t.input.uri.scheme === SAMPLE_SCHEME)
    || (t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === SAMPLE_SCHEME));
}

suite('sample editor: edit a sample in an editor tab', () => {
  let curator: CuratorApi;
  let store: CurationStore;
  let original: NormalizedSample;
  let sourceFile: string;
  let sourceBytes: Buffer;
  let doc: vscode.TextDocument;
  let edited: NormalizedSample;
  const lastSample = (): SampleView | undefined => {
    const m = [...curator.testing.panelProbe.sent].reverse().find((s) => s.type === 'sample');
    return m?.type === 'sample' ? m.sample : undefined;
  };

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<CuratorApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    curator = await ext.activate();
    if (!curator.panel.isOpen) {
      const handshake = next(curator.panel.onDidHandshake, 'the ready → snapshot handshake');
      await vscode.commands.executeCommand(CommandIds.openReviewPanel);
      await handshake;
    }
    store = await curator.stores.open();
    await curator.panel.select(INDEX);
    const sample = store.sample(INDEX);
    assert.equal(sample.row.source, 'gsm8k_test_first120.jsonl');
    assert.equal(sample.row.line, 71);
    assert.equal(sample.revision, 0, 'not edited yet');
    assert.ok(sample.normalized?.kind === 'qa');
    original = sample.normalized;
    sourceFile = path.join(store.folder, sample.row.source);
    sourceBytes = fs.readFileSync(sourceFile);
  });

  suiteTeardown(async () => {
    for (const d of vscode.workspace.textDocuments) {
      if (d.uri.scheme !== SAMPLE_SCHEME || !d.isDirty) continue;
      await vscode.window.showTextDocument(d);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.window.tabGroups.close(ourTabs());
  });

  test('the edit command opens the selected sample\'s normalized JSON in an editor tab', async () => {
    assert.equal(curator.panel.selected, INDEX);
    await vscode.commands.executeCommand(CommandIds.edit);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'a text editor is active');
    doc = editor.document;
    assert.equal(doc.uri.scheme, SAMPLE_SCHEME);
    assert.equal(doc.uri.path, `/${store.row(INDEX).id}/gsm8k_test_first120.jsonl:71.json`);
    assert.equal(doc.languageId, SAMPLE_JSON_LANGUAGE, 'JSON\'s grammar, our checks only');
    assert.equal(vscode.workspace.getConfiguration('editor', doc).get('wordWrap'), 'on', 'a turn on one JSON line wraps');
    assert.equal(doc.getText(), toNormalizedJson(original));
    assert.equal(doc.isDirty, false);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.equal(tab?.label, 'gsm8k_test_first120.jsonl:71.json', 'the tab says which file and line');
    assert.deepEqual(store.revisionsAt(INDEX), [], 'opening writes nothing');
  });

  test('saving makes revision 1 in the store; the source file is untouched; the panel shows the edit', async () => {
    assert.ok(original.kind === 'qa');
    edited = { ...original, answer: `${original.answer}\n(checked by hand)`, finalAnswer: 'edited' };
    const text = toNormalizedJson(edited);
    await replaceText(doc, text);
    const saved = next(curator.sampleEditor.onDidSaveRevision, 'the revision to be saved');
    assert.equal(await doc.save(), true, 'the save succeeds');
    assert.deepEqual(await saved, { index: INDEX, revision: 1, changed: [INDEX] });
    assert.equal(doc.isDirty, false);
    assert.deepEqual(store.revisionsAt(INDEX), [text]);
    assert.equal(store.annotationsAt(INDEX).revision, 1);
    assert.deepEqual(store.sample(INDEX).normalized, edited);
    assert.ok(fs.readFileSync(sourceFile).equals(sourceBytes), 'the source file bytes are unchanged');
    const shown = lastSample();
    assert.equal(shown?.row.index, INDEX);
    assert.equal(shown?.revision, 1);
    assert.deepEqual(shown?.normalized, edited);
    assert.deepEqual(shown?.original, original);
  });

  test('a save that is not JSON, or not a sample, is refused with the reason; the tab keeps the text', async () => {
    const broken = '{\n  "kind": "qa",\n  "question": "half a sample'; // not JSON
    await replaceText(doc, broken);
    await until(() => curator.editDiagnostics.diagnosticsOf(doc.uri).length === 1, vscode.languages.onDidChangeDiagnostics, 'the tab\'s diagnostic');
    const [shown] = curator.editDiagnostics.diagnosticsOf(doc.uri);
    assert.equal(shown.range.start.line, 2, 'on the line of the unterminated text');
    assert.equal(shown.range.start.character, 14, 'from its opening quote');
    assert.match(shown.message, /^Not valid JSON: this text never ends/);
    let refused = next(curator.sampleEditor.onDidRefuseSave, 'the refusal');
    assert.equal(await doc.save(), false, 'the save resolves false (VS Code 1.139; no notification for saves through the API)');
    const notJson = await refused;
    assert.match(notJson.message, /^Not saved: the text is not valid JSON at line 3, column 15: this text never ends: it needs a closing "\. gsm8k_test_first120\.jsonl:71 stays at revision 1; fix the text and save again\.$/);
    const notices = [...curator.testing.panelProbe.sent].reverse().find((m) => m.type === 'notices');
    assert.ok(notices?.type === 'notices' && notices.notices.some((n) => n.kind === 'error' && n.text === notJson.message), 'the panel\'s notice bar says it too');
    assert.equal(notJson.uri.toString(), doc.uri.toString());
    assert.equal(doc.isDirty, true, 'the tab stays dirty');
    assert.equal(doc.getText(), broken, 'with the text as typed');

    const notSample = toNormalizedJson(edited).replace('"kind": "qa"', '"kind": "essay"');
    await replaceText(doc, notSample);
    refused = next(curator.sampleEditor.onDidRefuseSave, 'the second refusal');
    assert.equal(await doc.save(), false, 'the save resolves false (VS Code 1.139; no notification for saves through the API)');
    assert.match((await refused).message, /^Not saved: the JSON is not a valid sample at line 2, column 3: "kind" must be one of chat, instruction, preference, qa \(got "essay"\)\./);
    assert.equal(curator.editDiagnostics.diagnosticsOf(doc.uri)[0]?.range.start.line, 1, 'the diagnostic moved to the "kind" line');
    assert.equal(doc.isDirty, true);
    assert.equal(doc.getText(), notSample);

    assert.deepEqual(store.revisionsAt(INDEX), [toNormalizedJson(edited)], 'still revision 1 only');
    assert.ok(fs.readFileSync(sourceFile).equals(sourceBytes));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(doc.isDirty, false);
    assert.equal(doc.getText(), toNormalizedJson(edited), 'revert reads revision 1 back from the store');
    await until(() => curator.editDiagnostics.diagnosticsOf(doc.uri).length === 0, vscode.languages.onDidChangeDiagnostics, 'the diagnostic to go once the text is a sample again');
  });

  test('the diff command opens the diff editor: the read-only original against the current revision', async () => {
    await vscode.commands.executeCommand(CommandIds.diff);
    const diffs = ourTabs().filter((t) => t.input instanceof vscode.TabInputTextDiff);
    assert.equal(diffs.length, 1, 'one diff tab');
    const input = diffs[0].input as vscode.TabInputTextDiff;
    assert.equal(input.modified.toString(), doc.uri.toString(), 'the right side is the editable current revision');
    assert.equal(input.original.scheme, SAMPLE_SCHEME);
    assert.equal(input.original.path, doc.uri.path);
    assert.equal(input.original.query, 'original');
    assert.equal(diffs[0].label, 'gsm8k_test_first120.jsonl:71 original ↔ current');
    const left = await vscode.workspace.openTextDocument(input.original);
    assert.equal(left.getText(), toNormalizedJson(original));
    assert.equal((await vscode.workspace.fs.stat(input.original)).permissions, vscode.FilePermission.Readonly);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(input.original, new TextEncoder().encode(left.getText()))), /read-only/);
    assert.equal(store.revisionsAt(INDEX).length, 1);
  });

  test('undo restores revision 0: the store, the panel and the open tab show the original again', async () => {
    await vscode.commands.executeCommand(CommandIds.undo);
    assert.equal(store.sample(INDEX).revision, 0);
    assert.deepEqual(store.revisionsAt(INDEX), []);
    assert.deepEqual(store.sample(INDEX).normalized, original);
    const shown = lastSample();
    assert.equal(shown?.row.index, INDEX);
    assert.equal(shown?.revision, undefined);
    assert.deepEqual(shown?.normalized, original);
    await until(() => doc.getText() === toNormalizedJson(original), vscode.workspace.onDidChangeTextDocument, 'the tab to re-read the original');
    assert.equal(doc.isDirty, false);
    assert.ok(fs.readFileSync(sourceFile).equals(sourceBytes));
  });

  test('a part selected in the panel (t, then e) opens as plain text; saving it makes a revision of the whole sample', async () => {
    assert.ok(original.kind === 'qa');
    // What the webview posts for `e` while the answer is selected, through the real message boundary.
    await curator.panel.receive({ type: 'edit', part: 'answer' });
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    const part = editor.document;
    assert.equal(part.uri.path, `/${store.row(INDEX).id}/gsm8k_test_first120.jsonl:71.answer.txt`);
    assert.equal(part.getText(), original.answer, 'the text alone, not JSON');
    assert.equal(part.languageId, PART_LANGUAGE);
    assert.equal(vscode.workspace.getConfiguration('editor', part).get('wordWrap'), 'on', 'long turns wrap');
    assert.equal(vscode.window.tabGroups.activeTabGroup.activeTab?.label, 'gsm8k_test_first120.jsonl:71.answer.txt');

    const answer = original.answer.replace(/#### .*$/, '#### 999');
    assert.notEqual(answer, original.answer);
    await replaceText(part, answer);
    const saved = next(curator.sampleEditor.onDidSaveRevision, 'the part to be saved');
    assert.equal(await part.save(), true);
    assert.equal((await saved).revision, 1);
    const expected: NormalizedSample = { ...original, answer, finalAnswer: '999' };
    assert.deepEqual(store.sample(INDEX).normalized, expected, 'only the answer changed; its marked final answer follows');
    assert.deepEqual(store.revisionsAt(INDEX), [toNormalizedJson(expected)], 'the revision is the whole sample');
    assert.ok(fs.readFileSync(sourceFile).equals(sourceBytes));
    await until(() => doc.getText() === toNormalizedJson(expected), vscode.workspace.onDidChangeTextDocument, 'the JSON tab to show the new revision');

    await curator.panel.receive({ type: 'diff', part: 'answer' });
    const diff = ourTabs().find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.path.endsWith('.answer.txt'));
    assert.ok(diff, 'a diff tab of the answer alone');
    assert.equal(diff.label, 'gsm8k_test_first120.jsonl:71 answer original ↔ current');
    const left = await vscode.workspace.openTextDocument((diff.input as vscode.TabInputTextDiff).original);
    assert.equal(left.getText(), original.answer);

    await vscode.commands.executeCommand(CommandIds.undo);
    assert.deepEqual(store.sample(INDEX).normalized, original);
    await until(() => part.getText() === (original.kind === 'qa' ? original.answer : ''), vscode.workspace.onDidChangeTextDocument, 'the part tab to re-read the original');
  });

  test('a part the sample does not have opens nothing and writes nothing', async () => {
    const before = vscode.window.activeTextEditor?.document.uri.toString();
    await vscode.commands.executeCommand(CommandIds.edit, 'turn7');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), before, 'no new editor');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.from({ scheme: SAMPLE_SCHEME, path: `/${store.row(INDEX).id}/gsm8k_test_first120.jsonl:71.turn7.txt` }))), /no part "turn7"/);
    assert.deepEqual(store.revisionsAt(INDEX), []);
  });
});
