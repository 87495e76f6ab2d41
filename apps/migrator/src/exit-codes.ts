/**
 * Exit codes of sessionkit-migrate (documented in the README's "Exit codes" table).
 */
export const ExitCode = {
  /** The command did what it was asked. */
  OK: 0,
  /** verify (or repair's final verify) found differences between legacy and target. */
  MISMATCH: 1,
  /** Bad command line: unknown command or option, missing --target/--legacy. */
  USAGE: 2,
  /** Another sessionkit-migrate holds the migration lock. */
  LOCKED: 3,
  /** A safety gate refused the command (wrong phase, unclean verify, pending drift, …). */
  REFUSED: 4,
  /** A store or I/O error (the message names the store, operation and what to do). */
  FAILED: 5,
  /**
   * A store a command needs does not exist (a missing target database file or legacy root).
   * Only `init` creates the target; read-only commands (status, plan, verify), the other
   * commands and dry runs never create a store.
   */
  NOT_FOUND: 6,
  /**
   * backfill --skip-corrupt completed but skipped damaged legacy session files (each listed with
   * its reason); everything else was copied. verify will count them until they are dealt with.
   */
  SKIPPED_CORRUPT: 7,
  /** Interrupted by SIGINT, SIGTERM or SIGHUP; the command can be re-run to resume. */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the CLI reports with a chosen exit code and a remedy. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    readonly remedy?: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export function refused(message: string, remedy?: string, details?: unknown): CliError {
  return new CliError(ExitCode.REFUSED, message, remedy, details);
}

export function usage(message: string, remedy?: string): CliError {
  return new CliError(ExitCode.USAGE, message, remedy);
}

export function notFound(message: string, remedy?: string): CliError {
  return new CliError(ExitCode.NOT_FOUND, message, remedy);
}
