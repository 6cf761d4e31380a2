// The export folder's README.md: a Hugging Face dataset card (YAML metadata the Hub reads, then a
// summary a person reads) built from the manifest. The YAML is written by hand from known keys:
// every value is a plain string or number, quoted as JSON (valid YAML) where it may hold anything.
import { CARD_FILE, MANIFEST_FILE, SAMPLE_HASH, SAMPLES_MANIFEST_FILE, type CountTable, type ExportManifest, type LicenceOutcome } from './exportManifest';
import { EXPORT_FORMATS } from './exportFormats';
import { UNKNOWN_VALUE } from '../query/sampleQuery';

/** The Hub's size buckets. */
export function sizeCategory(n: number): string {
  const buckets: [number, string][] = [[1e3, 'n<1K'], [1e4, '1K<n<10K'], [1e5, '10K<n<100K'], [1e6, '100K<n<1M'], [1e7, '1M<n<10M'], [1e8, '10M<n<100M']];
  for (const [limit, name] of buckets) if (n < limit) return name;
  return 'n>1T';
}

/** The card's `license`: the one licence of the set as an SPDX-like id, else `other`. */
export function cardLicence(byLicence: CountTable): string {
  const known = byLicence.entries().filter(([l]) => l !== UNKNOWN_VALUE);
  if (known.length !== 1 || byLicence.size !== 1) return 'other';
  const id = known[0][0].trim().toLowerCase();
  return /^[a-z0-9.+-]+$/.test(id) ? id : 'other';
}

function yamlList(key: string, values: readonly string[], indent = ''): string {
  return `${indent}${key}:\n${values.map((v) => `${indent}- ${JSON.stringify(v)}`).join('\n')}\n`;
}

function mixLines(table: CountTable, total: number, max = 12): string {
  const rows = table.entries();
  if (!rows.length) return '- (none)\n';
  const shown = rows.slice(0, max).map(([k, n]) => `- ${k}: ${n} (${total ? ((100 * n) / total).toFixed(1) : '0'}%)`);
  if (rows.length > max) shown.push(`- … and ${rows.length - max} more (see ${MANIFEST_FILE})`);
  return `${shown.join('\n')}\n`;
}

/** The data files per split, in the manifest's order. */
function filesBySplit(manifest: ExportManifest): Map<string, string[]> {
  const bySplit = new Map<string, string[]>();
  for (const f of manifest.files) {
    const split = f.split ?? 'train';
    bySplit.set(split, [...(bySplit.get(split) ?? []), f.path]);
  }
  return bySplit;
}

/** " (train: 900, validation: 100)" when the export is split; rows summed over a split's shards. */
function splitCounts(manifest: ExportManifest): string {
  const rows = new Map<string, number>();
  for (const f of manifest.files) if (f.split) rows.set(f.split, (rows.get(f.split) ?? 0) + f.lines);
  return rows.size ? ` (${[...rows].map(([split, n]) => `${split}: ${n}`).join(', ')})` : '';
}

/** The `datasets` line that loads this export (paths relative to the folder). */
export function loadLine(manifest: ExportManifest): string {
  const files = [...filesBySplit(manifest)].map(([split, paths]) =>
    `${JSON.stringify(split)}: ${paths.length === 1 ? JSON.stringify(paths[0]) : `[${paths.map((p) => JSON.stringify(p)).join(', ')}]`}`).join(', ');
  return `load_dataset(${JSON.stringify(manifest.parquet ? 'parquet' : 'json')}, data_files={${files}})`;
}

/** The card's `configs`: one default config whose `data_files` name every file of each split (the Hub and `load_dataset(folder)` read it). */
function configsYaml(manifest: ExportManifest): string {
  const splits = [...filesBySplit(manifest)].map(([split, paths]) => paths.length === 1
    ? `  - split: ${split}\n    path: ${JSON.stringify(paths[0])}\n`
    : `  - split: ${split}\n    path:\n${paths.map((p) => `    - ${JSON.stringify(p)}\n`).join('')}`);
  return `configs:\n- config_name: default\n  data_files:\n${splits.join('')}`;
}

