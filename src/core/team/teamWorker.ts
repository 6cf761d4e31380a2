// Worker thread entry (bundled as out/teamWorker.js): reads every reviewer's journal off the
// extension host's main thread (a million samples × three reviewers is seconds of parsing) and
// posts the joined arrays back, transferred rather than copied.
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerMessage } from '../workers/runWorker';
import { readTeamJournals, type TeamJournals } from './teamJournals';

export interface TeamWorkerInput {
  readonly curatorDir: string;
}

/** TeamJournals without its two functions (rebuilt from idHi, idLo and oddIds: teamInWorker.ts). */
export type TeamJournalsData = Omit<TeamJournals, 'idAt' | 'indexOf'>;

export type TeamWorkerMessage = WorkerMessage<TeamJournalsData>;

try {
  const { idAt: _idAt, indexOf: _indexOf, ...data } = readTeamJournals((workerData as TeamWorkerInput).curatorDir);
  const transfer = [data.verdicts, data.ratings, data.adjudications, data.adjudicators, data.idHi, data.idLo, ...data.labelCells].map((a) => a.buffer as ArrayBuffer);
  parentPort?.postMessage({ type: 'done', result: data } satisfies TeamWorkerMessage, transfer);
} catch (e) {
  parentPort?.postMessage({ type: 'error', message: (e as Error).message } satisfies TeamWorkerMessage);
}
