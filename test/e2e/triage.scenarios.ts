// A reviewer's session on a fresh copy of the demo store (300 samples, nothing decided), keys only:
// triage, undo, redo, a label and a rating, a note, an edit saved in a tab, the diff with the
// original. After every key the journal on disk (replayed here, independently of src/), the
// status bar's accessible label, the panel's header counts and the panel's view must all agree
// with what was pressed.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import type { Scenario } from './uiHost';
import { eventually, journalEvents, records, replayJournal, type JournalLine } from './storeFiles';
import { editorText, goToLine, reviewPanel, runFromPalette, statusBarItem } from '../../testkit/workbench/workbenchPage';

const TOTAL = 300; // 80 seed tasks + 120 GSM8K + 100 HH-RLHF, no edge cases
/** The 20 triage keys, in order: a mix of accept, reject and skip. */
const TRIAGE_KEYS = 'aarsaraasrarsaaraasa';
const VERDICT_OF: Readonly<Record<string, Verdict>> = { a: 'accepted', r: 'rejected', s: 'skipped' };
const BADGE: Readonly<Record<Verdict | 'pending', string>> = { accepted: 'A', rejected: 'R', skipped: 'S', pending: '·' };
const NOTE = 'units wrong in <b>step 2</b> & "1/2 cup" is not 120 g';
/** One word: the JSON tab wraps, and a wrapped line's parts are drawn apart (a phrase could be split). */
const EDIT_MARK = 'EDITED_IN_THE_UI_TEST';

type Verdict = 'accepted' | 'rejected' | 'skipped';
type Counts = Record<Verdict, number>;

/** A journal event as expected: undo/redo name their target by its position in the journal. */
type Expected =
  | { readonly type: 'verdict'; readonly samples: readonly string[]; readonly verdict: Verdict }
  | { readonly type: 'undo'; readonly undoesAt: number }
  | { readonly type: 'redo'; readonly redoesAt: number }
  | { readonly type: 'label'; readonly samples: readonly string[]; readonly label: string; readonly present: boolean }
  | { readonly type: 'rating'; readonly sample: string; readonly rating: number | null }
  | { readonly type: 'note'; readonly sample: string; readonly note: string | null }
  | { readonly type: 'revision'; readonly sample: string; readonly json: unknown };

interface Shown {
  readonly index: number;
  readonly hash: string;
  readonly source: string;
  readonly line: number;
}

interface Decided extends Shown {
  readonly verdict: Verdict;
  /** Position of its verdict event in the journal. */
  readonly at: number;
}

function statusLabel(c: Counts): string {
  const decided = c.accepted + c.rejected + c.skipped;
  return `Sample Curator: ${decided}/${TOTAL} reviewed, ${c.accepted} accepted, ${c.rejected} rejected, ${c.skipped} skipped, ${TOTAL - decided} pending`;
}

/** The journal holds exactly `expected`, in order, well formed. */
function checkJournal(events: readonly JournalLine[], expected: readonly Expected[]): void {
  assert.equal(events.length, expected.length, `journal has ${events.length} events, expected ${expected.length}: ${events.map((e) => e.type).join(',')}`);
  events.forEach((e, i) => {
    const want = expected[i];
    const where = `journal event ${i} (seq ${e.seq})`;
    assert.equal(e.v, 2, `${where}: schema v2`);
    assert.ok(typeof e.at === 'string' && typeof e.reviewer === 'string', `${where}: stamped`);
    if (i > 0) assert.ok(e.seq > events[i - 1].seq, `${where}: seq increases`);
    assert.equal(e.type, want.type, `${where}: type`);
    switch (want.type) {
      case 'verdict':
        assert.deepEqual([e.samples, e.verdict], [want.samples, want.verdict], where);
        break;
      case 'undo':
        assert.equal(e.undoes, events[want.undoesAt].seq, `${where}: undoes the step at position ${want.undoesAt}`);
        break;
      case 'redo':
        assert.equal(e.redoes, events[want.redoesAt].seq, `${where}: redoes the step at position ${want.redoesAt}`);
        break;
      case 'label':
        assert.deepEqual([e.samples, e.label, e.present], [want.samples, want.label, want.present], where);
        break;
      case 'rating':
        assert.deepEqual([e.sample, e.rating], [want.sample, want.rating], where);
        break;
      case 'note':
        assert.deepEqual([e.sample, e.note], [want.sample, want.note], where);
        break;
      case 'revision':
        assert.equal(e.sample, want.sample, where);
        assert.deepEqual(JSON.parse(String(e.text)), want.json, `${where}: the saved text`);
        break;
    }
  });
}