export function datasetCard(manifest: ExportManifest): string {
  const c = manifest.counts;
  const origins = c.byOrigin.entries().map(([o]) => o);
  const languageCreators = [
    ...(origins.includes('model') ? ['machine-generated'] : []),
    ...(origins.includes('human') ? ['expert-generated'] : []),
    ...(origins.includes('unknown') ? ['other'] : []),
  ];
  const kinds = c.byKind.entries().map(([k]) => k);
  const tasks = ['text-generation', ...(kinds.includes('qa') ? ['question-answering'] : [])];
  const format = EXPORT_FORMATS.find((f) => f.id === manifest.format)?.label ?? manifest.format;
  const yaml =
    `---\nlicense: ${cardLicence(c.byLicence)}\n` +
    yamlList('annotations_creators', ['expert-generated']) +
    yamlList('language_creators', languageCreators.length ? languageCreators : ['other']) +
    yamlList('source_datasets', ['original']) +
    yamlList('task_categories', tasks) +
    yamlList('size_categories', [sizeCategory(c.exported)]) +
    configsYaml(manifest) +
    `---\n`;
  const checks = manifest.checks.length ? manifest.checks.map((k) => `- ${k.name}: ${k.summary}`).join('\n') : '- none (no checks ran before this export)';
  const warnings = manifest.meters?.warnings.length ? `\n\n**Warnings at export:**\n${manifest.meters.warnings.map((w) => `- ${w}`).join('\n')}` : '';
  const gateLine = licenceGateLine(manifest);
  const refused = c.refused
    ? `${c.refused} sample(s) could not be converted to this format and were left out, each named in \`${SAMPLES_MANIFEST_FILE}\`:\n\n${mixLines(c.refusedByReason, c.refused)}`
    : 'No sample was refused by the conversion.\n';
  return `${yaml}
# ${manifest.store}: curated set

Exported by ${manifest.tool.name} ${manifest.tool.version} on ${manifest.exportedAt} in the **${format}** format${manifest.parquet ? `, as Parquet shards (${manifest.parquet.codec.toLowerCase()}, row groups of ${manifest.parquet.rowGroupRows} rows)` : ''}.
Reviewed by ${manifest.reviewers.length ? manifest.reviewers.join(', ') : '(no recorded reviewer)'}; selection: ${manifest.filters.description}.

## Load it

\`\`\`python
from datasets import load_dataset
ds = ${loadLine(manifest)}
\`\`\`

## Contents

${c.exported} samples${splitCounts(manifest)}; ${c.edited.exported} of them edited by a reviewer.

### Teacher models
${mixLines(c.byModel, c.exported)}
### Licences
${mixLines(c.byLicence, c.exported)}
${gateLine}

### Sources
${mixLines(c.bySource, c.exported)}
### Checks that ran
${checks}${warnings}
${teamSection(manifest)}${qualitySection(manifest)}
### Refused
${refused}
## Provenance

\`${MANIFEST_FILE}\` holds the counts, the SHA-256 of every file, the filters and the decision journal position of this export;
\`${SAMPLES_MANIFEST_FILE}\` one line per sample: id, source file and line, content hash (the first ${SAMPLE_HASH.hexDigits} hex digits of the SHA-256 of
the exported line, the hash sample ids are made of), revision, verdict, labels, rating,
reviewer, decision time and provenance (model, parameters, template, licence, origin). This card is \`${CARD_FILE}\`.
`;
}

/** "3 exported, 2 refused by the conversion" (the parts that are not 0; "none" when all are). */
function outcomeWords(o: LicenceOutcome): string {
  const parts = [[o.exported, 'exported'], [o.refused, 'refused by the conversion'], [o.leftOut, 'left out']] as const;
  return parts.filter(([n]) => n).map(([n, what]) => `${n} ${what}`).join(', ') || 'none';
}

/**
 * What the licence gate did, in the numbers of what was written: a sample of unknown licence the
 * format refused was neither included nor left out by the gate, and is counted as refused.
 */
