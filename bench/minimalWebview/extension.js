// The floor of bench:ui's key → paint: a webview panel whose only work per key is one text node.
// Timed as the review panel times itself (src/webview/paintTiming.ts): from the key event's
// `timeStamp`, `<kind>-to-dom` once the node is set, `<kind>-to-paint` from a setTimeout(0) queued
// in the next animation frame (after that frame's layout and paint). The keys:
//   j  the node is set in the key handler (the floor of a prefetched next sample);
//   a  a round trip to this extension host, which appends one line to a file in the workspace folder
//      and fdatasyncs it before answering (the floor of a verdict: the same filesystem as the store);
//   G  a round trip to the host, answered at once (the floor of a jump the webview cannot draw alone).
// Plain JavaScript on purpose: loaded as is, nothing to build, nothing from the project.
const vscode = require('vscode');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

function html(nonce) {
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}';">
</head><body><p id="sample" tabindex="0">0</p><script nonce="${nonce}">
const vscode = acquireVsCodeApi();
const node = document.getElementById('sample').firstChild;
const KINDS = { j: 'key', a: 'verdict', G: 'jump' };
let n = 0;
let pending;
function answered(text) {
  node.data = text;
  if (!pending) return;
  const { kind, start } = pending;
  pending = undefined;
  performance.measure(kind + '-to-dom', { start });
  requestAnimationFrame(() => setTimeout(() => performance.measure(kind + '-to-paint', { start }), 0));
}
document.addEventListener('keydown', (e) => {
  const kind = KINDS[e.key];
  if (!kind) return;
  pending = { kind, start: e.timeStamp };
  if (kind === 'key') answered(String(++n));
  else vscode.postMessage({ kind, n: ++n });
});
window.addEventListener('message', (e) => answered(String(e.data.n)));
</script></body></html>`;
}

exports.activate = (context) => {
  context.subscriptions.push(vscode.commands.registerCommand('sampleCuratorBench.openMinimalWebview', () => {
    const panel = vscode.window.createWebviewPanel('sampleCuratorBench.minimal', 'Minimal Webview', vscode.ViewColumn.Active, { enableScripts: true });
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? require('os').tmpdir();
    // Not a sample file name (a .jsonl left by a killed run would become a sample of the bench store).
    const file = path.join(folder, `.bench-floor-verdicts-${process.pid}.log`);
    const fd = fs.openSync(file, 'a');
    panel.onDidDispose(() => {
      fs.closeSync(fd);
      fs.rmSync(file, { force: true });
    });
    panel.webview.onDidReceiveMessage((msg) => {
      if (msg.kind === 'verdict') {
        fs.writeSync(fd, `${JSON.stringify({ seq: msg.n, verdict: 'accepted', at: Date.now() })}\n`);
        fs.fdatasyncSync(fd);
      }
      void panel.webview.postMessage({ n: msg.n });
    });
    panel.webview.html = html(crypto.randomBytes(16).toString('base64'));
  }));
};
