import type { JsonValue } from "../contract/json.js";

/**
 * A deep copy of a validated JSON value, as a store that serialises would keep it: the caller
 * can change its object afterwards without changing what was stored. Prototype-safe
 * (`JSON.parse` defines `__proto__` as an ordinary own key).
 */
export function copyJson<T extends JsonValue>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
