// Parquet columns for export records: a small description of a record's shape (strings, integers,
// JSON values, lists, structs), the Parquet schema it stands for (hyparquet-writer's SchemaElement
// list, lists in the standard three-level LIST layout), the check that a record fits it exactly,
// and the record read back from a row. Parquet has one null for "absent" and "null", so each field
// says which of the two it may be: a record that would need the other is refused, never blurred.
import type { SchemaElement } from 'hyparquet';

export type ColumnType =
  | { readonly kind: 'string' }
  | { readonly kind: 'int' }
  /** Any JSON value, as JSON text (Parquet's JSON type); a JSON null is a Parquet null. */
  | { readonly kind: 'json' }
  | { readonly kind: 'list'; readonly of: ColumnType }
  | { readonly kind: 'struct'; readonly fields: readonly ColumnField[] };

/**
 * - `required`: always present, never null.
 * - `optional`: absent or a value, never null (a Parquet null reads back as absent).
 * - `nullable`: always present, null or a value (a Parquet null reads back as null).
 */
export type Presence = 'required' | 'optional' | 'nullable';

export interface ColumnField {
  readonly name: string;
  readonly type: ColumnType;
  readonly presence: Presence;
}

export const STRING: ColumnType = { kind: 'string' };
export const INT: ColumnType = { kind: 'int' };
export const JSON_VALUE: ColumnType = { kind: 'json' };
export const listOf = (of: ColumnType): ColumnType => ({ kind: 'list', of });
export const struct = (...fields: ColumnField[]): ColumnType => ({ kind: 'struct', fields });
export const field = (name: string, type: ColumnType, presence: Presence = 'required'): ColumnField => ({ name, type, presence });

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** The Parquet schema of `fields` (the root first), for hyparquet-writer. */
export function parquetSchema(fields: readonly ColumnField[]): SchemaElement[] {
  const out: SchemaElement[] = [{ name: 'root', num_children: fields.length }];
  for (const f of fields) elementsOf(f.name, f.type, f.presence === 'required' ? 'REQUIRED' : 'OPTIONAL', out);
  return out;
}

function elementsOf(name: string, type: ColumnType, repetition: 'REQUIRED' | 'OPTIONAL', out: SchemaElement[]): void {
  switch (type.kind) {
    case 'string':
      out.push({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: repetition });
      return;
    case 'int':
      out.push({ name, type: 'INT32', repetition_type: repetition });
      return;
    case 'json':
      out.push({ name, type: 'BYTE_ARRAY', converted_type: 'JSON', repetition_type: repetition });
      return;
    case 'list':
      // The standard LIST layout (group, repeated `list`, `element`), as pyarrow writes and reads it.
      out.push({ name, repetition_type: repetition, converted_type: 'LIST', num_children: 1 });
      out.push({ name: 'list', repetition_type: 'REPEATED', num_children: 1 });
      // A JSON element may be null (a JSON null in the list); other elements never are.
      elementsOf('element', type.of, type.of.kind === 'json' ? 'OPTIONAL' : 'REQUIRED', out);
      return;
    case 'struct':
      out.push({ name, repetition_type: repetition, num_children: type.fields.length });
      for (const f of type.fields) elementsOf(f.name, f.type, f.presence === 'required' ? 'REQUIRED' : 'OPTIONAL', out);
      return;
  }
}

/** No lone UTF-16 surrogate (Node 20's String.prototype.isWellFormed, which the ES2022 lib does not declare). */
function wellFormed(s: string): boolean {
  return (s as unknown as { isWellFormed(): boolean }).isWellFormed();
}

function isPlainObject(v: unknown): v is { readonly [key: string]: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSON value's name in a reason ("a number", "an object"). */
function what(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return typeof v === 'number' ? `the number ${v}` : `a ${typeof v}`;
}

/** Why `value` (at `path`) does not fit `type` exactly; undefined when it does. */
function valueMisfit(value: unknown, type: ColumnType, path: string): string | undefined {
  switch (type.kind) {
    case 'string':
      if (typeof value !== 'string') return `${path} is ${what(value)} where the Parquet column holds text`;
      // A lone surrogate (valid in JSON's \u escapes) has no UTF-8: it would be written as U+FFFD.
      return wellFormed(value) ? undefined : `${path} holds a lone UTF-16 surrogate, which UTF-8 text cannot hold`;
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX && !Object.is(value, -0)
        ? undefined : `${path} is ${what(value)} where the Parquet column holds 32-bit integers`;
    case 'json':
      return jsonMisfit(value, path);
    case 'list': {
      if (!Array.isArray(value)) return `${path} is ${what(value)} where the Parquet column holds a list`;
      for (let i = 0; i < value.length; i++) {
        const item = value[i] as unknown;
        if (item === null && type.of.kind === 'json') continue;
        const m = valueMisfit(item, type.of, `${path}[${i}]`);
        if (m) return m;
      }
      return undefined;
    }
    case 'struct':
      return isPlainObject(value) ? recordMisfit(value, type.fields, path) : `${path} is ${what(value)} where the Parquet column holds an object`;
  }
}

/** JSON text holds every JSON value except text that is not Unicode (a lone surrogate). */
function jsonMisfit(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return wellFormed(value) ? undefined : `${path} holds a lone UTF-16 surrogate, which UTF-8 text cannot hold`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const m = jsonMisfit(value[i], `${path}[${i}]`);
      if (m) return m;
    }
  } else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      const m = wellFormed(k) ? jsonMisfit(v, `${path}.${k}`) : `${path} has a key with a lone UTF-16 surrogate`;
      if (m) return m;
    }
  }
  return undefined;
}

