import type { ReportCode } from "./cli-error-code.js";
import { ExitCode } from "./exit-codes.js";

/** The exit code of every error code; `Record` makes the compiler insist on each one. */
const EXIT_CODE_OF: Record<ReportCode, ExitCode> = {
  // sessionkit error codes (SessionKitError.code)
  NOT_FOUND: ExitCode.NOT_FOUND,
  ALREADY_EXISTS: ExitCode.FAILED,
  STALE: ExitCode.FAILED,
  CONFLICT: ExitCode.FAILED,
  INVALID_ARGUMENT: ExitCode.USAGE,
  LIMIT: ExitCode.USAGE,
  BUSY: ExitCode.LOCKED,
  CORRUPT: ExitCode.INTEGRITY,
  SCHEMA: ExitCode.FAILED,
  CLOSED: ExitCode.FAILED,
  UNSUPPORTED: ExitCode.FAILED,
  IO: ExitCode.FAILED,
  RETIRED: ExitCode.FAILED,
  // codes of the command-line tools
  USAGE: ExitCode.USAGE,
  AMBIGUOUS: ExitCode.USAGE,
  FAILED: ExitCode.FAILED,
  MISMATCH: ExitCode.MISMATCH,
  LOCKED: ExitCode.LOCKED,
  REFUSED: ExitCode.REFUSED,
  PARTIAL: ExitCode.PARTIAL,
  INTERRUPTED: ExitCode.INTERRUPTED,
  INTERNAL: ExitCode.FAILED,
};

/**
 * The exit code both CLIs use for a failure with this code (a sessionkit error code or a CLI
 * error code); an unknown code is `FAILED`.
 */
export function exitCodeFor(code: ReportCode): ExitCode {
  return EXIT_CODE_OF[code] ?? ExitCode.FAILED;
}
