import { type ErrorCode, type ErrorContext, SessionKitError } from "@sessionkit/core";

/** The SQLite result code name of a driver error (better-sqlite3 and libSQL both expose it). */
export function sqliteCode(error: unknown): string {
  if (error === null || typeof error !== "object") return "";
  const e = error as { code?: unknown; extendedCode?: unknown; rawCode?: unknown };
  if (typeof e.extendedCode === "string") return e.extendedCode;
  if (typeof e.code === "string") return e.code;
  return "";
}

/**
 * True for SQLITE_BUSY / SQLITE_LOCKED (any extended code) from a driver, or a `BUSY` already
 * converted to the sessionkit family: a lock another connection held too long.
 */
export function isBusyError(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === "BUSY" || code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED");
}

interface Classified {
  code: ErrorCode;
  problem: string;
  remedy?: string;
}

function classify(error: unknown, location: string | undefined): Classified {
  const code = sqliteCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const where = location ? ` (${location})` : "";
  if (isBusyError(error)) {
    return {
      code: "BUSY",
      problem: `the database${where} stayed locked by another connection past the busy timeout and retries: ${message}`,
    };
  }
  if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") {
    return { code: "ALREADY_EXISTS", problem: `a row with this key already exists: ${message}` };
  }
  if (code.startsWith("SQLITE_CONSTRAINT")) {
    return { code: "CONFLICT", problem: `a database constraint rejected the write: ${message}` };
  }
  if (code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB") {
    return {
      code: "CORRUPT",
      problem: `the database file${where} is damaged or is not a SQLite database: ${message}`,
      remedy:
        "restore the file from a backup (sessionkit never rewrites a damaged file); `sessionkit check` lists the problems",
    };
  }
  if (code === "SQLITE_SCHEMA" || /no such (table|column)/i.test(message)) {
    return {
      code: "SCHEMA",
      problem: `the database schema${where} is not what this package expects: ${message}`,
    };
  }
  if (code === "SQLITE_TOOBIG") {
    return { code: "LIMIT", problem: `a value exceeds SQLite's size limit: ${message}` };
  }
  if (/not open|closed/i.test(message) && !code) {
    return { code: "CLOSED", problem: `the database connection${where} is closed: ${message}` };
  }
  return {
    code: "IO",
    problem: `the database${where} failed (${code || "driver error"}): ${message}`,
  };
}

/**
 * THE conversion of driver errors into the sessionkit error family (one place for every SQL
 * adapter): busy/locked → BUSY, unique → ALREADY_EXISTS, other constraints → CONFLICT,
 * corrupt / not a database → CORRUPT, schema mismatch → SCHEMA, too big → LIMIT, anything else
 * (I/O, full disk, permissions) → IO. The driver error is kept as `cause`. SessionKitErrors pass
 * through unchanged.
 */
export function toSessionKitError(
  error: unknown,
  ctx: ErrorContext,
  location?: string,
): SessionKitError {
  if (error instanceof SessionKitError) return error;
  const classified = classify(error, location);
  return new SessionKitError({ ...ctx, ...classified, cause: error });
}