/**
 * Why `record` does not fit `fields` exactly (a field without a column, a value of another type, a
 * null where only absence can be told apart, or the reverse); undefined when it fits.
 */
export function recordMisfit(record: { readonly [key: string]: unknown }, fields: readonly ColumnField[], path = ''): string | undefined {
  let known = 0;
  for (const f of fields) {
    const at = path ? `${path}.${f.name}` : f.name;
    if (!Object.hasOwn(record, f.name)) {
      if (f.presence === 'optional') continue;
      return `${at} is missing, and Parquet cannot tell a missing field from a null one here`;
    }
    known++;
    const v = record[f.name];
    if (v === null) {
      if (f.presence === 'nullable') continue;
      return f.presence === 'optional' ? `${at} is null, and Parquet cannot tell a null field from a missing one here` : `${at} is null where a value is required`;
    }
    const m = valueMisfit(v, f.type, at);
    if (m) return m;
  }
  if (known !== Object.keys(record).length) {
    const extra = Object.keys(record).find((k) => !fields.some((f) => f.name === k));
    return `${path ? `${path}.` : ''}${extra} has no Parquet column (columns: ${fields.map((f) => f.name).join(', ')})`;
  }
  return undefined;
}

/** The record a row read back (hyparquet's objects) stands for: a Parquet null in an `optional` field is absence. */
export function recordOfRow(row: { readonly [key: string]: unknown }, fields: readonly ColumnField[]): { [key: string]: unknown } {
  const out: { [key: string]: unknown } = {};
  for (const f of fields) {
    const v = row[f.name];
    if (v === null || v === undefined) {
      if (f.presence !== 'optional') out[f.name] = null;
      continue;
    }
    out[f.name] = valueOfCell(v, f.type);
  }
  return out;
}

function valueOfCell(v: unknown, type: ColumnType): unknown {
  if (type.kind === 'list') return (v as unknown[]).map((item) => (item === null || item === undefined ? null : valueOfCell(item, type.of)));
  if (type.kind === 'struct') return recordOfRow(v as { readonly [key: string]: unknown }, type.fields);
  return v;
}

/**
 * The columns of a record whose shape no format fixes (`original`): one per top-level field of the
 * first record, text as text and everything else as JSON, each always present (null allowed), so
 * later records must have the same fields.
 */
export function columnsOfFirstRecord(record: { readonly [key: string]: unknown }): ColumnField[] {
  return Object.entries(record).map(([name, v]) => field(name, typeof v === 'string' ? STRING : JSON_VALUE, 'nullable'));
}

/**
 * The key-value metadata key under which an export's shards carry their columns (JSON of
 * ColumnField[]), so a reader can turn a row back into the exact record (recordOfRow) and its
 * content hash, without knowing the format.
 */
export const COLUMNS_METADATA_KEY = 'sample_curator.columns';

function columnTypeOf(v: unknown): ColumnType | undefined {
  if (!isPlainObject(v)) return undefined;
  switch (v.kind) {
    case 'string':
    case 'int':
    case 'json':
      return { kind: v.kind };
    case 'list': {
      const of = columnTypeOf(v.of);
      return of && { kind: 'list', of };
    }
    case 'struct': {
      const fields = columnFieldsOf(v.fields);
      return fields && { kind: 'struct', fields };
    }
    default:
      return undefined;
  }
}

function columnFieldsOf(v: unknown): ColumnField[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: ColumnField[] = [];
  for (const f of v) {
    if (!isPlainObject(f) || typeof f.name !== 'string' || !['required', 'optional', 'nullable'].includes(f.presence as string)) return undefined;
    const type = columnTypeOf(f.type);
    if (!type) return undefined;
    out.push({ name: f.name, type, presence: f.presence as Presence });
  }
  return out;
}

/** The columns a shard's metadata value names (COLUMNS_METADATA_KEY); undefined when it is not such a value (any file may carry any text there). */
export function columnsFromMetadata(value: string | undefined): ColumnField[] | undefined {
  if (value === undefined) return undefined;
  try {
    return columnFieldsOf(JSON.parse(value));
  } catch {
    return undefined;
  }
}
