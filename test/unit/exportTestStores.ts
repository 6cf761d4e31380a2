// The stores and folders the export tests make: a store over copies of fixture files with every
// sample accepted, an export of its accepted samples, the manifest's per-sample entries; and the
// cleanup of all of them after each test.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CurationStore } from '../../src/core/store/curationStore';
import { writeExport, type ExportOptions } from '../../src/core/export/curatedExport';
import { planExport } from '../../src/core/export/exportPlan';
import type { ExportFormatId } from '../../src/core/export/exportFormats';
import type { SampleEntry } from '../../src/core/export/exportManifest';
import { makeTempDir, removeDir } from './fixtureFiles';

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

export function entriesOf(destination: string): SampleEntry[] {
  return fs.readFileSync(path.join(destination, 'manifest.samples.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as SampleEntry);
}
