import type { ErrorContext } from "../errors/session-kit-error.js";
import { invalidArgument } from "./invalid.js";

/** Throws INVALID_ARGUMENT unless `options` is undefined or an object with only `allowed` keys. */
export function assertOptionsObject(
  options: unknown,
  path: string,
  allowed: readonly string[],
  ctx: ErrorContext,
): void {
  if (options === undefined) return;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw invalidArgument(ctx, path, "must be an options object");
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw invalidArgument(
        ctx,
        `${path}.${key}`,
        `is not a known option (known: ${allowed.join(", ")})`,
      );
    }
  }
}

/** Throws unless `value` is undefined or an integer in [min, max]. */
export function assertOptionalInt(
  value: unknown,
  path: string,
  ctx: ErrorContext,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): asserts value is number | undefined {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
    throw invalidArgument(
      ctx,
      path,
      `must be an integer from ${min} to ${max}, got ${String(value)}`,
    );
  }
}

/** Throws unless `value` is undefined or one of `choices`. */
export function assertOptionalChoice<T extends string>(
  value: unknown,
  path: string,
  choices: readonly T[],
  ctx: ErrorContext,
): asserts value is T | undefined {
  if (value === undefined) return;
  if (typeof value !== "string" || !choices.includes(value as T)) {
    throw invalidArgument(
      ctx,
      path,
      `must be one of ${choices.map((c) => JSON.stringify(c)).join(", ")}, got ${JSON.stringify(value) ?? String(value)}`,
    );
  }
}

/** Throws unless `value` is undefined or a boolean. */
export function assertOptionalBoolean(value: unknown, path: string, ctx: ErrorContext): void {
  if (value !== undefined && typeof value !== "boolean")
    throw invalidArgument(ctx, path, "must be a boolean");
}
