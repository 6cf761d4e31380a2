// The filter box's compact syntax, and the one-line summary of a query the panel shows.
//
//   verdict:pending label:incorrect source:gsm8k model:teacher-a licence:unknown
//   judge:>=4 sort:length desc some free text
//
// The keys and what each takes are FILTER_KEYS below: the parser reads that table, and the panel's
// help sheet and the filter box's prompt are drawn from it, so neither can drift from the parser.
// A value with spaces is quoted: label:"too long". Repeating a key adds a value: alternatives for
// verdict, source, model, licence and judge; all required for label and flag. `judge:` takes a
// judge's score (judgeFilter.ts): >=4, >4, <0.5, <=3, 4, 4..5 (ends included), none (no score) or
// problem (the judge field holds something not a number). `sort:` takes order, length, source or
// judge (no score last either way) and may be followed by `desc` (or descending, asc, ascending).
// `source:` matches part of a file's name, ignoring case (an exact name picks that file alone:
// sourceMatch.ts); `model:` and `licence:` match the whole value, ignoring case. Every other word
// is free text, joined by single spaces into one case-insensitive phrase; "quoted text" keeps its
// spaces, and is how to search for words holding a colon ("http://…"). `/regex/flags` is a
// regular expression.
import { VERDICTS, type Verdict } from '../formats/sampleModel';
import { QUERY_SORTS, QueryError, type QuerySort, type SampleQuery } from './sampleQuery';
import { isRegexText } from './textMatcher';
import { describeJudge, parseJudgeCriterion, type JudgeCriterion } from './judgeFilter';

type ListKey = 'verdicts' | 'labels' | 'sources' | 'models' | 'licences' | 'flags';

export interface FilterKey {
  /** As typed before the colon (lower case). */
  readonly key: string;
  /** What it takes, for the help sheet and the filter box's prompt. */
  readonly help: string;
  /** The query list a value goes to (`judge` and `sort` are read apart). */
  readonly list?: ListKey;
}

/** Every key the filter box knows: the one table the parser, the help sheet and the prompt read. */
export const FILTER_KEYS: readonly FilterKey[] = [
  { key: 'verdict', list: 'verdicts', help: `${VERDICTS.join(', ')}; repeated: any of them` },
  { key: 'label', list: 'labels', help: 'a label the sample carries; repeated: all of them' },
  { key: 'source', list: 'sources', help: 'part of a source file\'s name, ignoring case (source:gsm8k); an exact name picks that file alone' },
  { key: 'model', list: 'models', help: 'the teacher model, whole name, ignoring case; unknown for none' },
  { key: 'licence', list: 'licences', help: 'the licence, whole name, ignoring case; unknown for none (license: works too)' },
  { key: 'license', list: 'licences', help: 'the same as licence:' },
  { key: 'flag', list: 'flags', help: 'a check\'s or the team\'s flag: duplicate, contaminated, verifier-fail, verifier-pass, no-reference, conflict, adjudicated, my-queue; repeated: all of them' },
  { key: 'judge', help: 'a model judge\'s score: >=4, >4, <0.5, 4, 4..5, none (no score) or problem' },
  { key: 'sort', help: `${QUERY_SORTS.join(', ')}, then desc for descending` },
];

const LIST_KEYS: ReadonlyMap<string, ListKey> = new Map(FILTER_KEYS.flatMap((k) => (k.list ? [[k.key, k.list] as const] : [])));
const KNOWN_KEYS = FILTER_KEYS.map((k) => k.key);
const DIRECTIONS: Readonly<Record<string, boolean>> = { desc: true, descending: true, asc: false, ascending: false };

interface Token {
  readonly key?: string;
  readonly value: string;
  readonly quoted: boolean;
}

/** Reads a "quoted" run starting at `at` (`\"` and `\\` escaped); returns its text and the end. */
function quotedAt(input: string, at: number): { text: string; end: number } {
  let text = '';
  for (let i = at + 1; i < input.length; i++) {
    const c = input[i];
    if (c === '"') return { text, end: i + 1 };
    if (c === '\\' && (input[i + 1] === '"' || input[i + 1] === '\\')) text += input[++i];
    else text += c;
  }
  throw new QueryError(`a quote opened at character ${at + 1} is not closed`);
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    if (/\s/.test(input[i])) {
      i++;
      continue;
    }
    const key = /^([A-Za-z]+):/.exec(input.slice(i, i + 32));
    const valueAt = key ? i + key[0].length : i;
    if (input[valueAt] === '"') {
      const q = quotedAt(input, valueAt);
      tokens.push({ key: key?.[1].toLowerCase(), value: q.text, quoted: true });
      i = q.end;
    } else {
      let end = valueAt;
      while (end < input.length && !/\s/.test(input[end])) end++;
      tokens.push({ key: key?.[1].toLowerCase(), value: input.slice(valueAt, end), quoted: false });
      i = end;
    }
  }
  return tokens;
}

