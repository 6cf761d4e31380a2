// The ledger's binary snapshot: a LedgerState plus the journal position it covers, so reopening
// replays only the journal's tail. Never trusted blindly: a snapshot of another format version or
// with a wrong checksum is refused here; LedgerState.fromData refuses inconsistent content and the
// ledger one that does not match the journal's bytes.
//
// Layout (little-endian, as every platform VS Code runs on):
//   0   8  magic "SCLEDGER"
//   8   4  u32 format version (SNAPSHOT_FORMAT_VERSION)
//   12  4  u32 slots      16 4 u32 steps      20 4 u32 applied steps
//   24  4  u32 entries    28 4 u32 label pairs 32 4 u32 JSON bytes
//   36  4  u32 CRC-32 of the journal's bytes [0, journal offset) (format 3 on; 0 before)
//   40  8  f64 journal offset covered        48 8 f64 journal lines covered
//   56  8  f64 last seq seen
//   64 32  sha256 of the journal's last (up to) 4 KiB before the covered offset
//   96     u32 hashWords[2*slots] (format 2 on), u8 verdicts[slots], u8 ratings[slots], u8 stepKinds[steps],
//          u32 stepArgs[steps], u32 stepFirsts[steps+1], u32 entrySlots[entries],
//          u32 entryPrevs[entries], u32 labelSlots[2*pairs], f64 stepSeqs[steps],
//          UTF-8 JSON {oddHashes, labelNames, notes, revisions, stepTexts, stepPrevTexts, skippedLines}
//   end-4  u32 CRC-32 of every byte before it
//
// Format 1 had no hashWords: its JSON held every slot's hash as text ({hashes: string[], …}). It is
// still read (converted to words; a million strings once, until the next snapshot rewrites it).
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { isWordHash } from './ledgerHashes';
import { READ_NO_FOLLOW } from './storePaths';
import type { LedgerStateData } from './ledgerState';

export const SNAPSHOT_FORMAT_VERSION = 3;
const FORMAT_TEXT_HASHES = 1;
/** Format 2: as 3 without the journal prefix checksum (its header held 0 there). */
const FORMAT_NO_PREFIX_CRC = 2;
const MAGIC = Buffer.from('SCLEDGER', 'latin1');
const HEADER = 96;
const DIGEST_SPAN = 4096;

export interface SnapshotMeta {
  /** The journal's bytes [0, journalOffset) are in the snapshot; replay resumes there. */
  readonly journalOffset: number;
  /** Lines in those bytes, so line numbers of the tail continue from here. */
  readonly journalLines: number;
  readonly lastSeq: number;
  /** Unreadable lines (1-based) in those bytes, reported again on every open. */
  readonly skippedLines: readonly number[];
  /** journalTailDigest of the journal at journalOffset. */
  readonly journalDigest: Uint8Array;
  /**
   * journalPrefixCrc at journalOffset: bytes damaged inside the covered part are found even when
   * the tail digest still matches. Undefined in snapshots of format 2 and older.
   */
  readonly journalPrefixCrc?: number;
}

/**
 * CRC-32 of the journal's first `offset` bytes, read in 4 MiB chunks (about 1 GB/s warm); or,
 * given the CRC `initial` of the first `from` bytes, continued from there.
 */
export function journalPrefixCrc(journalPath: string, offset: number, from = 0, initial = 0): number {
  let crc = initial;
  if (offset <= from) return crc;
  const fd = openSync(journalPath, READ_NO_FOLLOW);
  try {
    const buf = Buffer.allocUnsafe(Math.min(offset - from, 4 * 1024 * 1024));
    let pos = from;
    while (pos < offset) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, offset - pos), pos);
      if (n === 0) break;
      crc = crc32(buf.subarray(0, n), crc);
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
  return crc;
}

/**
 * Ties a snapshot to the journal it was taken from: a digest of the (up to) 4 KiB just before
 * `offset`. Synchronous on purpose: a snapshot is captured in one synchronous block so that no
 * event can be applied between reading the state and recording the offset it covers.
 */
