// Export end to end on the real fixtures: import → accept all → export → import again gives the
// same normalized content, for every format; manifest counts and hashes; split; licence gate;
// bad destinations and cancellation leave nothing behind.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CurationStore } from '../../src/core/store/curationStore';
import { writeExport } from '../../src/core/export/curatedExport';
import { ExportError, NODE_EXPORT_FS, type ExportFs } from '../../src/core/export/exportFolder';
import { ExportAbortError, planExport } from '../../src/core/export/exportPlan';
import { journalFileName } from '../../src/core/journal/journalFileNames';
import { conversationOf, EXPORT_FORMAT_IDS, type ExportFormatId } from '../../src/core/export/exportFormats';
import type { ExportManifest } from '../../src/core/export/exportManifest';
import { toNormalizedJson } from '../../src/core/formats/normalizedJson';
import type { NormalizedSample, Turn } from '../../src/core/formats/sampleModel';
import { DEMO_STORE, FORMAT_FIXTURES } from './fixtureFiles';
import { entriesOf, ExportTestStores, TOOL } from './exportTestStores';

const FORMAT_FILES = fs.readdirSync(FORMAT_FIXTURES).filter((n) => /\.(jsonl|json|gz)$/.test(n));

const t = new ExportTestStores();
const tempDir = (prefix: string) => t.tempDir(prefix);
const openStore = (dir: string) => t.openStore(dir);
const acceptedStore = (from: string, files: readonly string[], extra?: Record<string, string>) => t.acceptedStore(from, files, extra);
const exportStore = (store: CurationStore, options: Parameters<ExportTestStores['exportStore']>[1]) => t.exportStore(store, options);

/**
 * What a format keeps of a sample: conversation formats the turns, preference formats the pair,
 * both with their tool calls, results and schemas (formats without a place for them refuse such
 * samples); weights only OpenAI chat.
 */
function comparable(sample: NormalizedSample, format: ExportFormatId): unknown {
  const strip = (turns: readonly Turn[]) => (format === 'openai-chat' ? turns : turns.map(({ weight: _weight, ...rest }) => rest));
  if (format === 'original') return sample;
  const tools = sample.kind === 'chat' || sample.kind === 'preference' ? sample.tools : undefined;
  if (format === 'openai-preference' || format === 'trl-preference') {
    assert.equal(sample.kind, 'preference');
    return sample.kind === 'preference' ? { prompt: strip(sample.prompt), chosen: strip(sample.chosen), rejected: strip(sample.rejected), tools } : undefined;
  }
  const turns = conversationOf(sample);
  assert.equal(typeof turns, 'object');
  return { turns: strip(turns as Turn[]), tools };
}

