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
 * The brand every SessionKitError carries, registered globally (`Symbol.for`), so an error from
 * another installed copy of `@sessionkit/core` (two versions in one dependency tree) is still
 * recognised by {@link isSessionKitError}, where `instanceof` would fail.
 */
const BRAND = Symbol.for("@sessionkit/core/SessionKitError");

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

  /** Recognises SessionKitErrors of every installed copy of this package (see BRAND). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // A subclass (`this` is the class instanceof was asked about) keeps the default check.
    // biome-ignore lint/complexity/noThisInStatic: `this` is deliberately the called class
    if (this !== SessionKitError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return (
      typeof value === "object" &&
      value !== null &&
      (value as { [BRAND]?: unknown })[BRAND] === true
    );
  }
}

Object.defineProperty(SessionKitError.prototype, BRAND, { value: true });

/**
 * True when `error` is a SessionKitError, optionally of the given code — also one thrown by
 * another installed copy of `@sessionkit/core` (recognised by its global brand, as is
 * `instanceof SessionKitError`).
 */
export function isSessionKitError(error: unknown, code?: ErrorCode): error is SessionKitError {
  return error instanceof SessionKitError && (code === undefined || error.code === code);
}
