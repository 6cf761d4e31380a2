// The Reviewers view (activity bar, "Sample Curator"; shown only while the store is reviewed by a
// team: the `sampleCurator.team` context key): each reviewer whose journal is in the store with
// their progress, and the team's open conflicts. Drawn from the store's last team read
// (StoreHost.refreshTeam), never reading journals itself.
import * as vscode from 'vscode';
import type { ReviewerProgress } from '../../core/store/teamView';
import type { StoreHost } from '../storeHost';

export const REVIEWERS_VIEW_ID = 'sampleCurator.reviewers';
/** Context key: the open store's journals make a team (two reviewers or more). */
export const TEAM_CONTEXT = 'sampleCurator.team';

export class ReviewersView implements vscode.TreeDataProvider<ReviewerProgress>, vscode.Disposable {
  readonly #onDidChangeTreeData = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.#onDidChangeTreeData.event;
  readonly #subscriptions: vscode.Disposable[] = [this.#onDidChangeTreeData];

  constructor(private readonly stores: StoreHost) {
    const changed = () => {
      void vscode.commands.executeCommand('setContext', TEAM_CONTEXT, this.stores.current?.peekTeam()?.isTeam === true);
      this.#onDidChangeTreeData.fire();
    };
    stores.onDidChangeTeam(changed, undefined, this.#subscriptions);
    stores.onDidOpen(changed, undefined, this.#subscriptions);
  }

  getChildren(node?: ReviewerProgress): ReviewerProgress[] {
    const team = this.stores.current?.peekTeam();
    return node || !team?.isTeam ? [] : [...team.summary().progress];
  }

  getTreeItem(p: ReviewerProgress): vscode.TreeItem {
    const you = p.reviewer === this.stores.current?.reviewer;
    const item = new vscode.TreeItem(you ? vscode.l10n.t('{0} (you)', p.reviewer) : p.reviewer, vscode.TreeItemCollapsibleState.None);
    item.contextValue = 'reviewer';
    item.iconPath = new vscode.ThemeIcon(you ? 'account' : 'person');
    const queue = p.queue === undefined ? '' : ` · ${vscode.l10n.t('queue {0}/{1}', p.queueDecided ?? 0, p.queue)}`;
    item.description = vscode.l10n.t('{0} decided · {1} accepted · {2} rejected', p.decided, p.accepted, p.rejected) + queue;
    return item;
  }

  dispose(): void {
    while (this.#subscriptions.length) this.#subscriptions.pop()?.dispose();
  }
}
