// What the crash writer writes about, shared with the checker.
export const CRASH_REVIEWER = 'crash';
export const CRASH_HASHES: readonly string[] = Array.from({ length: 48 }, (_, i) => (0x1000 + i).toString(16));
export const CRASH_LABELS: readonly string[] = ['math', 'code', 'unsafe'];
