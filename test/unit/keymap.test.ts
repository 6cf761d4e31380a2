// The panel's single-key table and its dispatcher.
import * as assert from 'node:assert/strict';
import { actionForKey, KEYMAP, type KeyInput, type PanelAction } from '../../src/webview/keymap';

const plain = (key: string): KeyInput => ({ key, ctrlKey: false, altKey: false, metaKey: false, inTextField: false });

// Listed by hand so that adding an action to the type without a key (or the reverse) fails here.
const ALL_ACTIONS: Record<PanelAction, true> = { accept: true, reject: true, skip: true, undo: true, next: true, previous: true, help: true, close: true };

suite('keymap', () => {
  test('every key in KEYMAP triggers its action', () => {
    for (const binding of KEYMAP) {
      for (const key of binding.keys) assert.equal(actionForKey(plain(key)), binding.action, key);
    }
  });

  test('the documented single keys do what the help says', () => {
    const expected: [string, PanelAction][] = [
      ['a', 'accept'], ['r', 'reject'], ['s', 'skip'], ['u', 'undo'], ['j', 'next'], ['ArrowDown', 'next'],
      ['k', 'previous'], ['ArrowUp', 'previous'], ['?', 'help'], ['Escape', 'close'],
    ];
    for (const [key, action] of expected) assert.equal(actionForKey(plain(key)), action, key);
  });

  test('keys with Ctrl, Alt or Meta, or typed into a text field, trigger nothing', () => {
    for (const binding of KEYMAP) {
      for (const key of binding.keys) {
        for (const mod of ['ctrlKey', 'altKey', 'metaKey', 'inTextField'] as const) {
          assert.equal(actionForKey({ ...plain(key), [mod]: true }), undefined, `${mod}+${key}`);
        }
      }
    }
  });

  test('unbound keys and other letter cases trigger nothing', () => {
    for (const key of ['x', 'A', 'R', 'Enter', ' ', 'z', '']) assert.equal(actionForKey(plain(key)), undefined, key);
  });

  test('every action appears in KEYMAP exactly once, with a description', () => {
    const actions = KEYMAP.map((b) => b.action);
    assert.deepEqual([...actions].sort(), Object.keys(ALL_ACTIONS).sort());
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
