// What an export records of the checks: a line per check that ran, and the meters of the exported
// set with the warnings its limits give; both land in manifest.json and the dataset card.
import * as assert from 'node:assert/strict';
import type { ChecksSummary } from '../../src/core/checks/checksSummary';
import { syntheticShare, teacherMix } from '../../src/core/checks/curationMeters';
import { datasetCard } from '../../src/core/export/datasetCard';
import { exportCheckRuns, metersCheckRun, selectionMeters } from '../../src/core/export/exportChecks';
import { ExportCounts, type ExportManifest } from '../../src/core/export/exportManifest';

function summary(models: (string | undefined)[], origins: ('human' | 'model')[]): ChecksSummary {
  return {
    ran: ['near-duplicates', 'contamination', 'verifier', 'meters'], threshold: 0.8, benchmarks: ['gsm8k-test'], samples: 50,
    nearDuplicateSamples: 6, nearDuplicateClusters: 3, contaminated: 2, verifier: { pass: 10, fail: 4, 'no-reference': 36 },
    accepted: {
      count: models.length,
      teacherMix: teacherMix(models.map((model, i) => ({ model, origin: origins[i] }))),
      synthetic: syntheticShare(origins.map((origin, i) => ({ origin, ...(origin === 'model' ? { depth: 1 + (i % 2) } : {}) }))),
      verifierFailed: 1, contaminated: 1, nearDuplicates: 2,
    },
  };
}

suite('exportChecks', () => {
  test('one line per check that ran, with the store\'s and the exported set\'s figures', () => {
    const runs = exportCheckRuns(summary(['gpt-4o', 'gpt-4o', 'llama-3'], ['model', 'model', 'human']), '2026-11-24T22:00:00.000Z');
    assert.deepEqual(runs.map((r) => r.name), ['near-duplicates', 'benchmark contamination', 'answer verifier']);
    assert.ok(runs.every((r) => r.ranAt === '2026-11-24T22:00:00.000Z'));
    assert.match(runs[0].summary, /Jaccard ≥ 0\.8: 6 of 50 store samples in 3 clusters; 2 exported samples share a cluster/);
    assert.match(runs[1].summary, /against gsm8k-test: 2 store samples matched; 1 of them exported/);
    assert.match(runs[2].summary, /10 pass, 4 fail, 36 without a reference; 1 exported samples failed it/);
    const meters = metersCheckRun(selectionMeters(summary(['gpt-4o', 'gpt-4o', undefined], ['model', 'model', 'human']), { teacherCap: 1, syntheticShareLimit: 1 }));
    assert.match(meters.summary, /3 exported: top teacher gpt-4o 66\.7%; model-generated 2 \(of which model-from-model 1\), human 1, unknown 0; generation depth up to 2/);
    const human = metersCheckRun(selectionMeters(summary([undefined, undefined], ['human', 'human']), { teacherCap: 1, syntheticShareLimit: 1 }));
    assert.match(human.summary, /top teacher none named; model-generated 0 .*human 2/, 'human-written samples are not an unknown teacher');
    const onlyVerifier = { ...summary([], []), ran: ['verifier'] };
    assert.deepEqual(exportCheckRuns(onlyVerifier).map((r) => r.name), ['answer verifier']);
  });

  test('the teacher cap and the synthetic-share limit warn about the exported set; within the limits, no warning', () => {
    const s = summary(['gpt-4o', 'gpt-4o', 'gpt-4o', 'llama-3'], ['model', 'model', 'model', 'human']);
    const over = selectionMeters(s, { teacherCap: 0.5, syntheticShareLimit: 0.6 });
    assert.deepEqual(over.warnings, [
      'gpt-4o wrote 75% of the exported samples (cap 50%)',
      '75% of the exported samples are model-generated (limit 60%)',
    ]);
    assert.equal(over.synthetic.counts.model + over.synthetic.counts['model-from-model'], 3);
    assert.deepEqual(selectionMeters(s, { teacherCap: 0.8, syntheticShareLimit: 0.8 }).warnings, []);
  });

  test('the dataset card lists the checks and the warnings exported over', () => {
    const s = summary(['gpt-4o', 'gpt-4o'], ['model', 'model']);
    const meters = selectionMeters(s, { teacherCap: 0.5, syntheticShareLimit: 1 });
    const manifest = {
      schema: 1, tool: { name: 'Sample Curator', version: '0.1.0' }, exportedAt: '2026-11-24T22:00:00.000Z', store: 's', format: 'openai-chat',
      reviewers: ['ann'], journal: { file: 'j', offset: 0, lines: 0, lastSeq: 0 },
      filters: { query: {}, description: 'accepted samples', useEditedRevisions: true, split: null },
      licenceGate: { decision: 'none-found', unknown: 0, conflicting: 0 }, checks: [...exportCheckRuns(s), metersCheckRun(meters)], meters,
      counts: Object.assign(new ExportCounts(), { exported: 2 }), sliceDecisions: [],
      files: [{ path: 'train.jsonl', lines: 2, bytes: 10, sha256: 'x' }], samples: { path: 'manifest.samples.jsonl', lines: 2, bytes: 10, sha256: 'y' },
    } as unknown as ExportManifest;
    const card = datasetCard(manifest);
    assert.match(card, /### Checks that ran\n- near-duplicates: .*\n- benchmark contamination: .*\n- answer verifier: .*\n- meters: .*\n\n\*\*Warnings at export:\*\*\n- gpt-4o wrote 100% of the exported samples \(cap 50%\)\n/);
  });
});
