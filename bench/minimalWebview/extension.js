// The floor of bench:ui's key → paint: a webview panel whose only work per key is one text node.
// Timed as the review panel times itself (src/webview/main.ts): a mark in the key handler,
// `key-to-dom` once the node is set, `key-to-paint` at the next animation frame.
// Plain JavaScript on purpose: loaded as is, nothing to build, nothing from the project.
const vscode = require('vscode');
const crypto = require('crypto');

function html(nonce) {
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}';">
</head><body><p id="sample" tabindex="0">0</p><script nonce="${nonce}">
const node = document.getElementById('sample').firstChild;
let n = 0;
document.addEventListener('keydown', (e) => {
  if (e.key !== 'j') return;
  const mark = 'key-' + (++n);
  performance.mark(mark);
  node.data = String(n);
  performance.measure('key-to-dom', mark);
  requestAnimationFrame(() => performance.measure('key-to-paint', mark));
});
</script></body></html>`;
}

exports.activate = (context) => {
  context.subscriptions.push(vscode.commands.registerCommand('sampleCuratorBench.openMinimalWebview', () => {
    const panel = vscode.window.createWebviewPanel('sampleCuratorBench.minimal', 'Minimal Webview', vscode.ViewColumn.Active, { enableScripts: true });
    panel.webview.html = html(crypto.randomBytes(16).toString('base64'));
  }));
};
