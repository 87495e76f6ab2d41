import type { JsonObject, JsonValue } from "../contract/json.js";

/**
 * Returns `state` with `entries` applied: a value replaces the stored one (no deep merge),
 * `null` deletes the key. Never mutates `state`; `__proto__` and friends are ordinary keys.
 */
export function applyEntries(state: JsonObject, entries: Array<[string, JsonValue]>): JsonObject {
  if (entries.length === 0) return state;
  const map = new Map(Object.entries(state));
  for (const [key, value] of entries) {
    if (value === null) map.delete(key);
    else map.set(key, value);
  }
  return Object.fromEntries(map);
}
