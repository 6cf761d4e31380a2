// `npm run bench:table`: rewrites the README's benchmark table (between the bench-table markers)
// from bench/results.json, which `npm run bench:all` writes. Ratios to the floor first, then the
// absolute figures, then the machine and the scale: nothing in that table is typed by hand.
//   --check   exit 1 when the README's table differs from what results.json gives (nothing written)
import * as fs from 'node:fs';
import * as path from 'node:path';

const START = '<!-- bench-table:start -->';
const END = '<!-- bench-table:end -->';

type Line = Record<string, unknown>;
interface Results {
  scale: { samples: number; lsp_lines: number; ledger_events: number; ui_keys: number | null; skipped: string[] };
  machine: Record<string, unknown>;
  results: Record<string, Line>;
}

interface Row {
  readonly what: string;
  readonly bench: string;
  readonly ratio?: string;
  readonly ratioTarget: string;
  readonly figure: string;
  readonly floor?: string;
  readonly unit: string;
  readonly target: string;
  readonly floorIs: string;
}

/** The rows: each a figure of one benchmark's line, its floor and ratio fields, and the issue's targets. */
const ROWS: readonly Row[] = [
  { what: 'store cold open', bench: 'store', ratio: 'cold_open_ratio', ratioTarget: '≤ 1.5', figure: 'cold_open_ms', floor: 'cold_open_floor_ms', unit: 'ms', target: '—', floorIs: '`cat` of the file after the same cache drop' },
  { what: 'store reopen', bench: 'store', ratio: 'reopen_ratio', ratioTarget: '≤ 3', figure: 'reopen_ms', floor: 'reopen_floor_ms', unit: 'ms', target: '≤ 100 ms', floorIs: 'read + decode of the saved index, identity table and snapshot' },
  { what: 'durable decision p99', bench: 'store', ratio: 'decision_durable_p99_ratio', ratioTarget: '≤ 2', figure: 'decision_durable_p99_ms', floor: 'decision_durable_floor_p99_ms', unit: 'ms', target: '—', floorIs: 'bare `write` + `fdatasync` of the same journal lines' },
  { what: 'durable decision p99 (10k store)', bench: 'decisions', ratio: 'decision_durable_p99_ratio', ratioTarget: '≤ 2', figure: 'decision_durable_p99_ms', floor: 'decision_durable_floor_p99_ms', unit: 'ms', target: '—', floorIs: 'bare `write` + `fdatasync` of the same journal lines' },
  { what: 'LSP first non-empty diagnostics', bench: 'lsp', ratio: 'first_diagnostics_ratio', ratioTarget: '≤ 1.5', figure: 'first_diagnostics_ms', floor: 'first_diagnostics_floor_ms', unit: 'ms', target: '≤ 1,000 ms', floorIs: 'the same `didOpen` to a parse-only server' },
  { what: 'export', bench: 'export', ratio: 'export_ratio', ratioTarget: '≤ 1.5', figure: 'export_1m_s', floor: 'export_floor_s', unit: 's', target: '≤ 30 s at 1M', floorIs: 'plain streaming rewrite (parse, stringify, write, sha256)' },
  { what: 'export RSS', bench: 'export', ratioTarget: '—', figure: 'rss_mb', unit: 'MB', target: '≤ 300 MB', floorIs: '—' },
  { what: 'checks', bench: 'checks', ratio: 'checks_ratio', ratioTarget: '—', figure: 'checks_1m_s', floor: 'checks_floor_s', unit: 's', target: '≤ 90 s at 1M', floorIs: 'one read of the file' },
  { what: 'checks RSS', bench: 'checks', ratioTarget: '—', figure: 'rss_mb', unit: 'MB', target: '≤ 300 MB', floorIs: '—' },
  { what: 'near-duplicate recall at J ≥ 0.8', bench: 'checks', ratioTarget: '—', figure: 'neardup_recall_at_0_8', unit: '', target: '≥ 0.99', floorIs: '—' },
  { what: 'durable decision p99 during the checks', bench: 'checks', ratioTarget: '—', figure: 'decision_durable_p99_ms_during_checks', unit: 'ms', target: '≤ 20 ms', floorIs: '—' },
  { what: 'GSM8K lightly edited, flagged', bench: 'contamination', ratioTarget: '—', figure: 'lightly_edited_flagged_rate', unit: '', target: '≥ 0.95', floorIs: '— (a rate)' },
  { what: 'clean samples flagged', bench: 'contamination', ratioTarget: '—', figure: 'clean_flagged_rate', unit: '', target: '≤ 0.001', floorIs: '— (a rate)' },
  { what: 'text search', bench: 'query', ratio: 'search_text_ratio', ratioTarget: '—', figure: 'search_text_1m_ms', floor: 'search_text_floor_ms', unit: 'ms', target: '—', floorIs: 'one read of the file' },
  { what: 'ledger full replay', bench: 'ledger', ratio: 'full_replay_ratio', ratioTarget: '—', figure: 'fullReplayMs', floor: 'full_replay_floor_ms', unit: 'ms', target: '—', floorIs: 'one read of the journal' },
  { what: 'ledger reopen from snapshot', bench: 'ledger', ratio: 'snapshot_open_ratio', ratioTarget: '—', figure: 'snapshotOpenMs', floor: 'snapshot_open_floor_ms', unit: 'ms', target: '—', floorIs: 'read + decode of the snapshot' },
  { what: 'team agreement (3 reviewers: read, figures, consensus)', bench: 'agreement', ratio: 'agreement_ratio', ratioTarget: '—', figure: 'agreement_ms', floor: 'agreement_floor_ms', unit: 'ms', target: '≤ 2,000 ms at 1M', floorIs: 'one read-and-split pass over the three journals' },
  { what: 'team agreement extra RSS', bench: 'agreement', ratioTarget: '—', figure: 'rss_extra_mb', unit: 'MB', target: '≤ 100 MB at 1M', floorIs: '—' },
  { what: 'audit draw + estimate over a 1M-sample slice', bench: 'audit', ratio: 'draw_estimate_ratio', ratioTarget: '—', figure: 'draw_estimate_ms', floor: 'draw_estimate_floor_ms', unit: 'ms', target: '≤ 200 ms', floorIs: "copying the slice's indices" },
  { what: 'audit: 95% Wilson coverage, exact, lowest / highest where an interval can reach the band', bench: 'audit', ratioTarget: '—', figure: 'coverage_wilson_exact_in_reach_min', floor: 'coverage_wilson_exact_in_reach_max', unit: '', target: '0.94–0.96', floorIs: 'the "floor" column holds the highest (exact: summed over every outcome of the draw)' },
  { what: 'audit: 95% Wilson coverage, exact, lowest / highest, every cell', bench: 'audit', ratioTarget: '—', figure: 'coverage_wilson_exact_min', floor: 'coverage_wilson_exact_max', unit: '', target: '0.94–0.96', floorIs: 'the highest; no interval can reach the band at 0.5% × 100 and 0.5% × 300 (`cells_out_of_reach`)' },
  { what: 'audit: 95% Wilson coverage, simulated, lowest / highest', bench: 'audit', ratioTarget: '—', figure: 'coverage_wilson_min', floor: 'coverage_wilson_max', unit: '', target: '0.94–0.96', floorIs: 'the highest (1,000 seeded audits per slice × size: ±0.014)' },
  { what: 'audit: 95% Clopper–Pearson coverage, exact, lowest', bench: 'audit', ratioTarget: '—', figure: 'coverage_cp_exact_min', unit: '', target: '≥ 0.95 (exact)', floorIs: '—' },
  { what: 'audit: 95% PPI coverage as shown, lowest / highest', bench: 'audit', ratioTarget: '—', figure: 'coverage_ppi_shown_min', floor: 'coverage_ppi_shown_max', unit: '', target: '0.94–0.96', floorIs: 'the highest (shown from 10 judge misses in the audit; cells where it is shown in half the audits or more)' },
  { what: 'verifier: corruptions caught, lowest category', bench: 'verifier', ratioTarget: '—', figure: 'lowestCatch', unit: '', target: '≥ 0.95', floorIs: '— (≥ 500 seeded corruptions of GSM8K solutions per category where it has them)' },
  { what: 'verifier: false flags, highest style', bench: 'verifier', ratioTarget: '—', figure: 'highestFalseFlag', unit: '', target: '≤ 0.005', floorIs: '— (restyles of correct GSM8K solutions)' },
  { what: 'Parquet: first sample (zstd, 1M rows), Node 20: zstd in JavaScript', bench: 'parquet', ratioTarget: '—', figure: 'first_sample_ms', unit: 'ms', target: '≤ 50 ms', floorIs: '—' },
  { what: 'Parquet: first sample, Node 24 (the test VS Code\'s): native zstd', bench: 'parquet', ratioTarget: '—', figure: 'first_sample_native_zstd_ms', unit: 'ms', target: '≤ 50 ms', floorIs: '—' },
  { what: 'Parquet: first sample, Hub-like file (100k rows in one row group, no page index), Node 20', bench: 'parquet', ratioTarget: '—', figure: 'first_sample_hub_like_ms', unit: 'ms', target: '—', floorIs: '—' },
  { what: 'Parquet: first sample, Hub-like file, Node 24: native zstd', bench: 'parquet', ratioTarget: '—', figure: 'first_sample_hub_like_native_zstd_ms', unit: 'ms', target: '—', floorIs: '—' },
  { what: 'Parquet: cold open (convert + index)', bench: 'parquet', ratio: 'cold_open_ratio', ratioTarget: '≤ 2', figure: 'cold_open_ms', floor: 'cold_open_floor_ms', unit: 'ms', target: '—', floorIs: 'hyparquet decoding every row group once, rows dropped' },
  { what: 'Parquet: random row p99', bench: 'parquet', ratioTarget: '—', figure: 'random_row_p99_ms', unit: 'ms', target: '≤ 5 ms', floorIs: '—' },
  { what: 'Parquet: open peak RSS', bench: 'parquet', ratioTarget: '—', figure: 'peak_rss_mb', unit: 'MB', target: '≤ 300 MB', floorIs: '—' },
  { what: 'Parquet: export 1M to Parquet shards', bench: 'parquet', ratio: 'export.export_ratio', ratioTarget: '≤ 1.5', figure: 'export.export_s', floor: 'export.export_floor_s', unit: 's', target: '—', floorIs: 'a plain hyparquet-writer rewrite of the same rows' },
  { what: 'key `j` → paint p95', bench: 'ui', ratio: 'key_to_paint_ratio', ratioTarget: '≤ 1.25', figure: 'key_to_paint_p95_ms', floor: 'key_to_paint_floor_p95_ms', unit: 'ms', target: '≤ 16 ms', floorIs: 'the same key in a minimal webview (one text node), same workbench' },
  { what: 'key `j` → paint p95 while the checks run', bench: 'ui', ratio: 'background_to_paint_ratio', ratioTarget: '—', figure: 'background_to_paint_p95_ms', floor: 'background_to_paint_floor_p95_ms', unit: 'ms', target: '—', floorIs: 'the `j` floor above' },
  { what: 'verdict `a` → paint p95', bench: 'ui', ratio: 'verdict_to_paint_ratio', ratioTarget: '—', figure: 'verdict_to_paint_p95_ms', floor: 'verdict_to_paint_floor_p95_ms', unit: 'ms', target: '≤ `j` floor + 16.7 ms', floorIs: 'a round trip from a minimal webview to a host that appends and fdatasyncs one line in the store\'s folder' },
  { what: 'verdict `a` p95 over the `j` floor p95', bench: 'ui', ratioTarget: '—', figure: 'verdict_over_key_floor_p95_ms', floor: 'key_to_paint_floor_p95_ms', unit: 'ms', target: '≤ 16.7 ms (one frame)', floorIs: 'the `j` floor above' },
  { what: 'far jump `G` / `g g` → paint p95', bench: 'ui', ratio: 'jump_to_paint_ratio', ratioTarget: '—', figure: 'jump_to_paint_p95_ms', floor: 'jump_to_paint_floor_p95_ms', unit: 'ms', target: '≤ 50 ms', floorIs: 'a round trip from a minimal webview to a host that answers at once' },
];

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const show = (v: number | undefined, unit = ''): string => (v === undefined ? '—' : `${v.toLocaleString('en-US', { maximumFractionDigits: 3 })}${unit}`);

