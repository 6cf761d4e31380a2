// The contamination check (contamination.ts, as the store's checks run it) on one line of a sample
// file: a sample that overlaps a benchmark test item is flagged where the overlapping text is.
import { checkText } from '../checks/checkText';
import { allRange, wholeLine } from './checkTextRanges';
import { matchBuffers, type BenchmarkIndex } from '../checks/contamination';
import type { LineChecker } from './sampleLineChecks';

/** Characters of the item's text quoted in the message. */
const ITEM_PREFIX = 48;

export function itemPrefix(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= ITEM_PREFIX ? oneLine : `${oneLine.slice(0, ITEM_PREFIX).trimEnd()}…`;
}

/**
 * `benchmarks` is asked on each line (the server loads the index at first use); undefined turns
 * the check off. The index must not change while a checker holds it: results are cached by line.
 */
export function contaminationChecker(benchmarks: () => BenchmarkIndex | undefined): LineChecker {
  const buffers = matchBuffers();
  return (line) => {
    const index = benchmarks();
    if (!index) return [];
    const text = checkText(line.sample);
    const m = index.match(text.all, buffers);
    if (!m) return [];
    const item = index.items[m.item];
    const spans = m.sampleSpans;
    const range = (spans.length ? allRange(line, text, spans[0][0], spans[spans.length - 1][1]) : undefined) ?? wholeLine(line);
    const how = m.method === '13-gram' ? `${m.overlaps} shared 13-word sequence${m.overlaps === 1 ? '' : 's'}` : `${m.overlaps} of its 3 50-character passages`;
    return [{
      ...range, code: 'benchmark-contamination',
      message: `Overlaps ${item.benchmark} item ${item.position + 1} ("${itemPrefix(item.text)}"): ${how}`,
    }];
  };
}
