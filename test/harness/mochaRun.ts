// Runs mocha test files and collects per-test results (used under plain Node and inside the
// extension host, where mocha's programmatic API works as well).
import * as fs from 'node:fs';
import Mocha from 'mocha';

export interface TestResults {
  readonly passed: string[];
  readonly failed: { readonly title: string; readonly error: string }[];
  readonly skipped: string[];
}

export function runMocha(files: readonly string[], timeoutMs: number): Promise<TestResults> {
  const mocha = new Mocha({ ui: 'tdd', timeout: timeoutMs, color: false, reporter: 'spec' });
  for (const f of files) mocha.addFile(f);
  const results: TestResults = { passed: [], failed: [], skipped: [] };
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve(results));
    runner.on('pass', (t) => results.passed.push(t.fullTitle()));
    runner.on('pending', (t) => results.skipped.push(t.fullTitle()));
    runner.on('fail', (t, err: Error) => results.failed.push({ title: t.fullTitle(), error: String(err?.stack ?? err) }));
  });
}

/** Test files (`*.test.js`) directly in `dir`, sorted. */
export function testFilesIn(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort().map((f) => `${dir}/${f}`);
}

export function writeResults(file: string | undefined, results: TestResults): void {
  if (file) fs.writeFileSync(file, JSON.stringify(results, null, 2));
}
