// The judge's scores of a list of samples (a filter's result), read like the query reads records:
// one window over the files, records parsed only when their text may hold a judge field, paced in
// chunks with progress and cancellable. What calibrating a judge over a filter needs: every
// sample's score, not only the decided ones' (a threshold is judged by how much of the filter it keeps).
import { DEFAULT_MAX_LINE_BYTES } from '../ingest/recordReader';
import { RecordWindow } from '../ingest/recordWindow';
import { JudgeReader } from './judgeFilter';
import { throwIfAborted, yieldToEventLoop, type QueryableStore, type QueryOptions } from './sampleQuery';

const DEFAULT_CHUNK = 5_000;
const PROBLEM_EXAMPLES = 5;

export interface JudgeScan {
  /** Parallel to the indices scanned: the score, NaN where there is none. */
  readonly scores: Float64Array;
  /** How many scores each field gave. */
  readonly byField: ReadonlyMap<string, number>;
  /** Samples whose judge field holds something that is not a number, and the first few of them. */
  readonly problems: number;
  readonly problemExamples: readonly { readonly index: number; readonly problem: string }[];
  /** Records over the sample size limit: never read, so without a score. */
  readonly unread: number;
}

/** Reads the judge's score of each of `indices` (store indices); `matches` in the progress counts scores found. */
export async function scanJudgeScores(store: Pick<QueryableStore, 'byteLengthAt' | 'recordAt'>, indices: ArrayLike<number>, options: QueryOptions = {}): Promise<JudgeScan> {
  const { signal, onProgress } = options;
  const chunk = Math.max(1, Math.floor(options.chunk ?? DEFAULT_CHUNK));
  throwIfAborted(signal);
  const reader = new JudgeReader(options.judgeFields);
  const records = new RecordWindow();
  const scores = new Float64Array(indices.length).fill(NaN);
  const byField = new Map<string, number>();
  const problemExamples: { index: number; problem: string }[] = [];
  let problems = 0;
  let unread = 0;
  let scored = 0;
  try {
    for (let from = 0; from < indices.length;) {
      const to = Math.min(indices.length, from + chunk);
      for (let k = from; k < to; k++) {
        const i = indices[k];
        if (store.byteLengthAt(i) > DEFAULT_MAX_LINE_BYTES) {
          unread++;
          continue;
        }
        const bytes = records.read(store.recordAt(i));
        const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        const read = reader.read(buffer.toString('latin1'), () => {
          try {
            return JSON.parse(buffer.toString('utf8')) as unknown;
          } catch {
            return undefined;
          }
        });
        if (!read) continue;
        if ('problem' in read) {
          problems++;
          if (problemExamples.length < PROBLEM_EXAMPLES) problemExamples.push({ index: i, problem: read.problem });
          continue;
        }
        scores[k] = read.score;
        scored++;
        byField.set(read.field, (byField.get(read.field) ?? 0) + 1);
      }
      from = to;
      onProgress?.({ done: to, total: indices.length, matches: scored });
      if (from < indices.length) {
        await yieldToEventLoop();
        throwIfAborted(signal);
      }
    }
  } finally {
    records.close();
  }
  return { scores, byField, problems, problemExamples, unread };
}
