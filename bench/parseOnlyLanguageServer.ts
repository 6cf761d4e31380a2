// The language server benchmark's floor: a stdio LSP process that does the least a server can do
// with a `didOpen` — read the framed message, JSON.parse it, publish one diagnostic for the
// document. No library, no checks. `bench:lsp` times the same `didOpen` against it and against
// out/server.js, so the ratio is the real server's work over moving and parsing the message.
// Answers `initialize` and `shutdown`; every other message is parsed and dropped.

interface Message {
  readonly id?: number | string;
  readonly method?: string;
  readonly params?: { textDocument?: { uri?: string } };
}

let chunks: Buffer[] = [];
let buffered = 0;
let bodyLength = -1;

function send(message: object): void {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
  process.stdout.write(`Content-Length: ${body.length}\r\n\r\n`);
  process.stdout.write(body);
}

function handle(message: Message): void {
  if (message.method === 'initialize') send({ id: message.id, result: { capabilities: { textDocumentSync: 1 } } });
  else if (message.method === 'shutdown') send({ id: message.id, result: null });
  else if (message.method === 'exit') process.exit(0);
  else if (message.method === 'textDocument/didOpen') {
    const uri = message.params?.textDocument?.uri ?? '';
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    send({ method: 'textDocument/publishDiagnostics', params: { uri, diagnostics: [{ range, message: 'parsed', severity: 3 }] } });
  }
}

process.stdin.on('data', (chunk: Buffer) => {
  chunks.push(chunk);
  buffered += chunk.length;
  // Chunks are joined only once a whole header or body is in (a 46 MB body arrives in ~700 chunks).
  for (;;) {
    if (bodyLength >= 0 && buffered < bodyLength) return;
    const all = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, buffered);
    chunks = [all];
    if (bodyLength < 0) {
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) return;
      const m = /Content-Length: *(\d+)/i.exec(all.toString('latin1', 0, end));
      if (!m) throw new Error('message without Content-Length');
      bodyLength = Number(m[1]);
      const rest = all.subarray(end + 4);
      chunks = rest.length ? [rest] : [];
      buffered = rest.length;
      continue;
    }
    const body = all.toString('utf8', 0, bodyLength);
    const rest = all.subarray(bodyLength);
    chunks = rest.length ? [rest] : [];
    buffered = rest.length;
    bodyLength = -1;
    handle(JSON.parse(body) as Message);
    if (!buffered) return;
  }
});
