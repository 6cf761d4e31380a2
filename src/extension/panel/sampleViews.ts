// A loaded sample as the protocol carries it, with the diff of a revised sample against its original,
// the judge's score of its source record (an edit does not change what the judge saw) and, for a
// generator's record of candidate answers, each candidate's model and score.
import { candidateLines } from '../../core/formats/candidateResponses';
import { readJudgeSidesOfText } from '../../core/formats/judgeScores';
import { lineDiff } from '../../core/formats/lineDiff';
import { toNormalizedJson } from '../../core/formats/normalizedJson';
import type { LoadedSample } from '../../core/store/storeSamples';
import type { SampleView } from '../../protocol';

export function sampleView(s: LoadedSample, judgeFields: readonly string[]): SampleView {
  const diff = s.revision && s.original && s.normalized ? lineDiff(toNormalizedJson(s.original), toNormalizedJson(s.normalized)) : undefined;
  const judge = readJudgeSidesOfText(s.raw, judgeFields);
  const candidates = s.format === 'distilabel' || s.format === 'ultrafeedback' ? candidatesOf(s.raw) : undefined;
  return {
    row: s.row, format: s.format, normalized: s.normalized, error: s.error, provenance: s.provenance,
    ...(judge ? { judge } : {}), ...(candidates ? { candidates } : {}),
    ...(s.revision ? { revision: s.revision, original: s.original } : {}),
    ...(diff ? { revisionDiff: diff } : {}),
  };
}

function candidatesOf(raw: string) {
  try {
    return candidateLines(JSON.parse(raw));
  } catch {
    return undefined;
  }
}
