// Helpers for tests inside the extension host: our extension's API, and waiting on events.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CuratorApi } from '../../src/extension/extension';

export const EXTENSION_ID = 'sample-curator.sample-curator';

export function extension(): vscode.Extension<CuratorApi> {
  const ext = vscode.extensions.getExtension<CuratorApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  return ext;
}

export async function api(): Promise<CuratorApi> {
  return extension().activate();
}

/** Resolves when `event` fires or rejects after `ms`. */
export function next<T>(event: vscode.Event<T>, what: string, ms = 20_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    const sub = event((v) => {
      clearTimeout(timer);
      sub.dispose();
      resolve(v);
    });
  });
}

/** Resolves once `condition` holds, re-checking each time `event` fires. */
export function until(condition: () => boolean, event: vscode.Event<unknown>, what: string, ms = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (condition()) return resolve();
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for ${what}`));
    }, ms);
    const sub = event(() => {
      if (!condition()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

/**
 * The extension's commands as VS Code lists them, without those it makes for each contributed
 * view (`<view id>.focus`, `.resetViewLocation`, …): the set package.json must contribute.
 */
export async function ourCommands(): Promise<string[]> {
  const views = Object.values((extension().packageJSON as { contributes: { views?: Record<string, { id: string }[]> } }).contributes.views ?? {}).flat();
  return (await vscode.commands.getCommands(true))
    .filter((c) => c.startsWith('sampleCurator.') && !views.some((v) => c.startsWith(`${v.id}.`)))
    .sort();
}
