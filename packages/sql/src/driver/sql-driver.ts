/** A value SQLite can bind or return. */
export type SqlValue = string | number | bigint | null | Uint8Array;

/** One result row, by column name. */
export type SqlRow = Record<string, unknown>;

/** What `run` returns. */
export interface SqlRunResult {
  /** Rows changed by the statement. */
  changes: number;
}

/**
 * One instruction for a driver. The repository logic yields these and receives the result:
 * `get` → the first row or undefined, `all` → every row, `run` → {@link SqlRunResult},
 * `script` → undefined (several statements, no parameters), `begin`/`commit`/`rollback` →
 * undefined (transaction control: `begin` "write" is `BEGIN IMMEDIATE`, "read" a deferred
 * `BEGIN` that gives multi-statement reads one consistent snapshot).
 */
export type SqlRequest =
  | {
      readonly kind: "get" | "all" | "run";
      readonly sql: string;
      readonly params: readonly SqlValue[];
    }
  | { readonly kind: "script"; readonly sql: string }
  | { readonly kind: "begin"; readonly mode: "write" | "read" }
  | { readonly kind: "commit" | "rollback" };

/**
 * The whole driver interface the shared SQL layer needs: execute one request. A synchronous
 * driver (better-sqlite3) returns the result directly, so no promise is created on the hot
 * path; an asynchronous one (libSQL) returns a promise. Errors are thrown (or rejected) as the
 * driver raises them; the shared layer converts them once (see `toSessionKitError`).
 *
 * A request (and its params array) is valid only until its result is returned: the shared
 * layer may refill the same object for the next statement, so a driver must not keep it.
 *
 * Requests for one connection are never interleaved: the repository serializes them through
 * the connection's `Lane`. A driver whose transactions are objects (libSQL remote) can
 * therefore keep "the current transaction" as state between `begin` and `commit`/`rollback`.
 */
export interface SqlDriver {
  /**
   * Executes one request and returns its result as described on {@link SqlRequest} (`get` →
   * row or undefined, `all` → rows, `run` → {@link SqlRunResult}, others → undefined), either
   * directly (synchronous driver) or as a promise (asynchronous driver). Errors are thrown or
   * rejected unconverted. Must not retain `request` after returning.
   */
  execute(request: SqlRequest): unknown;
}
