import type { JsonValue } from "@sessionkit/core";
import type { SqlValue } from "@sessionkit/sql";

/** Session-scoped keys need no JSON escaping to be used in a SQLite JSON path `$."key"`. */
export function isPlainKey(key: string): boolean {
  return JSON.stringify(key) === `"${key}"` && !/[\u0000-\u001f]/.test(key);
}

/** Nested json_set / json_remove over the session's `state` column, in delta order. */
export function stateExpression(
  entries: ReadonlyArray<readonly [string, JsonValue]>,
  params: SqlValue[],
): string {
  let expression = "state";
  for (const [key, value] of entries) {
    if (value === null) {
      expression = `json_remove(${expression}, ?)`;
      params.push(`$."${key}"`);
    } else {
      expression = `json_set(${expression}, ?, json(?))`;
      params.push(`$."${key}"`, JSON.stringify(value));
    }
  }
  return expression;
}
