// A fresh store folder for a test run: the demo store plus the edge cases, in a temp folder so
// the tests' decisions never touch the repository.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../testkit/workbench/paths';

export interface TestWorkspaceOptions {
  /** Fixture files (paths under test/fixtures) to copy instead of the demo store and edge cases. */
  readonly only?: readonly string[];
  /** Workspace settings, written to .vscode/settings.json (the store reads only top-level files). */
  readonly settings?: Readonly<Record<string, unknown>>;
}

export function makeTestWorkspace(parent = os.tmpdir(), withEdgeCases = true, options: TestWorkspaceOptions = {}): string {
  const dir = fs.mkdtempSync(path.join(parent, 'curator-store-'));
  if (options.settings) {
    fs.mkdirSync(path.join(dir, '.vscode'));
    fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), JSON.stringify(options.settings, null, 2));
  }
  if (options.only) {
    for (const file of options.only) fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', file), path.join(dir, path.basename(file)));
    return dir;
  }
  const copy = (from: string) => {
    for (const name of fs.readdirSync(from)) {
      if (name.endsWith('.jsonl')) fs.copyFileSync(path.join(from, name), path.join(dir, name));
    }
  };
  copy(path.join(ROOT, 'test', 'fixtures', 'demo-store'));
  if (withEdgeCases) copy(path.join(ROOT, 'test', 'fixtures', 'edge-cases'));
  return dir;
}
