import type { JsonObject } from "../contract/json.js";
import type { ErrorContext } from "../errors/session-kit-error.js";
import { childPath, invalidArgument } from "./invalid.js";

const isWellFormed = (s: string): boolean =>
  (s as unknown as { isWellFormed(): boolean }).isWellFormed();

function describeNonJson(value: unknown): string {
  if (value === undefined) return "is undefined";
  if (typeof value === "function") return "is a function";
  if (typeof value === "symbol") return "is a symbol";
  if (typeof value === "bigint") return "is a BigInt";
  if (typeof value === "number") return `is ${value} (not a finite number)`;
  if (value instanceof Date) return "is a Date";
  if (value instanceof Map) return "is a Map";
  if (value instanceof Set) return "is a Set";
  const ctor = (value as object)?.constructor?.name;
  return `is an instance of ${ctor || "a non-plain class"}`;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Throws INVALID_ARGUMENT naming the path unless `value` is a JSON value: plain objects, arrays,
 * well-formed strings, finite numbers, booleans, null; no cycles, no holes, no undefined members.
 */
export function assertJsonValue(value: unknown, path: string, ctx: ErrorContext): void {
  walk(value, path, ctx, []);
}

function walk(value: unknown, path: string, ctx: ErrorContext, stack: object[]): void {
  switch (typeof value) {
    case "string":
      if (!isWellFormed(value))
        throw invalidArgument(ctx, path, "contains a lone UTF-16 surrogate");
      return;
    case "boolean":
      return;
    case "number":
      if (!Number.isFinite(value)) throw invalidArgument(ctx, path, describeNonJson(value));
      return;
    case "object":
      break;
    default:
      throw invalidArgument(ctx, path, describeNonJson(value));
  }
  if (value === null) return;
  if (stack.includes(value)) throw invalidArgument(ctx, path, "is a cycle (refers to itself)");
  stack.push(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) throw invalidArgument(ctx, `${path}[${i}]`, "is a hole in a sparse array");
      walk(value[i], `${path}[${i}]`, ctx, stack);
    }
  } else {
    if (!isPlainObject(value)) throw invalidArgument(ctx, path, describeNonJson(value));
    if (Object.getOwnPropertySymbols(value).length > 0) {
      throw invalidArgument(ctx, path, "has symbol keys");
    }
    for (const key of Object.keys(value)) {
      const next = childPath(path, key);
      if (!isWellFormed(key))
        throw invalidArgument(ctx, next, "key contains a lone UTF-16 surrogate");
      walk((value as Record<string, unknown>)[key], next, ctx, stack);
    }
  }
  stack.pop();
}

/** Throws INVALID_ARGUMENT unless `value` is a plain JSON object. */
export function assertJsonObject(
  value: unknown,
  path: string,
  ctx: ErrorContext,
): asserts value is JsonObject {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw invalidArgument(
      ctx,
      path,
      `must be a JSON object, got ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}`,
    );
  }
  assertJsonValue(value, path, ctx);
}
