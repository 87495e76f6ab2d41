import type { SqlDriver, SqlRequest } from "./sql-driver.js";

/**
 * Calls `see` with every request `driver` executes from now on, before it runs (statement
 * counts in tests, tracing). Returns a function that stops observing. The request must not be
 * kept: copy what is needed (see {@link SqlDriver.execute}).
 */
export function observeRequests(driver: SqlDriver, see: (request: SqlRequest) => void): () => void {
  const execute = driver.execute;
  driver.execute = function observed(this: SqlDriver, request: SqlRequest) {
    see(request);
    return execute.call(this, request);
  };
  return () => {
    driver.execute = execute;
  };
}
