// A fresh store folder for a test run: the demo store plus the edge cases, in a temp folder so
// the tests' decisions never touch the repository.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './paths';

export function makeTestWorkspace(parent = os.tmpdir(), withEdgeCases = true): string {
  const dir = fs.mkdtempSync(path.join(parent, 'curator-store-'));
  const copy = (from: string) => {
    for (const name of fs.readdirSync(from)) {
      if (name.endsWith('.jsonl')) fs.copyFileSync(path.join(from, name), path.join(dir, name));
    }
  };
  copy(path.join(ROOT, 'test', 'fixtures', 'demo-store'));
  if (withEdgeCases) copy(path.join(ROOT, 'test', 'fixtures', 'edge-cases'));
  return dir;
}
