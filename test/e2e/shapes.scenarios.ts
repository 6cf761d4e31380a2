// Generator outputs in the real workbench: a store of OpenHermes-2.5 (one JSON array), Tulu 3 SFT
// mixture and UltraFeedback files (test/fixtures/shapes). Each sample is shown in the sample model:
// the OpenHermes conversation as turns with its `source`, the UltraFeedback completions as the
// pair of the best and the worst rated answer, with the chosen answer's model and each side's
// score and critique from the judge; a verdict on the pair lands like any other.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { reviewPanel, runFromPalette } from '../../testkit/workbench/workbenchPage';
import { ROOT } from '../../testkit/workbench/paths';
import type { Scenario } from './uiHost';

export const SHAPE_FILES = ['shapes/openhermes_2_5.json', 'shapes/tulu_3_sft_mixture.jsonl', 'shapes/ultrafeedback.jsonl'];

type Rec = { readonly [key: string]: unknown };

function fixture(name: string): Rec[] {
  const text = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'shapes', name), 'utf8');
  return name.endsWith('.json') ? JSON.parse(text) as Rec[] : text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Rec);
}

export function shapesScenarios(): Scenario[] {
  return [
    {
      name: 'shapes: OpenHermes (a JSON array), Tulu and UltraFeedback open as samples; the completions as their best/worst pair with model, source and both scores',
      shot: 'shapes-ultrafeedback',
      async run({ page }) {
        await runFromPalette(page, 'Sample Curator: Open Review Panel');
        const panel = reviewPanel(page);
        const list = panel.locator('#list');
        const detail = panel.locator('#detail');
        await panel.locator('#counts .count.pending', { hasText: '7 pending' }).waitFor({ timeout: 60_000 });
        // The checks' results redraw the panel: wait for them, so no key lands on a panel about to be redrawn.
        await panel.locator('#checks-summary', { hasText: 'checks:' }).waitFor({ timeout: 60_000 });

        // Sample 1: the first element of the OpenHermes array, its turns as written, its source.
        const [leaves] = fixture('openhermes_2_5.json');
        const first = detail.locator('article[aria-label="Sample 1"]');
        await first.waitFor();
        assert.deepEqual(await first.locator('.turn > .text').allTextContents(), (leaves.conversations as Rec[]).map((c) => c.value));
        await first.locator('.provenance', { hasText: 'source: airoboros2.2' }).waitFor();

        // Samples 4 and 5 are Tulu's; sample 6 the first UltraFeedback record.
        await list.focus();
        for (let i = 2; i <= 6; i++) {
          await list.press('j');
          await detail.locator(`article[aria-label="Sample ${i}"]`).waitFor();
        }
        const [haiku] = fixture('ultrafeedback.jsonl');
        const completions = haiku.completions as Rec[];
        const pair = detail.locator('article[aria-label="Sample 6"]');
        assert.deepEqual(await pair.locator('.side.chosen .turn > .text').allTextContents(), [completions[0].response]);
        assert.deepEqual(await pair.locator('.side.rejected .turn > .text').allTextContents(), [completions[1].response]);
        assert.equal(await pair.locator('.field .turn > .text').first().textContent(), haiku.instruction);
        await pair.locator('.provenance', { hasText: 'model: gpt-4' }).waitFor();
        await pair.locator('.provenance', { hasText: 'source: evol_instruct' }).waitFor();
        assert.equal(await pair.locator('.candidates').textContent(),
          '4 candidates: chosen gpt-4 8.5 · rejected alpaca-7b 3 · not shown: llama-2-13b-chat 7, wizardlm-7b 5');
        const judge = pair.locator('.judge');
        await judge.locator('summary', { hasText: 'judge chosen 8.5 (completions.overall_score) · rejected 3 (completions.overall_score)' }).waitFor();
        await judge.locator('summary').click();
        await judge.locator('.judge-rationale', { hasText: 'Not a haiku: one line.' }).waitFor();

        // A verdict on the pair is recorded like any other.
        await list.focus();
        await list.press('a');
        await panel.locator('#row-5 .badge', { hasText: /^A$/ }).waitFor();
        await panel.locator('#counts .count.accepted', { hasText: '1 accepted' }).waitFor();
      },
    },
  ];
}