/** The per-scenario shared state of one reviewer's session (the steps run in order on one workbench). */
class Session {
  readonly counts: Counts = { accepted: 0, rejected: 0, skipped: 0 };
  readonly expected: Expected[] = [];
  readonly decided: Decided[] = [];
  /** Undone decisions, latest last. */
  readonly undone: Decided[] = [];
  /** The sample labelled, rated, noted and edited. */
  annotated: Shown | undefined;
  edited: { original: Record<string, unknown>; edited: Record<string, unknown> } | undefined;

  constructor(readonly page: Page, readonly workspace: string) {}

  get panel(): FrameLocator {
    return reviewPanel(this.page);
  }

  /** Waits until sample `index` is the selected one and shown in the detail view; reads its hash and place. */
  async shown(index: number): Promise<Shown> {
    const panel = this.panel;
    await panel.locator(`#list[aria-activedescendant="row-${index}"]`).waitFor({ state: 'attached' });
    const article = panel.locator(`#detail article[aria-label="Sample ${index + 1}"]`);
    await article.waitFor();
    const hash = (await article.locator('.meta code').textContent()) ?? '';
    assert.match(hash, /^[0-9a-f]{16}$/, 'the detail view names the sample by its content hash');
    const meta = (await article.locator('.meta').textContent()) ?? '';
    const at = / · ([^ ]+\.jsonl):(\d+) · /.exec(meta);
    assert.ok(at, `source:line in "${meta}"`);
    return { index, hash, source: at[1], line: Number(at[2]) };
  }

  /**
   * Disk, status bar and panel agree with the expected session: the journal holds exactly the
   * expected events, its replay gives the expected counts, the status bar and header say the same.
   */
  async agree(): Promise<void> {
    await eventually(`${this.expected.length} journal events on disk`, () => journalEvents(this.workspace).length >= this.expected.length);
    const events = journalEvents(this.workspace);
    checkJournal(events, this.expected);
    const replayed = replayJournal(events);
    for (const v of ['accepted', 'rejected', 'skipped'] as const) assert.equal(replayed.count(v), this.counts[v], `journal replay: ${v}`);
    await statusBarItem(this.page, statusLabel(this.counts)).waitFor();
    const header = this.panel.locator('#counts');
    const pending = TOTAL - this.counts.accepted - this.counts.rejected - this.counts.skipped;
    for (const [cls, n] of [...Object.entries(this.counts), ['pending', pending]] as const) {
      await header.locator(`.count.${cls}`, { hasText: new RegExp(`^${n} ${cls}$`) }).waitFor();
    }
  }

  /** Row `index` in the list shows this verdict's badge. */
  async badge(index: number, verdict: Verdict | 'pending'): Promise<void> {
    await this.panel.locator(`#row-${index}:not(.placeholder) .badge`, { hasText: new RegExp(`^${BADGE[verdict]}$`) }).waitFor();
  }

  async press(key: string): Promise<void> {
    await this.panel.locator('#list').press(key);
  }
}

