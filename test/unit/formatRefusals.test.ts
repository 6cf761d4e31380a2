// The format picker's counts: for every format, the samples it would refuse of a selection are
// exactly those the export then refuses (same conversion), with the most frequent reason; the
// count can be cancelled.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { writeExport } from '../../src/core/export/curatedExport';
import { EXPORT_FORMAT_IDS } from '../../src/core/export/exportFormats';
import { ExportAbortError, planExport } from '../../src/core/export/exportPlan';
import { countFormatRefusals, refusalWords, type FormatRefusals } from '../../src/core/export/formatRefusals';
import { ExportTestStores, mixedStoreFiles, TOOL } from './exportTestStores';

const t = new ExportTestStores();

suite('formatRefusals', () => {
  teardown(() => t.cleanup());

  test('each format\'s count is what its export refuses; the words name the count and the main reason', async function () {
    this.timeout(30_000);
    const store = await t.acceptedStore(t.tempDir('refusals-src'), [], mixedStoreFiles());
    const plan = await planExport(store, { query: { verdicts: ['accepted'] } });
    const partial: FormatRefusals[] = [];
    const counts = await countFormatRefusals(store, plan.indices, { onProgress: (p) => partial.push(p) });
    assert.equal(counts.counted, plan.indices.length);
    for (const format of EXPORT_FORMAT_IDS) {
      const { manifest } = await writeExport(store, plan, { format, destination: path.join(t.tempDir('refusals-out'), 'set'), licenceIssues: 'include', tool: TOOL });
      assert.equal(counts.byFormat.get(format)?.refused, manifest.counts.refused, format);
      assert.deepEqual(counts.byFormat.get(format)?.reasons.toJSON(), manifest.counts.refusedByReason.toJSON(), `${format}: the same reasons`);
    }
    const alpaca = counts.byFormat.get('alpaca')?.refused ?? 0;
    assert.ok(alpaca > 0);
    assert.match(refusalWords(counts, 'alpaca'), new RegExp(`^${alpaca} of ${plan.indices.length} would be refused \\(mostly: .+\\)$`));
    assert.equal(refusalWords(counts, 'original'), `all ${plan.indices.length} convert`);
    assert.match(refusalWords({ ...counts, counted: 3 }, 'original'), /^none refused so far \(counted 3 of \d+…\)$/);
  });

  test('cancelled: rejects with the export\'s abort error', async () => {
    const store = await t.acceptedStore(t.tempDir('refusals-src'), [], mixedStoreFiles());
    const many = new Int32Array(5000).map((_, k) => k % store.size);
    const abort = new AbortController();
    abort.abort(new Error('closed'));
    await assert.rejects(countFormatRefusals(store, many, { signal: abort.signal, onProgress: () => undefined }), ExportAbortError);
  });
});
