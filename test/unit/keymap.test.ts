// The panel's key table and its dispatcher.
import * as assert from 'node:assert/strict';
import { KEYMAP, KeyDispatcher, type KeyInput, type KeyMatch, type PanelAction } from '../../src/webview/keymap';

/** The key event a help-sheet key name stands for (as a US keyboard sends it). */
function press(name: string): KeyInput {
  const base = { shiftKey: false, ctrlKey: false, altKey: false, metaKey: false, inTextField: false };
  const shifted = /^Shift\+(.)$/.exec(name);
  if (shifted && /[0-9]/.test(shifted[1])) return { ...base, key: '!@#$%^&*()'[Number(shifted[1]) - 1] ?? '?', code: `Digit${shifted[1]}`, shiftKey: true };
  if (shifted) return { ...base, key: shifted[1], code: `Key${shifted[1]}`, shiftKey: true };
  if (name === 'G') return { ...base, key: 'G', code: 'KeyG', shiftKey: true };
  if (name === '?') return { ...base, key: '?', code: 'Slash', shiftKey: true };
  if (name === '+') return { ...base, key: '+', code: 'Equal', shiftKey: true };
  if (/^[0-9]$/.test(name)) return { ...base, key: name, code: `Digit${name}` };
  return { ...base, key: name, code: name.length === 1 ? `Key${name.toUpperCase()}` : name };
}

function run(d: KeyDispatcher, names: string, now = 0): KeyMatch | undefined {
  let last: KeyMatch | undefined;
  for (const n of names.split(' ')) last = d.handle(press(n), now);
  return last;
}

// Listed by hand so that adding an action to the type without a key (or the reverse) fails here.
const ALL_ACTIONS: Record<PanelAction, true> = {
  accept: true, reject: true, skip: true, undo: true, redo: true, next: true, previous: true, firstPending: true, lastPending: true,
  label: true, rating: true, note: true, edit: true, diff: true, nextPart: true, previousPart: true, search: true, filter: true, swap: true, cluster: true, help: true, close: true,
  adjudicateAccept: true, adjudicateReject: true, auditMore: true, swapChosenRejected: true,
};

suite('keymap', () => {
  test('every key in the table triggers its action (the dispatcher and the help sheet share the rows)', () => {
    for (const binding of KEYMAP) {
      for (const key of binding.keys) {
        const m = run(new KeyDispatcher(), key);
        assert.deepEqual(m, { action: binding.action, ...(binding.arg !== undefined ? { arg: binding.arg } : {}) }, key);
      }
    }
  });

  test('the keys of the brief do what it says', () => {
    const expected: [string, PanelAction, number?][] = [
      ['a', 'accept'], ['r', 'reject'], ['s', 'skip'], ['u', 'undo'], ['Shift+U', 'redo'], ['j', 'next'], ['ArrowDown', 'next'],
      ['k', 'previous'], ['ArrowUp', 'previous'], ['g g', 'firstPending'], ['G', 'lastPending'], ['3', 'label', 3], ['9', 'label', 9],
      ['Shift+1', 'rating', 1], ['Shift+5', 'rating', 5], ['n', 'note'], ['e', 'edit'], ['d', 'diff'], ['/', 'search'], ['f', 'filter'],
      ['x', 'swap'], ['?', 'help'], ['Escape', 'close'], ['+', 'auditMore'],
    ];
    for (const [key, action, arg] of expected) assert.deepEqual(run(new KeyDispatcher(), key), { action, ...(arg ? { arg } : {}) }, key);
  });

  test('Shift+digit matches by physical key, whatever character the layout types', () => {
    const d = new KeyDispatcher();
    assert.deepEqual(d.handle({ key: '"', code: 'Digit2', shiftKey: true, ctrlKey: false, altKey: false, metaKey: false, inTextField: false }, 0), { action: 'rating', arg: 2 });
    assert.equal(d.handle({ key: '6', code: 'Digit6', shiftKey: true, ctrlKey: false, altKey: false, metaKey: false, inTextField: false }, 0), undefined, 'no rating 6');
  });

  test('g waits for a second g within the time limit; anything else cancels it', () => {
    const d = new KeyDispatcher(1000);
    assert.equal(d.handle(press('g'), 0), undefined);
    assert.equal(d.waiting, true);
    assert.deepEqual(d.handle(press('g'), 500), { action: 'firstPending' });
    assert.equal(d.handle(press('g'), 0), undefined);
    assert.equal(d.handle(press('g'), 1500), undefined, 'too late: starts a new sequence');
    assert.deepEqual(d.handle(press('g'), 1600), { action: 'firstPending' });
    d.handle(press('g'), 0);
    assert.deepEqual(d.handle(press('a'), 10), { action: 'accept' }, 'another key is handled normally');
    assert.equal(d.waiting, false);
  });

  test('keys with Ctrl, Alt or Meta, or typed into a text field, trigger nothing', () => {
    for (const binding of KEYMAP) {
      for (const key of binding.keys) {
        for (const mod of ['ctrlKey', 'altKey', 'metaKey', 'inTextField'] as const) {
          const d = new KeyDispatcher();
          let m: KeyMatch | undefined;
          for (const n of key.split(' ')) m = d.handle({ ...press(n), [mod]: true }, 0);
          assert.equal(m, undefined, `${mod}+${key}`);
        }
      }
    }
  });

  test('unbound keys and other letter cases trigger nothing', () => {
    for (const key of ['A', 'R', 'Enter', ' ', 'z', '0', 'Shift', '']) assert.equal(new KeyDispatcher().handle(press(key), 0), undefined, key);
  });

  test('every action appears in the table, each row with keys and a description', () => {
    assert.deepEqual([...new Set(KEYMAP.map((b) => b.action))].sort(), Object.keys(ALL_ACTIONS).sort());
    for (const b of KEYMAP) {
      assert.ok(b.keys.length > 0, b.action);
      assert.ok(b.description.trim().length > 0, b.action);
    }
  });

  test('no key is bound twice', () => {
    const keys = KEYMAP.flatMap((b) => b.keys);
    assert.equal(new Set(keys).size, keys.length, keys.join(' '));
  });
});
