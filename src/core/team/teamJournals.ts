// Every reviewer's decisions side by side: each journal in `<curatorDir>/journal/` replayed into
// its reviewer's final state (verdict, labels, rating, note per sample), joined on sample identity
// into per-cell typed arrays (cell = sample index × reviewers + reviewer). Read-only: no lock is
// taken and nothing is written, so it can run while reviewers (this window's included) append; a
// torn last line is a write in flight and is not read.
//
// Lines are read by the ledger's own scan (journalScan) and decoder (JournalLineDecoder: the
// ledger's line shape straight from bytes, anything else through JSON.parse and the same
// validation), and replayed to the final state only (FinalStateReplay: undo and redo exactly as
// LedgerState, the reviewer's panel, applies them, without keeping the undo history), one journal
// at a time; each state is kept as typed arrays until the join.
// A verdict marked `adjudication` (VerdictEvent) goes to a second state of that reviewer: it is
// the team's resolution, not the reviewer's opinion, so it neither changes their verdict here nor
// counts in agreement.
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { journalFileName } from '../journal/journalFileNames';
import { FinalStateReplay, type FinalState } from '../journal/finalStateReplay';
import { EVENT_REDO, EVENT_UNDO, EVENT_VERDICT, JournalLineDecoder } from '../journal/journalLineDecoder';
import { LedgerHashes } from '../journal/ledgerHashes';
import { scanJournalLines } from '../journal/journalScan';
import { VERDICTS, type Verdict } from '../formats/sampleModel';

/** Verdict codes in the cell arrays: the index in VERDICTS (0 = pending: not decided). */
export const VERDICT_CODES: readonly Verdict[] = VERDICTS;
export const ACCEPTED = VERDICTS.indexOf('accepted');
export const REJECTED = VERDICTS.indexOf('rejected');
/** In `adjudications`: adjudicators' standing verdicts on the sample differ. */
export const ADJUDICATIONS_DIFFER = 255;

/** What was read of one reviewer's journal. */
export interface ReviewerJournal {
  readonly reviewer: string;
  /** File name in the journal folder. */
  readonly file: string;
  readonly events: number;
  /** 1-based lines that were not valid events, or named another reviewer. */
  readonly skippedLines: readonly number[];
  /** Bytes of a last line without its newline (a write in flight: not read). */
  readonly tornTailBytes: number;
}

/** A file in the journal folder that is not read as a reviewer's journal, and why. */
export interface IgnoredJournalFile {
  readonly file: string;
  readonly why: string;
}

export interface TeamJournals {
  /** Reviewers in code-unit order of their names (the `r` of a cell). */
  readonly reviewers: readonly string[];
  readonly journals: readonly ReviewerJournal[];
  readonly ignored: readonly IgnoredJournalFile[];
  /** Distinct samples any reviewer's journal names (decided or not). */
  readonly sampleCount: number;
  /** Per cell (sample × reviewers + reviewer) the verdict code (VERDICT_CODES; 0 pending). */
  readonly verdicts: Uint8Array;
  /** Per cell the rating 1–5, 0 none. */
  readonly ratings: Uint8Array;
  /** Label names in use by anyone, sorted. */
  readonly labelNames: readonly string[];
  /** Per label (same order) the cells carrying it, ascending. */
  readonly labelCells: readonly Uint32Array[];
  /** Notes by cell. */
  readonly notes: ReadonlyMap<number, string>;
  /** Per sample the adjudicated verdict code, 0 none, ADJUDICATIONS_DIFFER when adjudicators differ. */
  readonly adjudications: Uint8Array;
  /** Per sample the adjudicating reviewer (index in `reviewers`), −1 none or several. */
  readonly adjudicators: Int16Array;
  /**
   * Per sample its identity as the ledger's two hash words (hi = first 8 hex digits, lo = last 8),
   * 0 and 0 for an identity that is not 16 hex digits (then in `oddIds`): for a join without text.
   */
  readonly idHi: Uint32Array;
  readonly idLo: Uint32Array;
  readonly oddIds: ReadonlyMap<number, string>;
  /** The identity of sample index `i`. */
  idAt(i: number): string;
  /** The index of a sample identity, −1 when no journal names it. */
  indexOf(id: string): number;
}

/** One reviewer's final state as typed arrays. */
interface ReviewerState {
  readonly journal: ReviewerJournal;
  readonly own: FinalState;
  readonly adjudicated: FinalState;
}