export function journalTailDigest(journalPath: string, offset: number): Buffer {
  const hash = createHash('sha256');
  if (offset > 0) {
    const start = Math.max(0, offset - DIGEST_SPAN);
    const buf = Buffer.alloc(offset - start);
    const fd = openSync(journalPath, READ_NO_FOLLOW);
    try {
      let got = 0;
      while (got < buf.length) {
        const n = readSync(fd, buf, got, buf.length - got, start + got);
        if (n === 0) break;
        got += n;
      }
      hash.update(buf.subarray(0, got));
    } finally {
      closeSync(fd);
    }
  }
  return hash.digest();
}

export function encodeSnapshot(d: LedgerStateData, meta: SnapshotMeta): Buffer {
  const json = Buffer.from(JSON.stringify({
    oddHashes: d.oddHashes, labelNames: d.labelNames, notes: d.notes, revisions: d.revisions,
    stepTexts: d.stepTexts, stepPrevTexts: d.stepPrevTexts, skippedLines: meta.skippedLines,
  }), 'utf8');
  const parts: (Uint8Array | Uint32Array | Float64Array)[] = [
    d.hashWords, d.verdicts, d.ratings, d.stepKinds, d.stepArgs, d.stepFirsts, d.entrySlots, d.entryPrevs, d.labelSlots, d.stepSeqs, json,
  ];
  const header = Buffer.alloc(HEADER);
  MAGIC.copy(header, 0);
  header.writeUInt32LE(SNAPSHOT_FORMAT_VERSION, 8);
  header.writeUInt32LE(d.hashWords.length / 2, 12);
  header.writeUInt32LE(d.stepKinds.length, 16);
  header.writeUInt32LE(d.applied, 20);
  header.writeUInt32LE(d.entrySlots.length, 24);
  header.writeUInt32LE(d.labelSlots.length / 2, 28);
  header.writeUInt32LE(json.length, 32);
  header.writeUInt32LE(meta.journalPrefixCrc ?? 0, 36);
  header.writeDoubleLE(meta.journalOffset, 40);
  header.writeDoubleLE(meta.journalLines, 48);
  header.writeDoubleLE(meta.lastSeq, 56);
  Buffer.from(meta.journalDigest).copy(header, 64, 0, 32);
  const body = Buffer.concat([header, ...parts.map((p) => new Uint8Array(p.buffer, p.byteOffset, p.byteLength)), Buffer.alloc(4)]);
  body.writeUInt32LE(crc32(body.subarray(0, body.length - 4)), body.length - 4);
  return body;
}

export type DecodedSnapshot =
  /** `outdated`: of an older format this version still reads (worth rewriting). */
  | { readonly ok: true; readonly data: LedgerStateData; readonly meta: SnapshotMeta; readonly outdated: boolean }
  | { readonly ok: false; readonly problem: string };

