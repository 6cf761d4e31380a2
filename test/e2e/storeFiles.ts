// Reads what the extension wrote to a test store, to check that UI actions reached the disk.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface JournalLine {
  readonly type: string;
  readonly samples?: readonly string[];
  readonly verdict?: string;
  readonly undoes?: number;
  readonly seq: number;
}

/** All journal events in the store (every reviewer's journal), in file order. */
export function journalEvents(store: string): JournalLine[] {
  const dir = path.join(store, '.curator', 'journal');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).flatMap((f) =>
    fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as JournalLine));
}

/** The first JSONL line of a file in the store, parsed. */
export function firstRecord(store: string, file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(store, file), 'utf8').split('\n')[0]) as Record<string, unknown>;
}

/** Polls `check` until it returns true (journal writes are durable before the UI updates, so this is quick). */
export async function eventually(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
