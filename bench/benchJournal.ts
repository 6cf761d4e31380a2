// A synthetic decision journal for the ledger and store benchmarks.
import * as fs from 'node:fs';

const VERDICTS = ['accepted', 'rejected', 'skipped'];

/** The bench's sample hash number i (16 hex digits). */
export function benchHash(i: number): string {
  return (0x1000000000000000n + BigInt(i) * 2654435761n).toString(16).slice(-16);
}

/**
 * Writes a journal of `events` v2 events over events/2 distinct samples: mostly single verdicts,
 * some bulk verdicts, labels, ratings and undos, as a day of reviewing would leave.
 */
export function writeBenchJournal(file: string, events: number): void {
  const SAMPLES = events / 2;
  const fd = fs.openSync(file, 'w');
  const at = new Date(Date.UTC(2026, 0, 1)).toISOString();
  let chunk: string[] = [];
  for (let seq = 1; seq <= events; seq++) {
    const base = `{"v":2,"seq":${seq},"at":"${at}","reviewer":"bench",`;
    const h = benchHash(seq % SAMPLES);
    const r = seq % 100;
    let body: string;
    if (r < 80) body = `"type":"verdict","samples":["${h}"],"verdict":"${VERDICTS[seq % 3]}"}`;
    else if (r < 85) body = `"type":"verdict","samples":["${h}","${benchHash((seq * 7) % SAMPLES)}","${benchHash((seq * 13) % SAMPLES)}"],"verdict":"accepted"}`;
    else if (r < 92) body = `"type":"label","samples":["${h}"],"label":"label${seq % 5}","present":true}`;
    else if (r < 97) body = `"type":"rating","sample":"${h}","rating":${1 + (seq % 5)}}`;
    else body = `"type":"undo","undoes":${seq - 1}}`;
    chunk.push(base + body);
    if (chunk.length === 10_000) {
      fs.writeSync(fd, `${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  if (chunk.length) fs.writeSync(fd, `${chunk.join('\n')}\n`);
  fs.closeSync(fd);
}

