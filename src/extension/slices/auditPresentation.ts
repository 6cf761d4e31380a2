// What the panel's header and the slices view show of an audit: its line, and the details the
// tooltip lists (the slice's query, the draw, the rule and what it says now).
import { applySliceRule, sliceRuleText } from '../../core/audit/sliceDecisionRule';
import { auditHeadline } from '../../core/store/auditHeadline';
import type { CurationStore } from '../../core/store/curationStore';
import type { AuditState, SliceAudit } from '../../core/store/sliceAudit';
import type { AuditHeaderView } from '../../protocol';
import { auditSettings, sliceRule } from './auditSettings';

/** The audit's live figures under the current settings. */
export function auditState(store: CurationStore, audit: SliceAudit): AuditState {
  return audit.state(store, auditSettings());
}

export function auditHeaderView(store: CurationStore, audit: SliceAudit): AuditHeaderView {
  const state = auditState(store, audit);
  const rule = sliceRule();
  const says = applySliceRule(rule, state.estimate);
  const { estimate } = state;
  // Once the rest of the slice is decided on this audit, the line says so (undo takes it back).
  const decided = store.sliceDecisions().filter((d) => d.record.slice.query === audit.slice.query).at(-1);
  return {
    text: `${auditHeadline(state)}${decided ? ` · rest ${decided.verdict} (${decided.samples})` : ''}`,
    pending: estimate.pending,
    details: [
      `slice: ${state.slice.query || 'every sample'} (${state.sliceSize} samples)`,
      `draw: ${state.drawn.length} of ${state.sliceSize} (seed ${state.seed}), ${estimate.pending} not decided yet; + draws 50 more`,
      ...(estimate.strataAudited > 1 ? [`stratified over ${estimate.strataAudited} source files (effective n ${estimate.effectiveN.toFixed(1)})`] : []),
      `defect: ${state.settings.defectLabel ? `rejected or labelled "${state.settings.defectLabel}"` : 'rejected'}`,
      `rule: ${sliceRuleText(rule, estimate.interval.level)} → ${says.outcome} (${says.because})`,
    ],
  };
}
