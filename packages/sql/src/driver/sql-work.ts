import type { SqlRequest, SqlRow, SqlRunResult, SqlValue } from "./sql-driver.js";

/**
 * A unit of repository logic: a generator that yields {@link SqlRequest}s and receives their
 * results. The same work runs synchronously on a synchronous driver and asynchronously on an
 * asynchronous one (see `drive`), so the logic is written once for every SQL adapter.
 */
export type SqlWork<T> = Generator<SqlRequest, T, unknown>;

/** Reads the first row (or undefined). */
export function* get<R = SqlRow>(sql: string, params: readonly SqlValue[]): SqlWork<R | undefined> {
  return (yield { kind: "get", sql, params }) as R | undefined;
}

/** Reads every row. */
export function* all<R = SqlRow>(sql: string, params: readonly SqlValue[]): SqlWork<R[]> {
  return (yield { kind: "all", sql, params }) as R[];
}

/** Runs a statement. */
export function* run(sql: string, params: readonly SqlValue[]): SqlWork<SqlRunResult> {
  return (yield { kind: "run", sql, params }) as SqlRunResult;
}

/** Runs several parameterless statements (DDL). */
export function* script(sql: string): SqlWork<void> {
  yield { kind: "script", sql };
}
