import { SessionKitError } from "@sessionkit/core";

/** INVALID_ARGUMENT from this package for one option of one operation. */
export function invalidOption(
  operation: string,
  path: string,
  problem: string,
  remedy?: string,
): SessionKitError {
  return new SessionKitError({
    adapter: "adk",
    operation,
    code: "INVALID_ARGUMENT",
    path,
    problem,
    ...(remedy ? { remedy } : {}),
  });
}

/**
 * Throws INVALID_ARGUMENT unless `value` is undefined or an integer ≥ `min`; changes nothing.
 */
export function assertCount(
  value: number | undefined,
  min: number,
  operation: string,
  path: string,
  remedy?: string,
): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < min)) {
    throw invalidOption(
      operation,
      path,
      `${path} must be an integer ≥ ${min}, got ${String(value)}`,
      remedy,
    );
  }
}
