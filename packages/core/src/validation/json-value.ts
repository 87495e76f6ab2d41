import type { JsonObject, JsonValue } from "../contract/json.js";
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

/** The INVALID_ARGUMENT error for the value at `segments` below `root`. */
function invalidAt(ctx: ErrorContext, root: string, segments: Segments, problem: string) {
  return invalidArgument(ctx, pathOf(root, segments), problem);
}

/**
 * Throws INVALID_ARGUMENT naming the path unless `value` is a JSON value: plain objects, arrays,
 * well-formed strings, finite numbers, booleans, null; no cycles, no holes, no undefined members.
 */
export function assertJsonValue(value: unknown, path: string, ctx: ErrorContext): void {
  walk(value, path, [], ctx, [], false);
}

/**
 * {@link assertJsonValue} that also returns a deep copy of the value, in the same walk: what
 * `JSON.parse(JSON.stringify(value))` would give (same keys in the same order, `-0` as `0`, a
 * `__proto__` key as an own property), sharing no object with `value`. Each member is read once,
 * so serializing the copy stores exactly what the copy holds. Cheaper than the round trip
 * (measured: ~0.6 µs for a 300-byte event content, against ~1.4 µs for the parse alone).
 */
export function copyJsonValue(value: unknown, path: string, ctx: ErrorContext): JsonValue {
  return walk(value, path, [], ctx, [], true);
}

/**
 * The one walk behind both: checks every value and, when `copying`, builds the copy (otherwise
 * it allocates nothing and returns `value` itself, for a caller that only validates).
 */
function walk(
  value: unknown,
  root: string,
  segs: Segments,
  ctx: ErrorContext,
  stack: object[],
  copying: boolean,
): JsonValue {
  switch (typeof value) {
    case "string":
      if (!isWellFormed(value))
        throw invalidAt(ctx, root, segs, "contains a lone UTF-16 surrogate");
      return value;
    case "boolean":
      return value;
    case "number":
      if (!Number.isFinite(value)) throw invalidAt(ctx, root, segs, describeNonJson(value));
      // JSON has no negative zero: -0 serializes as 0.
      return value === 0 ? 0 : value;
    case "object":
      break;
    default:
      throw invalidAt(ctx, root, segs, describeNonJson(value));
  }
  if (value === null) return null;
  if (stack.includes(value)) throw invalidAt(ctx, root, segs, "is a cycle (refers to itself)");
  stack.push(value);
  let out: JsonValue[] | JsonObject;
  if (Array.isArray(value)) {
    const n = value.length;
    const items: JsonValue[] = copying ? new Array(n) : value;
    for (let i = 0; i < n; i++) {
      segs.push(i);
      if (!(i in value)) throw invalidAt(ctx, root, segs, "is a hole in a sparse array");
      const item = walk(value[i], root, segs, ctx, stack, copying);
      if (copying) items[i] = item;
      segs.pop();
    }
    out = items;
  } else {
    if (!isPlainObject(value)) throw invalidAt(ctx, root, segs, describeNonJson(value));
    if (Object.getOwnPropertySymbols(value).length > 0)
      throw invalidAt(ctx, root, segs, "has symbol keys");
    const members: JsonObject | null = copying ? {} : null;
    for (const key of Object.keys(value)) {
      segs.push(key);
      if (!isWellFormed(key))
        throw invalidAt(ctx, root, segs, "key contains a lone UTF-16 surrogate");
      const member = walk((value as Record<string, unknown>)[key], root, segs, ctx, stack, copying);
      // An own "__proto__" member, as JSON.parse makes it (assignment would set the prototype).
      if (members === null) {
        // validating only: nothing to build
      } else if (key === "__proto__")
        Object.defineProperty(members, key, {
          value: member,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else members[key] = member;
      segs.pop();
    }
    out = members ?? (value as JsonObject);
  }
  stack.pop();
  return out;
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
