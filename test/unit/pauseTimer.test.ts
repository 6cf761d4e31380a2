// The status bar and the header's figures wait for a pause in the reviewer's keys, with a ceiling.
import * as assert from 'node:assert/strict';
import { PauseTimer } from '../../src/extension/pauseTimer';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

suite('PauseTimer', () => {
  test('a burst of changes runs once, after the pause', async () => {
    let runs = 0;
    const timer = new PauseTimer(() => runs++, 40, 10_000);
    for (let k = 0; k < 10; k++) {
      timer.poke();
      await sleep(5);
    }
    assert.equal(runs, 0, 'nothing runs while the changes keep coming');
    await sleep(80);
    assert.equal(runs, 1);
    assert.equal(timer.pending, false);
  });

  test('a long burst still runs at least every maxWait', async () => {
    let runs = 0;
    const timer = new PauseTimer(() => runs++, 50, 60);
    const end = Date.now() + 400;
    while (Date.now() < end) {
      timer.poke();
      await sleep(10);
    }
    assert.ok(runs >= 4, `ran ${runs} times in a 400 ms burst with maxWait 60 ms`);
    timer.dispose();
  });

  test('dispose cancels a waiting run', async () => {
    let runs = 0;
    const timer = new PauseTimer(() => runs++, 10, 100);
    timer.poke();
    timer.dispose();
    await sleep(40);
    assert.equal(runs, 0);
  });
});
