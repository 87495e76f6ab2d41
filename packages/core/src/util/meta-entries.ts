import type { JsonValue } from "../contract/json.js";
import type { MetaEntry } from "../contract/results.js";
import type { ListMetaInput } from "../kit/session-storage.js";
import { compareStrings } from "./compare-keys.js";

/**
 * For adapters that hold meta as a map of name → serialised value: the value of `name`, parsed
 * (a fresh object), or null when it is not set.
 */
export function metaValue(meta: ReadonlyMap<string, string>, name: string): JsonValue | null {
  const json = meta.get(name);
  return json === undefined ? null : (JSON.parse(json) as JsonValue);
}

/**
 * listMeta over a map of name → serialised value: the entries whose name starts with `prefix`
 * and sorts after `after`, in code-point order of name, at most `limit`, values parsed.
 */
export function listMetaEntries(
  meta: ReadonlyMap<string, string>,
  { prefix, after, limit }: ListMetaInput,
): MetaEntry[] {
  return [...meta.entries()]
    .filter(
      ([name]) =>
        name.startsWith(prefix) && (after === undefined || compareStrings(name, after) > 0),
    )
    .sort(([a], [b]) => compareStrings(a, b))
    .slice(0, limit)
    .map(([name, json]) => ({ name, value: JSON.parse(json) as JsonValue }));
}
