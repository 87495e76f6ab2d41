import type { ErrorCode } from "../errors/error-code.js";

/**
 * The codes the command-line tools add to the sessionkit error codes ({@link ErrorCode}): the
 * `code` of a CLI's error report is one of these or an `ErrorCode`.
 */
export const CliErrorCode = {
  /** A bad command line. */
  USAGE: "USAGE",
  /** A session id that more than one owner uses; `--app`/`--user` pick one. */
  AMBIGUOUS: "AMBIGUOUS",
  /** A failure of the command that no more specific code describes. */
  FAILED: "FAILED",
  /** Verify found differences between the legacy store and the target. */
  MISMATCH: "MISMATCH",
  /** Another process holds the lock the command needs. */
  LOCKED: "LOCKED",
  /** A safety gate refused the command. */
  REFUSED: "REFUSED",
  /** The command finished but left out damaged files. */
  PARTIAL: "PARTIAL",
  /** The command was interrupted before it finished. */
  INTERRUPTED: "INTERRUPTED",
  /** An unexpected failure (a bug): not a SessionKitError nor a CLI error. */
  INTERNAL: "INTERNAL",
} as const;

/** One of the {@link CliErrorCode} strings. */
export type CliErrorCode = (typeof CliErrorCode)[keyof typeof CliErrorCode];

/** The `code` of a failure a CLI reports: a sessionkit error code or a CLI error code. */
export type ReportCode = ErrorCode | CliErrorCode;
