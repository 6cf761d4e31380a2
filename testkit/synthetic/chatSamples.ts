// Synthetic chat-format sample lines: 2–4 turns with realistic lengths (≈1.4 KB a line on
// average), drawn from a seeded random source. Shared by the unit tests and the benchmarks' set
// generator (bench/generateChatSet.ts).

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

export interface ChatRecord {
  readonly messages: { role: string; content: string }[];
  readonly metadata: { readonly id: string; readonly model: string; readonly temperature: number };
}

/** One sample line (without newline). */
export function chatLine(next: () => number, i: number): string {
  return JSON.stringify(chatRecord(next, i));
}

/** One sample, as the object chatLine writes (the same draws from `next`). */
export function chatRecord(next: () => number, i: number): ChatRecord {
  const turns = 2 + Math.floor(next() * 3);
  const messages: { role: string; content: string }[] = [];
  if (turns === 4) messages.push({ role: 'system', content: text(next, 8 + Math.floor(next() * 12)) });
  while (messages.length < turns) {
    const user = messages.length === 0 || messages[messages.length - 1].role !== 'user';
    messages.push({ role: user ? 'user' : 'assistant', content: text(next, user ? 15 + Math.floor(next() * 40) : 70 + Math.floor(next() * 190)) });
  }
  return { messages, metadata: { id: `bench-${i}`, model: MODELS[Math.floor(next() * MODELS.length)], temperature: 0.7 } };
}
