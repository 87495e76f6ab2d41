import { type ErrorContext, SessionKitError } from "@sessionkit/core";
import { toSessionKitError } from "@sessionkit/sql";
import { RequestDeadlineError } from "../driver/request-deadline-error.js";

interface DriverErrorShape {
  code?: unknown;
  extendedCode?: unknown;
  rawCode?: unknown;
  message?: unknown;
  cause?: unknown;
}

/**
 * THE conversion of libSQL driver errors (the `libsql` package, `@libsql/client` in every mode,
 * network failures) into the sessionkit error family, with the driver error as `cause`.
 * SQLite result codes go through the shared SQL classification; what only libSQL raises
 * (authentication, unreachable server, closed client, expired stream) is classified here.
 * Never depends on extended result codes: remote servers send only the primary code.
 */
export function convertLibsqlError(
  error: unknown,
  ctx: ErrorContext,
  location: string,
): SessionKitError {
  if (error instanceof SessionKitError) return error;
  const shape = (error ?? {}) as DriverErrorShape;
  const code = typeof shape.code === "string" ? shape.code : "";
  const message = describe(error);
  const make = (kind: SessionKitError["code"], problem: string, remedy?: string): SessionKitError =>
    new SessionKitError({ ...ctx, code: kind, problem, remedy, cause: error });

  if (error instanceof RequestDeadlineError) {
    const stalled = `the libSQL server at ${location} did not answer within ${error.timeoutMs} ms (requestTimeoutMs); the connection was dropped and reopens on next use`;
    return error.outcomeUnknown
      ? make(
          "IO",
          `${stalled}. The write may or may not have been applied`,
          "check that the server is up and not overloaded, then retry: an append retried with the same event ids is idempotent; read the session first before repeating other writes",
        )
      : make(
          "BUSY",
          `${stalled}. Nothing was changed by this attempt that a retry could duplicate`,
          "retry; if it keeps happening, check that the server is up and not overloaded, or raise requestTimeoutMs",
        );
  }
  if (code.startsWith("SQLITE_")) {
    // Remote servers send "SQLITE_CONSTRAINT" without the extended code; the classification
    // below must give the same answer in every mode, so it reads the primary code only.
    return convertSqliteError(error, code, ctx, location);
  }
  if (isAuthFailure(code, message)) {
    return make(
      "IO",
      `the libSQL server at ${location} rejected the credentials (${code || "auth error"}): ${message}`,
      "pass a valid, unexpired authToken (a JWT the server's --auth-jwt-key-file accepts)",
    );
  }
  if (code === "CLIENT_CLOSED") {
    return make("CLOSED", `the libSQL client for ${location} is closed: ${message}`);
  }
  if (code === "STREAM_EXPIRED" || code === "TRANSACTION_TIMEOUT") {
    return make(
      "BUSY",
      `the server ended the transaction on ${location} (${code}): ${message}`,
      "retry; keep transaction(fn) callbacks short so the server does not expire the stream",
    );
  }
  if (code === "HRANA_WEBSOCKET_ERROR") {
    return make(
      "IO",
      `the libSQL server at ${location} closed or refused the WebSocket: ${message}`,
      "check that the server is running at this URL, and that authToken is valid (the server closes the WebSocket on a missing or bad token)",
    );
  }
  if (isUnreachable(code, message)) {
    return make(
      "IO",
      `cannot reach the libSQL server at ${location}: ${message}`,
      "check that the server is running and the URL (host, port, http/ws) is right",
    );
  }
  if (
    code === "URL_INVALID" ||
    code === "URL_SCHEME_NOT_SUPPORTED" ||
    code === "URL_PARAM_NOT_SUPPORTED"
  ) {
    return make("INVALID_ARGUMENT", `the URL ${location} is not usable: ${message}`);
  }
  return toSessionKitError(error, ctx, location);
}

/**
 * The shared classification applied to the primary result code only (what remote servers
 * send), so a constraint violation is the same error in embedded and remote mode. The original
 * driver error stays the `cause`.
 */
function convertSqliteError(error: unknown, code: string, ctx: ErrorContext, location: string) {
  const primary = /^SQLITE_[A-Z]+/.exec(code)?.[0] ?? code;
  const view = Object.assign(new Error(describe(error)), { code: primary });
  const converted = toSessionKitError(view, ctx, location);
  converted.cause = error;
  return converted;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as DriverErrorShape).cause;
    const inner =
      cause instanceof Error && cause.message !== error.message ? ` (${cause.message})` : "";
    return `${error.message}${inner}`;
  }
  return String(error);
}

function isAuthFailure(code: string, message: string): boolean {
  if (
    code !== "SERVER_ERROR" &&
    code !== "HRANA_WEBSOCKET_ERROR" &&
    code !== "AUTH_ERROR" &&
    !/auth/i.test(code)
  ) {
    return false;
  }
  return /\b(401|403)\b|unauthori[sz]ed|authenticat|auth token|jwt|forbidden/i.test(message);
}

function isUnreachable(code: string, message: string): boolean {
  return (
    /ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|fetch failed|socket hang up|WebSocket/i.test(
      message,
    ) ||
    code === "HRANA_WEBSOCKET_ERROR" ||
    code === "WEBSOCKET_ERROR" ||
    code === "HRANA_CLOSED_ERROR"
  );
}
