// The slice decisions a journal holds that stand (not undone), for export's manifest and the
// slices view. A slice decision is a verdict line carrying `sliceDecision` (journalEvents.ts); the
// ledger's state keeps verdicts, not the record, so the record is read back from the journal. Lines
// in the ledger's own shape are decoded without a parse (journalLineDecoder.ts), which declines a
// slice decision's line: only those, and hand-written lines, are parsed. Undo and redo are replayed
// over the steps' seqs with the ledger's rule (a stale one changes nothing).
import { asJournalEvent, type SliceDecisionRecord } from './journalEvents';
import { EVENT_REDO, EVENT_UNDO, JournalLineDecoder } from './journalLineDecoder';
import { scanJournalLines } from './journalScan';

export interface StandingSliceDecision {
  readonly seq: number;
  readonly at: string;
  readonly reviewer: string;
  readonly verdict: string;
  /** How many samples the decision set (the rest of the slice this reviewer had not decided). */
  readonly samples: number;
  /** Their identities, when asked for (withSamples). */
  readonly sampleIds?: readonly string[];
  readonly record: SliceDecisionRecord;
}

const MARK = Buffer.from('"sliceDecision":');

/** Every slice decision in the journal at `path` that stands, in journal order (a missing file has none). */
export function readSliceDecisions(path: string, options: { readonly withSamples?: boolean } = {}): StandingSliceDecision[] {
  return scanSliceDecisions(path, options).standing;
}

/**
 * The standing slice decisions, and the seqs of every slice decision the journal holds, standing
 * or not (a reader that keeps the standing ones need read again only when a step among these is
 * undone or redone).
 */
export function scanSliceDecisions(
  path: string,
  options: { readonly withSamples?: boolean } = {},
): { readonly standing: StandingSliceDecision[]; readonly seqs: ReadonlySet<number> } {
  const decoder = new JournalLineDecoder();
  const steps: number[] = [];
  let applied = 0;
  const found = new Map<number, StandingSliceDecision>();
  const step = (seq: number) => {
    steps.length = applied;
    steps.push(seq);
    applied++;
  };
  scanJournalLines(path, 0, 0, (buf, start, end) => {
    if (!decoder.decodeFast(buf, start, end)) {
      const marked = buf.subarray(start, end).indexOf(MARK) >= 0;
      if (!marked) return decoder.decodeParsed(buf, start, end) && replay();
      let e;
      try {
        e = asJournalEvent(JSON.parse(buf.toString('utf8', start, end)));
      } catch {
        return false;
      }
      if (!e) return false;
      if (e.type !== 'verdict' || !('samples' in e) || !e.sliceDecision) return decoder.decodeParsed(buf, start, end) && replay();
      step(e.seq);
      found.set(e.seq, { seq: e.seq, at: e.at, reviewer: e.reviewer, verdict: e.verdict, samples: e.samples.length, record: e.sliceDecision, ...(options.withSamples ? { sampleIds: e.samples } : {}) });
      return true;
    }
    return replay();
  });
  const standing = new Set(steps.slice(0, applied));
  return { standing: [...found.values()].filter((d) => standing.has(d.seq)), seqs: new Set(found.keys()) };

  function replay(): true {
    if (decoder.kind === EVENT_UNDO) {
      if (applied > 0 && steps[applied - 1] === decoder.target) applied--;
    } else if (decoder.kind === EVENT_REDO) {
      if (applied < steps.length && steps[applied] === decoder.target) applied++;
    } else {
      step(decoder.seq);
    }
    return true;
  }
}
