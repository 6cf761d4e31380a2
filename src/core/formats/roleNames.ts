// The role names the formats use for a turn's speaker, in one place: what each name read from a
// record stands for (OpenAI/TRL `role`, ShareGPT `from`), and the ShareGPT name export writes.
import type { Role } from './sampleModel';

// Maps, not object literals: a `from` of "constructor" or "__proto__" must not find a role.
const SHAREGPT_ROLES: ReadonlyMap<string, Role> = new Map([
  ['system', 'system'], ['human', 'user'], ['user', 'user'], ['gpt', 'assistant'], ['assistant', 'assistant'],
  ['chatgpt', 'assistant'], ['bing', 'assistant'], ['bard', 'assistant'], ['model', 'assistant'], ['tool', 'tool'],
  ['function', 'tool'], ['observation', 'tool'],
]);
// OpenAI's `developer` is the system prompt of its newer models; `function` is the legacy tool role.
const MESSAGE_ROLES: ReadonlyMap<string, Role> = new Map([
  ['system', 'system'], ['developer', 'system'], ['user', 'user'], ['assistant', 'assistant'], ['tool', 'tool'],
  ['function', 'tool'],
]);

/** The ShareGPT `from` name export writes for each role (read back by sharegptRole as the same role). */
export const SHAREGPT_FROM: Readonly<Record<Role, string>> = { system: 'system', user: 'human', assistant: 'gpt', tool: 'observation' };

/** The role a message's `role` value stands for (OpenAI and TRL names), if any. */
export function messageRole(role: unknown): Role | undefined {
  return typeof role === 'string' ? MESSAGE_ROLES.get(role) : undefined;
}

/** The role a ShareGPT `from` value stands for (case-insensitive), if any. */
export function sharegptRole(from: unknown): Role | undefined {
  return typeof from === 'string' ? SHAREGPT_ROLES.get(from.toLowerCase()) : undefined;
}
