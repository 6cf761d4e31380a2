// Reads every record of one source once, in the background after the store opened, to count the
// problems per file ("12 invalid JSON, 3 unknown shape in a.jsonl, first at line 7"). Samples
// are still never held: each record is read, checked and dropped.
import { closeSync, openSync } from 'node:fs';
import { readLineBytes, type LineIndex } from './lineIndex';
import { checkLineLength, readRecord, summarizeProblems, type FileProblemSummary, type RecordProblem } from './recordReader';

export interface ValidationResult {
  readonly summary: FileProblemSummary | undefined;
  /** The first problems in file order (at most `keep`), for listing. */
  readonly first: readonly RecordProblem[];
  readonly checked: number;
}

export interface ValidationInput {
  readonly jsonlPath: string;
  /** How messages name the file. */
  readonly file: string;
  readonly index: Pick<LineIndex, 'starts' | 'lengths' | 'lineNumbers'>;
  /** For JSON arrays: the original line of each JSONL line (see preparedSource.ts). */
  readonly lineMap?: Uint32Array;
  readonly keep?: number;
  readonly onProgress?: (checked: number) => void;
}

export function validateSource(input: ValidationInput): ValidationResult {
  const keep = input.keep ?? 200;
  const problems: Pick<RecordProblem, 'file' | 'line' | 'code'>[] = [];
  const first: RecordProblem[] = [];
  const fd = openSync(input.jsonlPath, 'r');
  const n = input.index.starts.length;
  try {
    for (let i = 0; i < n; i++) {
      const jsonlLine = input.index.lineNumbers[i];
      const where = { file: input.file, line: input.lineMap?.[jsonlLine - 1] ?? jsonlLine };
      const result = checkLineLength(input.index.lengths[i], where) ??
        readRecord(readLineBytes(fd, input.index.starts[i], input.index.lengths[i]), where);
      if (!result.ok) {
        problems.push({ file: result.file, line: result.line, code: result.code });
        if (first.length < keep) first.push(result);
      }
      if (i % 10_000 === 9_999) input.onProgress?.(i + 1);
    }
  } finally {
    closeSync(fd);
  }
  return { summary: summarizeProblems(problems)[0], first, checked: n };
}
