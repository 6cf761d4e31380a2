// Every code the language server reports on a line of a sample file, in one table: the code is
// stable (users filter and suppress by it), the severity and the words are the README's table.
// A code added here must be added to README's "Problems in sample files" table (a unit test checks).

export type ProblemSeverity = 'error' | 'warning' | 'information';

export const DIAGNOSTIC_CODES = {
  'invalid-json': { severity: 'error', what: 'The line is not valid JSON; the range starts where the parser stopped.', fix: '' },
  'not-utf8': { severity: 'error', what: 'The line holds bytes that are not UTF-8 (the editor shows them as U+FFFD).', fix: '' },
  'too-large': { severity: 'error', what: 'The line is over `sampleCurator.maxLineBytes`; it is not parsed.', fix: '' },
  'unknown-shape': { severity: 'error', what: 'The record matches no known sample format; the message lists the fields each format expects.', fix: '' },
  'missing-field': { severity: 'error', what: 'A required field is missing or has the wrong type.', fix: '' },
  'bad-role': { severity: 'error', what: 'A turn has a role (or ShareGPT `from`) that is not a known role.', fix: 'ShareGPT `from` values (`human`, `gpt`, …) in a `role` become roles' },
  'role-order': { severity: 'warning', what: 'Turns out of order: a system turn that is not first, or two assistant turns in a row.', fix: '' },
  'empty-content': { severity: 'error', what: 'A turn, instruction, output, question or answer is empty (or the sample has no turns).', fix: '' },
  'chosen-equals-rejected': { severity: 'warning', what: 'A preference pair whose chosen and rejected completions are the same.', fix: '' },
  'duplicate-line': { severity: 'warning', what: 'The line is an exact copy of an earlier line of the file.', fix: 'delete the line' },
  'benchmark-contamination': { severity: 'warning', what: 'The sample overlaps a benchmark test item (the shipped GSM8K test, or `sampleCurator.checks.benchmarks`); the message names the item, the range marks the overlapping text.', fix: '' },
  'wrong-calculation': { severity: 'warning', what: 'A calculation in the solution (`<<48/2=25>>` or `48 / 2 = 25`) does not hold; the message gives what the left side evaluates to.', fix: '' },
  'wrong-final-answer': { severity: 'warning', what: 'The solution\'s final answer disagrees with the sample\'s reference (a reference field of the record, or the answer of the benchmark item its question is).', fix: '' },
  'trailing-whitespace': { severity: 'information', what: 'Content that ends in spaces or line breaks.', fix: 'trim the content' },
} as const satisfies Record<string, { severity: ProblemSeverity; what: string; fix: string }>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export const DIAGNOSTIC_SOURCE = 'sample-curator';
