// Builds the three bundles of the extension (and, with --tests, the test bundles):
//   out/extension.js  extension host   cjs  node
//   out/server.js     language server  cjs  node
//   out/webview.js    review panel     iife browser
//   out/indexWorker.js, out/validateWorker.js, out/checksWorker.js, out/teamWorker.js, out/hashWorker.js, out/parquetWorker.js, out/parquetExportWorker.js  worker threads (cjs, node) the store and export start
// `--watch` rebuilds on change; `--production` minifies. The log lines follow the shape of
// the `$esbuild-watch` problem matcher ("[watch] build started" / "✘ [ERROR] … file:line:col").
import * as esbuild from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const watch = args.has('--watch');
const production = args.has('--production');
const withTests = args.has('--tests');

/** Problem-matcher friendly log: start/end markers and one location line per error. */
const problemMatcherLog = {
  name: 'problem-matcher-log',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  sourcemap: true,
  minify: production,
  logLevel: 'silent',
  plugins: [problemMatcherLog],
  target: 'es2022',
};

const node = { ...common, platform: 'node', format: 'cjs', external: ['vscode'] };

const builds = [
  { ...node, entryPoints: { extension: 'src/extension/extension.ts', server: 'src/server/server.ts', indexWorker: 'src/core/ingest/indexWorker.ts', validateWorker: 'src/core/ingest/validateWorker.ts', checksWorker: 'src/core/checks/checksWorker.ts', teamWorker: 'src/core/team/teamWorker.ts', hashWorker: 'src/core/export/hashWorker.ts', parquetExportWorker: 'src/core/export/parquetExportWorker.ts', parquetWorker: 'src/core/ingest/parquetWorker.ts' }, outdir: 'out' },
  { ...common, platform: 'browser', format: 'iife', entryPoints: { webview: 'src/webview/main.ts' }, outdir: 'out' },
];

/** All *.ts files below dir (relative), for the test bundles. */
function tsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return tsFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

if (withTests) {
  // A test deleted from test/ must not live on as a stale bundle in out/test/ and keep running.
  if (!watch) for (const dir of ['out/test', 'out/bench']) rmSync(dir, { recursive: true, force: true });
  // Tests and the harness are bundled one file each, mirroring test/ under out/test/.
  // mocha and playwright-core stay external (loaded from node_modules at run time).
  builds.push({
    ...node,
    entryPoints: [...tsFiles('test'), ...tsFiles('bench')],
    outbase: '.',
    outdir: 'out',
    external: ['vscode', 'mocha', 'playwright-core', '@vscode/test-electron', '@bokuweb/zstd-wasm', 'lz4js'],
  });
}

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  const results = await Promise.allSettled(builds.map((options) => esbuild.build(options)));
  if (results.some((r) => r.status === 'rejected')) process.exit(1);
}
