// The team's view as the panel and the status bar show it: each reviewer's decision on the sample
// side by side, the team's verdict, the header line (reviewers, conflicts, agreement) and the
// per-reviewer progress for the tooltip. Nothing here reads journals: it draws the store's last
// team read (StoreHost.refreshTeam), and draws nothing while only one reviewer has a journal.
import type { CurationStore } from '../../core/store/curationStore';
import { LABEL_CONFLICT, VERDICT_CONFLICT } from '../../core/team/consensus';
import type { TeamView } from '../../core/store/teamView';
import type { TeamHeaderView, TeamSampleView } from '../../protocol';

function team(store: CurationStore): TeamView | undefined {
  const t = store.peekTeam();
  return t?.isTeam ? t : undefined;
}

const figure = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');

export function teamSampleView(store: CurationStore, index: number): TeamSampleView | undefined {
  const t = team(store);
  if (!t) return undefined;
  const v = t.verdictAt(index);
  const bits = t.conflictAt(index);
  return {
    opinions: t.opinionsAt(index).map((o) => ({ ...o, ...(o.reviewer === store.reviewer ? { you: true } : {}) })),
    ...(v.verdict ? { verdict: v.verdict, rule: v.rule } : { refusal: v.refusal }),
    conflict: bits ? { verdict: (bits & VERDICT_CONFLICT) !== 0, labels: (bits & LABEL_CONFLICT) !== 0 } : undefined,
  };
}

/** 'open' for a conflict no adjudication settled, 'settled' for an adjudicated one. */
export function rowConflict(store: CurationStore, index: number): 'open' | 'settled' | undefined {
  const t = team(store);
  if (!t || !t.conflictAt(index)) return undefined;
  return t.verdictAt(index).rule === 'adjudicated' ? 'settled' : 'open';
}

/** Team flags for the filter (`flag:conflict`, `flag:adjudicated`, `flag:my-queue`). */
export function teamFlagsAt(store: CurationStore, index: number): readonly string[] {
  return team(store)?.flagsAt(index) ?? [];
}

export function teamHeader(store: CurationStore): TeamHeaderView | undefined {
  const t = team(store);
  if (!t) return undefined;
  const s = t.summary();
  const a = s.verdictAgreement;
  const text = `team: ${s.reviewers.length} reviewers · ${s.conflicts} conflict${s.conflicts === 1 ? '' : 's'}, ${s.openConflicts} open · ` +
    `α ${figure(a.alpha)} · AC1 ${figure(a.ac1)} (${a.units} samples)`;
  const details = [
    ...s.progress.map((p) => `${p.reviewer}${p.reviewer === store.reviewer ? ' (you)' : ''}: ${p.decided} decided (${p.accepted} accepted, ${p.rejected} rejected)` +
      (p.queue !== undefined ? `; queue ${p.queueDecided}/${p.queue}` : '')),
    `Agreement on verdicts over ${a.units} samples decided by two or more: ${figure(a.percentAgreement * 100)}% agree, Krippendorff's α ${figure(a.alpha)}${a.alphaUndefined ? ` (${a.alphaUndefined})` : ''}, Gwet's AC1 ${figure(a.ac1)}.`,
    `Export follows ${s.policy.allow.join(' > ')}; without consensus: ${Object.entries(s.refused).filter(([k, n]) => n && k !== 'undecided').map(([k, n]) => `${n} ${k}`).join(', ') || 'none'}.`,
    `Conflicts: ${s.verdictConflicts} on the verdict, ${s.labelConflicts} on a label. Filter flag:conflict to review them; Shift+A / Shift+R adjudicates.`,
  ];
  return { text, details, openConflicts: s.openConflicts };
}

/** Markdown for the status bar tooltip: each reviewer's progress. */
export function teamTooltip(store: CurationStore): string {
  const h = teamHeader(store);
  if (!h) return '';
  return `**Team** — ${h.text.replace(/^team: /, '')}\n\n${h.details.map((d) => `- ${d}`).join('\n')}\n\n`;
}
