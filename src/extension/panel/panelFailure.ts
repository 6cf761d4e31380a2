// A failed action in the panel, reported once: in the panel and the log, and with Open Log unless
// the cause is a source that changed on disk (then the store re-indexes and the panel redraws).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SourceChangedError, StaleSampleError } from '../../core/ingest/sourceChanged';
import type { PanelContext } from './panelContext';

export function reportPanelFailure(
  parts: Pick<PanelContext, 'stores' | 'log' | 'webview' | 'state' | 'draw'>,
  what: string,
  e: unknown,
): void {
  const { stores, log, webview, state, draw } = parts;
  if (e instanceof SourceChangedError || e instanceof StaleSampleError) {
    // Not a failure to report with the log: the store is re-indexing (or has), the panel redraws.
    const message = `${what}: ${e.message}`;
    log.warn(message);
    webview.post({ type: 'error', message });
    if (e instanceof SourceChangedError && state.drawn) stores.noticeChange(path.join(state.drawn.folder, e.source));
    else void draw.redrawSelected();
    return;
  }
  const message = `${what}: ${(e as Error).message ?? String(e)}`;
  log.error(message);
  webview.post({ type: 'error', message });
  void vscode.window.showErrorMessage(`Sample Curator: ${message}`, 'Open Log').then((choice) => {
    if (choice) log.show();
  });
}
