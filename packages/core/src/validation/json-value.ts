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

/** Segments from the root to the current value; the readable path is built only on error. */
type Segments = Array<string | number>;

function pathOf(root: string, segments: Segments): string {
  let path = root;
  for (const s of segments) path = typeof s === "number" ? `${path}[${s}]` : childPath(path, s);
  return path;
}

/**
 * Throws INVALID_ARGUMENT naming the path unless `value` is a JSON value: plain objects, arrays,
 * well-formed strings, finite numbers, booleans, null; no cycles, no holes, no undefined members.
 */
export function assertJsonValue(value: unknown, path: string, ctx: ErrorContext): void {
  walk(value, path, [], ctx, []);
}

function walk(
  value: unknown,
  root: string,
  segs: Segments,
  ctx: ErrorContext,
  stack: object[],
): void {
  const fail = (problem: string) => invalidArgument(ctx, pathOf(root, segs), problem);
  switch (typeof value) {
    case "string":
      if (!isWellFormed(value)) throw fail("contains a lone UTF-16 surrogate");
      return;
    case "boolean":
      return;
    case "number":
      if (!Number.isFinite(value)) throw fail(describeNonJson(value));
      return;
    case "object":
      break;
    default:
      throw fail(describeNonJson(value));
  }
  if (value === null) return;
  if (stack.includes(value)) throw fail("is a cycle (refers to itself)");
  stack.push(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      segs.push(i);
      if (!(i in value))
        throw invalidArgument(ctx, pathOf(root, segs), "is a hole in a sparse array");
      walk(value[i], root, segs, ctx, stack);
      segs.pop();
    }
  } else {
    if (!isPlainObject(value)) throw fail(describeNonJson(value));
    if (Object.getOwnPropertySymbols(value).length > 0) throw fail("has symbol keys");
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      segs.push(key);
      if (!isWellFormed(key))
        throw invalidArgument(ctx, pathOf(root, segs), "key contains a lone UTF-16 surrogate");
      walk((value as Record<string, unknown>)[key], root, segs, ctx, stack);
      segs.pop();
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
    const got = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
    throw invalidArgument(ctx, path, `must be a JSON object, got ${got}`);
  }
  assertJsonValue(value, path, ctx);
}
