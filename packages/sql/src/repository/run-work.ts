import type { ErrorContext, SessionKitError } from "@sessionkit/core";
import { drive, driveInTransaction, isPromiseLike } from "../driver/drive.js";
import type { SqlDriver } from "../driver/sql-driver.js";
import type { SqlWork } from "../driver/sql-work.js";
import { inSavepoint } from "../driver/transaction.js";
import { newWriteContext, type WriteContext } from "../engine/write-context.js";
import { toSessionKitError } from "../errors/to-session-kit-error.js";
import { backoffDelay, sleep } from "./backoff.js";
import type { SqlRepositoryHost } from "./sql-host.js";
import type { WorkKind } from "./sql-storage.js";

/** Converts a driver error with the host's conversion, or the shared one. */
export function convertError(
  host: SqlRepositoryHost,
  error: unknown,
  ctx: ErrorContext,
  location: string,
): SessionKitError {
  return host.convertError
    ? host.convertError(error, ctx, location)
    : toSessionKitError(error, ctx, location);
}

/**
 * Whether a failed attempt may be retried under the host's bounded policy: the driver's error
 * (`error`, unconverted) converted to BUSY, the host agrees it is retryable (a missed remote
 * deadline is not), and — when `attempt` is given — the retries are not used up.
 */
export function isRetryableBusy(
  host: SqlRepositoryHost,
  error: unknown,
  converted: SessionKitError,
  attempt?: number,
): boolean {
  return (
    converted.code === "BUSY" &&
    converted !== error &&
    (attempt === undefined || attempt < host.retry.retries) &&
    (host.isRetryable?.(error) ?? true)
  );
}

/** Where a unit of work runs: on its own (own transaction, BUSY retries) or inside an open one. */
export type WorkScope = "own" | "nested";

/**
 * Runs one unit of work on the host's connection: opens the driver lazily, wraps the work in
 * a write transaction / read snapshot (or a savepoint when nested), converts driver errors in
 * ONE place, retries BUSY with bounded backoff (own transactions only), and hands the
 * collected watcher notifications to `publish` after a successful commit.
 * Synchronous end to end when the driver is.
 */
export function runWork<T>(
  host: SqlRepositoryHost,
  ctx: ErrorContext,
  kind: WorkKind,
  scope: WorkScope,
  work: (w: WriteContext) => SqlWork<T>,
  publish: (w: WriteContext) => void,
  attempt = 0,
): T | Promise<T> {
  let d: SqlDriver | Promise<SqlDriver>;
  try {
    d = host.connection.driver();
  } catch (error) {
    throw convertError(host, error, ctx, host.location);
  }
  if (isPromiseLike(d)) {
    return Promise.resolve(d).then(
      (driver) => runOn(driver, host, ctx, kind, scope, work, publish, attempt),
      (error) => {
        throw convertError(host, error, ctx, host.location);
      },
    );
  }
  return runOn(d, host, ctx, kind, scope, work, publish, attempt);
}

function runOn<T>(
  driver: SqlDriver,
  host: SqlRepositoryHost,
  ctx: ErrorContext,
  kind: WorkKind,
  scope: WorkScope,
  work: (w: WriteContext) => SqlWork<T>,
  publish: (w: WriteContext) => void,
  attempt: number,
): T | Promise<T> {
  const w = newWriteContext(Date.now(), scope === "nested" || host.connection.hub.size > 0);
  const inner = work(w);

  const fail = (error: unknown): T | Promise<T> => {
    const converted = convertError(host, error, ctx, host.location);
    if (scope === "own" && isRetryableBusy(host, error, converted, attempt)) {
      return sleep(backoffDelay(host.retry, attempt + 1)).then(() =>
        runWork(host, ctx, kind, scope, work, publish, attempt + 1),
      );
    }
    throw converted;
  };
  let result: T | Promise<T>;
  try {
    result =
      scope === "own"
        ? driveInTransaction(inner, driver, kind)
        : drive(kind === "write" ? inSavepoint(inner) : inner, driver);
  } catch (error) {
    return fail(error);
  }
  if (isPromiseLike(result)) {
    return Promise.resolve(result).then((value) => {
      publish(w);
      return value;
    }, fail);
  }
  publish(w);
  return result;
}

export type { SessionKitError };
