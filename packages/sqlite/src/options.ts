import {
  assertOptionsObject,
  type ErrorContext,
  invalidArgument,
  type Limits,
} from "@sessionkit/core";
import { defaultRetryPolicy, type RetryPolicy } from "@sessionkit/sql";

/** Options of {@link createSqliteRepository}. */
export interface SqliteRepositoryOptions {
  /** Database file path (created with its parent directories), or ":memory:" (private to this repository). */
  path: string;
  /**
   * "NORMAL" (default): in WAL mode a commit survives a process crash; a power loss or OS crash
   * may lose the last transactions but never corrupts the file. "FULL": every commit is fsynced
   * and survives power loss too, at several times the commit cost.
   */
  synchronous?: "NORMAL" | "FULL";
  /** How long one attempt waits for a lock held by another connection. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** Bounded retries after a BUSY attempt, with exponential backoff. Default 4 retries from 25 ms. */
  retry?: Partial<RetryPolicy>;
  /**
   * Keep an FTS5 index of event text for `searchEvents` (default true). The index lives in
   * the file (maintained by triggers inside each append transaction), so every process sees
   * the same setting; opening with a different value rebuilds or drops it in one transaction.
   * Off: appends are cheaper and search scans the matching sessions' events.
   */
  fullTextSearch?: boolean;
  /** How often watchers poll PRAGMA data_version for writes by other processes. Default 50 ms. */
  watchIntervalMs?: number;
  /** Size limits; defaults 1 MiB per event and per state value. */
  limits?: Partial<Limits>;
}

/** The options after defaults, as the connection uses them. */
export interface ResolvedSqliteOptions {
  path: string;
  memory: boolean;
  synchronous: "NORMAL" | "FULL";
  busyTimeoutMs: number;
  retry: RetryPolicy;
  fullTextSearch: boolean;
  watchIntervalMs: number;
}

const KNOWN = [
  "path",
  "synchronous",
  "busyTimeoutMs",
  "retry",
  "fullTextSearch",
  "watchIntervalMs",
  "limits",
] as const;

function int(value: unknown, path: string, ctx: ErrorContext, min: number, max: number): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw invalidArgument(ctx, path, `must be an integer from ${min} to ${max}`);
  }
}

/** Validates options and fills defaults. @throws INVALID_ARGUMENT naming the option. */
export function resolveSqliteOptions(
  options: SqliteRepositoryOptions,
  ctx: ErrorContext,
): ResolvedSqliteOptions {
  if (options === null || typeof options !== "object")
    throw invalidArgument(ctx, "options", "must be an object with at least { path }");
  assertOptionsObject(options, "options", KNOWN, ctx);
  if (typeof options.path !== "string" || options.path.length === 0)
    throw invalidArgument(ctx, "options.path", 'must be a file path or ":memory:"');
  if (options.path.includes("\0"))
    throw invalidArgument(ctx, "options.path", "must not contain a NUL character");
  if (options.synchronous !== undefined && !["NORMAL", "FULL"].includes(options.synchronous))
    throw invalidArgument(ctx, "options.synchronous", 'must be "NORMAL" or "FULL"');
  int(options.busyTimeoutMs, "options.busyTimeoutMs", ctx, 0, 600_000);
  int(options.watchIntervalMs, "options.watchIntervalMs", ctx, 5, 60_000);
  if (options.fullTextSearch !== undefined && typeof options.fullTextSearch !== "boolean")
    throw invalidArgument(ctx, "options.fullTextSearch", "must be a boolean");
  if (options.retry !== undefined) {
    assertOptionsObject(options.retry, "options.retry", ["retries", "baseDelayMs"], ctx);
    int(options.retry.retries, "options.retry.retries", ctx, 0, 100);
    int(options.retry.baseDelayMs, "options.retry.baseDelayMs", ctx, 0, 60_000);
  }
  return {
    path: options.path,
    memory: options.path === ":memory:",
    synchronous: options.synchronous ?? "NORMAL",
    busyTimeoutMs: options.busyTimeoutMs ?? 5000,
    retry: { ...defaultRetryPolicy, ...options.retry },
    fullTextSearch: options.fullTextSearch ?? true,
    watchIntervalMs: options.watchIntervalMs ?? 50,
  };
}
