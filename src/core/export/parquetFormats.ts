// The Parquet columns of each export format: the shape its JSONL record has (exportFormats.ts),
// written out as explicit columns so every shard of an export, and every export of a format, has
// one schema a reader can rely on (`load_dataset` refuses shards whose schemas differ). Messages
// are list<struct<role, content, …>>; the fields a message has only sometimes (tool calls, a
// tool result's id and name, OpenAI's weight) are optional struct fields, null where absent, as
// Hub chat datasets hold them. `original` has no one shape: its columns come from the first record.
import type { ExportFormatId } from './exportFormats';
import { field, INT, JSON_VALUE, listOf, STRING, struct, type ColumnField, type ColumnType } from '../formats/parquetColumns';

/**
 * One message. OpenAI writes a call's arguments as JSON text (a string); TRL as the record gave
 * them (text or an object), so there they are a JSON value. `content` is null beside calls only.
 */
function message(argumentsType: ColumnType, weight: boolean): ColumnType {
  const toolCall = struct(
    field('id', STRING, 'optional'),
    field('type', STRING),
    field('function', struct(field('name', STRING), field('arguments', argumentsType))),
  );
  return struct(
    field('role', STRING),
    field('content', STRING, 'nullable'),
    field('tool_calls', listOf(toolCall), 'optional'),
    field('tool_call_id', STRING, 'optional'),
    field('name', STRING, 'optional'),
    ...(weight ? [field('weight', INT, 'optional')] : []),
  );
}

const OPENAI_MESSAGES = listOf(message(STRING, false));
const OPENAI_WEIGHTED_MESSAGES = listOf(message(STRING, true));
const TRL_MESSAGES = listOf(message(JSON_VALUE, false));
/** Tool schemas are free JSON: a list of JSON values. */
const TOOLS = field('tools', listOf(JSON_VALUE), 'optional');

const COLUMNS: Readonly<Record<Exclude<ExportFormatId, 'original'>, readonly ColumnField[]>> = {
  'openai-chat': [field('messages', OPENAI_WEIGHTED_MESSAGES), TOOLS],
  'openai-preference': [
    field('input', struct(field('messages', OPENAI_MESSAGES), TOOLS)),
    field('preferred_output', OPENAI_MESSAGES),
    field('non_preferred_output', OPENAI_MESSAGES),
  ],
  'trl-messages': [field('messages', TRL_MESSAGES), TOOLS],
  'trl-prompt-completion': [field('prompt', TRL_MESSAGES), field('completion', TRL_MESSAGES), TOOLS],
  'trl-preference': [field('prompt', TRL_MESSAGES), field('chosen', TRL_MESSAGES), field('rejected', TRL_MESSAGES), TOOLS],
  sharegpt: [field('conversations', listOf(struct(field('from', STRING), field('value', STRING))))],
  alpaca: [
    field('instruction', STRING), field('input', STRING), field('output', STRING),
    field('system', STRING, 'optional'), field('history', listOf(listOf(STRING)), 'optional'),
  ],
};

/** The format's columns; undefined for `original`, whose columns are its first record's (columnsOfFirstRecord). */
export function parquetColumnsOf(format: ExportFormatId): readonly ColumnField[] | undefined {
  return format === 'original' ? undefined : COLUMNS[format];
}
