import type { ErrorCode } from "@sessionkit/core";

/** Process exit codes of `sessionkit`. Stable: scripts may rely on them. */
export const ExitCode = {
  /** The command did what it was asked. */
  OK: 0,
  /** The operation failed (I/O, busy, schema, conflict, unsupported, …). */
  FAILED: 1,
  /** The command line is wrong: unknown command or option, bad value, missing argument. */
  USAGE: 2,
  /** The store, or the session named, does not exist. */
  NOT_FOUND: 3,
  /** `check` found integrity problems, or the store is corrupt. */
  INTEGRITY: 4,
  /**
   * The command printed everything it could read, but left out damaged files (JSON store),
   * each named on stderr: `sessions list`, `search`, `stats`.
   */
  PARTIAL: 5,
  /** Interrupted (Ctrl-C) before the work was finished; run the command again to resume. */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit code for a failure with this sessionkit error code. */
export function exitCodeFor(code: ErrorCode | CliErrorCode): ExitCode {
  switch (code) {
    case "NOT_FOUND":
      return ExitCode.NOT_FOUND;
    case "INVALID_ARGUMENT":
    case "LIMIT":
    case "USAGE":
    case "AMBIGUOUS":
      return ExitCode.USAGE;
    case "CORRUPT":
      return ExitCode.INTEGRITY;
    case "INTERRUPTED":
      return ExitCode.INTERRUPTED;
    default:
      return ExitCode.FAILED;
  }
}

/** Codes the CLI itself adds to the sessionkit error codes. */
export type CliErrorCode = "USAGE" | "AMBIGUOUS" | "INTERRUPTED" | "INTERNAL";
