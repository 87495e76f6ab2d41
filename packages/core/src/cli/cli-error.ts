import type { ReportCode } from "./cli-error-code.js";
import { exitCodeFor } from "./exit-code-for.js";
import type { ExitCode } from "./exit-codes.js";

/**
 * A failure a command-line tool detects itself: what went wrong (`message`), what to do
 * (`remedy`), its code and, from the code, its exit code.
 */
export class CliError extends Error {
  override readonly name = "CliError";
  /** What kind of failure; decides the exit code. */
  readonly code: ReportCode;
  /** What to do about it. */
  readonly remedy: string;
  /** Structured data about the failure for `--json` (e.g. the checks of a safety gate). */
  readonly details?: unknown;

  /**
   * @param code the failure's code (its exit code follows from it, see {@link exitCodeFor})
   * @param problem what went wrong, without the remedy
   * @param remedy what to do
   * @param details structured data reported as `error.details` with `--json`
   */
  constructor(code: ReportCode, problem: string, remedy: string, details?: unknown) {
    super(problem);
    this.code = code;
    this.remedy = remedy;
    if (details !== undefined) this.details = details;
  }

  /** The process exit code for this failure. */
  get exitCode(): ExitCode {
    return exitCodeFor(this.code);
  }
}

/** A bad command line: `USAGE`, exit 2. */
export function usageError(problem: string, remedy: string): CliError {
  return new CliError("USAGE", problem, remedy);
}

/** Something the command needs does not exist: `NOT_FOUND`, exit 3. */
export function notFoundError(problem: string, remedy: string): CliError {
  return new CliError("NOT_FOUND", problem, remedy);
}

/** A safety gate refused the command: `REFUSED`, exit 8. */
export function refusedError(problem: string, remedy: string, details?: unknown): CliError {
  return new CliError("REFUSED", problem, remedy, details);
}