function cell(results: Results, bench: string, field: string | undefined, unit = ''): string {
  const line = results.results[bench];
  if (!line) return 'not run';
  if (line.skipped) return 'skipped';
  if (line.error) return 'failed';
  // A dotted field reads into a nested line (bench:parquet carries bench:parquet-export's under `export`).
  return field ? show(num(field.split('.').reduce<unknown>((v, k) => (v as Line | undefined)?.[k], line)), unit) : '—';
}

/** The README block (markers excluded) for `results`. */
export function renderTable(results: Results): string {
  const m = results.machine;
  const s = results.scale;
  const load = (v: unknown) => (Array.isArray(v) ? v.join(' / ') : '?');
  const lines = [
    `Generated by \`npm run bench:table\` from \`bench/results.json\` (\`npm run bench:all -- --samples ${s.samples}\`, ${String(m.date).slice(0, 16).replace('T', ' ')} UTC): ` +
      `**${s.samples.toLocaleString('en-US')} samples**${s.samples < 1_000_000 ? ' (a reduced scale: the absolute targets are for 1,000,000; the ratios hold at any scale)' : ''}, ` +
      `LSP document ${s.lsp_lines.toLocaleString('en-US')} lines, ledger ${s.ledger_events.toLocaleString('en-US')} events` +
      `${s.ui_keys ? `, ${s.ui_keys} ui keys` : ''}${s.skipped.length ? `; not run: ${s.skipped.join(', ')}` : ''}.`,
    `Machine: ${String(m.cpu_model)}, ${String(m.cores)} cores, ${String(m.ram_gib)} GiB, Node ${String(m.node).replace(/^v/, '')}, ${String(m.filesystem)}; ` +
      `load average (1 / 5 / 15 min) ${load(m.load_avg_start)} at start, ${load(m.load_avg_end)} at end.`,
    '',
    '| measure | ratio to floor | ratio target | figure | floor | absolute target | the floor is |',
    '|---|---|---|---|---|---|---|',
    ...ROWS.map((r) => {
      const unit = r.unit ? ` ${r.unit}` : '';
      const ratio = r.ratio ? cell(results, r.bench, r.ratio) : '—';
      return `| ${r.what} | ${ratio === '—' || /[a-z]/.test(ratio) ? ratio : `${ratio}×`} | ${r.ratioTarget} | ${cell(results, r.bench, r.figure, unit)} | ` +
        `${r.floor ? cell(results, r.bench, r.floor, unit) : '—'} | ${r.target} | ${r.floorIs} |`;
    }),
  ];
  return lines.join('\n');
}

function main(): void {
  const root = path.resolve(__dirname, '..', '..');
  const results = JSON.parse(fs.readFileSync(path.join(root, 'bench', 'results.json'), 'utf8')) as Results;
  const readmePath = path.join(root, 'README.md');
  const readme = fs.readFileSync(readmePath, 'utf8');
  const [a, b] = [readme.indexOf(START), readme.indexOf(END)];
  if (a < 0 || b < a) throw new Error(`README.md has no ${START} … ${END} block`);
  const next = `${readme.slice(0, a + START.length)}\n${renderTable(results)}\n${readme.slice(b)}`;
  if (process.argv.includes('--check')) {
    if (next !== readme) {
      console.error('README.md benchmark table differs from bench/results.json: run npm run bench:table');
      process.exit(1);
    }
    return;
  }
  fs.writeFileSync(readmePath, next);
  console.log('README.md benchmark table rewritten from bench/results.json');
}

if (require.main === module) main();
