// The manifest and the dataset card say the same thing, and say what the exported files hold: on a
// store that mixes human-written and model-written samples, known and unknown licences, samples a
// format refuses (one of them a benchmark item), every figure the card gives is recomputed here from
// train.jsonl and manifest.samples.jsonl and compared with the manifest and the card.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadBenchmarkIndex } from '../../src/core/checks/benchmarkFingerprints';
import { runChecks, type ChecksResult } from '../../src/core/checks/checkRunner';
import { checksSummary } from '../../src/core/checks/checksSummary';
import { HUMAN_WRITTEN, teacherName } from '../../src/core/checks/curationMeters';
import { writeExport } from '../../src/core/export/curatedExport';
import { exportCheckRuns } from '../../src/core/export/exportChecks';
import type { ExportFormatId } from '../../src/core/export/exportFormats';
import type { ExportManifest, SampleEntry } from '../../src/core/export/exportManifest';
import { planExport } from '../../src/core/export/exportPlan';
import type { CurationStore } from '../../src/core/store/curationStore';
import { entriesOf, ExportTestStores, mixedStoreFiles, TOOL } from './exportTestStores';
import { SHIPPED_BENCHMARK } from './fixtureFiles';

const t = new ExportTestStores();

/** The card's "- name: n (p%)" lines under a heading, as name → n. */
function cardTable(card: string, heading: string): Map<string, number> {
  const at = card.indexOf(`### ${heading}\n`);
  assert.ok(at >= 0, `the card has a ${heading} section`);
  const out = new Map<string, number>();
  for (const line of card.slice(at).split('\n').slice(1)) {
    const m = /^- (.+): (\d+) \(/.exec(line);
    if (!m) break;
    out.set(m[1], Number(m[2]));
  }
  return out;
}

function tally(values: Iterable<string>): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

const sorted = (m: ReadonlyMap<string, number> | Record<string, number>) =>
  Object.fromEntries((m instanceof Map ? [...m] : Object.entries(m)).sort((a, b) => (a[0] < b[0] ? -1 : 1)));

async function exportAs(store: CurationStore, checks: ChecksResult, format: ExportFormatId): Promise<{ destination: string; manifest: ExportManifest }> {
  const plan = await planExport(store, { query: { verdicts: ['accepted'] } });
  const destination = path.join(t.tempDir('agree-out'), 'set');
  return writeExport(store, plan, {
    format, destination, licenceIssues: 'include', tool: TOOL,
    checks: (exported) => exportCheckRuns(checksSummary(checks, exported)),
    meterLimits: { teacherCap: 0.9, syntheticShareLimit: 0.9 },
  });
}

suite('manifest and card agree with each other and with the exported files', () => {
  teardown(async function () {
    this.timeout(30_000);
    await t.cleanup();
  });

  for (const format of ['alpaca', 'trl-prompt-completion'] as const) {
    test(`${format}: counts, teacher mix, licences, refusals and contamination, recomputed from the files`, async function () {
      this.timeout(30_000);
      const store = await t.acceptedStore(t.tempDir('agree-src'), [], mixedStoreFiles());
      await store.setSourceDefaults('human.jsonl', { licence: 'cc-by-4.0' });
      const checks = runChecks(store.checkSources(), loadBenchmarkIndex(SHIPPED_BENCHMARK, []));
      const { destination, manifest } = await exportAs(store, checks, format);
      const card = fs.readFileSync(path.join(destination, 'README.md'), 'utf8');
      const entries = entriesOf(destination);
      const exported = entries.filter((e) => e.status === 'exported');
      const refused = entries.filter((e) => e.status === 'refused');
      const c = manifest.counts;

      // The files: each exported entry names its line, and that line hashes to its contentHash.
      const lines = fs.readFileSync(path.join(destination, 'train.jsonl'), 'utf8').split('\n').filter(Boolean);
      assert.equal(lines.length, exported.length);
      assert.equal(manifest.sampleHash.hexDigits, 16);
      for (const e of exported) {
        const line = lines[(e.fileLine as number) - 1];
        const sha = createHash('sha256').update(line, 'utf8').digest('hex');
        assert.equal(e.contentHash, sha.slice(0, manifest.sampleHash.hexDigits), `${e.source}:${e.line}: contentHash is the SHA-256 prefix the manifest names`);
      }
      assert.ok(refused.length >= 2, 'the store holds samples this format refuses');
      assert.equal(c.exported, lines.length);
      assert.equal(c.refused, refused.length);
      assert.match(card, new RegExp(`\\n${lines.length} samples; `));
      assert.match(card, new RegExp(`\\n${refused.length} sample\\(s\\) could not be converted`));

      // Teacher mix: the card's table, the manifest's byModel and meters, the meters line — one tally.
      const models = tally(exported.map((e) => teacherName(e.provenance ?? {})));
      assert.deepEqual(sorted(c.byModel.toJSON()), sorted(models));
      assert.deepEqual(sorted(cardTable(card, 'Teacher models')), sorted(models));
      assert.deepEqual(sorted(Object.fromEntries((manifest.meters?.teacherMix.models ?? []).map((m) => [m.name, m.count]))), sorted(models));
      assert.ok((models.get(HUMAN_WRITTEN) ?? 0) > 0 && !models.has('unknown'), 'human-written samples are not an unknown teacher');
      const humans = exported.filter((e) => e.provenance?.origin === 'human').length;
      const byModel = exported.filter((e) => e.provenance?.origin === 'model').length;
      assert.equal(manifest.meters?.synthetic.counts.human, humans);
      const metersLine = manifest.checks.find((k) => k.name === 'meters')?.summary ?? '';
      assert.match(metersLine, new RegExp(`^${exported.length} exported: top teacher teacher-a `));
      assert.match(metersLine, new RegExp(`model-generated ${byModel} .*human ${humans}, unknown 0`));
      assert.ok(card.includes(`- meters: ${metersLine}`), 'the card lists the manifest\'s meters line');

      // Licences: byLicence and the card's table from the entries; the gate in what became of each sample.
      const licences = tally(exported.map((e) => e.provenance?.licence ?? 'unknown'));
      assert.deepEqual(sorted(c.byLicence.toJSON()), sorted(licences));
      assert.deepEqual(sorted(cardTable(card, 'Licences')), sorted(licences));
      const unknown = entries.filter((e) => e.licenceIssue === 'unknown');
      const outcome = { exported: unknown.filter((e) => e.status === 'exported').length, refused: unknown.filter((e) => e.status === 'refused').length, leftOut: 0 };
      assert.equal(manifest.licenceGate.unknown, unknown.length);
      assert.deepEqual(manifest.licenceGate.outcome.unknown, outcome);
      assert.equal(outcome.exported, licences.get('unknown'), 'the unknown-licence samples the gate let through are the unknown licences written');
      assert.ok(outcome.refused > 0, 'an unknown-licence sample was refused by the format');
      assert.ok(card.includes(`${unknown.length} selected sample(s) of unknown licence: ${outcome.exported} exported, ${outcome.refused} refused by the conversion`), card);

      // Contamination: "k of them exported" counts the benchmark items written, not those refused.
      const contaminated = (e: SampleEntry) => checks.contaminated[store.indexOfId(e.id) as number] >= 0;
      assert.equal(entries.filter(contaminated).length, 2, 'two benchmark items are selected');
      assert.equal(refused.filter(contaminated).length, 1, 'one of them is refused by the format');
      const line = manifest.checks.find((k) => k.name === 'benchmark contamination')?.summary ?? '';
      assert.match(line, new RegExp(`: 2 store samples matched; ${exported.filter(contaminated).length} of them exported$`));
      assert.ok(card.includes(`- benchmark contamination: ${line}`));
    });
  }
});
