// Seeded generator of a synthetic chat-format JSONL benchmark set: N samples of 2–4 turns with
// realistic lengths (≈1.4 KB a line on average, so 1M samples ≈ 1.4 GB). The same seed always
// gives the same bytes. Used by the store benchmark (and later by the checks benchmark).
import * as fs from 'node:fs';
import { chatLine } from '../testkit/synthetic/chatSamples';
import { rng } from '../testkit/synthetic/seededRandom';

/** Writes `count` samples to `path` unless a file with the same parameters is already there. */
export function generateChatSet(path: string, count: number, seed = 42): { path: string; bytes: number; reused: boolean } {
  const marker = `${path}.done-${count}-${seed}`;
  if (fs.existsSync(marker) && fs.existsSync(path)) return { path, bytes: fs.statSync(path).size, reused: true };
  const next = rng(seed);
  const fd = fs.openSync(path, 'w');
  try {
    let batch: string[] = [];
    for (let i = 0; i < count; i++) {
      batch.push(chatLine(next, i));
      if (batch.length === 2000 || i === count - 1) {
        fs.writeSync(fd, `${batch.join('\n')}\n`);
        batch = [];
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  fs.writeFileSync(marker, '');
  return { path, bytes: fs.statSync(path).size, reused: false };
}
