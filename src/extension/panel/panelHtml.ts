// The review panel's HTML shell. Strict CSP: nothing loads but our own bundle and stylesheet,
// and only scripts carrying this page's nonce run. Sample text never passes through here.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function reviewPanelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const joinPath = vscode.Uri.joinPath;
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(joinPath(extensionUri, 'out', 'webview.js'));
  const style = webview.asWebviewUri(joinPath(extensionUri, 'media', 'review.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>Sample Curator</title>
</head>
<body>
<div id="app" aria-busy="true"><p class="loading">Opening the store…</p></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
