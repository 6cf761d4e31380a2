// Problems in the text of a JSONL document, line by line. Used by the language server; pure.

export interface LineProblem {
  /** 0-based line. */
  readonly line: number;
  /** 0-based character range within the line. */
  readonly startChar: number;
  readonly endChar: number;
  /** Stable code shown in the Problems panel. */
  readonly code: 'invalid-json';
  readonly message: string;
}

/** Where JSON.parse stopped, from V8's message ("… in JSON at position 12" / "(line 1 column 13)"). */
export function errorPosition(message: string, text: string): number {
  const pos = /at position (\d+)/.exec(message);
  if (pos) return Math.min(Number(pos[1]), text.length);
  const col = /line 1 column (\d+)/.exec(message);
  if (col) return Math.min(Number(col[1]) - 1, text.length);
  return /Unexpected end/.test(message) ? text.length : 0;
}

export function validateJsonl(text: string): LineProblem[] {
  const problems: LineProblem[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, line) => {
    const lineText = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!lineText.trim()) return;
    try {
      JSON.parse(lineText);
    } catch (e) {
      const message = (e as Error).message;
      const at = errorPosition(message, lineText);
      problems.push({
        line, startChar: Math.max(0, Math.min(at, lineText.length - 1)), endChar: lineText.length,
        code: 'invalid-json', message: `Invalid JSON: ${message}`,
      });
    }
  });
  return problems;
}
