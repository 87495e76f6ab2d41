import { defaultRemedy, type ErrorCode } from "./error-code.js";

/** Where an error happened: which adapter, which operation, which key or file. */
export interface ErrorContext {
  /** e.g. "sqlite", "libsql", "json-file-store", "memory". */
  adapter: string;
  /** The repository method, e.g. "appendEvent". */
  operation: string;
  /** The session key, scope, file or option concerned. */
  subject?: string;
}

export interface SessionKitErrorInit extends ErrorContext {
  code: ErrorCode;
  /** What went wrong, without the remedy. */
  problem: string;
  /** What to do; defaults to the code's standard advice. */
  remedy?: string;
  cause?: unknown;
  /** For INVALID_ARGUMENT and LIMIT: the offending path, e.g. `content.parts[2].at`. */
  path?: string;
}

/**
 * The one error class of sessionkit. `code` says what kind of failure it is; the message names
 * the adapter, the operation and the key or file, and says what to do. Driver errors are
 * chained as `cause`.
 */
export class SessionKitError extends Error {
  override readonly name = "SessionKitError";
  readonly code: ErrorCode;
  readonly adapter: string;
  readonly operation: string;
  readonly subject: string | undefined;
  readonly remedy: string;
  readonly path: string | undefined;

  constructor(init: SessionKitErrorInit) {
    const remedy = init.remedy ?? defaultRemedy[init.code];
    const where = init.subject ? ` ${init.subject}` : "";
    super(
      `[${init.adapter}] ${init.operation}${where}: ${init.problem} (${init.code}); ${remedy}`,
      {
        cause: init.cause,
      },
    );
    this.code = init.code;
    this.adapter = init.adapter;
    this.operation = init.operation;
    this.subject = init.subject;
    this.remedy = remedy;
    this.path = init.path;
  }
}

/** True when `error` is a SessionKitError, optionally of the given code. */
export function isSessionKitError(error: unknown, code?: ErrorCode): error is SessionKitError {
  return error instanceof SessionKitError && (code === undefined || error.code === code);
}
