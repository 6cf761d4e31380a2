// Every command the extension registers; package.json's `contributes.commands` must list the
// same set (an integration test checks both directions).
export const CommandIds = {
  openReviewPanel: 'sampleCurator.openReviewPanel',
  accept: 'sampleCurator.accept',
  reject: 'sampleCurator.reject',
  skip: 'sampleCurator.skip',
  undo: 'sampleCurator.undo',
  redo: 'sampleCurator.redo',
  toggleLabel: 'sampleCurator.toggleLabel',
  rate: 'sampleCurator.rate',
  note: 'sampleCurator.note',
  firstPending: 'sampleCurator.firstPending',
  lastPending: 'sampleCurator.lastPending',
  next: 'sampleCurator.next',
  previous: 'sampleCurator.previous',
  swapSides: 'sampleCurator.swapSides',
  nextPart: 'sampleCurator.nextPart',
  previousPart: 'sampleCurator.previousPart',
  showKeys: 'sampleCurator.showKeys',
  openSource: 'sampleCurator.openSource',
  search: 'sampleCurator.search',
  filter: 'sampleCurator.filter',
  clearFilter: 'sampleCurator.clearFilter',
  bulkAccept: 'sampleCurator.bulkAccept',
  bulkReject: 'sampleCurator.bulkReject',
  bulkLabel: 'sampleCurator.bulkLabel',
  edit: 'sampleCurator.edit',
  diff: 'sampleCurator.diff',
  exportCuratedSet: 'sampleCurator.exportCuratedSet',
  showLog: 'sampleCurator.showLog',
  restartLanguageServer: 'sampleCurator.restartLanguageServer',
  openCluster: 'sampleCurator.openCluster',
  acceptedDespiteVerifierFail: 'sampleCurator.acceptedDespiteVerifierFail',
  rerunChecks: 'sampleCurator.rerunChecks',
  takeOver: 'sampleCurator.takeOver',
  adjudicateAccept: 'sampleCurator.adjudicateAccept',
  adjudicateReject: 'sampleCurator.adjudicateReject',
  showTeamAgreement: 'sampleCurator.showTeamAgreement',
  auditSlice: 'sampleCurator.auditSlice',
  acceptRestOfSlice: 'sampleCurator.acceptRestOfSlice',
  rejectRestOfSlice: 'sampleCurator.rejectRestOfSlice',
  saveFilterAsSlice: 'sampleCurator.saveFilterAsSlice',
  auditMore: 'sampleCurator.auditMore',
  leaveAudit: 'sampleCurator.leaveAudit',
  refreshSlices: 'sampleCurator.refreshSlices',
  calibrateJudge: 'sampleCurator.calibrateJudge',
  swapChosenRejected: 'sampleCurator.swapChosenRejected',
  recordProvenance: 'sampleCurator.recordProvenance',
  reviewInCurator: 'sampleCurator.reviewInCurator',
  openSourceFile: 'sampleCurator.openSourceFile',
  reindexSource: 'sampleCurator.reindexSource',
  openExportManifest: 'sampleCurator.openExportManifest',
  revealExportFolder: 'sampleCurator.revealExportFolder',
  refreshExports: 'sampleCurator.refreshExports',
} as const;

/** The webview panel's view type; keybindings use it in `activeWebviewPanelId == …`. */
export const REVIEW_PANEL_VIEW_TYPE = 'sampleCurator.review';

/** Context key set while the review panel is the active editor. */
export const PANEL_ACTIVE_CONTEXT = 'sampleCurator.panelActive';

/** Context key set once a store is open (the Slices view's welcome content shows until then). */
export const STORE_OPEN_CONTEXT = 'sampleCurator.storeOpen';
