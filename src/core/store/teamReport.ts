// The team's agreement as a Markdown report: every figure of teamAgreement (verdicts overall, per
// pair of reviewers and per source; ratings interval and ordinal; each label), each with the number
// of samples and values it rests on, then each reviewer's progress and what consensus resolved.
import type { AgreementFigures } from '../team/agreement';
import type { ScaleAgreement } from '../team/teamAgreement';
import type { TeamView } from './teamView';

const num = (x: number, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : '–');
/** Markdown table cells are text: a pipe or a line break in a name would break the table. */
const cell = (s: string) => s.replace(/[|\\]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');

function row(name: string, f: AgreementFigures): string {
  return `| ${cell(name)} | ${f.units} | ${f.pairableValues} | ${num(f.percentAgreement * 100, 1)}% | ${num(f.alpha)}${f.alphaUndefined ? ` (${f.alphaUndefined})` : ''} | ${num(f.ac1)} |`;
}

const HEAD = '| | samples | values | agreement | Krippendorff α | Gwet AC1 |\n|---|---:|---:|---:|---:|---:|';

function scale(a: ScaleAgreement, reviewers: readonly string[]): string {
  return [HEAD, row('all reviewers', a.overall), ...a.pairs.map((p) => row(`${reviewers[p.a]} · ${reviewers[p.b]}`, p.figures))].join('\n');
}

export function teamReport(team: TeamView, storeName: string, now: Date): string {
  const a = team.agreement();
  const s = team.summary();
  const r = a.reviewers;
  const out = [
    `# Team agreement — ${cell(storeName)}`,
    '',
    `${now.toISOString()} · ${r.length} reviewers: ${r.map(cell).join(', ')}. Figures rest on the samples decided by two or more reviewers; ` +
      'only accepted and rejected are opinions (pending and skipped are no value), adjudications never count.',
    '',
    '## Verdicts (accepted vs rejected, nominal)',
    scale(a.verdicts, r),
    '',
    ...(a.verdicts.bySource.length ? ['### By source', HEAD, ...a.verdicts.bySource.map((b) => row(b.source, b.figures)), ''] : []),
    '## Ratings (1–5)',
    'Interval α:',
    '',
    scale(a.ratingsInterval, r),
    '',
    'Ordinal α:',
    '',
    scale(a.ratingsOrdinal, r),
    '',
    ...(a.labels.length ? ['## Labels (present vs absent, for reviewers who decided the sample)', HEAD, ...a.labels.map((l) => row(l.label, l.agreement.overall)), ''] : []),
    '## Progress and consensus',
    ...s.progress.map((p) => `- ${cell(p.reviewer)}: ${p.decided} decided, ${p.accepted} accepted, ${p.rejected} rejected${p.queue !== undefined ? `; queue ${p.queueDecided} of ${p.queue}` : ''}`),
    `- Conflicts: ${s.conflicts} (${s.verdictConflicts} on the verdict, ${s.labelConflicts} on a label), ${s.openConflicts} not adjudicated.`,
    `- Policy ${s.policy.allow.join(' > ')}: resolved ${Object.entries(s.resolved).map(([k, n]) => `${n} ${k}`).join(', ')}; ` +
      `no consensus ${Object.entries(s.refused).filter(([, n]) => n).map(([k, n]) => `${n} ${k}`).join(', ') || 'none'}.`,
    '',
  ];
  return out.join('\n');
}
