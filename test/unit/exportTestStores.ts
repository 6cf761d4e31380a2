// The stores and folders the export tests make: a store over copies of fixture files with every
// sample accepted, an export of its accepted samples, the manifest's per-sample entries, the files
// of a store mixing human and model samples, licences and refusals; and the cleanup after each test.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CurationStore } from '../../src/core/store/curationStore';
import { writeExport, type ExportOptions } from '../../src/core/export/curatedExport';
import { NODE_EXPORT_FS, type ExportFs } from '../../src/core/export/exportFolder';
import { planExport } from '../../src/core/export/exportPlan';
import type { ExportFormatId } from '../../src/core/export/exportFormats';
import type { SampleEntry } from '../../src/core/export/exportManifest';
import { gsm8kTest, makeTempDir, removeDir } from './fixtureFiles';

export const TOOL = { name: 'Sample Curator', version: '0.0.0-test' };

export class ExportTestStores {
  readonly #stores: CurationStore[] = [];
  readonly #dirs: string[] = [];

  tempDir(prefix: string): string {
    const d = makeTempDir(prefix);
    this.#dirs.push(d);
    return d;
  }

  async openStore(dir: string): Promise<CurationStore> {
    const s = await CurationStore.open(dir, { reviewer: 'ana' });
    this.#stores.push(s);
    return s;
  }

  /** A store over copies of `files` (from `from`) and of `extra` (name → text), every sample accepted. */
  async acceptedStore(from: string, files: readonly string[], extra: Readonly<Record<string, string>> = {}): Promise<CurationStore> {
    const dir = this.tempDir('export-src');
    for (const f of files) fs.copyFileSync(path.join(from, f), path.join(dir, f));
    for (const [name, text] of Object.entries(extra)) fs.writeFileSync(path.join(dir, name), text);
    const store = await this.openStore(dir);
    await store.decideMany(Array.from({ length: store.size }, (_, i) => i), 'accepted');
    return store;
  }

  /** Exports the accepted samples (to a new folder unless `destination` is given). */
  async exportStore(store: CurationStore, options: Partial<ExportOptions> & { format: ExportFormatId }) {
    const plan = await planExport(store, { query: { verdicts: ['accepted'] } });
    const destination = options.destination ?? path.join(this.tempDir('export-out'), 'set');
    return writeExport(store, plan, { licenceIssues: 'include', tool: TOOL, ...options, destination });
  }

  async cleanup(): Promise<void> {
    for (const s of this.#stores.splice(0)) await s.close();
    for (const d of this.#dirs.splice(0)) removeDir(d);
  }
}

/** The real file system, telling `onShardWrite` of every write to a Parquet shard before it is made. */
export function shardWritesWatched(onShardWrite: (bytes: Uint8Array) => void): ExportFs {
  const shards = new Set<number>();
  return {
    ...NODE_EXPORT_FS,
    openSync: (p, flags) => {
      const fd = NODE_EXPORT_FS.openSync(p, flags);
      if (p.endsWith('.parquet')) shards.add(fd);
      return fd;
    },
    writeSync: (fd, data) => {
      if (shards.has(fd)) onShardWrite(data);
      return NODE_EXPORT_FS.writeSync(fd, data);
    },
  };
}

/** The real file system, out of space when the file whose path ends with `name` is opened. */
export function diskFullAtOpen(name: string): ExportFs {
  return {
    ...NODE_EXPORT_FS,
    openSync: (p, flags) => {
      if (p.endsWith(name)) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      return NODE_EXPORT_FS.openSync(p, flags);
    },
  };
}

export function entriesOf(destination: string): SampleEntry[] {
  return fs.readFileSync(path.join(destination, 'manifest.samples.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as SampleEntry);
}

const turn = (role: string, content: string) => ({ role, content });
const chat = (q: string, a: string, extra: Record<string, unknown> = {}) => JSON.stringify({ messages: [turn('user', q), turn('assistant', a)], ...extra });

/**
 * A store that mixes what an export must count apart. human.jsonl: 6 human-written samples (the
 * tests record cc-by-4.0 for the file), one ending on a user turn (refused by the conversation
 * formats). model.jsonl: 4 samples by teacher-a with no licence (unknown), one a GSM8K test item
 * ending on a user turn (refused), one a GSM8K item that converts. mixed.jsonl: a teacher-b sample
 * naming its own licence (mit) and a human-written one with none.
 */
export function mixedStoreFiles(): Record<string, string> {
  const gsm = gsm8kTest();
  const human = [
    ...Array.from({ length: 5 }, (_, i) => chat(`Human question ${i} about rivers and stones?`, `A human answer ${i}, written by hand about the topic.`, { origin: 'human' })),
    JSON.stringify({ messages: [turn('user', 'Open question?'), turn('assistant', 'Open answer.'), turn('user', 'And then?')], origin: 'human' }),
  ];
  const model = [
    chat('Model question one about orbits?', 'A model answer one about orbits.', { model: 'teacher-a' }),
    chat('Model question two about cells?', 'A model answer two about cells.', { model: 'teacher-a' }),
    JSON.stringify({ messages: [turn('user', gsm[3].question), turn('assistant', gsm[3].answer), turn('user', 'Thanks!')], model: 'teacher-a' }),
    chat(gsm[7].question, gsm[7].answer, { model: 'teacher-a' }),
  ];
  const mixed = [
    chat('Licensed model question?', 'Licensed model answer.', { model: 'teacher-b', license: 'mit' }),
    chat('Unlicensed human question?', 'Unlicensed human answer.', { origin: 'human' }),
  ];
  return { 'human.jsonl': `${human.join('\n')}\n`, 'model.jsonl': `${model.join('\n')}\n`, 'mixed.jsonl': `${mixed.join('\n')}\n` };
}
