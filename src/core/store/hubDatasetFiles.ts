// The data files of a Hugging Face dataset folder (a clone of a Hub dataset repository): the
// dataset card, README.md, names them in its YAML front matter,
//
//   configs:
//   - config_name: default
//     data_files:
//     - split: train
//       path: data/train-*
//
// (https://huggingface.co/docs/hub/datasets-manual-configuration). `data_files` may also be one
// pattern or a list of them, and `path` a list. Without a `configs` entry the Hub reads the files
// under `data/`, so that is the fallback. Patterns are the Hub's globs: `*` and `?` within one
// folder name, `**` across folders. Only files the store can open are kept; files directly in the
// store folder are listed by storeSamples.ts as before.
import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { SOURCE_FILE_PATTERN } from '../ingest/preparedSource';

/** Folders a store never looks into for data files. */
const SKIP = new Set(['.curator', '.git', 'node_modules']);
/** How deep the walk goes: the Hub's layouts are config/split/file at most. */
const MAX_DEPTH = 4;

export interface HubDataFiles {
  /** Data files below the folder, as relative paths with `/`, sorted. */
  readonly files: string[];
  /** What could not be read of the card (it does not stop the store from opening). */
  readonly problems: string[];
}

/** The front matter of a dataset card: the YAML between the first two `---` lines. */
function frontMatter(card: string): string | undefined {
  const m = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?(?:\n|$)/.exec(card);
  return m?.[1];
}

/** Every `path` pattern of the card's configs; undefined when the card names none. */
export function cardDataFilePatterns(card: string): string[] | undefined {
  const yaml = frontMatter(card);
  if (yaml === undefined) return undefined;
  const meta: unknown = parseYaml(yaml);
  const configs = (meta as { configs?: unknown } | null)?.configs;
  if (!Array.isArray(configs)) return undefined;
  const patterns: string[] = [];
  const add = (v: unknown): void => {
    if (typeof v === 'string') patterns.push(v);
    else if (Array.isArray(v)) v.forEach(add);
    else if (v && typeof v === 'object' && 'path' in v) add((v as { path: unknown }).path);
  };
  for (const c of configs) add((c as { data_files?: unknown } | null)?.data_files);
  return patterns.length ? patterns : undefined;
}

/** The Hub's glob as a regular expression over a relative path with `/`. */
export function globRegExp(pattern: string): RegExp {
  let re = '';
  const p = pattern.replace(/^\.\//, '');
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*' && p[i + 1] === '*') {
      // `**/` matches zero or more folders; a trailing `**` anything.
      const slash = p[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function walk(folder: string, rel: string, depth: number, out: string[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(join(folder, rel), { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory() && !SKIP.has(e.name) && depth < MAX_DEPTH) walk(folder, path, depth + 1, out);
    else if (e.isFile() && rel && SOURCE_FILE_PATTERN.test(e.name)) out.push(path);
  }
}

/** The data files in subfolders of `folder` that its dataset card (or the Hub's default, `data/`) names. */
export function hubDataFiles(folder: string): HubDataFiles {
  const problems: string[] = [];
  let patterns: string[] | undefined;
  try {
    patterns = cardDataFilePatterns(readFileSync(join(folder, 'README.md'), 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EISDIR') problems.push(`README.md: its front matter could not be read as YAML (${(e as Error).message.split('\n')[0]}); data files are looked for in data/`);
  }
  const below: string[] = [];
  walk(folder, '', 0, below);
  const matchers = (patterns ?? ['data/**']).map(globRegExp);
  const files = below.filter((f) => matchers.some((m) => m.test(f))).sort();
  return { files, problems };
}
