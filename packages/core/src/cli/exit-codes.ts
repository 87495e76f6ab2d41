/**
 * The process exit codes of both sessionkit command-line tools, `sessionkit` (operations) and
 * `sessionkit-migrate` (migration): one number, one meaning, in both. Stable: scripts may rely
 * on them. The table is documented in docs/exit-codes.md.
 */
export const ExitCode = {
  /** The command did what it was asked. */
  OK: 0,
  /** The operation failed (I/O, schema, conflict, unsupported, retired store, unexpected …). */
  FAILED: 1,
  /** The command line is wrong: unknown command or option, bad value, missing argument. */
  USAGE: 2,
  /** A store, root, session or migration record the command needs does not exist. */
  NOT_FOUND: 3,
  /** Integrity problems: `sessionkit check` found some, or a command hit a damaged file. */
  INTEGRITY: 4,
  /**
   * The command finished but left out damaged files, each named on stderr (`sessionkit`
   * listings, search and stats; `sessionkit-migrate backfill --skip-corrupt`).
   */
  PARTIAL: 5,
  /** `sessionkit-migrate verify` (or the verify that ends repair, export or rollback) found differences. */
  MISMATCH: 6,
  /** Another process holds a lock the command needs (the migration lock, a busy database). */
  LOCKED: 7,
  /** A safety gate refused the command (wrong phase, backfill not done, drift pending, …). */
  REFUSED: 8,
  /** Interrupted (SIGINT, SIGTERM, SIGHUP) before the work was finished; run it again to resume. */
  INTERRUPTED: 130,
} as const;

/** One of the {@link ExitCode} numbers. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The name of an exit code, e.g. `"NOT_FOUND"`. */
export type ExitCodeName = keyof typeof ExitCode;
