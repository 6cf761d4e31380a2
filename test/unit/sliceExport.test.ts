// Export records the slice decisions that stand (issue 15): the manifest's `sliceDecisions` (slice,
// rule, estimate and interval, audit size) and the dataset card's Quality section.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeExport } from '../../src/core/export/curatedExport';
import { planExport } from '../../src/core/export/exportPlan';
import { datasetCard } from '../../src/core/export/datasetCard';
import { CurationStore } from '../../src/core/store/curationStore';
import { decideSlice, readySlices, SliceAudit, sliceIndices, type AuditSettings } from '../../src/core/store/sliceAudit';
import { DEMO_STORE, makeTempDir, removeDir } from './fixtureFiles';

const FILES = ['alpaca_seed_tasks_first80.jsonl', 'gsm8k_test_first120.jsonl'];
const SETTINGS: AuditSettings = { method: 'clopper-pearson', targetHalfWidth: 0.02 };

suite('slice decisions in export', () => {
  let dir: string;
  let out: string;
  let store: CurationStore | undefined;
  setup(() => {
    dir = makeTempDir('slice-export');
    out = makeTempDir('slice-export-out');
    for (const f of FILES) fs.copyFileSync(path.join(DEMO_STORE, f), path.join(dir, f));
  });
  teardown(async () => {
    await store?.close();
    store = undefined;
    removeDir(dir);
    removeDir(out);
  });

  const exportTo = async (s: CurationStore, name: string) => {
    const plan = await planExport(s, { query: { verdicts: ['accepted'] } });
    return writeExport(s, plan, { format: 'original', destination: path.join(out, name), licenceIssues: 'include', tool: { name: 'Sample Curator', version: 'test' } });
  };

  test('the manifest records each standing slice decision; the card has a Quality section with the audited rate', async () => {
    const s = (store = await CurationStore.open(dir, { reviewer: 'ana' }));
    const [alpaca, gsm8k] = readySlices(s.sourcePaths);
    // gsm8k: audited, 1 defect of 20, the rest accepted; alpaca: audited and rejected, then undone.
    const audit = SliceAudit.open(s, gsm8k, await sliceIndices(s, gsm8k), SETTINGS);
    for (let t = 0; t < 20; t++) await s.decide(audit.draw.indices[t], t === 4 ? 'rejected' : 'accepted');
    await decideSlice(s, audit, 'accepted', { kind: 'reject-if-upper-above', rate: 0.3 }, SETTINGS);
    const other = SliceAudit.open(s, alpaca, await sliceIndices(s, alpaca), SETTINGS);
    await s.decide(other.draw.indices[0], 'rejected');
    await decideSlice(s, other, 'rejected', { kind: 'reject-if-upper-above', rate: 0.3 }, SETTINGS);
    await s.undo();
    const { manifest, destination } = await exportTo(s, 'set');
    assert.equal(manifest.sliceDecisions.length, 1, 'the undone decision is not recorded');
    const [d] = manifest.sliceDecisions;
    assert.deepEqual(d.slice, { name: 'gsm8k_test_first120.jsonl', query: 'source:gsm8k_test_first120.jsonl' });
    assert.deepEqual([d.verdict, d.samples], ['accepted', 100]);
    assert.deepEqual(d.audit, { size: 50, n: 20, k: 1, seed: audit.seed, defect: 'rejected' });
    assert.equal(d.estimate.method, 'clopper-pearson');
    assert.ok(Math.abs(d.estimate.upper - 0.2487) < 1e-3, `Clopper–Pearson 1 of 20 upper ${d.estimate.upper}`); // scipy beta.ppf(0.975, 2, 19)
    assert.equal(d.rule.text, 'reject if the upper bound of the 95% interval > 30%, else accept');
    const written = JSON.parse(fs.readFileSync(path.join(destination, 'manifest.json'), 'utf8'));
    assert.deepEqual(written.sliceDecisions, manifest.sliceDecisions);
    const card = fs.readFileSync(path.join(destination, 'README.md'), 'utf8');
    assert.match(card, /### Quality\n/);
    assert.match(card, /\| gsm8k_test_first120\.jsonl \| `source:gsm8k_test_first120\.jsonl` \| 1 of 20 \(50 drawn\) \| 5\.0% \[0\.1%, 24\.9%\] \(Clopper–Pearson 95%\) \| rest accepted \(100\) \| reject if the upper bound of the 95% interval > 30%, else accept \|/);
    const piped = datasetCard({ ...manifest, sliceDecisions: [{ ...d, slice: { name: 'a | b\nc', query: 'x' } }] });
    assert.match(piped, /\| a \\\| b c \| `x` \|/, 'a name cannot break the table');
  });

  test('no slice decision: the card says every sample was decided one by one', async () => {
    const s = (store = await CurationStore.open(dir, { reviewer: 'ana' }));
    await s.decide(0, 'accepted');
    const { manifest, destination } = await exportTo(s, 'plain');
    assert.deepEqual(manifest.sliceDecisions, []);
    assert.match(fs.readFileSync(path.join(destination, 'README.md'), 'utf8'), /### Quality\nNo slice was decided on an audit/);
  });
});
