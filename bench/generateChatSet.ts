// Seeded generator of a synthetic chat-format JSONL benchmark set: N samples of 2–4 turns with
// realistic lengths (≈1.4 KB a line on average, so 1M samples ≈ 1.4 GB). The same seed always
// gives the same bytes. Used by the store benchmark (and later by the checks benchmark).
import * as fs from 'node:fs';

/** mulberry32: tiny, fast, good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the of and to in is that for it as with was on be by this are or an from at which but not have has had were ' +
  'model answer question data training sample value number result because therefore first second then total each ' +
  'step compute function return list string array python code example explain reason simple method approach time ' +
  'people water energy system problem solution equation variable integer sum product difference average percent'
).split(' ');
const MODELS = ['teacher-a-70b', 'teacher-b-8x22b', 'teacher-c-405b', 'student-d-8b'];

function text(next: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    let w = WORDS[Math.floor(next() * WORDS.length)];
    if (i === 0 || out[out.length - 1].endsWith('.')) w = w[0].toUpperCase() + w.slice(1);
    out.push(next() < 0.08 ? `${w}.` : w);
  }
  return `${out.join(' ')}.`;
}

/** One sample line (without newline). */
export function chatLine(next: () => number, i: number): string {
  const turns = 2 + Math.floor(next() * 3);
  const messages: { role: string; content: string }[] = [];
  if (turns === 4) messages.push({ role: 'system', content: text(next, 8 + Math.floor(next() * 12)) });
  while (messages.length < turns) {
    const user = messages.length === 0 || messages[messages.length - 1].role !== 'user';
    messages.push({ role: user ? 'user' : 'assistant', content: text(next, user ? 15 + Math.floor(next() * 40) : 70 + Math.floor(next() * 190)) });
  }
  return JSON.stringify({ messages, metadata: { id: `bench-${i}`, model: MODELS[Math.floor(next() * MODELS.length)], temperature: 0.7 } });
}

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
