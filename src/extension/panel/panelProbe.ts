// For tests only: the integration tests read what the host posted to the review panel's webview
// and how many of the webview's messages it refused, through CuratorApi.testing.panelProbe.
// The extension writes here and never reads it back.
import type { ToWebviewMessage } from '../../protocol';

/** Messages kept: enough for a test to find the last snapshot, sample or error after one action. */
const KEPT = 50;

export class PanelProbe {
  /** The last 50 messages posted to the webview, oldest first. */
  readonly sent: ToWebviewMessage[] = [];
  /** Messages from the webview that failed validation (each one was logged and dropped). */
  rejectedMessages = 0;

  recordSent(msg: ToWebviewMessage): void {
    this.sent.push(msg);
    if (this.sent.length > KEPT) this.sent.shift();
  }

  recordRejected(): void {
    this.rejectedMessages++;
  }
}
