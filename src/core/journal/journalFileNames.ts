// Which files hold a reviewer's decisions, and taking over the files of the older naming.
//
//   <curatorDir>/journal/<slug>-<hash>.jsonl     e.g. journal/Иван-3f2a9c1b7d.jsonl
//   <curatorDir>/state/<slug>-<hash>.snapshot
//
// The name must be injective: two reviewers sharing a journal would silently replay each other's
// decisions as their own. <hash> is the first 10 hex digits of the SHA-256 of the reviewer name's
// exact UTF-8 bytes (no normalization, so "josé" composed and decomposed are two reviewers, as
// they are two strings in every event), which makes names that differ in any way differ in the
// file name, also on case-insensitive and normalizing file systems. <slug> only makes the name
// readable: the NFC form of the name with Unicode letters, marks and digits kept, every other run
// of characters (path separators, spaces, controls, punctuation) turned into one `_`, no leading
// or trailing dots, at most 60 UTF-8 bytes; `reviewer` when nothing is left.
//
// Older versions named the files <old stem>.jsonl, keeping only ASCII letters and digits, so
// "Иван" and "Пётр" both wrote `_.jsonl`. migrateLegacyJournal renames such a file to the new name
// when every event in it is the reviewer's own, and leaves it (reporting why) when it is not.
import { createHash } from 'node:crypto';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { syncDirectory } from './durableWrite';
import { scanJournalLinesAsync } from './journalScan';

const HASH_HEX_DIGITS = 10;
const MAX_SLUG_BYTES = 60;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The reviewer's journal file name (in `<curatorDir>/journal`). */
export function journalFileName(reviewer: string): string {
  return `${reviewerFileStem(reviewer)}.jsonl`;
}

/** The reviewer's snapshot file name (in `<curatorDir>/state`). */
export function snapshotFileName(reviewer: string): string {
  return `${reviewerFileStem(reviewer)}.snapshot`;
}

/** `<slug>-<hash>`: see the head of this file. */
export function reviewerFileStem(reviewer: string): string {
  return `${reviewerSlug(reviewer)}-${reviewerHash(reviewer)}`;
}

function reviewerHash(reviewer: string): string {
  // A string with a lone surrogate has no UTF-8 form (Buffer.from would turn every lone surrogate
  // into U+FFFD, merging names); its UTF-16 code units are hashed instead, behind a marker byte
  // that no UTF-8 text starts with.
  const bytes = LONE_SURROGATE.test(reviewer) ? Buffer.concat([Buffer.from([0xff]), Buffer.from(reviewer, 'utf16le')]) : Buffer.from(reviewer, 'utf8');
  return createHash('sha256').update(bytes).digest('hex').slice(0, HASH_HEX_DIGITS);
}

function reviewerSlug(reviewer: string): string {
  const readable = reviewer.normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}._-]+/gu, '_')
    .replace(/^[._-]+/u, '')
    .replace(/[.]+$/u, '');
  let slug = '';
  let bytes = 0;
  for (const ch of readable) {
    bytes += Buffer.byteLength(ch, 'utf8');
    if (bytes > MAX_SLUG_BYTES) break;
    slug += ch;
  }
  return slug.replace(/[.]+$/u, '') || 'reviewer';
}

/** The journal file name versions before the hashed names gave a reviewer (not injective). */
export function legacyJournalFileName(reviewer: string): string {
  return `${legacyStem(reviewer)}.jsonl`;
}

/** The snapshot file name versions before the hashed names gave a reviewer. */
export function legacySnapshotFileName(reviewer: string): string {
  return `${legacyStem(reviewer)}.snapshot`;
}

function legacyStem(reviewer: string): string {
  return reviewer.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_') || 'reviewer';
}

/** What migrateLegacyJournal did. */
export interface LegacyJournalMigration {
  /** The old journal file name, when it was renamed to the new one (with its snapshot, if any). */
  readonly renamedFrom?: string;
  /** Why an old-named journal was left where it is; for the reviewer to see. */
  readonly problem?: string;
}

/**
 * When the reviewer has no journal under the new name but one under the old name whose events are
 * all this exact reviewer's, renames it and its snapshot to the new names, durably (snapshot first:
 * a crash between the two renames leaves an old-named journal that the next open takes over again,
 * and the renamed snapshot still matches it). An old-named journal holding another reviewer's
 * events was shared by names that collided; it is left untouched and reported. The reviewer then
 * starts a new journal; nothing is deleted. Files with no event at all are left alone silently.
 */
export async function migrateLegacyJournal(curatorDir: string, reviewer: string): Promise<LegacyJournalMigration> {
  const journalDir = join(curatorDir, 'journal');
  const stateDir = join(curatorDir, 'state');
  const legacyName = legacyJournalFileName(reviewer);
  const newName = journalFileName(reviewer);
  const legacyJournal = join(journalDir, legacyName);
  if (legacyName === newName || existsSync(join(journalDir, newName)) || !existsSync(legacyJournal)) return {};

  const owners = await journalOwners(legacyJournal, reviewer);
  if (owners.foreign !== undefined) {
    return {
      problem: `journal/${legacyName} (the file name older versions gave "${reviewer}") holds decisions of another reviewer, "${owners.foreign}" `
        + `(their names map to the same old file name), so it was left as it is and "${reviewer}" starts journal/${newName}; `
        + `decisions of "${reviewer}" in that file are not loaded`,
    };
  }
  if (!owners.own) return {};

  const legacySnapshot = join(stateDir, legacySnapshotFileName(reviewer));
  if (existsSync(legacySnapshot)) {
    renameSync(legacySnapshot, join(stateDir, snapshotFileName(reviewer)));
    syncDirectory(stateDir);
  }
  renameSync(legacyJournal, join(journalDir, newName));
  syncDirectory(journalDir);
  return { renamedFrom: legacyName };
}

/** Whether the journal holds events of `reviewer`, and the first other reviewer it names (stops there). */
async function journalOwners(path: string, reviewer: string): Promise<{ own: boolean; foreign?: string }> {
  let own = false;
  let foreign: string | undefined;
  const stop = new Error('another reviewer');
  try {
    await scanJournalLinesAsync(path, 0, 0, (buf, start, end) => {
      let event: unknown;
      try {
        event = JSON.parse(buf.toString('utf8', start, end));
      } catch {
        return false; // unreadable lines are no one's; replay reports them
      }
      const who = typeof event === 'object' && event !== null ? (event as { reviewer?: unknown }).reviewer : undefined;
      if (typeof who !== 'string') return false;
      if (who !== reviewer) {
        foreign = who;
        throw stop;
      }
      own = true;
      return true;
    });
  } catch (e) {
    if (e !== stop) throw e;
  }
  return { own, foreign };
}
