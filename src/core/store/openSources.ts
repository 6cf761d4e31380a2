// Opening a store's sources: `.curator/` created as needed, the project document opened, each
// sample file prepared (gzip, JSON arrays, BOMs and UTF-16 become plain UTF-8 JSONL) and its line
// index loaded from `.curator/index/` or built and saved.
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileIdentity, isFileIdentityKey } from '../ingest/fileIdentity';
import { loadIndex, saveIndexAsync } from '../ingest/indexCache';
import { buildLineIndexAsync, type IndexProgress, type LineIndex } from '../ingest/lineIndex';
import { prepareSource } from '../ingest/preparedSource';
import { ensureStoreDir, refuseSymlink } from '../journal/storePaths';
import { openProjectDocument, type ProjectDb } from './projectDocument';
import type { SourceFile, StoreProblem } from './sourceFiles';
import { storeFileList } from './storeSamples';
import { ensureStoreGitignore } from './storeGitignore';

export const CURATOR_DIR = '.curator';

/** Builds a file's line index (in-process by default; the extension passes a worker-thread one). */
export type Indexer = (absPath: string, onProgress: (p: IndexProgress) => void, signal?: AbortSignal) => Promise<LineIndex>;

export interface StoreOpenProgress extends IndexProgress {
  readonly file: string;
  readonly fileNumber: number;
  readonly files: number;
}

export interface OpenSourcesOptions {
  readonly indexer?: Indexer;
  readonly parquetWorker?: string;
  readonly onProgress?: (p: StoreOpenProgress) => void;
  readonly signal?: AbortSignal;
  readonly readOnly?: boolean;
  /** A one-file store: only this file of the folder is a source (storeFileList). */
  readonly only?: string;
}

/**
 * Each source's line index is loaded from `.curator/index/` when the file is unchanged (same
 * identity, fileIdentity.ts), otherwise built by `indexer` (default: on this thread, yielding
 * between 4 MiB steps) and saved. A saved index is only a cache: when it cannot be written (a full
 * disk) the source opens with the index in memory and the failure is a problem, never a lost source.
 * What could not be read is pushed to `problems`.
 */
export async function openSources(folder: string, options: OpenSourcesOptions, problems: StoreProblem[]): Promise<{ project: ProjectDb; sources: SourceFile[]; indexesSaved: Promise<void> }> {
  const curatorDir = join(folder, CURATOR_DIR);
  const readOnly = options.readOnly === true;
  let saveIndexes = !readOnly;
  if (!readOnly) {
    ensureStoreDir(folder, CURATOR_DIR, 'journal');
    try {
      ensureStoreGitignore(folder, CURATOR_DIR);
    } catch (e) {
      problems.push({ source: CURATOR_DIR, message: `${CURATOR_DIR}/.gitignore could not be written (${(e as Error).message}); commit only ${CURATOR_DIR}/journal/ and ${CURATOR_DIR}/project.json` });
    }
    try {
      ensureStoreDir(folder, CURATOR_DIR, 'index');
    } catch (e) {
      saveIndexes = false;
      problems.push({ source: CURATOR_DIR, message: `${CURATOR_DIR}/index could not be created (${(e as Error).message}); line indexes are kept in memory only and every file is indexed again next time` });
    }
  }
  refuseSymlink(folder, join(curatorDir, 'project.json'));
  const project = await openProjectDocument(join(curatorDir, 'project.json'), basename(folder), undefined, readOnly);
  const cacheDir = readOnly ? join(tmpdir(), 'sample-curator-read-only', createHash('sha256').update(folder).digest('hex').slice(0, 16)) : join(curatorDir, 'cache');
  const sources: SourceFile[] = [];
  // Indexes made now are saved behind the open (see saveIndexAsync); a failed save is a problem, never a failed open.
  const saves: Promise<void>[] = [];
  const { names, problems: cardProblems } = storeFileList(folder, options.only);
  for (const message of cardProblems) problems.push({ source: options.only ?? 'README.md', message });
  const indexer = options.indexer ?? ((path, onProgress, signal) => buildLineIndexAsync(path, { onProgress, signal }));
  let offset = 0;
  for (const [k, name] of names.entries()) {
    const absPath = join(folder, name);
    try {
      // Gzip, JSON arrays, BOMs and UTF-16 become a plain UTF-8 JSONL file in the cache first.
      // A Parquet file's conversion reports progress in rows (as the share of the file), then its index pass in bytes.
      const bytesTotal = statSync(absPath).size;
      const prepared = await prepareSource(absPath, cacheDir, {
        displayName: name, ...(options.parquetWorker ? { parquetWorker: options.parquetWorker } : {}), ...(options.signal ? { signal: options.signal } : {}),
        onProgress: (p) => options.onProgress?.({ file: name, fileNumber: k + 1, files: names.length, bytesDone: Math.floor((bytesTotal * p.rowsDone) / Math.max(1, p.rowsTotal)), bytesTotal, lines: p.rowsDone }),
      });
      for (const note of prepared.notes) problems.push({ source: name, message: note.message });
      let identity = fileIdentity(prepared.jsonlPath);
      // A data file in a subfolder (a Hub dataset's data/…) keeps its index beside the others.
      const cachePath = join(curatorDir, 'index', `${name.replace(/\//g, '%2F')}.idx`);
      let index = loadIndex(cachePath, identity.key);
      if (!index) {
        // A file written to while it is indexed would leave an index of neither version: index
        // again until the identity before and after the pass agree.
        for (let attempt = 1; ; attempt++) {
          index = await indexer(prepared.jsonlPath, (p) => options.onProgress?.({ file: name, fileNumber: k + 1, files: names.length, ...p }), options.signal);
          const after = fileIdentity(prepared.jsonlPath);
          if (after.key === identity.key) break;
          identity = after;
          if (attempt === 3) throw new Error('kept changing while it was indexed; it is left out until the store is opened again');
        }
        if (saveIndexes) {
          saves.push(saveIndexAsync(cachePath, identity.key, index).catch((e: Error) => {
            problems.push({ source: name, message: `${name}: its line index could not be saved in ${CURATOR_DIR}/index (${e.message}); the file is read with the index in memory and indexed again next time` });
          }));
        }
      }
      const key = identity.key;
      const known = project.data.sources.find((e) => e.path === name);
      // A key of the older scheme (before file identities) says nothing about a change.
      if (known?.key && known.key !== key && isFileIdentityKey(known.key)) {
        problems.push({ source: name, message: `${name}: changed on disk since the store last opened it; decisions follow samples by content, so edited lines are pending again` });
      }
      sources.push({ relPath: name, absPath: prepared.jsonlPath, prepared, index, offset, key, stamp: identity });
      offset += index.starts.length;
    } catch (e) {
      if (options.signal?.aborted) throw e;
      problems.push({ source: name, message: `${name}: ${(e as Error).message}` });
    }
  }
  return { project, sources, indexesSaved: Promise.all(saves).then(() => undefined) };
}
