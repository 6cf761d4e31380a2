// The hover on a line of a sample file: what the line is, and its verdict in the store.
import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import type { DocumentChecks } from '../core/lineProblems/documentChecks';
import type { LineVerdictResult } from '../protocol';

const NOT_IN_STORE: Readonly<Record<Extract<LineVerdictResult, { inStore: false }>['reason'], string>> = {
  'no-store': 'not in the store (no store is open)',
  'file-not-in-store': 'not in the store (the file is not one of its sources)',
  'line-not-in-store': 'not in the store (no sample of the store has this text; edited lines count once the store re-indexes the saved file)',
};

export function lineHover(doc: DocumentChecks, line: number, verdict: LineVerdictResult | undefined): Hover | null {
  const text = doc.lineText(line);
  if (!text.trim()) return null;
  const check = doc.checkAt(line);
  const facts = check.facts;
  const what = facts
    ? `**${facts.kind}** sample (${facts.format}) · ${facts.turns} turn${facts.turns === 1 ? '' : 's'} · ≈ ${facts.tokens} token${facts.tokens === 1 ? '' : 's'}`
    : `**not a readable sample**: ${check.problems[0]?.message ?? 'see the Problems panel'}`;
  const curation = !verdict ? 'unknown (the extension did not answer)' : verdict.inStore ? `**${verdict.verdict}**` : NOT_IN_STORE[verdict.reason];
  return {
    contents: { kind: MarkupKind.Markdown, value: `${what}\n\nCuration verdict: ${curation}` },
    range: { start: { line, character: 0 }, end: { line, character: text.length } },
  };
}
