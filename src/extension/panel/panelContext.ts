// What every part of the review panel is handed: the hosts it reads, the shared state, the
// drawing, the webview, and the one way to report a failure.
import type * as vscode from 'vscode';
import type { ChecksHost } from '../checks/checksHost';
import type { ChecksPresentation } from '../checks/checksPresentation';
import type { StoreHost } from '../storeHost';
import type { PanelDrawing } from './panelDrawing';
import type { PanelState } from './panelState';
import type { PanelWebview } from './panelWebview';

export interface PanelContext {
  readonly stores: StoreHost;
  readonly checks: ChecksHost;
  readonly checksView: ChecksPresentation;
  readonly log: vscode.LogOutputChannel;
  readonly webview: PanelWebview;
  readonly state: PanelState;
  readonly draw: PanelDrawing;
  /** Reports a failed action in the panel (and, unless the store is re-indexing, with Open Log). */
  fail(what: string, e: unknown): void;
}