export function triageScenarios(): Scenario[] {
  let session: Session | undefined;
  const current = (): Session => {
    if (!session) throw new Error('the triage step did not run');
    return session;
  };
  return [
    {
      name: 'triage 20 samples with keys only: a/r/s, journal + status bar + header after each key',
      shot: 'triage-20-keys',
      async run({ page, workspace }) {
        const s = (session = new Session(page, workspace));
        await runFromPalette(page, 'Sample Curator: Open Review Panel');
        await s.panel.locator('#counts .count.pending', { hasText: `${TOTAL} pending` }).waitFor();
        await s.agree(); // a fresh store: no journal, 0 of 300
        for (let k = 0; k < TRIAGE_KEYS.length; k++) {
          const shown = await s.shown(k); // each decision moves on to the next pending sample
          const key = TRIAGE_KEYS[k];
          const verdict = VERDICT_OF[key];
          await s.press(key);
          s.counts[verdict]++;
          s.decided.push({ ...shown, verdict, at: s.expected.length });
          s.expected.push({ type: 'verdict', samples: [shown.hash], verdict });
          await s.agree();
          await s.badge(k, verdict);
        }
        await s.shown(TRIAGE_KEYS.length);
        assert.deepEqual(s.counts, { accepted: 11, rejected: 5, skipped: 4 }, 'the key mix');
      },
    },
    {
      name: 'undo 5 (u): each undo names the latest step, restores and selects its sample',
      shot: 'triage-undo-5',
      async run() {
        const s = current();
        for (let k = 0; k < 5; k++) {
          const target = s.decided.pop() as Decided;
          await s.press('u');
          s.counts[target.verdict]--;
          s.undone.push(target);
          s.expected.push({ type: 'undo', undoesAt: target.at });
          await s.agree();
          await s.shown(target.index);
          await s.badge(target.index, 'pending');
          await s.panel.locator('#detail .meta .verdict', { hasText: 'pending' }).waitFor();
        }
        assert.deepEqual(replayJournal(journalEvents(s.workspace)).undone.map((e) => e.samples?.[0]), [...s.undone].map((d) => d.hash),
          'the journal holds the five undone steps');
      },
    },
    {
      name: 'redo 2 (Shift+U): the latest undone steps come back, in order',
      shot: 'triage-redo-2',
      async run() {
        const s = current();
        for (let k = 0; k < 2; k++) {
          const target = s.undone.pop() as Decided;
          await s.press('Shift+U');
          s.counts[target.verdict]++;
          s.decided.push(target);
          s.expected.push({ type: 'redo', redoesAt: target.at });
          await s.agree();
          await s.shown(target.index);
          await s.badge(target.index, target.verdict);
          await s.panel.locator('#detail .meta .verdict', { hasText: target.verdict }).waitFor();
        }
        assert.equal(replayJournal(journalEvents(s.workspace)).undone.length, 3, 'three steps are still undone');
      },
    },
    {
      name: 'label and rate: 2 toggles "incorrect", Shift+4 rates 4 — chip and stars in the view, events in the journal',
      shot: 'triage-label-rate',
      async run() {
        const s = current();
        const redone = s.decided[s.decided.length - 1];
        const shown = await s.shown(redone.index); // redo selected the sample it brought back
        s.annotated = shown;
        const detail = s.panel.locator('#detail');

        await s.press('2');
        s.expected.push({ type: 'label', samples: [shown.hash], label: 'incorrect', present: true });
        await s.agree(); // a label is a step: it discards the undone ones, counts unchanged
        await detail.locator('.annotations .chip', { hasText: /^incorrect$/ }).waitFor();
        await s.panel.locator(`#row-${shown.index} .chip`, { hasText: /^incorrect$/ }).waitFor();
        let replayed = replayJournal(journalEvents(s.workspace));
        assert.deepEqual([...(replayed.labels.get(shown.hash) ?? [])], ['incorrect']);
        assert.equal(replayed.undone.length, 0, 'the label discarded the undone steps');

        await s.press('Shift+Digit4');
        s.expected.push({ type: 'rating', sample: shown.hash, rating: 4 });
        await s.agree();
        await detail.locator('.annotations .rating[aria-label="rated 4 of 5"]', { hasText: '★★★★☆' }).waitFor();
        await detail.locator('.annotations .chip', { hasText: /^incorrect$/ }).waitFor(); // still there
        replayed = replayJournal(journalEvents(s.workspace));
        assert.equal(replayed.ratings.get(shown.hash), 4);
        assert.equal(await s.panel.locator('#list').getAttribute('aria-activedescendant'), `row-${shown.index}`, 'annotations keep the selection');
      },
    },
    {
      name: 'note: n opens VS Code\'s input box; the note is saved, shown in the panel (as text) and journalled',
      shot: 'triage-note',
      async run({ page }) {
        const s = current();
        const shown = s.annotated as Shown;
        await s.press('n');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible' });
        await page.locator('.quick-input-widget', { hasText: `${shown.source}:${shown.line}` }).waitFor();
        assert.equal(await input.inputValue(), '', 'no note yet');
        await input.fill(NOTE);
        await input.press('Enter');
        await input.waitFor({ state: 'hidden' });
        s.expected.push({ type: 'note', sample: shown.hash, note: NOTE });
        await s.agree();
        const detail = s.panel.locator('#detail');
        await detail.locator('.annotations .note').filter({ hasText: NOTE }).waitFor();
        assert.equal(await detail.locator('.annotations .note').textContent(), `Note: ${NOTE}`);
        assert.equal(await detail.locator('b').count(), 0, 'note markup stays text');
        assert.equal(replayJournal(journalEvents(s.workspace)).notes.get(shown.hash), NOTE);
        await detail.locator('.annotations .rating[aria-label="rated 4 of 5"]').waitFor();
      },
    },
    {
      name: 'edit in a tab and save: e opens the sample\'s JSON, Ctrl+S makes a revision; the panel shows "edited"',
      shot: 'triage-edit-saved',
      async run({ page }) {
        const s = current();
        const shown = s.annotated as Shown;
        await s.shown(shown.index);
        await s.press('e');
        const title = `${shown.source}:${shown.line}.json`;
        const tab = page.locator('.tabs-container .tab', { hasText: title });
        await tab.waitFor();
        const tabName = ((await tab.locator('.monaco-icon-label').textContent()) ?? '').trim();
        assert.ok(tabName.endsWith('.json'), `tab title "${tabName}" ends in .json (${await tab.getAttribute('aria-label')}; ${await tab.innerHTML()})`);
        const editor = page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
        await editor.locator('.view-lines', { hasText: '"kind"' }).waitFor();

        // The tab's current text, read from the editor's rendered lines (in line order).
        const text = await editorText(editor);
        const original = JSON.parse(text) as Record<string, unknown>;
        const record = records(s.workspace, shown.source)[shown.line - 1];
        assert.equal(original.kind, 'instruction', 'a seed task opens as an instruction sample');
        assert.equal(original.instruction, record.instruction, 'the tab shows this sample');

        // Change the output: go to its closing quote (Ctrl+G line:column; End would stop at the end
        // of a wrapped part), type plain words (no brackets or quotes, so auto-closing cannot interfere).
        const edited = { ...original, output: `${String(original.output)} ${EDIT_MARK}` };
        s.edited = { original, edited };
        const lines = text.split('\n');
        const outputLine = lines.findIndex((l) => l.startsWith('  "output": ')) + 1;
        assert.ok(outputLine > 0, 'the output line');
        await editor.locator('.view-lines').click();
        await goToLine(page, outputLine, lines[outputLine - 1].lastIndexOf('"') + 1);
        await page.keyboard.type(` ${EDIT_MARK}`);
        await editor.locator('.view-lines', { hasText: EDIT_MARK }).waitFor();
        const newText = await editorText(editor);
        assert.deepEqual(JSON.parse(newText), edited, 'the tab holds the edited sample');
        await page.locator('.tabs-container .tab.dirty', { hasText: title }).waitFor();
        // Still only what was pressed before: typing in the tab writes nothing.
        checkJournal(journalEvents(s.workspace), s.expected);

        await page.keyboard.press('Control+S');
        s.expected.push({ type: 'revision', sample: shown.hash, json: edited });
        await s.agree();
        const revision = journalEvents(s.workspace).at(-1) as JournalLine;
        assert.equal(revision.text, newText, 'the journal keeps the saved text as it was in the tab');
        await page.locator('.tabs-container .tab:not(.dirty)', { hasText: title }).waitFor();
        const detail = s.panel.locator('#detail');
        await detail.locator('.meta .edited', { hasText: 'edited (revision 1)' }).waitFor();
        await detail.locator('.field', { hasText: EDIT_MARK }).waitFor();
        // The panel's own diff of the revision: the edited line added, the original removed.
        await detail.locator('.revision-diff .diff-add', { hasText: EDIT_MARK }).waitFor({ state: 'attached' });
        assert.ok((await detail.locator('.revision-diff .diff-del').count()) >= 1, 'the original line is shown as removed');
        assert.deepEqual(replayJournal(journalEvents(s.workspace)).revisions.get(shown.hash)?.map((t) => JSON.parse(t) as unknown), [edited]);
      },
    },
    {
      name: 'diff: back on the panel (its tab), d opens VS Code\'s diff editor, original ↔ current',
      shot: 'triage-diff',
      async run({ page }) {
        const s = current();
        const shown = s.annotated as Shown;
        const panelTab = page.locator('.tabs-container .tab', { hasText: 'Sample Curator' });
        await panelTab.click();
        await page.locator('.tabs-container .tab.active', { hasText: 'Sample Curator' }).waitFor();
        await s.shown(shown.index);
        await s.press('d');
        await page.locator('.tabs-container .tab', { hasText: `${shown.source}:${shown.line} original ↔ current` }).waitFor();
        const diff = page.locator('.monaco-diff-editor').first();
        await diff.waitFor();
        await diff.locator('.editor.modified .view-lines', { hasText: EDIT_MARK }).waitFor();
        await diff.locator('.line-insert, .char-insert').first().waitFor({ state: 'attached' });
        // A diff is a view: nothing new on disk, counts unchanged.
        await s.agree();
      },
    },
    {
      name: 'edit one field: t selects the output (outlined), e opens its text alone, Ctrl+S makes revision 2 of the whole sample',
      shot: 'triage-edit-part',
      async run({ page }) {
        const s = current();
        const shown = s.annotated as Shown;
        const edits = s.edited;
        assert.ok(edits, 'the sample was edited in the step before');
        await page.locator('.tabs-container .tab', { hasText: 'Sample Curator' }).click();
        await page.locator('.tabs-container .tab.active', { hasText: 'Sample Curator' }).waitFor();
        await s.shown(shown.index);
        const detail = s.panel.locator('#detail');
        const selected = detail.locator('.part-selected');
        // t walks the texts in the order they are drawn: the instruction first.
        await s.press('t');
        assert.equal(await selected.getAttribute('data-part'), 'instruction');
        for (let i = 0; i < 3 && (await selected.getAttribute('data-part')) !== 'output'; i++) await s.press('t');
        assert.equal(await selected.getAttribute('data-part'), 'output');
        assert.equal(await selected.count(), 1, 'one part selected at a time');
        await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/triage-part-selected.png` });
        await s.press('e');
        const title = `${shown.source}:${shown.line}.output.txt`;
        await page.locator('.tabs-container .tab', { hasText: title }).waitFor();
        const editor = page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
        await editor.locator('.view-lines', { hasText: EDIT_MARK }).waitFor();
        // The tab wraps long lines (sample-text's default), so its rendered lines join without newlines.
        assert.equal((await editorText(editor)).replace(/\n/g, ''), String(edits.edited.output), 'the tab holds the output text alone, not JSON');
        await editor.locator('.view-lines').click();
        await page.keyboard.press('Control+End');
        await page.keyboard.type(' and again');
        await page.locator('.tabs-container .tab.dirty', { hasText: title }).waitFor();
        await page.keyboard.press('Control+S');
        const twice = { ...edits.edited, output: `${String(edits.edited.output)} and again` };
        s.expected.push({ type: 'revision', sample: shown.hash, json: twice });
        await s.agree();
        await page.locator('.tabs-container .tab:not(.dirty)', { hasText: title }).waitFor();
        await page.locator('.tabs-container .tab', { hasText: 'Sample Curator' }).click();
        await detail.locator('.meta .edited', { hasText: 'edited (revision 2)' }).waitFor();
        await detail.locator('.field[data-part="output"]', { hasText: 'and again' }).waitFor();
        assert.deepEqual(replayJournal(journalEvents(s.workspace)).revisions.get(shown.hash)?.map((t) => JSON.parse(t) as unknown), [edits.edited, twice]);
        s.edited = { original: edits.original, edited: twice };
        await s.press('Escape');
        assert.equal(await detail.locator('.part-selected').count(), 0, 'Esc lets go of the part');
      },
    },
    {
      name: 'filter (f), search (/), bulk reject with a confirmation naming the count, one undo reverts it, empty filter shows all',
      shot: 'triage-filter-bulk',
      async run({ page }) {
        const s = current();
        await page.locator('.tabs-container .tab', { hasText: 'Sample Curator' }).click();
        await page.locator('.tabs-container .tab.active', { hasText: 'Sample Curator' }).waitFor();
        const input = page.locator('.quick-input-widget input');
        const ask = async (key: string, text: string) => {
          await s.press(key);
          await input.waitFor({ state: 'visible' });
          await input.fill(text);
          await input.press('Enter');
          await input.waitFor({ state: 'hidden' });
        };
        // Expected matches, worked out from the fixture file itself.
        const file = 'gsm8k_test_first120.jsonl';
        const lines = fs.readFileSync(path.join(s.workspace, file), 'utf8').split('\n').filter((l) => l.trim());
        const ducks = lines.filter((l) => l.toLowerCase().includes('ducks'));
        assert.ok(ducks.length >= 1 && ducks.length < 120, `${ducks.length} GSM8K lines mention ducks`);
        await ask('f', `verdict:pending source:${file}`);
        await s.panel.locator('#filter', { hasText: `— 120 of ${TOTAL}` }).waitFor();
        await ask('/', 'ducks');
        await s.panel.locator('#filter', { hasText: `— ${ducks.length} of ${TOTAL}` }).waitFor();
        assert.equal(await s.panel.locator('#list [role="option"]:not(.placeholder)').count(), ducks.length);

        await runFromPalette(page, 'Sample Curator: Reject Every Sample in the List');
        const dialog = page.locator('.monaco-dialog-box', { hasText: `Reject all ${ducks.length} samples in the current list` });
        await dialog.waitFor();
        await dialog.locator('.monaco-button', { hasText: `Reject ${ducks.length}` }).click();
        const hashes = ducks.map((l) => createHash('sha256').update(Buffer.from(l, 'utf8')).digest('hex').slice(0, 16));
        s.expected.push({ type: 'verdict', samples: hashes, verdict: 'rejected' });
        s.counts.rejected += ducks.length;
        await s.agree();

        await s.press('u');
        s.expected.push({ type: 'undo', undoesAt: s.expected.length - 1 });
        s.counts.rejected -= ducks.length;
        await s.agree();

        await ask('f', '');
        await s.panel.locator('#filter').waitFor({ state: 'detached' });
        await s.agree();
      },
    },
  ];
}
