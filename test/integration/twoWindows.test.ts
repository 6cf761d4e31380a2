// The reviewer's journal under the open panel, in the real extension host (issue 12, findings 1, 2
// and 4): another window holding the journal makes this one read-only, with the banner saying so,
// its decisions appear here as they are made, and taking over makes this window the writer; a
// journal replaced by git under the open panel loses nothing. Sorts after the other files.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CURATOR_DIR, type CurationStore } from '../../src/core/store/curationStore';
import { journalFileName } from '../../src/core/journal/journalFileNames';
import { CommandIds } from '../../src/extension/commandIds';
import type { ToWebviewMessage } from '../../src/protocol';
import { api, next } from './extensionHost';

type Snapshot = Extract<ToWebviewMessage, { type: 'snapshot' }>;

function lastSnapshot(sent: readonly ToWebviewMessage[]): Snapshot | undefined {
  return [...sent].reverse().find((m): m is Snapshot => m.type === 'snapshot');
}

function journalOf(store: CurationStore): string {
  return path.join(store.folder, CURATOR_DIR, 'journal', journalFileName(store.reviewer));
}

suite('the journal under the open panel', () => {
  test('another window holds the journal: read-only with a banner, its decisions show up here, take over to record', async () => {
    const curator = await api();
    await vscode.commands.executeCommand(CommandIds.openReviewPanel);
    await curator.panel.clearFilter();
    const first = await curator.stores.open();
    assert.equal(first.readOnly, undefined);
    // "Another window": a live process whose record is written into the lock file of this journal.
    const other: ChildProcess = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)'], { stdio: 'ignore' });
    try {
      const lock = path.join(first.folder, CURATOR_DIR, 'locks', `${journalFileName(first.reviewer)}.lock`);
      fs.writeFileSync(lock, JSON.stringify({ pid: other.pid, host: os.hostname(), token: 'other-window', since: new Date().toISOString(), path: lock }));
      const reopened = next(curator.stores.onDidOpen, 'the store opened again');
      void curator.stores.reindex([]);
      const store = await reopened;
      assert.equal(store.readOnly?.reason, 'locked');
      assert.equal(store.readOnly?.holder?.pid, other.pid);
      const banner = lastSnapshot(curator.testing.panelProbe.sent)?.problems ?? [];
      assert.match(banner[0] ?? '', /^Read-only: .*another window \(process \d+.*take over here/);

      // A verdict key here records nothing, and says why.
      const index = store.nextPending(0) as number;
      const id = store.idAt(index);
      const counts = store.counts();
      await curator.panel.receive({ type: 'decide', index, verdict: 'accepted', id });
      assert.deepEqual(store.counts(), counts, 'nothing was decided');
      const error = [...curator.testing.panelProbe.sent].reverse().find((m) => m.type === 'error');
      assert.match(error?.type === 'error' ? error.message : '', /nothing was recorded: .*another window/);

      // The other window decides: its line arrives, the watcher reads it, the panel draws it.
      const line = { v: 2, seq: 1_000_000, at: new Date().toISOString(), reviewer: store.reviewer, type: 'verdict', samples: [id], verdict: 'rejected' };
      const changed = next(curator.stores.onDidChangeJournal, 'the other window\'s decision read');
      fs.appendFileSync(journalOf(store), `${JSON.stringify(line)}\n`);
      assert.equal((await changed).drift, 'appended');
      assert.equal(store.verdictAt(index), 'rejected');
      assert.equal(lastSnapshot(curator.testing.panelProbe.sent)?.counts.rejected, counts.rejected + 1);

      // Take over: this window records from now on.
      const takenOver = next(curator.stores.onDidOpen, 'the store opened again, taken over');
      await vscode.commands.executeCommand(CommandIds.takeOver, true);
      const writer = await takenOver;
      assert.equal(writer.readOnly, undefined);
      await curator.panel.receive({ type: 'decide', index, verdict: 'accepted', id });
      assert.equal(writer.verdictAt(index), 'accepted');
      assert.match(fs.readFileSync(lock, 'utf8'), new RegExp(`"pid":${process.pid}`));
    } finally {
      other.kill();
      if (curator.stores.current?.readOnly) await vscode.commands.executeCommand(CommandIds.takeOver, true);
    }
  });

  test('the journal replaced by git under the open panel: both the older copy and the decisions since are kept', async () => {
    const curator = await api();
    await vscode.commands.executeCommand(CommandIds.openReviewPanel);
    const store = await curator.stores.open();
    assert.equal(store.readOnly, undefined);
    const journal = journalOf(store);
    const a = store.nextPending(0) as number;
    await curator.panel.receive({ type: 'decide', index: a, verdict: 'accepted', id: store.idAt(a) });
    const older = fs.readFileSync(journal);
    const b = store.nextPending(a + 1) as number;
    await curator.panel.receive({ type: 'decide', index: b, verdict: 'rejected', id: store.idAt(b) });
    // As `git checkout` does: a new file renamed over the journal.
    const changed = next(curator.stores.onDidChangeJournal, 'the replaced journal read again');
    fs.writeFileSync(`${journal}.tmp`, older);
    fs.renameSync(`${journal}.tmp`, journal);
    const change = await changed;
    assert.equal(change.drift, 'replaced');
    assert.equal(change.restoredEvents, 1);
    assert.equal(store.verdictAt(a), 'accepted');
    assert.equal(store.verdictAt(b), 'rejected', 'the decision the older copy lacked was written into it again');
    assert.ok(fs.readFileSync(journal, 'utf8').includes(`"samples":["${store.idAt(b)}"],"verdict":"rejected"`));
    assert.ok(lastSnapshot(curator.testing.panelProbe.sent)?.problems.some((p) => /was replaced \(git checkout or pull\?\)/.test(p)), 'the reviewer is told');
  });
});
