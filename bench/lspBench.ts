// `npm run bench:lsp`: the real language server (out/server.js) over stdio, driven as VS Code drives
// it, on a generated 100k-line sample file with a problem planted every 1,000 lines. Prints one
// JSON line:
//   first_diagnostics_ms  didOpen sent → the first NON-EMPTY diagnostics received (target ≤ 1,000)
//   first_diagnostics_floor_ms  the same didOpen sent to bench/parseOnlyLanguageServer.ts (reads the
//                         message, JSON.parses it, publishes one diagnostic) → that publish; the
//                         median of 3 runs, each a fresh process
//   first_diagnostics_ratio     the two divided (target ≤ 1.5)
//   all_diagnostics_ms    didOpen sent → diagnostics for the last line received (the whole first pass)
//   hover_during_first_pass_ms  a hover asked right after didOpen → answered (the server does not block)
//   edit_rediagnose_ms    one-line edit sent → diagnostics reflecting it received (median of 30 edits; p95 beside it)
//   --lines N   another size (default 100,000)
import { spawn } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  createProtocolConnection, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, HoverRequest,
  InitializedNotification, InitializeRequest, PublishDiagnosticsNotification, StreamMessageReader, StreamMessageWriter,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { LINE_VERDICT_REQUEST, type LineVerdictResult } from '../src/protocol';
import { rng } from '../testkit/synthetic/seededRandom';
import { machine, numberArg, ratio } from './benchFloor';

const LINES = numberArg('--lines', 100_000);
const EDITS = 30;
const SERVER = path.resolve(__dirname, '..', 'server.js');
const FLOOR_SERVER = path.resolve(__dirname, 'parseOnlyLanguageServer.js');
const FLOOR_RUNS = 3;
const URI = 'file:///bench/samples.jsonl';

const WORDS = 'the model answer question data training sample value number result because first then total each step compute'.split(' ');

/** A chat sample of 2–4 turns, ≈300 bytes; every 1,000th line has one planted problem. */
function sampleLine(next: () => number, i: number): string {
  const words = (n: number) => Array.from({ length: n }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ');
  const turns = [{ role: 'user', content: `${words(12)} (${i})?` }, { role: 'assistant', content: `${words(30)}.` }];
  if (next() < 0.3) turns.push({ role: 'user', content: `${words(8)}?` }, { role: 'assistant', content: `${words(10)}.` });
  const line = JSON.stringify({ messages: turns, metadata: { model: 'teacher-a-70b', seed: i } });
  if (i % 1000 !== 999) return line;
  switch ((i / 1000) % 3 | 0) {
    case 0: return line.slice(0, -2); // cut off: invalid JSON
    case 1: return line.replace('"role":"assistant"', '"role":"gpt"'); // a ShareGPT name
    default: return line.replace(/"content":"[^"]*"/, '"content":""'); // empty content
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
const round = (ms: number) => Math.round(ms * 10) / 10;

/** A server process over stdio, initialized as VS Code initializes it. */
async function startServer(script: string) {
  const child = spawn(process.execPath, [script, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.onRequest<LineVerdictResult, void>(LINE_VERDICT_REQUEST, () => ({ inStore: false, reason: 'no-store' }));
  const waiters: ((p: PublishDiagnosticsParams) => void)[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    for (const w of [...waiters]) w(p);
  });
  /** Resolves with the time the first publish satisfying `ok` arrives. */
  const published = (ok: (p: PublishDiagnosticsParams) => boolean) =>
    new Promise<number>((resolve) => {
      const w = (p: PublishDiagnosticsParams) => {
        if (!ok(p)) return;
        waiters.splice(waiters.indexOf(w), 1);
        resolve(performance.now());
      };
      waiters.push(w);
    });
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: {} });
  await connection.sendNotification(InitializedNotification.type, {});
  const stop = () => {
    connection.dispose();
    child.kill();
  };
  return { connection, published, stop };
}

const nonEmpty = (p: PublishDiagnosticsParams) => p.diagnostics.length > 0;

/** The parse-only server's time from didOpen to its (one-item) diagnostics, in ms. */
async function floorRun(text: string): Promise<number> {
  const { connection, published, stop } = await startServer(FLOOR_SERVER);
  const seen = published(nonEmpty);
  const opened = performance.now();
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'jsonl', version: 1, text } });
  const ms = (await seen) - opened;
  stop();
  return ms;
}

async function main(): Promise<void> {
  const machineAtStart = machine();
  const next = rng(7);
  const lines = Array.from({ length: LINES }, (_, i) => sampleLine(next, i));
  const text = `${lines.join('\n')}\n`;
  const lastPlanted = Math.floor((LINES - 1000) / 1000) * 1000 + 999;

  const floors: number[] = [];
  for (let k = 0; k < FLOOR_RUNS; k++) floors.push(await floorRun(text));
  const floorMs = median(floors);

  const { connection, published, stop } = await startServer(SERVER);
  // An empty publish (e.g. "no problems yet") is not what a user waits for: the first that shows one.
  const first = published(nonEmpty);
  const all = published((p) => p.diagnostics.some((d) => d.range.start.line === lastPlanted));
  const opened = performance.now();
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'jsonl', version: 1, text } });
  const hover = connection.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: LINES - 2, character: 1 } }).then(() => performance.now());
  const firstAt = await first;
  const hoverAt = await hover;
  const allAt = await all;

  // Edits in the middle of the file: break a line's JSON (its diagnostic appears), then mend it (it goes).
  const target = Math.floor(LINES / 2) + 1;
  const lineText = lines[target];
  const edits: number[] = [];
  for (let k = 0; k < EDITS; k++) {
    const breaking = k % 2 === 0;
    const change = breaking
      ? { range: { start: { line: target, character: lineText.length - 1 }, end: { line: target, character: lineText.length } }, text: '' }
      : { range: { start: { line: target, character: lineText.length - 1 }, end: { line: target, character: lineText.length - 1 } }, text: '}' };
    const seen = published((p) => p.diagnostics.some((d) => d.range.start.line === target) === breaking);
    const sent = performance.now();
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: URI, version: 2 + k }, contentChanges: [change] });
    edits.push((await seen) - sent);
  }

  console.log(JSON.stringify({
    bench: 'lsp', lines: LINES, bytes: Buffer.byteLength(text),
    first_diagnostics_ms: round(firstAt - opened), first_diagnostics_floor_ms: round(floorMs),
    first_diagnostics_ratio: ratio(firstAt - opened, floorMs), first_diagnostics_floor_runs_ms: floors.map(round),
    all_diagnostics_ms: round(allAt - opened),
    hover_during_first_pass_ms: round(hoverAt - opened), edit_rediagnose_ms: round(median(edits)), edit_rediagnose_p95_ms: round(p95(edits)),
    machine: { ...machineAtStart, load_avg_1m_at_end: +os.loadavg()[0].toFixed(2) },
  }));
  stop();
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
