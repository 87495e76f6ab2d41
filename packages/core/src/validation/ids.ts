import type { ErrorContext } from "../errors/session-kit-error.js";
import { invalidArgument } from "./invalid.js";

/** Longest id accepted, in UTF-16 code units. */
export const MAX_ID_LENGTH = 256;

// C0 controls, DEL and C1 controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * What makes `value` an illegal id, or undefined when it is a legal one (see {@link assertId}).
 * For hot loops that build the error's path only on failure.
 */
export function idProblem(value: unknown): string | undefined {
  if (typeof value !== "string")
    return `must be a string, got ${value === null ? "null" : typeof value}`;
  if (value.length === 0) return "must not be empty";
  if (value.length > MAX_ID_LENGTH)
    return `is ${value.length} characters long; the maximum is ${MAX_ID_LENGTH}`;
  if (CONTROL.test(value)) return "contains a control character";
  if (!(value as unknown as { isWellFormed(): boolean }).isWellFormed())
    return "contains a lone UTF-16 surrogate";
  return undefined;
}

/**
 * Throws INVALID_ARGUMENT unless `value` is a legal id: a non-empty string of at most 256
 * characters with no control characters and no lone surrogates. Ids are never trimmed or folded.
 */
export function assertId(value: unknown, path: string, ctx: ErrorContext): asserts value is string {
  const problem = idProblem(value);
  if (problem !== undefined) throw invalidArgument(ctx, path, problem);
}