suite('curatedExport', () => {
  teardown(async function () {
    this.timeout(30_000);
    await t.cleanup();
  });

  test('round trip on every fixture file, in every format: re-import gives the same normalized content', async function () {
    this.timeout(60_000);
    let exportedTotal = 0;
    for (const file of FORMAT_FILES) {
      const store = await acceptedStore(FORMAT_FIXTURES, [file]);
      assert.ok(store.size > 0, file);
      for (const format of EXPORT_FORMAT_IDS) {
        const { destination, manifest } = await exportStore(store, { format });
        const entries = entriesOf(destination);
        assert.equal(entries.length, store.size, `${file} → ${format}: one manifest entry per selected sample`);
        assert.equal(manifest.counts.exported + manifest.counts.refused, store.size, `${file} → ${format}: every sample exported or refused`);
        assert.ok(entries.every((e) => e.status === 'exported' || (e.status === 'refused' && e.reason)), 'refusals say why');
        if (format === 'original') assert.equal(manifest.counts.refused, 0, `${file}: original takes every readable sample`);
        const back = tempDir('export-reimport');
        fs.copyFileSync(path.join(destination, 'train.jsonl'), path.join(back, 'train.jsonl'));
        if (manifest.counts.exported === 0) continue;
        exportedTotal += manifest.counts.exported;
        const again = await openStore(back);
        assert.deepEqual(again.problems, [], `${file} → ${format}: re-imports cleanly`);
        const exported = entries.filter((e) => e.status === 'exported');
        assert.equal(again.size, exported.length);
        exported.forEach((e, k) => {
          const i = store.indexOfId(e.id) as number;
          const original = store.sample(i).normalized as NormalizedSample;
          const reread = again.sample(k).normalized as NormalizedSample;
          assert.ok(reread, `${file} → ${format}: line ${k + 1} reads as a sample`);
          assert.deepEqual(comparable(reread, format), comparable(original, format), `${file}:${e.line} → ${format}`);
          assert.equal(e.fileLine, k + 1);
        });
      }
    }
    assert.ok(exportedTotal > 100, `${exportedTotal} samples round-tripped`);
  });

  test('tool use: carried by OpenAI chat and TRL, refused and counted by ShareGPT and Alpaca, never written without it', async () => {
    const store = await acceptedStore(FORMAT_FIXTURES, ['openai_chat_tools.jsonl']);
    const source = fs.readFileSync(path.join(FORMAT_FIXTURES, 'openai_chat_tools.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    for (const format of ['openai-chat', 'trl-messages'] as const) {
      const { destination, manifest } = await exportStore(store, { format });
      assert.equal(manifest.counts.exported, 2);
      const lines = fs.readFileSync(path.join(destination, 'train.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
      // The source records, text parts joined into one string; TRL has no per-message weight.
      type Message = { content: unknown; weight?: number };
      const joined = (m: Message) => (Array.isArray(m.content) ? { ...m, content: m.content.map((p: { text: string }) => p.text).join('') } : m);
      const expected = source.map((r) => ({
        ...r, messages: r.messages.map((m: Message) => joined(m)).map(({ weight, ...m }: Message) => (format === 'openai-chat' && weight !== undefined ? { ...m, weight } : m)),
      }));
      assert.deepEqual(lines, expected, format);
    }
    for (const [format, name] of [['sharegpt', 'ShareGPT'], ['alpaca', 'Alpaca']] as const) {
      const { destination, manifest } = await exportStore(store, { format });
      assert.equal(manifest.counts.exported, 0, format);
      assert.equal(manifest.counts.refused, 2, format);
      const onDisk = JSON.parse(fs.readFileSync(path.join(destination, 'manifest.json'), 'utf8')) as ExportManifest & { counts: Record<string, unknown> };
      assert.deepEqual(onDisk.counts.refusedByReason, { [`the sample has tool calls; ${name} cannot hold them`]: 2 });
      assert.deepEqual(entriesOf(destination).map((e) => e.status), ['refused', 'refused']);
      assert.equal(fs.readFileSync(path.join(destination, 'train.jsonl'), 'utf8'), '');
    }
  });

  test('manifest: counts, per-file SHA-256 and line counts recomputed from the files; the card names the load line', async () => {
    const store = await acceptedStore(DEMO_STORE, ['alpaca_seed_tasks_first80.jsonl', 'gsm8k_test_first120.jsonl', 'hh_rlhf_harmless_test_first100.jsonl']);
    await store.decide(0, 'rejected');
    await store.setLabel([1, 2], 'correct', true);
    await store.setRating(1, 4);
    const { destination, manifest } = await exportStore(store, { format: 'openai-chat', split: { ratio: 0.2, seed: 7 }, checks: [] });
    const onDisk = JSON.parse(fs.readFileSync(path.join(destination, 'manifest.json'), 'utf8')) as ExportManifest & { counts: Record<string, unknown> };
    assert.deepEqual(onDisk, JSON.parse(JSON.stringify(manifest)), 'the result is what was written');
    for (const f of [...onDisk.files, onDisk.samples]) {
      const bytes = fs.readFileSync(path.join(destination, f.path));
      assert.equal(f.sha256, createHash('sha256').update(bytes).digest('hex'), f.path);
      assert.equal(f.lines, bytes.toString('utf8').split('\n').filter(Boolean).length, f.path);
      assert.equal(f.bytes, bytes.length);
    }
    assert.deepEqual(onDisk.files.map((f) => [f.path, f.split]), [['train.jsonl', 'train'], ['validation.jsonl', 'validation']]);
    // 299 accepted: 79 seed tasks + 120 GSM8K convert; the 100 HH-RLHF preference pairs are refused, not dropped.
    assert.deepEqual(onDisk.counts.exported, 199);
    assert.deepEqual(onDisk.counts.refused, 100);
    assert.deepEqual(onDisk.counts.refusedByReason, { 'a preference pair is not one conversation (export it in a preference format)': 100 });
    assert.deepEqual(onDisk.counts.bySource, { 'gsm8k_test_first120.jsonl': 120, 'alpaca_seed_tasks_first80.jsonl': 79 });
    assert.deepEqual(onDisk.counts.byLabel, { correct: 2 });
    assert.deepEqual(onDisk.counts.byVerdict, { accepted: 199 });
    assert.deepEqual(onDisk.counts.bySplit, { train: 159, validation: 40 });
    assert.deepEqual(onDisk.reviewers, ['ana']);
    assert.equal(onDisk.journal.file, path.join('.curator', 'journal', journalFileName('ana')));
    assert.equal(onDisk.journal.offset, fs.statSync(store.journalPath).size);
    assert.equal(onDisk.journal.lastSeq, 4);
    assert.deepEqual(onDisk.checks, []);
    assert.equal(onDisk.tool.version, TOOL.version);
    const entries = entriesOf(destination);
    const rated = entries.find((e) => e.id === store.idAt(1));
    assert.equal(rated?.rating, 4);
    assert.deepEqual(rated?.labels, ['correct']);
    assert.equal(rated?.reviewer, 'ana');
    assert.ok(rated?.decidedAt && !Number.isNaN(Date.parse(rated.decidedAt)));
    assert.equal(rated?.source, 'alpaca_seed_tasks_first80.jsonl');
    assert.equal(rated?.line, 2);
    const line = fs.readFileSync(path.join(destination, rated?.file as string), 'utf8').split('\n')[(rated?.fileLine as number) - 1];
    assert.equal(rated?.contentHash, createHash('sha256').update(line).digest('hex').slice(0, 16));
    assert.equal(entries.find((e) => e.id === store.idAt(0)), undefined, 'the rejected sample is not selected');
    const card = fs.readFileSync(path.join(destination, 'README.md'), 'utf8');
    assert.match(card, /^---\nlicense: other\n/);
    for (const key of ['annotations_creators', 'language_creators', 'source_datasets', 'task_categories', 'size_categories', 'configs']) {
      assert.match(card, new RegExp(`\\n${key}:\\n`), key);
    }
    assert.match(card, /size_categories:\n- "n<1K"\n/);
    assert.match(card, /- split: train\n {4}path: "train.jsonl"\n {2}- split: validation\n {4}path: "validation.jsonl"\n/);
    assert.ok(card.includes('ds = load_dataset("json", data_files={"train": "train.jsonl", "validation": "validation.jsonl"})'));
    assert.match(card, /### Checks that ran\n- none/);
    assert.ok(!fs.readdirSync(path.dirname(destination)).some((n) => n.includes('.export-')), 'no temporary folder left');
  });

  test('split: deterministic for a seed, stratified by source, different for another seed', async () => {
    const store = await acceptedStore(DEMO_STORE, ['alpaca_seed_tasks_first80.jsonl', 'gsm8k_test_first120.jsonl']);
    const splitOf = async (seed: number) => {
      const { destination } = await exportStore(store, { format: 'trl-messages', split: { ratio: 0.25, seed } });
      return entriesOf(destination).map((e) => `${e.id}:${e.file}`);
    };
    const a = await splitOf(1);
    assert.deepEqual(await splitOf(1), a, 'same seed, same split');
    assert.notDeepEqual(await splitOf(2), a, 'another seed, another split');
    const { destination } = await exportStore(store, { format: 'trl-messages', split: { ratio: 0.25, seed: 1 } });
    const bySource = new Map<string, number>();
    for (const e of entriesOf(destination)) if (e.file === 'validation.jsonl') bySource.set(e.source, (bySource.get(e.source) ?? 0) + 1);
    assert.deepEqual(Object.fromEntries(bySource), { 'alpaca_seed_tasks_first80.jsonl': 20, 'gsm8k_test_first120.jsonl': 30 });
  });

  test('edits: used by default (original format keeps the metadata), original content when turned off', async () => {
    const store = await acceptedStore(FORMAT_FIXTURES, ['sharegpt_synthetic.jsonl']);
    const before = store.sample(0);
    const edited: NormalizedSample = { kind: 'chat', turns: [{ role: 'user', content: 'What is a hash map?' }, { role: 'assistant', content: 'A key-value table.' }] };
    await store.addRevision(0, toNormalizedJson(edited));
    const { destination, manifest } = await exportStore(store, { format: 'original' });
    const first = JSON.parse(fs.readFileSync(path.join(destination, 'train.jsonl'), 'utf8').split('\n')[0]);
    assert.deepEqual(first.conversations, [{ from: 'human', value: 'What is a hash map?' }, { from: 'gpt', value: 'A key-value table.' }]);
    assert.deepEqual(first.metadata, JSON.parse(before.raw).metadata, 'provenance metadata kept');
    assert.equal(manifest.counts.edited.exported, 1);
    assert.equal(entriesOf(destination)[0].revision, 1);
    const second = fs.readFileSync(path.join(destination, 'train.jsonl'), 'utf8').split('\n')[1];
    assert.equal(second, store.sample(1).raw, 'unedited records are written byte for byte');
    const off = await exportStore(store, { format: 'original', useEdits: false });
    assert.equal(fs.readFileSync(path.join(off.destination, 'train.jsonl'), 'utf8').split('\n')[0], before.raw);
    assert.equal(entriesOf(off.destination)[0].revision, 0);
  });

  test('licence gate: unknown and conflicting licences are found, and left out or included as chosen', async () => {
    const store = await acceptedStore(FORMAT_FIXTURES, ['sharegpt_synthetic.jsonl', 'openai_chat_finetune.jsonl']);
    await store.setSourceDefaults('sharegpt_synthetic.jsonl', { licence: 'apache-2.0' });
    const plan = await planExport(store, { query: { verdicts: ['accepted'] } });
    const sharegpt = 3;
    assert.equal(plan.unknownLicence, store.size - sharegpt, 'the OpenAI fixture names no licence');
    assert.equal(plan.conflictingLicence, 1, 'the human-written record says cc-by-4.0, its file apache-2.0');
    assert.ok(plan.examples.some((e) => /sharegpt_synthetic\.jsonl:3 \(record says cc-by-4.0, file says apache-2.0\)/.test(e)), plan.examples.join('; '));
    const out = path.join(tempDir('export-out'), 'set');
    const left = await writeExport(store, plan, { format: 'openai-chat', destination: out, licenceIssues: 'exclude', tool: TOOL });
    assert.equal(left.manifest.counts.exported, 2);
    assert.equal(left.manifest.counts.leftOut, plan.unknownLicence + 1);
    assert.deepEqual(left.manifest.licenceGate, {
      decision: 'excluded', unknown: plan.unknownLicence, conflicting: 1,
      outcome: { unknown: { exported: 0, refused: 0, leftOut: plan.unknownLicence }, conflicting: { exported: 0, refused: 0, leftOut: 1 } },
    });
    const included = await writeExport(store, plan, { format: 'openai-chat', destination: `${out}2`, licenceIssues: 'include', tool: TOOL });
    assert.equal(included.manifest.licenceGate.decision, 'included');
    assert.ok(entriesOf(`${out}2`).filter((e) => e.licenceIssue).length === plan.unknownLicence + 1, 'each such sample is marked in the manifest');
  });

  test('bad destinations: exists, parent missing or not a folder, not writable — a clear error and nothing written', async () => {
    const store = await acceptedStore(FORMAT_FIXTURES, ['gsm8k_test_lines200-203.jsonl']);
    const parent = tempDir('export-out');
    fs.mkdirSync(path.join(parent, 'taken'));
    fs.writeFileSync(path.join(parent, 'file'), 'x');
    const attempt = (destination: string, fsOps?: ExportFs) => exportStore(store, { format: 'openai-chat', destination, fs: fsOps });
    await assert.rejects(attempt(path.join(parent, 'taken')), (e: ExportError) => e.code === 'exists' && /already exists/.test(e.message));
    assert.deepEqual(fs.readdirSync(path.join(parent, 'taken')), [], 'the existing folder is untouched');
    await assert.rejects(attempt(path.join(parent, 'missing', 'set')), (e: ExportError) => e.code === 'no-parent' && /does not exist/.test(e.message));
    await assert.rejects(attempt(path.join(parent, 'file', 'set')), (e: ExportError) => e.code === 'no-parent' && /is not a folder/.test(e.message));
    // The tests may run as root, which ignores permissions: the refusal is injected as the OS reports it.
    const readOnly: ExportFs = { ...NODE_EXPORT_FS, mkdirSync: () => { throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }); } };
    await assert.rejects(attempt(path.join(parent, 'set'), readOnly), (e: ExportError) => e.code === 'not-writable' && /is not writable/.test(e.message));
    assert.deepEqual(fs.readdirSync(parent).sort(), ['file', 'taken']);
  });

  test('a full disk mid-write: a clear error, the temporary folder removed, nothing at the destination', async () => {
    const store = await acceptedStore(DEMO_STORE, ['gsm8k_test_first120.jsonl']);
    const parent = tempDir('export-out');
    let budget = 1; // the data file fits; the manifest entries do not
    const full: ExportFs = {
      ...NODE_EXPORT_FS,
      writeSync: (fd, data) => {
        if (--budget < 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        return fs.writeSync(fd, data);
      },
    };
    await assert.rejects(
      exportStore(store, { format: 'openai-chat', destination: path.join(parent, 'set'), fs: full }),
      (e: ExportError) => e.code === 'disk-full' && /disk is full/.test(e.message),
    );
    assert.deepEqual(fs.readdirSync(parent), []);
  });

  test('a periodic sync that fails on the pool (EIO) fails the export: a clear error, nothing left', async () => {
    const store = await acceptedStore(DEMO_STORE, ['gsm8k_test_first120.jsonl', 'alpaca_seed_tasks_first80.jsonl']);
    const parent = tempDir('export-out');
    let syncs = 0;
    const failing: ExportFs = {
      ...NODE_EXPORT_FS,
      syncEveryBytes: 1,
      fsync: (_fd, done) => {
        syncs++;
        setImmediate(() => done(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' })));
      },
    };
    await assert.rejects(
      exportStore(store, { format: 'openai-chat', destination: path.join(parent, 'set'), fs: failing }),
      (e: ExportError) => e instanceof ExportError && /EIO/.test(e.message),
    );
    assert.ok(syncs > 0, 'the periodic sync ran on the pool');
    assert.deepEqual(fs.readdirSync(parent), []);
  });

  test('a source edited between the plan and the write: the write refuses it (the plan reads licences unchecked), nothing at the destination', async () => {
    const store = await acceptedStore(DEMO_STORE, ['gsm8k_test_first120.jsonl']);
    const plan = await planExport(store, { query: { verdicts: ['accepted'] } });
    // Same length, other bytes: only the record's hash tells.
    const file = path.join(store.folder, 'gsm8k_test_first120.jsonl');
    const text = fs.readFileSync(file, 'utf8');
    const at = text.indexOf('Janet');
    assert.ok(at > 0);
    fs.writeFileSync(file, `${text.slice(0, at)}Jenet${text.slice(at + 5)}`);
    const parent = tempDir('export-out');
    await assert.rejects(
      writeExport(store, plan, { format: 'openai-chat', licenceIssues: 'include', tool: TOOL, destination: path.join(parent, 'set') }),
      /gsm8k_test_first120\.jsonl/,
    );
    assert.deepEqual(fs.readdirSync(parent), []);
  });

  test('a crashed export\'s temporary folder is removed by the next export to that destination; a running one\'s is not', async () => {
    const store = await acceptedStore(FORMAT_FIXTURES, ['gsm8k_test_lines200-203.jsonl']);
    const parent = tempDir('export-out');
    // pid 2^22 + 1 is above Linux's pid_max: no such process can be running.
    const crashed = path.join(parent, `.set.export-${2 ** 22 + 1}-0badf00d`);
    const running = path.join(parent, `.set.export-${process.pid}-0badf00d`);
    for (const d of [crashed, running]) {
      fs.mkdirSync(d);
      fs.writeFileSync(path.join(d, 'train.jsonl'), '{"half": ');
    }
    await exportStore(store, { format: 'openai-chat', destination: path.join(parent, 'set') });
    assert.deepEqual(fs.readdirSync(parent).sort(), [running, path.join(parent, 'set')].map((p) => path.basename(p)).sort());
  });

  test('cancelled: rejects with AbortError and leaves nothing', async () => {
    const store = await acceptedStore(DEMO_STORE, ['gsm8k_test_first120.jsonl', 'alpaca_seed_tasks_first80.jsonl']);
    const parent = tempDir('export-out');
    const abort = new AbortController();
    const phases: string[] = [];
    await assert.rejects(
      exportStore(store, {
        format: 'original', destination: path.join(parent, 'set'), signal: abort.signal,
        onProgress: (p) => {
          phases.push(p.phase);
          if (p.phase === 'finishing') abort.abort(new Error('user cancelled'));
        },
      }),
      (e: Error) => e instanceof ExportAbortError && e.name === 'AbortError',
    );
    assert.ok(phases.includes('finishing'), 'cancelled at the last moment, after every file was written');
    assert.deepEqual(fs.readdirSync(parent), []);
  });
});