export function decodeSnapshot(bytes: Buffer): DecodedSnapshot {
  const refuse = (problem: string): DecodedSnapshot => ({ ok: false, problem });
  if (bytes.length < HEADER + 4 || !bytes.subarray(0, 8).equals(MAGIC)) return refuse('not a ledger snapshot');
  const version = bytes.readUInt32LE(8);
  if (version !== SNAPSHOT_FORMAT_VERSION && version !== FORMAT_NO_PREFIX_CRC && version !== FORMAT_TEXT_HASHES) return refuse(`snapshot format ${version}, this version reads ${SNAPSHOT_FORMAT_VERSION}`);
  if (bytes.readUInt32LE(bytes.length - 4) !== crc32(bytes.subarray(0, bytes.length - 4))) return refuse('checksum mismatch (corrupt snapshot)');
  const slots = bytes.readUInt32LE(12);
  const steps = bytes.readUInt32LE(16);
  const entries = bytes.readUInt32LE(24);
  const pairs = bytes.readUInt32LE(28);
  const jsonBytes = bytes.readUInt32LE(32);
  const wordBytes = version === FORMAT_TEXT_HASHES ? 0 : 8 * slots;
  const expected = HEADER + wordBytes + 2 * slots + steps + 4 * (steps + steps + 1 + 2 * entries + 2 * pairs) + 8 * steps + jsonBytes + 4;
  if (expected !== bytes.length) return refuse('section sizes do not add up');
  let at = HEADER;
  const copy = <T extends Uint8Array | Uint32Array | Float64Array>(out: T): T => {
    new Uint8Array(out.buffer).set(bytes.subarray(at, at + out.byteLength));
    at += out.byteLength;
    return out;
  };
  let hashWords: Uint32Array = copy(new Uint32Array(wordBytes / 4));
  const verdicts = copy(new Uint8Array(slots));
  const ratings = copy(new Uint8Array(slots));
  const stepKinds = copy(new Uint8Array(steps));
  const stepArgs = copy(new Uint32Array(steps));
  const stepFirsts = copy(new Uint32Array(steps + 1));
  const entrySlots = copy(new Uint32Array(entries));
  const entryPrevs = copy(new Uint32Array(entries));
  const labelSlots = copy(new Uint32Array(2 * pairs));
  const stepSeqs = copy(new Float64Array(steps));
  let text: Record<string, unknown>;
  try {
    text = JSON.parse(bytes.toString('utf8', at, at + jsonBytes)) as Record<string, unknown>;
  } catch {
    return refuse('unreadable text section');
  }
  let oddHashes: [number, string][];
  if (version === FORMAT_TEXT_HASHES) {
    if (!isStrings(text.hashes) || text.hashes.length !== slots) return refuse('malformed text section');
    ({ hashWords, oddHashes } = hashesAsWords(text.hashes));
  } else {
    if (!isTextPairs(text.oddHashes)) return refuse('malformed text section');
    oddHashes = text.oddHashes;
  }
  if (!isTextSection(text)) return refuse('malformed text section');
  const data: LedgerStateData = {
    hashWords, oddHashes, verdicts, ratings, labelNames: text.labelNames, labelSlots, notes: text.notes, revisions: text.revisions,
    stepSeqs, stepKinds, stepArgs, stepFirsts, applied: bytes.readUInt32LE(20), entrySlots, entryPrevs,
    stepTexts: text.stepTexts, stepPrevTexts: text.stepPrevTexts,
  };
  const meta: SnapshotMeta = {
    journalOffset: bytes.readDoubleLE(40), journalLines: bytes.readDoubleLE(48), lastSeq: bytes.readDoubleLE(56),
    skippedLines: text.skippedLines, journalDigest: Uint8Array.from(bytes.subarray(64, 96)),
    ...(version === SNAPSHOT_FORMAT_VERSION ? { journalPrefixCrc: bytes.readUInt32LE(36) } : {}),
  };
  return { ok: true, data, meta, outdated: version !== SNAPSHOT_FORMAT_VERSION };
}

/** A format 1 snapshot's hash list as format 2's words and odd hashes. */
function hashesAsWords(hashes: readonly string[]): { hashWords: Uint32Array; oddHashes: [number, string][] } {
  const hashWords = new Uint32Array(2 * hashes.length);
  const oddHashes: [number, string][] = [];
  hashes.forEach((h, slot) => {
    if (isWordHash(h)) {
      hashWords[2 * slot] = parseInt(h.slice(0, 8), 16);
      hashWords[2 * slot + 1] = parseInt(h.slice(8), 16);
    } else {
      oddHashes.push([slot, h]);
    }
  });
  return { hashWords, oddHashes };
}

interface TextSection {
  labelNames: string[];
  notes: [number, string][];
  revisions: [number, string[]][];
  stepTexts: [number, string][];
  stepPrevTexts: [number, string][];
  skippedLines: number[];
}

const isIndex = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;
const isStrings = (a: unknown): a is string[] => Array.isArray(a) && a.every((s) => typeof s === 'string');
const isTextPairs = (a: unknown): a is [number, string][] =>
  Array.isArray(a) && a.every((p) => Array.isArray(p) && p.length === 2 && isIndex(p[0]) && typeof p[1] === 'string');

function isTextSection(t: Record<string, unknown>): t is Record<string, unknown> & TextSection {
  return isStrings(t.labelNames) && isTextPairs(t.notes) && isTextPairs(t.stepTexts) && isTextPairs(t.stepPrevTexts)
    && Array.isArray(t.revisions) && t.revisions.every((p) => Array.isArray(p) && p.length === 2 && isIndex(p[0]) && isStrings(p[1]))
    && Array.isArray(t.skippedLines) && t.skippedLines.every(isIndex);
}
