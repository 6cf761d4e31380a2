// `npm run demo`: opens the extension on a demo store in a real VS Code. A desktop `code` on PATH
// is used when there is one; otherwise code-server on 127.0.0.1 (port: SAMPLE_CURATOR_DEMO_PORT,
// default 8080) and the URL is printed. The store is a copy of test/fixtures/demo-store in
// out/demo-store, kept between runs so decisions persist; `--fresh` starts it over. `--team`: a
// second store (out/demo-team-store, always fresh) where two reviewers' journals already disagree
// on 20 samples of gsm8k_test_first120.jsonl; you are the third reviewer, who adjudicates
// (filter `flag:conflict`, then Shift+A / Shift+R).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startCodeServer, workbenchUrl } from '../../testkit/workbench/codeServer';
import { OUT, ROOT } from '../../testkit/workbench/paths';
import { seedTeamReviews } from '../../testkit/synthetic/teamReviews';

/** The team demo store: one file, two reviewers' journals disagreeing on 20 samples. */
async function teamDemoStore(): Promise<string> {
  const dir = path.join(OUT, 'demo-team-store');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'demo-store', 'gsm8k_test_first120.jsonl'), path.join(dir, 'gsm8k_test_first120.jsonl'));
  const team = await seedTeamReviews(dir, { overlap: 60, disagree: 20 });
  console.log(`Team demo: ${team.reviewers.join(' and ')} disagree on ${team.disagreements.length} samples (and on a label on one more).`);
  return dir;
}

function demoStore(fresh: boolean): string {
  const dir = path.join(OUT, 'demo-store');
  if (fresh) fs.rmSync(dir, { recursive: true, force: true });
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true });
    const from = path.join(ROOT, 'test', 'fixtures', 'demo-store');
    for (const name of fs.readdirSync(from)) fs.copyFileSync(path.join(from, name), path.join(dir, name));
  }
  return dir;
}

function desktopCode(): string | undefined {
  if (process.env.SAMPLE_CURATOR_DEMO_WEB === '1') return undefined;
  const r = spawnSync('bash', ['-lc', 'command -v code'], { encoding: 'utf8' });
  const found = r.status === 0 ? r.stdout.trim() : '';
  // code-server installs a `code` alias on some machines: only a desktop VS Code will do here.
  return found && !found.includes('code-server') ? found : undefined;
}

async function main(): Promise<void> {
  const store = process.argv.includes('--team') ? await teamDemoStore() : demoStore(process.argv.includes('--fresh'));
  const code = desktopCode();
  if (code) {
    console.log(`Opening ${store} in ${code} with the extension from ${ROOT}`);
    spawn(code, [`--extensionDevelopmentPath=${ROOT}`, store], { stdio: 'inherit', detached: true }).unref();
    return;
  }
  const port = Number(process.env.SAMPLE_CURATOR_DEMO_PORT ?? 8080);
  const server = await startCodeServer({ workspace: store, port });
  const url = workbenchUrl(server.origin, store, [ROOT]);
  console.log('\nSample Curator demo is running in VS Code (code-server). Open this URL in a browser:\n');
  console.log(`  ${url}\n`);
  console.log('Then run "Sample Curator: Open Review Panel" from the command palette (F1), or click the status bar item.');
  console.log(`Store: ${store} (decisions in ${path.join(store, '.curator')}). Ctrl+C stops the server.`);
  const stop = () => {
    server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise(() => undefined);
}

main().catch((e: Error) => {
  console.error(`demo failed: ${e.message}`);
  process.exit(1);
});
