// The judge settings: where records carry a model judge's score (read by the panel, the filter and
// export), and what the calibration counts as a defect and holds the kept samples under.
import * as vscode from 'vscode';
import { DEFAULT_JUDGE_SCORE_FIELDS } from '../core/formats/judgeScores';

/** The fields as last read, while watchJudgeSettings runs (every sample drawn asks: a configuration read costs more than the rest of it). */
let cachedFields: readonly string[] | undefined;
let watching = false;

/** Keeps judgeFields' answer until the setting changes; activate owns the returned registration. */
export function watchJudgeSettings(): vscode.Disposable {
  watching = true;
  const sub = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('sampleCurator.judge.fields')) cachedFields = undefined;
  });
  return new vscode.Disposable(() => {
    sub.dispose();
    watching = false;
    cachedFields = undefined;
  });
}

/** `sampleCurator.judge.fields`: names or dotted paths, blanks dropped; an empty list reads no judge. */
export function judgeFields(): readonly string[] {
  if (watching) return (cachedFields ??= readJudgeFields());
  return readJudgeFields();
}

function readJudgeFields(): readonly string[] {
  const fields = vscode.workspace.getConfiguration('sampleCurator.judge').get<unknown>('fields', DEFAULT_JUDGE_SCORE_FIELDS);
  if (!Array.isArray(fields)) return DEFAULT_JUDGE_SCORE_FIELDS;
  return fields.filter((f): f is string => typeof f === 'string' && f.trim() !== '').map((f) => f.trim());
}

export interface CalibrationSettings {
  /** Besides a rejection, the label that makes a decided sample a defect: the audit's (one definition for both). */
  readonly defectLabel?: string;
  /** In [0, 1]; default 0.05. */
  readonly targetDefectRate: number;
}

export function calibrationSettings(): CalibrationSettings {
  const config = vscode.workspace.getConfiguration('sampleCurator.judge');
  const label = vscode.workspace.getConfiguration('sampleCurator.audit').get<unknown>('defectLabel', '');
  const target = config.get<unknown>('targetDefectRate', 0.05);
  return {
    ...(typeof label === 'string' && label.trim() ? { defectLabel: label.trim() } : {}),
    targetDefectRate: typeof target === 'number' && target >= 0 && target <= 1 ? target : 0.05,
  };
}
