// The checks' results saved beside the store (`.curator/checks/results.bin`), so a reopened
// store shows its flags at once. The key covers what the results depend on: the checks'
// version, each source's key (its identity, fileIdentity.ts, as for the line index), the per-file
// provenance defaults, the threshold and the benchmarks; any change means a fresh run.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFileDurably } from '../journal/durableWrite';
import { CHECKS_VERSION, type ChecksResult } from './checkRunner';

const MAGIC = 'SCCHK001';

export function checksKey(parts: { readonly sources: readonly { readonly key: string; readonly defaults?: unknown }[]; readonly threshold: number; readonly benchmarks: unknown }): string {
  return createHash('sha256').update(JSON.stringify({ v: CHECKS_VERSION, ...parts })).digest('hex').slice(0, 32);
}

const ARRAYS = ['dupCluster', 'contaminated', 'verifier', 'model', 'template', 'origin', 'depth'] as const;

export function saveChecks(path: string, key: string, r: ChecksResult): void {
  const header = Buffer.from(JSON.stringify({
    key, version: r.version, count: r.count, threshold: r.threshold, benchmarks: r.benchmarks, models: r.models, templates: r.templates,
    pairs: r.pairs, matches: [...r.matches], items: [...r.items], verdicts: [...r.verdicts], seconds: r.seconds,
  }), 'utf8');
  const arrays = ARRAYS.map((k) => r[k]);
  const headerEnd = 16 + header.length;
  const bodyStart = Math.ceil(headerEnd / 8) * 8;
  const buf = Buffer.alloc(bodyStart + arrays.reduce((n, a) => n + Math.ceil(a.byteLength / 8) * 8, 0));
  buf.write(MAGIC, 0, 'latin1');
  buf.writeUInt32LE(header.length, 8);
  header.copy(buf, 16);
  let at = bodyStart;
  for (const a of arrays) {
    buf.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += Math.ceil(a.byteLength / 8) * 8;
  }
  writeFileDurably(path, buf);
}

/** The saved results when they were made for `key`; undefined otherwise (never throws on a bad file). */
export function loadChecks(path: string, key: string): ChecksResult | undefined {
  try {
    const raw = readFileSync(path);
    if (raw.toString('latin1', 0, 8) !== MAGIC) return undefined;
    const headerLength = raw.readUInt32LE(8);
    const h = JSON.parse(raw.toString('utf8', 16, 16 + headerLength)) as Omit<ChecksResult, 'matches' | 'items' | 'verdicts'> & {
      key: string; matches: [number, never][]; items: [number, never][]; verdicts: [number, never][];
    };
    if (h.key !== key || h.version !== CHECKS_VERSION) return undefined;
    const body = new Uint8Array(raw.length - Math.ceil((16 + headerLength) / 8) * 8);
    body.set(raw.subarray(raw.length - body.length));
    let at = 0;
    const take = <T extends { byteLength: number }>(make: (b: ArrayBuffer, o: number, l: number) => T): T => {
      const v = make(body.buffer, at, h.count);
      at += Math.ceil(v.byteLength / 8) * 8;
      return v;
    };
    const result: ChecksResult = {
      version: h.version, count: h.count, threshold: h.threshold, benchmarks: h.benchmarks, models: h.models, templates: h.templates, pairs: h.pairs, seconds: h.seconds,
      dupCluster: take((b, o, l) => new Int32Array(b, o, l)),
      contaminated: take((b, o, l) => new Int32Array(b, o, l)),
      verifier: take((b, o, l) => new Uint8Array(b, o, l)),
      model: take((b, o, l) => new Uint16Array(b, o, l)),
      template: take((b, o, l) => new Uint16Array(b, o, l)),
      origin: take((b, o, l) => new Uint8Array(b, o, l)),
      depth: take((b, o, l) => new Uint8Array(b, o, l)),
      matches: new Map(h.matches), items: new Map(h.items), verdicts: new Map(h.verdicts),
    };
    return at <= body.length ? result : undefined;
  } catch {
    return undefined;
  }
}
