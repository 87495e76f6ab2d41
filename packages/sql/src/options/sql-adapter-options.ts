import type { ErrorContext, Limits } from "@sessionkit/core";
import {
  assertOptionalInt,
  assertOptionsObject,
  invalidArgument,
  resolveLimits,
} from "@sessionkit/core/adapter-kit";
import { defaultRetryPolicy, type RetryPolicy } from "../repository/backoff.js";

/**
 * The options every SQL adapter accepts, with one name and one meaning on each (an adapter adds
 * its own, e.g. `path` or `url`). Validated by {@link resolveSqlAdapterOptions}: an unknown
 * option or a bad value is `INVALID_ARGUMENT` naming it, and nothing is opened.
 */
export interface SqlAdapterOptions {
  /**
   * Durability of a commit in WAL mode (local database files). "normal" (default): a commit
   * survives a process crash; a power loss or OS crash may lose the last transactions but never
   * corrupts the file. "full": every commit is fsynced and survives power loss too, at several
   * times the commit cost. Case does not matter ("NORMAL" works too).
   */
  synchronous?: "normal" | "full" | "NORMAL" | "FULL";
  /** How long one attempt waits for a lock held by another connection. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** Bounded retries after a BUSY attempt, with exponential backoff. Default 4 retries from 25 ms. */
  retry?: Partial<RetryPolicy>;
  /** @deprecated use `retry: { retries }` (same meaning). */
  busyRetries?: number;
  /**
   * Keep a full-text (FTS5) index of event text for `searchEvents` (default true). The index
   * lives in the database, maintained inside each append transaction; opening with a different
   * value builds or drops it in one transaction. Off: appends are cheaper and search scans.
   */
  fullTextSearch?: boolean;
  /** @deprecated use `fullTextSearch` (same meaning). */
  fullText?: boolean;
  /** How often watchers poll for writes by other processes (local files). Default 50 ms. */
  watchIntervalMs?: number;
  /** Size limits; defaults 1 MiB per event and per state value. */
  limits?: Partial<Limits>;
  /**
   * Group commit (default true where the adapter supports it): appends that arrive together
   * from concurrent callers share one transaction and one commit, each still atomic on its own
   * (its own savepoint: one failing append never fails or rolls back the others) and
   * acknowledged only after that commit. A lone caller is unaffected. False: one transaction
   * per call.
   */
  groupCommit?: boolean;
}

/** {@link SqlAdapterOptions} after validation and defaults. */
export interface ResolvedSqlAdapterOptions {
  synchronous: "normal" | "full";
  busyTimeoutMs: number;
  retry: RetryPolicy;
  fullTextSearch: boolean;
  watchIntervalMs: number;
  limits: Limits;
  groupCommit: boolean;
}

/** The names of {@link SqlAdapterOptions}, deprecated ones included. */
export const sqlAdapterOptionNames = [
  "synchronous",
  "busyTimeoutMs",
  "retry",
  "busyRetries",
  "fullTextSearch",
  "fullText",
  "watchIntervalMs",
  "limits",
  "groupCommit",
] as const;

/**
 * Validates the shared SQL adapter options in `options` (which may hold the adapter's own
 * options too, listed in `ownNames`) and fills the defaults.
 * @throws INVALID_ARGUMENT for a non-object, an unknown option, a bad value, or a deprecated
 *   name given together with its replacement with another value.
 */
export function resolveSqlAdapterOptions(
  options: unknown,
  ownNames: readonly string[],
  ctx: ErrorContext,
): ResolvedSqlAdapterOptions {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw invalidArgument(ctx, "options", "must be an options object");
  }
  assertOptionsObject(options, "options", [...sqlAdapterOptionNames, ...ownNames], ctx);
  const o = options as SqlAdapterOptions;
  const synchronous = o.synchronous === undefined ? "normal" : String(o.synchronous).toLowerCase();
  if (typeof o.synchronous !== "undefined" && typeof o.synchronous !== "string") {
    throw invalidArgument(ctx, "options.synchronous", 'must be "normal" or "full"');
  }
  if (synchronous !== "normal" && synchronous !== "full") {
    throw invalidArgument(ctx, "options.synchronous", 'must be "normal" or "full"');
  }
  assertOptionalInt(o.busyTimeoutMs, "options.busyTimeoutMs", ctx, 0, 600_000);
  assertOptionalInt(o.watchIntervalMs, "options.watchIntervalMs", ctx, 5, 60_000);
  assertOptionalInt(o.busyRetries, "options.busyRetries", ctx, 0, 100);
  if (o.retry !== undefined) {
    assertOptionsObject(o.retry, "options.retry", ["retries", "baseDelayMs"], ctx);
    assertOptionalInt(o.retry.retries, "options.retry.retries", ctx, 0, 100);
    assertOptionalInt(o.retry.baseDelayMs, "options.retry.baseDelayMs", ctx, 0, 60_000);
  }
  const retries = pick(
    o.retry?.retries,
    "options.retry.retries",
    o.busyRetries,
    "busyRetries",
    ctx,
  );
  for (const name of ["fullTextSearch", "fullText", "groupCommit"] as const) {
    if (o[name] !== undefined && typeof o[name] !== "boolean") {
      throw invalidArgument(ctx, `options.${name}`, "must be a boolean");
    }
  }
  const fullTextSearch = pick(
    o.fullTextSearch,
    "options.fullTextSearch",
    o.fullText,
    "fullText",
    ctx,
  );
  return {
    synchronous,
    busyTimeoutMs: o.busyTimeoutMs ?? 5000,
    retry: {
      retries: retries ?? defaultRetryPolicy.retries,
      baseDelayMs: o.retry?.baseDelayMs ?? defaultRetryPolicy.baseDelayMs,
    },
    fullTextSearch: fullTextSearch ?? true,
    watchIntervalMs: o.watchIntervalMs ?? 50,
    limits: resolveLimits(o.limits),
    groupCommit: o.groupCommit ?? true,
  };
}

/** The value of an option or of its deprecated alias; both given must agree. */
function pick<T>(
  value: T | undefined,
  path: string,
  deprecated: T | undefined,
  deprecatedName: string,
  ctx: ErrorContext,
): T | undefined {
  if (value !== undefined && deprecated !== undefined && value !== deprecated) {
    throw invalidArgument(
      ctx,
      `options.${deprecatedName}`,
      `(deprecated) disagrees with ${path}; pass only ${path}`,
    );
  }
  return value ?? deprecated;
}
