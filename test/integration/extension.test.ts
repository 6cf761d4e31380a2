// Inside the real extension host: activation, commands, the panel handshake, decisions on disk.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ourCommands } from './extensionHost';
import { CommandIds } from '../../src/extension/commandIds';
import { api, extension, next, until } from './extensionHost';

/** Resolves once `condition` holds (checked every 10 ms), failing after 2 s. */
async function drawn(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not drawn within 2 s`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

suite('extension', () => {
  test('activation wires things only: no store opened, no language server started', async () => {
    const curator = await api();
    assert.equal(curator.stores.current, undefined, 'store not opened by activate');
    assert.equal(curator.languageClient.started, false, 'language server not started by activate');
    assert.equal(fs.existsSync(path.join(process.env.SAMPLE_CURATOR_TEST_STORE ?? '', '.curator')), false, 'nothing written to the store');
  });

  test('contributed and registered commands are the same set, each with a category; keybindings have a when', async () => {
    await api();
    const manifest = extension().packageJSON as {
      contributes: { commands: { command: string; category?: string }[]; keybindings: { command: string; when?: string }[] };
    };
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    const registered = await ourCommands();
    assert.deepEqual(registered, contributed);
    assert.deepEqual([...Object.values(CommandIds)].sort(), contributed);
    for (const c of manifest.contributes.commands) assert.ok(c.category, `${c.command} has a category`);
    for (const k of manifest.contributes.keybindings) assert.ok(k.when, `keybinding for ${k.command} has a when`);
  });

  test('Open Review Panel: ready handshake answered by a snapshot of the store', async () => {
    const curator = await api();
    const handshake = next(curator.panel.onDidHandshake, 'the ready → snapshot handshake');
    await vscode.commands.executeCommand(CommandIds.openReviewPanel);
    await handshake;
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputWebview, 'the panel is the active tab');
    const snapshot = curator.testing.panelProbe.sent.find((m) => m.type === 'snapshot');
    assert.ok(snapshot && snapshot.type === 'snapshot');
    assert.equal(snapshot.total, 304);
    assert.equal(snapshot.rows.length, 100, 'the first window of the virtual list');
    assert.deepEqual(snapshot.rows.map((r) => r.index), Array.from({ length: 100 }, (_, i) => i));
    assert.equal(snapshot.counts.pending, 304);
    assert.deepEqual(snapshot.labels.map((l) => l.name).slice(0, 3), ['correct', 'incorrect', 'hallucination']);
    assert.equal(snapshot.problems.length, 1, 'only the mixed-format note of the edge-case file');
    assert.match(snapshot.problems[0], /^zz_edge_cases\.jsonl: records disagree on the format/);
    assert.equal(snapshot.sample?.normalized?.kind, 'instruction');
    const store = await curator.stores.open();
    const invalid = Array.from({ length: store.size }, (_, i) => store.row(i)).find((r) => r.kind === 'invalid');
    assert.ok(invalid, 'the broken edge-case line is listed, not dropped');
    assert.match(invalid.preview, /^zz_edge_cases\.jsonl:3: invalid JSON/);
  });

  test('accept command: the decision is in the journal on disk and the status bar counts it', async () => {
    const curator = await api();
    const store = await curator.stores.open();
    const selected = curator.panel.selected;
    assert.equal(selected, 0);
    await vscode.commands.executeCommand(CommandIds.accept);
    assert.equal(store.verdictAt(0), 'accepted');
    const lines = fs.readFileSync(store.journalPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 1);
    assert.equal(lines[0].verdict, 'accepted');
    assert.deepEqual(lines[0].samples, [store.row(0).id]);
    // The status bar is drawn just after a change (within 50 ms), off the decision's path.
    await drawn(() => /1\/304 reviewed, 1 accepted, 0 rejected/.test(curator.statusBar.accessibleText), 'the accept in the status bar');
    assert.match(curator.statusBar.text, /^\$\(check\) 1 \$\(close\) 0 \$\(circle-large-outline\) 303 · \d+\/h · ETA /);
    assert.equal(curator.panel.selected, 1, 'selection moved to the next pending sample');
    await vscode.commands.executeCommand(CommandIds.undo);
    assert.equal(store.verdictAt(0), 'pending');
    await drawn(() => /0\/304 reviewed/.test(curator.statusBar.accessibleText), 'the undo in the status bar');
  });

  test('language server starts on the first JSONL document and reports invalid JSON lines', async () => {
    const curator = await api();
    const uri = vscode.Uri.file(path.join(process.env.SAMPLE_CURATOR_TEST_STORE ?? '', 'zz_edge_cases.jsonl'));
    const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'sample-curator');
    await vscode.window.showTextDocument(uri);
    await until(() => ours().length > 0, vscode.languages.onDidChangeDiagnostics, 'diagnostics from the language server');
    assert.equal(curator.languageClient.started, true);
    const diags = ours();
    assert.equal(diags.length, 1);
    assert.equal(diags[0].range.start.line, 2);
    assert.equal(diags[0].code, 'invalid-json');
    assert.match(diags[0].message, /Invalid JSON/);
  });

  if (process.env.SAMPLE_CURATOR_DELIBERATE_FAIL === '1') {
    test('deliberate failure (SAMPLE_CURATOR_DELIBERATE_FAIL=1)', () => {
      assert.fail('this integration test fails on purpose to prove that a failure fails the run');
    });
  }
});
