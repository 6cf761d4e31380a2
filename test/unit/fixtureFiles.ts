// Shared by the unit tests: the checked-in fixtures and throwaway folders.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../testkit/workbench/paths';

export const DEMO_STORE = path.join(ROOT, 'test', 'fixtures', 'demo-store');
export const EDGE_CASES = path.join(ROOT, 'test', 'fixtures', 'edge-cases', 'zz_edge_cases.jsonl');

/** The non-empty lines of a fixture file, as text. */
export function fixtureLines(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
}

export function demoLines(name: string): string[] {
  return fixtureLines(path.join(DEMO_STORE, name));
}

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** The content hash the store uses as a sample's identity, computed independently of lineIndex.ts. */
export function sha16(bytes: string | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

export const FORMAT_FIXTURES = path.join(ROOT, 'test', 'fixtures', 'formats');

/** A file of test/fixtures/formats. */
export function formatFixture(name: string): string {
  return path.join(FORMAT_FIXTURES, name);
}

/** The non-empty lines of a file of test/fixtures/formats. */
export function formatLines(name: string): string[] {
  return fixtureLines(formatFixture(name));
}

export const SHAPE_FIXTURES = path.join(ROOT, 'test', 'fixtures', 'shapes');

/** The records of a file of test/fixtures/shapes, parsed (a `.json` file is one array). */
export function shapeRecords(name: string): unknown[] {
  const file = path.join(SHAPE_FIXTURES, name);
  return name.endsWith('.json') ? JSON.parse(fs.readFileSync(file, 'utf8')) as unknown[] : fixtureLines(file).map((l) => JSON.parse(l) as unknown);
}

export const GSM8K_TEST = path.join(ROOT, 'test', 'fixtures', 'gsm8k', 'gsm8k_test.jsonl');
export const SHIPPED_BENCHMARK = path.join(ROOT, 'media', 'benchmarks', 'gsm8k-test.json');

/** The 1,319 GSM8K test problems (the fixture copy). */
export function gsm8kTest(): { readonly question: string; readonly answer: string }[] {
  return fixtureLines(GSM8K_TEST).map((l) => JSON.parse(l) as { question: string; answer: string });
}