/** Reads every reviewer's journal under `curatorDir` (missing folder: no reviewers). */
export function readTeamJournals(curatorDir: string): TeamJournals {
  const dir = join(curatorDir, 'journal');
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    names = [];
  }
  const states: ReviewerState[] = [];
  const ignored: IgnoredJournalFile[] = [];
  const samples = new LedgerHashes(); // every journal's samples, ignored ones' too (then never joined)
  samples.reserve(Math.min(2 ** 28, names.reduce((sum, file) => sum + expectedSteps(join(dir, file)), 0)));
  readJournals(dir, names, samples, states, ignored);
  states.sort((a, b) => (a.journal.reviewer < b.journal.reviewer ? -1 : a.journal.reviewer > b.journal.reviewer ? 1 : 0));
  return joinStates(states, ignored, samples);
}

/** Reads each journal into `states` or `ignored`; the replays' step stacks are garbage once it returns, before the join. */
function readJournals(dir: string, names: readonly string[], samples: LedgerHashes, states: ReviewerState[], ignored: IgnoredJournalFile[]): void {
  const replays = { own: new FinalStateReplay(samples), adjudicated: new FinalStateReplay(samples) }; // reused, journal after journal
  for (const file of names) {
    // A journal folder arrives by git or a shared folder: a symlink, a FIFO (whose open would
    // block the read for ever) or a file that cannot be read is left out and said why, and the
    // other reviewers are read.
    const path = join(dir, file);
    let stat;
    try {
      stat = lstatSync(path);
    } catch (e) {
      ignored.push({ file, why: `it could not be examined (${(e as Error).message})` });
      continue;
    }
    if (!stat.isFile()) {
      ignored.push({ file, why: stat.isSymbolicLink() ? 'it is a symbolic link (journals are read only as regular files)' : 'it is not a regular file' });
      continue;
    }
    let read: ReviewerState | IgnoredJournalFile;
    try {
      read = readReviewerJournal(path, file, replays);
    } catch (e) {
      replays.own.finish();
      replays.adjudicated.finish();
      ignored.push({ file, why: `it could not be read (${(e as Error).message})` });
      continue;
    }
    if ('why' in read) ignored.push(read);
    else states.push(read);
  }
}

/**
 * Replays one journal. The reviewer is the one its first valid event names; the file must be
 * that reviewer's (journalFileName), else it is ignored (an old-named file, taken over when its
 * reviewer next opens the store; or a copy under another name, which must not count twice).
 */
function readReviewerJournal(
  path: string,
  file: string,
  { own, adjudicated }: { readonly own: FinalStateReplay; readonly adjudicated: FinalStateReplay },
): ReviewerState | IgnoredJournalFile {
  let reviewer: string | undefined;
  let reviewerBytes = new Uint8Array(0);
  own.reserve(expectedSteps(path));
  const d = new JournalLineDecoder();
  const scan = scanJournalLines(path, 0, 0, (buf, start, end) => {
    if (!d.decode(buf, start, end)) return false;
    if (reviewer === undefined) {
      reviewer = d.reviewer();
      reviewerBytes = Buffer.from(reviewer, 'utf8');
    } else if (!d.reviewerIs(reviewer, reviewerBytes)) {
      return false;
    }
    if (d.kind === EVENT_VERDICT && d.adjudication) return adjudicated.apply(d);
    // An undo or redo names a step of one of the two; the other finds it stale and changes nothing.
    if (d.kind === EVENT_UNDO || d.kind === EVENT_REDO) {
      if (!own.apply(d)) adjudicated.apply(d);
      return true;
    }
    return own.apply(d);
  });
  const ownState = own.finish();
  const adjudicatedState = adjudicated.finish();
  if (reviewer === undefined) return { file, why: 'no event' };
  if (journalFileName(reviewer) !== file) {
    return { file, why: `its events are ${JSON.stringify(reviewer)}'s, whose journal is ${journalFileName(reviewer)}` };
  }
  return {
    journal: { reviewer, file, events: scan.events, skippedLines: scan.skippedLines, tornTailBytes: scan.tornTailBytes },
    own: ownState,
    adjudicated: adjudicatedState,
  };
}

/**
 * Joins on sample identity. Team indices are given in reviewer order, each reviewer's samples in
 * the order their journal first named them, every reviewer's own samples before the adjudicated.
 */
/** A journal's line count, over-estimated (the shortest step the ledger writes is over 100 bytes). */
function expectedSteps(path: string): number {
  try {
    return Math.ceil(statSync(path).size / 64);
  } catch {
    return 0;
  }
}

/**
 * Whether numbering the states' samples in join order gives each its id in `samples`, every id
 * used: then the join needs no map between the two (as when every journal is read and each one's
 * samples come first in it, the usual team); checked without allocating.
 */
