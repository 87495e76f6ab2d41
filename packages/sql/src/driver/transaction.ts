import type { SqlWork } from "./sql-work.js";

/**
 * Wraps `work` in a write transaction (`BEGIN IMMEDIATE` … `COMMIT`): the write lock is taken
 * up front, so a transaction never fails half-way on a lock upgrade. Rolled back when `work`
 * or the commit throws; the original error is rethrown.
 */
export function* inWriteTransaction<T>(work: SqlWork<T>): SqlWork<T> {
  return yield* inTransaction(work, "write");
}

/** Wraps a multi-statement read in a deferred transaction: one consistent snapshot. */
export function* inReadTransaction<T>(work: SqlWork<T>): SqlWork<T> {
  return yield* inTransaction(work, "read");
}

function* inTransaction<T>(work: SqlWork<T>, mode: "write" | "read"): SqlWork<T> {
  yield { kind: "begin", mode };
  let result: T;
  try {
    result = yield* work;
    yield { kind: "commit" };
  } catch (error) {
    try {
      yield { kind: "rollback" };
    } catch {
      // The transaction may already be gone (e.g. the commit failed and SQLite rolled back).
    }
    throw error;
  }
  return result;
}

/**
 * Wraps `work` in a savepoint, for operations inside an open transaction: a failed operation
 * leaves no partial writes behind while the surrounding transaction stays usable.
 */
export function* inSavepoint<T>(work: SqlWork<T>): SqlWork<T> {
  yield { kind: "run", sql: "SAVEPOINT sessionkit_operation", params: [] };
  let result: T;
  try {
    result = yield* work;
  } catch (error) {
    yield { kind: "run", sql: "ROLLBACK TO sessionkit_operation", params: [] };
    yield { kind: "run", sql: "RELEASE sessionkit_operation", params: [] };
    throw error;
  }
  yield { kind: "run", sql: "RELEASE sessionkit_operation", params: [] };
  return result;
}
