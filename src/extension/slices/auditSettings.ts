// The audit's settings (sampleCurator.audit.*): the interval, the target half-width, what counts
// as a defect, and the rule a slice is decided by. Read each time they are used, so a change in
// the settings shows in the next figure without a reload.
import * as vscode from 'vscode';
import type { IntervalMethod } from '../../core/audit/proportionIntervals';
import type { SliceDecisionRule } from '../../core/audit/sliceDecisionRule';
import type { AuditSettings } from '../../core/store/sliceAudit';

const METHODS: readonly IntervalMethod[] = ['wilson', 'clopper-pearson'];
const RULES: readonly SliceDecisionRule['kind'][] = ['reject-if-upper-above', 'reject-if-lower-above', 'decide-when-clear'];

function inOpenUnit(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && value > 0 && value < 1 ? value : fallback;
}

export function auditSettings(): AuditSettings {
  const c = vscode.workspace.getConfiguration('sampleCurator.audit');
  const method = c.get<string>('interval', 'wilson') as IntervalMethod;
  const label = c.get<string>('defectLabel', '').trim();
  return {
    method: METHODS.includes(method) ? method : 'wilson',
    targetHalfWidth: inOpenUnit(c.get<number>('targetHalfWidth'), 0.02),
    ...(label ? { defectLabel: label } : {}),
  };
}

export function sliceRule(): SliceDecisionRule {
  const c = vscode.workspace.getConfiguration('sampleCurator.audit');
  const kind = c.get<string>('rule', 'reject-if-upper-above') as SliceDecisionRule['kind'];
  return { kind: RULES.includes(kind) ? kind : 'reject-if-upper-above', rate: inOpenUnit(c.get<number>('maxDefectRate'), 0.05) };
}
