// `Sample Curator: Calibrate Judge Scores`: the judge's scores over the panel's current filter held
// against this reviewer's decisions, opened as a read-only Markdown report (like the team's
// agreement report). Reading every score of the filter is paced and cancellable.
import * as vscode from 'vscode';
import { judgeCalibrationReport } from '../core/store/judgeReport';
import { calibrationSettings, judgeFields } from './judgeSettings';
import type { ReviewPanel } from './panel/reviewPanel';
import type { StoreHost } from './storeHost';

/** Opens the report; resolves to its text (tests read it), undefined when cancelled or it failed. */
export async function calibrateJudge(stores: StoreHost, panel: ReviewPanel, log: vscode.LogOutputChannel): Promise<string | undefined> {
  try {
    const store = await stores.open();
    const { indices, filter } = panel.listed(store);
    const fields = judgeFields();
    if (!fields.length) {
      void vscode.window.showInformationMessage('Sample Curator: sampleCurator.judge.fields is empty, so no judge score is read; list the fields your records carry it in.');
      return undefined;
    }
    const settings = calibrationSettings();
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Sample Curator: reading judge scores (${filter})`, cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        let shown = 0;
        return judgeCalibrationReport(store, {
          indices, filter, judgeFields: fields, ...(settings.defectLabel ? { defectLabel: settings.defectLabel } : {}),
          targetRate: settings.targetDefectRate, now: new Date(), signal: abort.signal,
          onProgress: (p) => {
            const pct = Math.floor((100 * p.done) / Math.max(1, p.total));
            progress.report({ increment: pct - shown, message: `${p.matches} score${p.matches === 1 ? '' : 's'}` });
            shown = pct;
          },
        });
      },
    );
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: report });
    await vscode.window.showTextDocument(doc, { preview: true });
    return report;
  } catch (e) {
    if ((e as Error).name === 'AbortError') return undefined;
    log.error(`judge calibration failed: ${(e as Error).stack ?? (e as Error).message}`);
    void vscode.window.showErrorMessage(`Sample Curator: could not calibrate the judge: ${(e as Error).message}`, 'Open Log').then((a) => a && log.show());
    return undefined;
  }
}
