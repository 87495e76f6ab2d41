import { type ErrorCode, SessionKitError } from "@sessionkit/core";

/** Adapter name used in errors raised by the phased repository. */
export const PHASED_ADAPTER = "phased";

/** Adapter name used in errors raised by the migration engines (backfill, verify, …). */
export const MIGRATE_ADAPTER = "migrate";

export function migrateError(
  code: ErrorCode,
  operation: string,
  problem: string,
  remedy?: string,
  options: { subject?: string; cause?: unknown; adapter?: string } = {},
): SessionKitError {
  return new SessionKitError({
    code,
    adapter: options.adapter ?? MIGRATE_ADAPTER,
    operation,
    subject: options.subject,
    problem,
    remedy,
    cause: options.cause,
  });
}
