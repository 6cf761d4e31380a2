// The answer verifier (answerVerifier.ts, as the store's checks run it) on one line of a sample
// file: each stated calculation that does not hold, and a final answer that disagrees with the
// sample's reference (a reference field of the record, or the answer of the benchmark item the
// question is), each underlined in the solution's text.
import { verifySolution } from '../checks/answerVerifier';
import { mayStateSteps } from '../checks/stepReader';
import { checkText, referenceOf } from '../checks/checkText';
import { pieceRange, wholeLine } from './checkTextRanges';
import type { BenchmarkIndex } from '../checks/contamination';
import { itemPrefix } from './contaminationLineCheck';
import type { LineChecker, LineProblem } from './sampleLineChecks';

const shown = (x: number) => String(+x.toFixed(6));

/** `benchmarks` (optional) gives a sample whose question is a benchmark item that item's answer as its reference. */
export function verifierChecker(benchmarks: () => BenchmarkIndex | undefined = () => undefined): LineChecker {
  return (line) => {
    const text = checkText(line.sample);
    if (!text.solution) return [];
    let reference = referenceOf(line.record);
    let from = 'the record\'s reference field';
    if (reference === undefined && text.question) {
      const index = benchmarks();
      const exact = index?.exactItem(text.question);
      const item = exact === undefined ? undefined : index!.items[exact];
      if (item?.answer !== undefined) {
        reference = item.answer;
        from = `${item.benchmark} item ${item.position + 1} ("${itemPrefix(item.text)}")`;
      }
    }
    if (reference === undefined && !mayStateSteps(text.solution)) return [];
    const v = verifySolution(text.solution, reference, text.question);
    if (v.status !== 'fail') return [];
    const at = (span: readonly [number, number]) =>
      (text.solutionPiece === undefined ? undefined : pieceRange(line, text, text.solutionPiece, span[0], span[1])) ?? wholeLine(line);
    const out: LineProblem[] = v.wrongSteps.map((w) => ({
      ...at(w.span), code: 'wrong-calculation', message: `Wrong calculation: ${w.note ? `${w.text.trim()} (${w.note})` : `${w.text.trim()} (the left side gives ${shown(w.expected)})`}`,
    }));
    if (v.wrongFinal) {
      const reason = v.reason ?? '';
      out.push({ ...at(v.final?.span ?? [0, text.solution.length]), code: 'wrong-final-answer', message: `${reason[0].toUpperCase()}${reason.slice(1)} (${from})` });
    }
    return out;
  };
}
