// Every message from the webview: checked at the boundary (untrusted input; a malformed one is
// logged, counted for the tests and dropped), then handed to the part that owns it. The switch is
// exhaustive: a message added to the protocol does not compile until it is routed here.
import * as vscode from 'vscode';
import { assertNever, parseFromWebview, type FromWebviewMessage } from '../../protocol';
import { CommandIds } from '../commandIds';
import type { AnnotationActions } from './annotationActions';
import type { AuditMode } from './auditMode';
import type { ClusterView } from './clusterView';
import type { PanelHandshake } from './handshake';
import type { ListQueries } from './listQueries';
import type { PanelNavigation } from './navigation';
import type { PanelNotices } from './panelNotices';
import type { PanelProbe } from './panelProbe';
import type { VerdictActions } from './verdictActions';

export interface MessageTargets {
  readonly handshake: PanelHandshake;
  readonly navigation: PanelNavigation;
  readonly verdicts: VerdictActions;
  readonly annotations: AnnotationActions;
  readonly queries: ListQueries;
  readonly cluster: ClusterView;
  readonly audit: AuditMode;
  readonly notices: PanelNotices;
  readonly openSource: () => Promise<void>;
}

export class MessageRouter {
  constructor(
    private readonly to: MessageTargets,
    private readonly log: vscode.LogOutputChannel,
    private readonly probe: PanelProbe,
  ) {}

  async receive(raw: unknown): Promise<void> {
    const msg: FromWebviewMessage | undefined = parseFromWebview(raw);
    if (!msg) return this.#reject(raw);
    const to = this.to;
    switch (msg.type) {
      case 'ready':
        return to.handshake.sendSnapshot();
      case 'select':
        return to.navigation.selectAt(msg.index);
      case 'decide':
        return to.verdicts.decideAt(msg.index, msg.verdict, msg.id);
      case 'adjudicate':
        return to.verdicts.adjudicateAt(msg.index, msg.verdict, msg.id);
      case 'undo':
        return to.verdicts.undo();
      case 'redo':
        return to.verdicts.redo();
      case 'rowsRequest':
        return to.navigation.sendRows(msg.start, msg.count);
      case 'toggleLabel':
        return to.annotations.toggleLabel(msg.slot);
      case 'rate':
        return to.annotations.rate(msg.rating);
      case 'note':
        return to.annotations.editNote();
      case 'swapChosenRejected':
        return to.annotations.swapChosenRejected();
      case 'notice':
        if (msg.action === undefined) return to.notices.dismissId(msg.id);
        return to.notices.run(msg.id, msg.action);
      case 'goPending':
        return to.navigation.goPending(msg.which);
      case 'openSource':
        return to.openSource();
      case 'prefetch':
        return to.navigation.prefetch(msg.positions);
      case 'search':
        return to.queries.search();
      case 'filter':
        return to.queries.filter();
      case 'clearFilter':
        return to.queries.clearFilter();
      case 'openCluster':
        return to.cluster.openCluster();
      case 'keepOne':
        return to.cluster.keepOne(msg.sample);
      case 'auditMore':
        return to.audit.more();
      case 'edit':
      case 'diff':
        // The editor side lives in sampleEditor.ts, behind these commands (also in the palette).
        await vscode.commands.executeCommand(msg.type === 'edit' ? CommandIds.edit : CommandIds.diff, msg.part);
        return;
      default:
        return assertNever(msg);
    }
  }

  #reject(raw: unknown): void {
    this.probe.recordRejected();
    let shown: string;
    try {
      shown = String(JSON.stringify(raw)).slice(0, 200);
    } catch {
      shown = typeof raw;
    }
    this.log.warn(`ignored a malformed message from the review panel: ${shown}`);
  }
}
