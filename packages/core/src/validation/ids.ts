import type { ErrorContext } from "../errors/session-kit-error.js";
import { invalidArgument } from "./invalid.js";

/** Longest id accepted, in UTF-16 code units. */
export const MAX_ID_LENGTH = 256;

// C0 controls, DEL and C1 controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Throws INVALID_ARGUMENT unless `value` is a legal id: a non-empty string of at most 256
 * characters with no control characters and no lone surrogates. Ids are never trimmed or folded.
 */
export function assertId(value: unknown, path: string, ctx: ErrorContext): asserts value is string {
  if (typeof value !== "string")
    throw invalidArgument(
      ctx,
      path,
      `must be a string, got ${value === null ? "null" : typeof value}`,
    );
  if (value.length === 0) throw invalidArgument(ctx, path, "must not be empty");
  if (value.length > MAX_ID_LENGTH) {
    throw invalidArgument(
      ctx,
      path,
      `is ${value.length} characters long; the maximum is ${MAX_ID_LENGTH}`,
    );
  }
  if (CONTROL.test(value)) throw invalidArgument(ctx, path, "contains a control character");
  if (!(value as unknown as { isWellFormed(): boolean }).isWellFormed()) {
    throw invalidArgument(ctx, path, "contains a lone UTF-16 surrogate");
  }
}
