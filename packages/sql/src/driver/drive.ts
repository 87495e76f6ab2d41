import type { SqlDriver } from "./sql-driver.js";
import type { SqlWork } from "./sql-work.js";

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
