// What the panel's header and the slices view show of an audit: its line, and the details the
// tooltip lists (the slice's query, the draw, the rule and what it says now).
import { MIN_JUDGE_MISSES } from '../../core/audit/ppiEstimate';
import { applySliceRule, sliceRuleText } from '../../core/audit/sliceDecisionRule';
import { auditHeadline } from '../../core/store/auditHeadline';
import type { CurationStore } from '../../core/store/curationStore';
import { auditAnswer, type AuditState, type SliceAudit } from '../../core/store/sliceAudit';
import { ppiDefectRate, type SliceJudgeScores } from '../../core/store/sliceJudge';
import { percentOneDecimal } from '../../core/store/auditHeadline';
import type { AuditHeaderView } from '../../protocol';
import { auditSettings, sliceRule } from './auditSettings';

/** The audit's live figures under the current settings. */
export function auditState(store: CurationStore, audit: SliceAudit): AuditState {
  return audit.state(store, auditSettings());
}

/** "9.8% [6.1%, 13.5%]" */
function interval(m: { readonly estimate: number; readonly lower: number; readonly upper: number }): string {
  return `${percentOneDecimal(m.estimate)} [${percentOneDecimal(m.lower)}, ${percentOneDecimal(m.upper)}]`;
}

/** The prediction-powered estimate's part of the line (text suffix, detail), when the judge's scores are known. */
function judgeParts(audit: SliceAudit, judged: SliceJudgeScores | undefined, state: AuditState, store: CurationStore): { suffix: string; detail?: string } {
  if (!judged) return { suffix: '' };
  if ('missing' in judged) return { suffix: '', detail: `no prediction-powered estimate: ${judged.missing}` };
  const ppi = ppiDefectRate(audit.indices, judged, audit.draw, auditAnswer(store, state.settings), state.estimate.interval.level);
  if (!ppi) return { suffix: '', detail: `judge "${judged.field}" on every sample; a prediction-powered estimate needs two audited samples and scores that differ` };
  if (ppi.judgeMisses < MIN_JUDGE_MISSES) {
    return { suffix: '', detail: `judge "${ppi.field}" on every sample; its prediction-powered estimate needs ${MIN_JUDGE_MISSES} audited samples the judge clearly missed (so far ${ppi.judgeMisses}): with fewer, its interval claims more than it holds` };
  }
  return {
    suffix: ` · with judge (PPI): ${interval(ppi.ppi)}`,
    detail: `prediction-powered (judge "${ppi.field}" on all ${audit.indices.length}, corrected by the audit): ${interval(ppi.ppi)}; the audit alone, same normal interval: ${interval(ppi.auditOnly)}`,
  };
}

export function auditHeaderView(store: CurationStore, audit: SliceAudit, judged?: SliceJudgeScores): AuditHeaderView {
  const state = auditState(store, audit);
  const rule = sliceRule();
  const says = applySliceRule(rule, state.estimate);
  const { estimate } = state;
  // Once the rest of the slice is decided on this audit, the line says so (undo takes it back).
  const decided = store.sliceDecisions().filter((d) => d.record.slice.query === audit.slice.query).at(-1);
  const judge = judgeParts(audit, judged, state, store);
  return {
    text: `${auditHeadline(state)}${decided ? ` · rest ${decided.verdict} (${decided.samples})` : ''}${judge.suffix}`,
    pending: estimate.pending,
    details: [
      `slice: ${state.slice.query || 'every sample'} (${state.sliceSize} samples)`,
      `draw: ${state.drawn.length} of ${state.sliceSize} (seed ${state.seed}), ${estimate.pending} not decided yet; + draws 50 more`,
      ...(estimate.strataAudited > 1 ? [`stratified over ${estimate.strataAudited} source files (effective n ${estimate.effectiveN.toFixed(1)})`] : []),
      `defect: ${state.settings.defectLabel ? `rejected or labelled "${state.settings.defectLabel}"` : 'rejected'}`,
      `rule: ${sliceRuleText(rule, estimate.interval.level)} → ${says.outcome} (${says.because})`,
      ...(judge.detail ? [judge.detail] : []),
    ],
  };
}
