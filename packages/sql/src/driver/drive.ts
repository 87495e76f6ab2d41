import type { SqlDriver, SqlRequest } from "./sql-driver.js";
import type { SqlWork } from "./sql-work.js";

/**
 * Whether `value` is a thenable (an object or function with a callable `then`), i.e. whether a
 * driver answered asynchronously. Never throws; `null`, primitives and plain objects give false.
 */
function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/**
 * Runs `work` on `driver`. Stays synchronous while the driver answers synchronously (no
 * promise, no microtask per statement) and switches to awaiting as soon as the driver returns
 * a promise. Driver errors are thrown into the work, so it can catch and handle them.
 */
export function drive<T>(work: SqlWork<T>, driver: SqlDriver): T | Promise<T> {
  let step = work.next();
  while (!step.done) {
    let result: unknown;
    try {
      result = driver.execute(step.value);
    } catch (error) {
      step = work.throw(error);
      continue;
    }
    if (isPromiseLike(result)) return driveAsync(work, driver, result);
    step = work.next(result);
  }
  return step.value;
}

async function driveAsync<T>(
  work: SqlWork<T>,
  driver: SqlDriver,
  first: PromiseLike<unknown>,
): Promise<T> {
  let pending: unknown = first;
  for (;;) {
    let result: unknown;
    let failure: { error: unknown } | undefined;
    try {
      result = await pending;
    } catch (error) {
      failure = { error };
    }
    const step = failure ? work.throw(failure.error) : work.next(result);
    if (step.done) return step.value;
    try {
      pending = driver.execute(step.value);
    } catch (error) {
      pending = Promise.reject(error);
    }
  }
}

export { isPromiseLike };

/**
 * Runs `work` on a synchronous driver and returns its result.
 * @throws TypeError when the driver answered with a promise (use `drive` for async drivers).
 */
export function driveSync<T>(work: SqlWork<T>, driver: SqlDriver): T {
  const result = drive(work, driver);
  if (isPromiseLike(result)) {
    void Promise.resolve(result).catch(() => undefined);
    throw new TypeError("driveSync needs a synchronous driver");
  }
  return result;
}

const BEGIN_WRITE: SqlRequest = { kind: "begin", mode: "write" };
const BEGIN_READ: SqlRequest = { kind: "begin", mode: "read" };
const COMMIT: SqlRequest = { kind: "commit" };
const ROLLBACK: SqlRequest = { kind: "rollback" };

/** Rolls back, ignoring a failure (the transaction may already be gone); never throws. */
function rollbackQuietly(driver: SqlDriver): void | Promise<void> {
  try {
    const r = driver.execute(ROLLBACK);
    if (isPromiseLike(r)) return Promise.resolve(r).then(noop, noop);
  } catch {
    // already rolled back
  }
}

function noop(): void {}

/**
 * Runs `work` in its own transaction ("write": BEGIN IMMEDIATE; "read": deferred BEGIN) and
 * commits, rolling back when the work or the commit fails. Equivalent to
 * `drive(inWriteTransaction(work))` without the extra generator layer on every statement;
 * synchronous end to end on a synchronous driver.
 */
export function driveInTransaction<T>(
  work: SqlWork<T>,
  driver: SqlDriver,
  mode: "write" | "read",
): T | Promise<T> {
  const begun = driver.execute(mode === "write" ? BEGIN_WRITE : BEGIN_READ);
  if (isPromiseLike(begun)) {
    return Promise.resolve(begun).then(() => finishAsync(drive(work, driver), driver));
  }
  let result: T | Promise<T>;
  try {
    result = drive(work, driver);
  } catch (error) {
    const rolled = rollbackQuietly(driver);
    if (rolled) return rolled.then(() => Promise.reject(error));
    throw error;
  }
  if (isPromiseLike(result)) return finishAsync(result, driver);
  let committed: unknown;
  try {
    committed = driver.execute(COMMIT);
  } catch (error) {
    const rolled = rollbackQuietly(driver);
    if (rolled) return rolled.then(() => Promise.reject(error));
    throw error;
  }
  if (isPromiseLike(committed))
    return finishAsync(
      Promise.resolve(committed).then(() => result as T),
      driver,
      true,
    );
  return result;
}

async function finishAsync<T>(
  pending: T | Promise<T>,
  driver: SqlDriver,
  committed = false,
): Promise<T> {
  let value: T;
  try {
    value = await pending;
    if (!committed) await driver.execute(COMMIT);
  } catch (error) {
    await rollbackQuietly(driver);
    throw error;
  }
  return value;
}