/** Turns what was typed in the filter box into a query; throws QueryError naming what is wrong. */
export function parseQueryFilter(input: string): SampleQuery {
  const lists: Partial<Record<ListKey, string[]>> = {};
  const words: string[] = [];
  let sort: QuerySort | undefined;
  let descending: boolean | undefined;
  const judge: JudgeCriterion[] = [];
  const tokens = tokenize(input);
  for (let t = 0; t < tokens.length; t++) {
    const { key, value } = tokens[t];
    if (key === undefined) {
      words.push(value);
      continue;
    }
    if (!KNOWN_KEYS.includes(key)) {
      throw new QueryError(`unknown filter key “${key}:” (known: ${KNOWN_KEYS.join(', ')}); to search for text with a colon, put it in "quotes"`);
    }
    if (!value) throw new QueryError(`${key}: needs a value`);
    if (key === 'sort') {
      if (sort !== undefined) throw new QueryError('sort: is given twice');
      if (!QUERY_SORTS.includes(value as QuerySort)) throw new QueryError(`sort:${value} is not a sort (one of ${QUERY_SORTS.join(', ')})`);
      sort = value as QuerySort;
      const next = tokens[t + 1];
      if (next && next.key === undefined && !next.quoted && Object.hasOwn(DIRECTIONS, next.value.toLowerCase())) {
        descending = DIRECTIONS[next.value.toLowerCase()];
        t++;
      }
      continue;
    }
    if (key === 'judge') {
      const c = parseJudgeCriterion(value);
      if (typeof c === 'string') throw new QueryError(c);
      judge.push(c);
      continue;
    }
    const list = LIST_KEYS.get(key) as ListKey;
    if (list === 'verdicts' && !VERDICTS.includes(value.toLowerCase() as Verdict)) {
      throw new QueryError(`verdict:${value} is not a verdict (one of ${VERDICTS.join(', ')})`);
    }
    (lists[list] ??= []).push(list === 'verdicts' ? value.toLowerCase() : value);
  }
  const text = words.join(' ');
  return {
    ...(text ? { text } : {}),
    ...(lists.verdicts ? { verdicts: lists.verdicts as Verdict[] } : {}),
    ...(lists.labels ? { labels: lists.labels } : {}),
    ...(lists.sources ? { sources: lists.sources } : {}),
    ...(lists.models ? { models: lists.models } : {}),
    ...(lists.licences ? { licences: lists.licences } : {}),
    ...(lists.flags ? { flags: lists.flags } : {}),
    ...(judge.length ? { judge } : {}),
    ...(sort ? { sort } : {}),
    ...(descending !== undefined ? { descending } : {}),
  };
}

const MAX_TEXT_SHOWN = 40;

function listPart(one: string, many: string, values: readonly string[] | undefined, joiner: string): string | undefined {
  if (!values?.length) return undefined;
  return `${values.length === 1 ? one : many} ${values.join(joiner)}`;
}

function shown(text: string): string {
  return text.length > MAX_TEXT_SHOWN ? `${text.slice(0, MAX_TEXT_SHOWN - 1)}…` : text;
}

/** A short human summary, e.g. `accepted · label incorrect · text “refund” · by length, descending`. */
export function describeQuery(query: SampleQuery): string {
  const sort = query.sort ?? 'order';
  const criteria = [
    query.verdicts?.length ? query.verdicts.join(' or ') : undefined,
    listPart('label', 'labels', query.labels, ' and '),
    listPart('source', 'sources', query.sources, ' or '),
    listPart('model', 'models', query.models, ' or '),
    listPart('licence', 'licences', query.licences, ' or '),
    listPart('flag', 'flags', query.flags, ' and '),
    query.judge?.length ? query.judge.map(describeJudge).join(' or ') : undefined,
    query.text ? `text ${isRegexText(query.text) ? shown(query.text) : `“${shown(query.text)}”`}` : undefined,
  ].filter((p): p is string => p !== undefined);
  const order = sort !== 'order' ? `by ${sort}${query.descending ? ', descending' : ''}` : query.descending ? 'in reverse order' : undefined;
  return [...(criteria.length ? criteria : ['all samples']), ...(order ? [order] : [])].join(' · ');
}

/** A value as the filter box reads it back: quoted when it holds a space, a quote or a backslash (or is empty). */
export function filterValue(value: string): string {
  return /[\s"\\]/.test(value) || value === '' ? `"${value.replace(/[\\"]/g, '\\$&')}"` : value;
}

/** A judge criterion as `judge:` takes it (a range open at both ends is not one the filter box makes). */
function judgeValue(c: JudgeCriterion): string {
  if (c.kind !== 'range') return c.kind;
  const { min, max } = c;
  if (min && max) return min.value === max.value ? String(min.value) : `${min.value}..${max.value}`;
  if (min) return `${min.inclusive ? '>=' : '>'}${min.value}`;
  return max ? `${max.inclusive ? '<=' : '<'}${max.value}` : '..';
}

/** The query in the filter box's syntax (what parseQueryFilter reads back to the same query). */
export function formatQueryFilter(query: SampleQuery): string {
  const lists: [string, readonly string[] | undefined][] = [
    ['verdict', query.verdicts], ['label', query.labels], ['source', query.sources], ['model', query.models], ['licence', query.licences], ['flag', query.flags],
  ];
  const parts = lists.flatMap(([key, values]) => (values ?? []).map((v) => `${key}:${filterValue(v)}`));
  for (const c of query.judge ?? []) parts.push(`judge:${judgeValue(c)}`);
  if (query.sort !== undefined && (query.sort !== 'order' || query.descending)) parts.push(`sort:${query.sort}${query.descending ? ' desc' : ''}`);
  else if (query.descending) parts.push('sort:order desc');
  if (query.text) parts.push(`"${query.text.replace(/[\\"]/g, '\\$&')}"`);
  return parts.join(' ');
}
