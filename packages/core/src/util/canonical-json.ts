import type { JsonValue } from "../contract/json.js";

/**
 * Canonical JSON: object keys sorted by UTF-16 code unit, no whitespace, numbers and strings as
 * JSON.stringify writes them. Two deep-equal JSON values always give the same text; used for
 * idempotency checks and migration hashes so that no comparison reports false drift.
 */
export function canonicalJson(value: JsonValue | undefined): string {
  if (value === undefined) return "undefined";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(",")}]`;
  const keys = Object.keys(value).sort();
  const parts: string[] = [];
  for (const key of keys) parts.push(`${JSON.stringify(key)}:${canonicalJson(value[key])}`);
  return `{${parts.join(",")}}`;
}
