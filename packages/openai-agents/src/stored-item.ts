import type { AgentInputItem } from "@openai/agents-core";
import type { JsonValue } from "@sessionkit/core";
import { invalidItem } from "./errors.js";

/**
 * Turns an Agents SDK item into the JSON value stored as an event's `content`.
 *
 * Object members whose value is `undefined` are left out (as `JSON.stringify` leaves them out),
 * so `JSON.stringify(stored) === JSON.stringify(item)`: the stored item is the item's JSON text,
 * byte for byte, with its key order. Anything JSON cannot hold — a `Uint8Array` (inline image or
 * file bytes), a `Date`, a class instance, a function, a BigInt, `NaN`/`Infinity`, a cycle — is
 * rejected with `INVALID_ARGUMENT` naming the path, before anything is written. Images and files
 * are stored by reference: a URL, a `data:` URL string or a provider file id, as the item gives it.
 */
export function toStoredItem(item: AgentInputItem, path: string, operation: string): JsonValue {
  return toJson(item, path, operation, new Set());
}

function toJson(
  value: unknown,
  path: string,
  operation: string,
  ancestors: Set<object>,
): JsonValue {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (Number.isFinite(value)) return value;
    throw invalidItem(operation, path, `${String(value)} is not a JSON number`);
  }
  if (typeof value !== "object") {
    throw invalidItem(operation, path, `a ${typeof value} cannot be stored`);
  }
  if (ancestors.has(value)) throw invalidItem(operation, path, "the value is cyclic");
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      return Array.from({ length: value.length }, (_, index) => {
        if (!(index in value))
          throw invalidItem(operation, `${path}[${index}]`, "a hole in an array");
        return toJson(value[index], `${path}[${index}]`, operation, ancestors);
      });
    }
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      const kind = value instanceof Uint8Array ? "binary data (Uint8Array)" : "a class instance";
      throw invalidItem(
        operation,
        path,
        `${kind} cannot be stored; store images and files by reference (a URL or a file id)`,
      );
    }
    const out: Record<string, JsonValue> = {};
    for (const [key, member] of Object.entries(value)) {
      if (member === undefined) continue;
      // defineProperty: a "__proto__" key is data, never the prototype.
      Object.defineProperty(out, key, {
        value: toJson(member, `${path}.${key}`, operation, ancestors),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  } finally {
    ancestors.delete(value);
  }
}
