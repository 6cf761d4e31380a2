// Reads the team's journals on a worker thread (teamWorker.ts) and gives back TeamJournals as
// readTeamJournals would: the same arrays, with idAt and indexOf rebuilt from the hash words.
import { formatHash } from '../journal/ledgerHashes';
import { runWorker } from '../workers/runWorker';
import type { TeamJournals } from './teamJournals';
import type { TeamJournalsData, TeamWorkerInput } from './teamWorker';

/** TeamJournals from the worker's data. */
export function teamJournalsFromData(data: TeamJournalsData): TeamJournals {
  const n = data.sampleCount;
  let byId: Map<string, number> | undefined;
  const idAt = (i: number): string => {
    if (!(i >= 0 && i < n)) throw new RangeError(`no sample ${i}`);
    return data.oddIds.get(i) ?? formatHash(data.idHi[i], data.idLo[i]);
  };
  return {
    ...data,
    idAt,
    // Rare (tests, a lookup by hand): a map made on first use.
    indexOf: (id) => {
      if (!byId) {
        byId = new Map();
        for (let i = 0; i < n; i++) byId.set(idAt(i), i);
      }
      return byId.get(id) ?? -1;
    },
  };
}

export async function readTeamJournalsInWorker(script: string, curatorDir: string, signal?: AbortSignal): Promise<TeamJournals> {
  const data = await runWorker<TeamJournalsData>(script, {
    name: 'team',
    label: curatorDir,
    workerData: { curatorDir } satisfies TeamWorkerInput,
    signal,
  });
  return teamJournalsFromData(data);
}
