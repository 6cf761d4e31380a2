// Shared by the ledger tests: opening a ledger in a throwaway .curator folder and reading it back.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DecisionLedger, type LedgerOpenReport, type LedgerOptions } from '../../src/core/journal/decisionLedger';
import { journalFileName, snapshotFileName } from '../../src/core/journal/journalFileNames';
import type { SampleAnnotations } from '../../src/core/journal/ledgerState';

export const REVIEWER = 'ana';
export const T0 = Date.UTC(2026, 0, 2, 3, 4, 5, 6);

/** A clock that moves one second per call, so each event's time is predictable. */
export function tickingClock(): () => Date {
  let calls = 0;
  return () => new Date(T0 + 1000 * calls++);
}

export async function openLedger(curatorDir: string, options: LedgerOptions = {}): Promise<{ ledger: DecisionLedger; report: LedgerOpenReport }> {
  return DecisionLedger.open(curatorDir, REVIEWER, { now: () => new Date(T0), ...options });
}

export function journalPath(curatorDir: string): string {
  return path.join(curatorDir, 'journal', journalFileName(REVIEWER));
}

export function snapshotPath(curatorDir: string): string {
  return path.join(curatorDir, 'state', snapshotFileName(REVIEWER));
}

/** The journal's lines, parsed (the file must end with a newline). */
export function journalLines(curatorDir: string): Record<string, unknown>[] {
  const text = fs.readFileSync(journalPath(curatorDir), 'utf8');
  if (text !== '' && !text.endsWith('\n')) throw new Error('the journal does not end with a newline');
  return text.split('\n').slice(0, -1).map((l) => JSON.parse(l) as Record<string, unknown>);
}

export interface LedgerView {
  readonly samples: Record<string, SampleAnnotations & { readonly revisions: readonly string[] }>;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
}

/** Everything the ledger answers about `hashes`, as one comparable value. */
export function viewOf(ledger: DecisionLedger, hashes: readonly string[]): LedgerView {
  const samples: LedgerView['samples'] = {};
  for (const h of hashes) samples[h] = { ...ledger.annotationsOf(h), revisions: ledger.revisionsOf(h) };
  return { samples, canUndo: ledger.canUndo, canRedo: ledger.canRedo };
}

/** Resolves once `file` exists, watching its folder (no polling). */
export function fileAppears(file: string): Promise<void> {
  return new Promise((resolve) => {
    const watcher = fs.watch(path.dirname(file), () => {
      if (fs.existsSync(file)) {
        watcher.close();
        resolve();
      }
    });
    if (fs.existsSync(file)) {
      watcher.close();
      resolve();
    }
  });
}