function licenceGateLine(manifest: ExportManifest): string {
  const gate = manifest.licenceGate;
  if (gate.decision === 'none-found') return 'Every sample has a known licence that agrees with its file.';
  const choice = gate.decision === 'excluded' ? 'The person exporting chose to leave them out.' : `The person exporting chose to include them, as recorded in \`${SAMPLES_MANIFEST_FILE}\` (\`licenceIssue\`).`;
  const issues = [
    ...(gate.unknown ? [`${gate.unknown} selected sample(s) of unknown licence: ${outcomeWords(gate.outcome.unknown)}`] : []),
    ...(gate.conflicting ? [`${gate.conflicting} whose record names another licence than its file: ${outcomeWords(gate.outcome.conflicting)}`] : []),
  ];
  return `${issues.join('; ')}. ${choice}`;
}

const METHOD_NAMES: Readonly<Record<string, string>> = { wilson: 'Wilson', 'clopper-pearson': 'Clopper–Pearson' };

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** A table cell: the text on one line, with its pipes escaped (slice names and queries are the reviewer's). */
function cell(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|');
}

/**
 * The Quality section: the audited defect rate of each slice decided on an audit, with its interval,
 * the audit's size and the rule, so a reader knows on what measured error rate the set was kept.
 */
function qualitySection(manifest: ExportManifest): string {
  const decisions = manifest.sliceDecisions;
  if (!decisions.length) {
    return '\n### Quality\nNo slice was decided on an audit: every exported sample was decided one by one by a reviewer.\n';
  }
  const rows = decisions.map((d) => {
    const e = d.estimate;
    const interval = `${pct(e.rate)} [${pct(e.lower)}, ${pct(e.upper)}] (${METHOD_NAMES[e.method] ?? e.method} ${+(e.level * 100).toPrecision(3)}%)`;
    return `| ${cell(d.slice.name)} | \`${cell(d.slice.query || 'every sample')}\` | ${d.audit.k} of ${d.audit.n} (${d.audit.size} drawn) | ${interval} | rest ${d.verdict} (${d.samples}) | ${cell(d.rule.text)} |`;
  });
  return `
### Quality
Slices whose undecided samples were accepted or rejected together, on the defect rate of a random audit of the slice
(a seeded draw stratified by source file; defect: ${[...new Set(decisions.map((d) => d.audit.defect))].join('; ')}). Each decision is in \`${MANIFEST_FILE}\`
(\`sliceDecisions\`) and in the journal with the audited samples' ids.

| Slice | Filter | Defects of audited | Defect rate (interval) | Decision | Rule |
|---|---|---|---|---|---|
${rows.join('\n')}
`;
}

/** The team review section: policy, how samples were resolved, what had no consensus, agreement. */
function teamSection(manifest: ExportManifest): string {
  const t = manifest.team;
  if (!t) return '';
  const figure = (x: number | null) => (x === null || !Number.isFinite(x) ? 'undefined' : x.toFixed(3));
  const resolved = Object.entries(t.resolved).filter(([, n]) => n).map(([rule, n]) => `${n} ${rule}`).join(', ') || 'none';
  const refused = Object.entries(t.noConsensus).filter(([, n]) => n).map(([why, n]) => `${n} ${why}`).join(', ') || 'none';
  const a = t.agreement;
  return `
### Team review
Reviewers: ${t.reviewers.join(', ')}. Verdicts that stand follow the policy ${t.policy.allow.join(' > ')}; each exported sample's
deciders and rule are in \`${SAMPLES_MANIFEST_FILE}\` (\`decidedBy\`, \`rule\`).
Resolved in the store: ${resolved}. Without consensus (never exported): ${refused}.
Verdict agreement over the exported samples decided by two or more reviewers (${a.units} samples, ${a.pairableValues} verdicts):
percent agreement ${figure(a.percentAgreement)}, Krippendorff's alpha ${figure(a.alpha)}${a.alphaUndefined ? ` (${a.alphaUndefined})` : ''}, Gwet's AC1 ${figure(a.ac1)}.
`;
}
