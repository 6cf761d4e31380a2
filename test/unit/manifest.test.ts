// The extension manifest (package.json) and the packaging allow-list (.vscodeignore).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../../testkit/workbench/paths';
import { DEFAULT_JUDGE_SCORE_FIELDS } from '../../src/core/formats/judgeScores';
import { readParquetSettings } from '../../src/core/export/exportChoices';
import { DEFAULT_MAX_SHARD_BYTES, DEFAULT_ROW_GROUP_ROWS } from '../../src/core/export/parquetShards';

interface Manifest {
  engines: { vscode: string };
  devDependencies: Record<string, string>;
  capabilities?: { untrustedWorkspaces?: { supported?: unknown; restrictedConfigurations?: string[] } };
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    keybindings?: { command: string; key: string; when?: string }[];
    configuration: { properties: Record<string, { default?: unknown }> };
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

/** The lowest version a range like "^1.95.0", "~1.95.2", ">=1.95.0" or "1.95.0" allows. */
function minimumVersion(range: string): number[] {
  const m = /^\s*(?:\^|~|>=)?\s*(\d+)\.(\d+)(?:\.(\d+))?/.exec(range);
  assert.ok(m, `cannot read a minimum version from "${range}"`);
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

suite('manifest: package.json', () => {
  test('the version reader and comparison work', () => {
    assert.deepEqual(minimumVersion('^1.95.0'), [1, 95, 0]);
    assert.deepEqual(minimumVersion('>=1.100'), [1, 100, 0]);
    assert.ok(compare([1, 100, 0], [1, 95, 3]) > 0);
    assert.ok(compare([1, 95, 0], [1, 95, 0]) === 0);
  });

  test('untrusted workspaces are supported in limited mode, restricting sampleCurator.storePath', () => {
    const u = manifest.capabilities?.untrustedWorkspaces;
    assert.equal(u?.supported, 'limited');
    assert.ok(u?.restrictedConfigurations?.includes('sampleCurator.storePath'));
  });

  test('engines.vscode allows VS Code 1.139 or older as its minimum', () => {
    assert.ok(compare(minimumVersion(manifest.engines.vscode), [1, 139, 0]) <= 0, manifest.engines.vscode);
  });

  test('@types/vscode is not newer than the minimum engines.vscode', () => {
    const types = manifest.devDependencies['@types/vscode'];
    assert.ok(types, '@types/vscode is a devDependency');
    assert.ok(compare(minimumVersion(types), minimumVersion(manifest.engines.vscode)) <= 0, `${types} vs ${manifest.engines.vscode}`);
  });

  test('every keybinding has a when clause', () => {
    for (const k of manifest.contributes.keybindings ?? []) assert.ok(k.when?.trim(), `${k.command} (${k.key})`);
  });

  test('the judge fields setting defaults to the fields the core reads without it', () => {
    // The panel passes the setting and the core's default applies without one (tests, export of an
    // older project): the two must read the same fields.
    assert.deepEqual(manifest.contributes.configuration.properties['sampleCurator.judge.fields']?.default, [...DEFAULT_JUDGE_SCORE_FIELDS]);
  });

  test('the Parquet export settings default to what export does without them', () => {
    const props = manifest.contributes.configuration.properties;
    const read = readParquetSettings({
      codec: props['sampleCurator.export.parquet.codec']?.default, rowGroupRows: props['sampleCurator.export.parquet.rowGroupRows']?.default,
      maxShardMB: props['sampleCurator.export.parquet.maxShardMB']?.default,
    });
    assert.deepEqual(read, { codec: 'SNAPPY', rowGroupRows: DEFAULT_ROW_GROUP_ROWS, maxShardBytes: DEFAULT_MAX_SHARD_BYTES });
  });

  test('every command has a category', () => {
    assert.ok(manifest.contributes.commands.length > 0);
    for (const c of manifest.contributes.commands) assert.ok(c.category?.trim(), c.command);
  });
});

suite('manifest: .vscodeignore', () => {
  const rules = () =>
    fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));

  test('is an allow-list: the first rule excludes everything', () => {
    assert.equal(rules()[0], '**');
  });

  test('re-includes the three bundles', () => {
    const r = rules();
    for (const bundle of ['out/extension.js', 'out/server.js', 'out/webview.js']) assert.ok(r.includes(`!${bundle}`), bundle);
  });
});
