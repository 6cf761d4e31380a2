// The settings sampleCurator.checks.*, read afresh each time (they may change between runs).
import * as vscode from 'vscode';
import { benchmarkSpecs, type BenchmarkSpec } from '../../core/checks/benchmarkFingerprints';

export interface ChecksSettings {
  readonly threshold: number;
  readonly benchmarks: readonly BenchmarkSpec[];
  readonly blockAcceptOnVerifierFail: boolean;
  readonly teacherCap: number;
  readonly syntheticShareLimit: number;
}

/** `storeFolder` resolves relative benchmark paths; a malformed benchmark entry is logged and left out. */
export function readChecksSettings(log: vscode.LogOutputChannel, storeFolder: string | undefined): ChecksSettings {
  const c = vscode.workspace.getConfiguration('sampleCurator.checks');
  const benchmarks = benchmarkSpecs(c.get<unknown[]>('benchmarks', []), storeFolder, (b) =>
    log.warn(`sampleCurator.checks.benchmarks: an entry needs "path" and "fields.text"; ignored: ${JSON.stringify(b)}`));
  return {
    threshold: Math.min(1, Math.max(0.05, c.get<number>('nearDuplicateThreshold', 0.8))),
    benchmarks,
    blockAcceptOnVerifierFail: c.get<boolean>('blockAcceptOnVerifierFail', false),
    teacherCap: c.get<number>('teacherCap', 0.5),
    syntheticShareLimit: c.get<number>('syntheticShareLimit', 1),
  };
}
