// What the review panel shows, shared by its parts: the list, the selection, the label taxonomy,
// and the store it was drawn from. The webview knows only list positions; these are sample indices.
import type { CurationStore } from '../../core/store/curationStore';
import { DEFAULT_LABELS, type LabelDefinition } from '../../core/store/labelTaxonomy';
import type { SampleQuery } from '../../core/query/sampleQuery';
import { PanelListModel } from './listModel';
import type { SliceAudit } from '../../core/store/sliceAudit';
import type { SliceJudgeScores } from '../../core/store/sliceJudge';

export class PanelState {
  /** The list the panel shows (all samples, or a filter's result). */
  list = new PanelListModel(0);
  /** The query behind the list ({} for every sample in store order). */
  query: SampleQuery = {};
  /** The selected sample's index. */
  selected: number | undefined;
  /** The id of the selected sample as last drawn in the panel: what a palette verdict is about. */
  selectedId: string | undefined;
  labels: LabelDefinition[] = [...DEFAULT_LABELS];
  /** The store the panel last drew; another one from onDidOpen means a re-index (sources changed on disk). */
  drawn: CurationStore | undefined;
  /** The slice audit the list shows (its draw), when in audit mode. */
  audit: SliceAudit | undefined;
  /** The judge's scores over the audited slice, once read (for the prediction-powered estimate). */
  auditJudge: SliceJudgeScores | undefined;
  /** A sample whose accept was warned about (near-duplicate of an accepted one): the next accept of it goes ahead. */
  warnedAccept: number | undefined;
}
