// How `source:` values pick source files. A reviewer types part of a name (`source:gsm8k` for
// gsm8k_test.jsonl and gsm8k_train.jsonl), so a value matches every file whose path (relative to
// the store folder) holds it, case-insensitively. A value that names a file exactly (ignoring
// case) picks that file alone: a slice saved as `source:math.jsonl` must not grow to hold
// more_math.jsonl, and an exact name is what the Slices view and the filter box's read-back write.
// `model:` and `licence:` stay exact (ignoring case): a model name's prefix is usually another
// model (gpt-4o, gpt-4o-mini), and a slice per teacher must hold that teacher only.

/** The source paths (of `paths`) that the `source:` values pick: alternatives, any one keeps a file. */
export function matchingSources(values: readonly string[], paths: Iterable<string>): Set<string> {
  const all = [...new Set(paths)];
  const picked = new Set<string>();
  for (const raw of values) {
    const value = raw.trim().toLowerCase();
    if (!value) continue;
    const exact = all.filter((p) => p.toLowerCase() === value);
    for (const p of exact.length ? exact : all.filter((q) => q.toLowerCase().includes(value))) picked.add(p);
  }
  return picked;
}