function joinOrderIsIdOrder(states: readonly ReviewerState[], samples: LedgerHashes): boolean {
  let n = 0;
  const follows = (s: FinalState): boolean => {
    for (const id of s.samples) {
      if (id === n) n++;
      else if (id > n) return false;
    }
    return true;
  };
  return states.every((s) => follows(s.own)) && states.every((s) => follows(s.adjudicated)) && n === samples.size;
}

function joinStates(states: readonly ReviewerState[], ignored: IgnoredJournalFile[], samples: LedgerHashes): TeamJournals {
  // sampleOfIndex[i]: the id in `samples` of team sample i; indexOfSample[id]: the team index (−1 none).
  // Undefined both when they are the identity.
  let indexOfSample: Int32Array | undefined;
  let sampleOfIndex: Uint32Array | undefined;
  let n = 0;
  if (joinOrderIsIdOrder(states, samples)) n = samples.size;
  else {
    const index = (indexOfSample = new Int32Array(samples.size).fill(-1));
    const sample = (sampleOfIndex = new Uint32Array(samples.size));
    const number = (s: FinalState): void => {
      for (const id of s.samples) {
        if (index[id] < 0) {
          index[id] = n;
          sample[n++] = id;
        }
      }
    };
    for (const s of states) number(s.own);
    for (const s of states) number(s.adjudicated);
  }
  const teamIndex = indexOfSample ? (id: number): number => (indexOfSample as Int32Array)[id] : (id: number): number => id;
  const R = states.length;
  const verdicts = new Uint8Array(n * R);
  const ratings = new Uint8Array(n * R);
  const notes = new Map<number, string>();
  const cellsByLabel = new Map<string, number[]>();
  const adjudications = new Uint8Array(n);
  const adjudicators = new Int16Array(n).fill(-1);
  states.forEach((s, r) => {
    const index = s.own.samples; // slot → sample id; teamIndex(id): its team index
    const { verdicts: v, ratings: q } = s.own;
    for (let slot = 0; slot < index.length; slot++) {
      const cell = teamIndex(index[slot]) * R + r;
      verdicts[cell] = v[slot];
      ratings[cell] = q[slot];
    }
    for (const [slot, text] of s.own.notes) notes.set(teamIndex(index[slot]) * R + r, text);
    for (let i = 0; i < s.own.labelSlots.length; i += 2) {
      const name = s.own.labelNames[s.own.labelSlots[i]];
      let cells = cellsByLabel.get(name);
      if (!cells) cellsByLabel.set(name, (cells = []));
      cells.push(teamIndex(index[s.own.labelSlots[i + 1]]) * R + r);
    }
    const adj = s.adjudicated.samples;
    for (let slot = 0; slot < adj.length; slot++) {
      const code = s.adjudicated.verdicts[slot];
      if (!code) continue;
      const i = teamIndex(adj[slot]);
      if (adjudications[i] === 0) {
        adjudications[i] = code;
        adjudicators[i] = r;
      } else if (adjudications[i] !== code) {
        adjudications[i] = ADJUDICATIONS_DIFFER;
        adjudicators[i] = -1;
      } else {
        adjudicators[i] = -1; // several agreeing adjudicators: the verdict stands, no one person
      }
    }
  });
  const labelNames = [...cellsByLabel.keys()].sort();
  // `samples` gets no more hashes, so views of its word arrays stay valid.
  const { hi, lo, odd } = samples.wordViews();
  let idHi = hi.subarray(0, n);
  let idLo = lo.subarray(0, n);
  const oddIds = new Map<number, string>();
  if (sampleOfIndex) {
    idHi = new Uint32Array(n);
    idLo = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const slot = sampleOfIndex[i];
      idHi[i] = hi[slot];
      idLo[i] = lo[slot];
      const text = odd.size ? odd.get(slot) : undefined;
      if (text !== undefined) oddIds.set(i, text);
    }
  } else {
    for (const [slot, text] of odd) oddIds.set(slot, text); // in slot order: the order they were added
  }
  return {
    reviewers: states.map((s) => s.journal.reviewer),
    journals: states.map((s) => s.journal),
    ignored,
    sampleCount: n,
    verdicts,
    ratings,
    labelNames,
    labelCells: labelNames.map((name) => Uint32Array.from(cellsByLabel.get(name) as number[]).sort()),
    notes,
    adjudications,
    adjudicators,
    idHi,
    idLo,
    oddIds,
    idAt: (i) => {
      if (!(i >= 0 && i < n)) throw new RangeError(`no sample ${i}`);
      return samples.hashAt(sampleOfIndex ? sampleOfIndex[i] : i);
    },
    indexOf: (id) => {
      const s = samples.slotOf(id);
      return s < 0 ? -1 : teamIndex(s);
    },
  };
}
