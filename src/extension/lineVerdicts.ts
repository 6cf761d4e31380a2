// Answers the language server's LINE_VERDICT_REQUEST from the open store: the host owns the store,
// and a hover must never open one (opening indexes every file).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { contentHash } from '../core/ingest/lineIndex';
import type { LineVerdictParams, LineVerdictResult } from '../protocol';
import type { StoreHost } from './storeHost';

export function lineVerdict(stores: StoreHost, params: LineVerdictParams): LineVerdictResult {
  const store = stores.current;
  if (!store) return { inStore: false, reason: 'no-store' };
  const uri = vscode.Uri.parse(params.uri);
  const relPath = uri.scheme === 'file' ? path.relative(store.folder, uri.fsPath).split(path.sep).join('/') : undefined;
  if (!relPath || !store.sourcePaths.includes(relPath)) return { inStore: false, reason: 'file-not-in-store' };
  // By the hash of its bytes, so the line is found wherever it moved to; of identical lines, the
  // copy at (or nearest) this line.
  const index = store.indexOfLine(relPath, params.line + 1, contentHash(Buffer.from(params.text, 'utf8')));
  return index === undefined ? { inStore: false, reason: 'line-not-in-store' } : { inStore: true, verdict: store.verdictAt(index) };
}
