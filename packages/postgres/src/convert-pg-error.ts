import { type ErrorCode, type ErrorContext, SessionKitError } from "@sessionkit/core";

/** SQLSTATE (or Node socket error code) of a node-postgres error; "" when there is none. */
export function pgCode(error: unknown): string {
  if (error === null || typeof error !== "object") return "";
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : "";
}

/** Whether the error means the server could not be reached or the connection broke. */
function isConnectionFailure(code: string, message: string): boolean {
  return (
    code.startsWith("08") ||
    code === "57P01" || // admin_shutdown: the server is stopping
    code === "57P02" || // crash_shutdown
    code === "ECONNREFUSED" ||
    code === "ECONNRESET" ||
    code === "EPIPE" ||
    code === "ETIMEDOUT" ||
    code === "ENOTFOUND" ||
    code === "EAI_AGAIN" ||
    code === "ENOENT" || // a Unix socket that is not there
    /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(
      message,
    )
  );
}

interface Classified {
  code: ErrorCode;
  problem: string;
  remedy?: string;
}

function classify(error: unknown, location: string): Classified {
  const code = pgCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === "40001" || code === "40P01" || code === "55P03") {
    return {
      code: "BUSY",
      problem: `PostgreSQL (${location}) aborted the transaction because of concurrent writers (${code}) past the retries: ${message}`,
    };
  }
  if (code === "57014") {
    return {
      code: "BUSY",
      problem: `a statement on PostgreSQL (${location}) ran past statementTimeoutMs and was cancelled; nothing of the operation was written: ${message}`,
      remedy:
        "retry later, raise statementTimeoutMs, or look for long transactions holding locks (pg_stat_activity)",
    };
  }
  if (code === "53300" || code === "57P03" || code === "53400") {
    return {
      code: "BUSY",
      problem: `PostgreSQL (${location}) refused a connection for now (${code}): ${message}`,
      remedy: "retry later; lower the pools' `max` or raise the server's max_connections",
    };
  }
  if (code === "28P01" || code === "28000") {
    return {
      code: "IO",
      problem: `PostgreSQL (${location}) rejected the credentials: ${message}`,
      remedy: "check the user and password in the URL or PGUSER/PGPASSWORD, and pg_hba.conf",
    };
  }
  if (code === "3D000") {
    return {
      code: "IO",
      problem: `the database named in ${location} does not exist: ${message}`,
      remedy: "create it (createdb) or fix the database name in the URL or PGDATABASE",
    };
  }
  if (isConnectionFailure(code, message)) {
    return {
      code: "IO",
      problem: `PostgreSQL (${location}) could not be reached or closed the connection (${code || "connection error"}): ${message}`,
      remedy:
        "check that the server is running and reachable; the pool reconnects on the next call, and a write that failed this way was not acknowledged: retry it (event ids make the retry idempotent)",
    };
  }
  if (code === "23505") {
    return { code: "ALREADY_EXISTS", problem: `a row with this key already exists: ${message}` };
  }
  if (code.startsWith("23")) {
    return { code: "CONFLICT", problem: `a database constraint rejected the write: ${message}` };
  }
  if (code === "22P05" || code === "22021") {
    return {
      code: "INVALID_ARGUMENT",
      problem: `PostgreSQL cannot store this text (${code}; JSONB state cannot hold the NUL character \\u0000): ${message}`,
      remedy: "remove NUL characters from state values; nothing was written",
    };
  }
  if (code === "54000" || code === "22001" || code === "54001") {
    return { code: "LIMIT", problem: `a value exceeds a PostgreSQL limit: ${message}` };
  }
  if (code === "42P01" || code === "42703" || code === "3F000" || code === "42883") {
    return {
      code: "SCHEMA",
      problem: `the sessionkit schema at ${location} is missing or not what this package expects: ${message}`,
    };
  }
  if (code === "42501") {
    return {
      code: "IO",
      problem: `the PostgreSQL user lacks a privilege at ${location}: ${message}`,
      remedy: "grant the user USAGE and CREATE on the schema (or create the schema as its owner)",
    };
  }
  if (code === "25006") {
    return {
      code: "IO",
      problem: `PostgreSQL (${location}) is read-only (a standby?): ${message}`,
      remedy: "point the URL at the primary server",
    };
  }
  return {
    code: "IO",
    problem: `PostgreSQL (${location}) failed (${code || "driver error"}): ${message}`,
  };
}

/**
 * THE conversion of node-postgres errors into sessionkit errors (one place for the adapter):
 * serialization failures and deadlocks → BUSY (retried within the retry policy), statement
 * timeout → BUSY (not retried: it already waited), connection refused or broken → IO with the
 * remedy "retry", unique → ALREADY_EXISTS, other constraints → CONFLICT, missing tables → SCHEMA,
 * anything else → IO. The driver error is kept as `cause`; `location` never holds a password.
 */
export function convertPgError(
  error: unknown,
  ctx: ErrorContext,
  location: string,
): SessionKitError {
  if (error instanceof SessionKitError) return error;
  return new SessionKitError({ ...ctx, ...classify(error, location), cause: error });
}

/** Whether the shared retry may run a BUSY again: not after a statement timeout. */
export function isRetryablePgError(error: unknown): boolean {
  return pgCode(error) !== "57014";
}
