import type { ErrorContext, Limits } from "@sessionkit/core";
import { assertOptionsObject, invalidArgument } from "@sessionkit/core/adapter-kit";
import { MIN_STALE_MS } from "./file-lock.js";
import type { FileStoreSettings } from "./file-store.js";

/** Options of {@link createJsonFileRepository}. */
export interface JsonFileRepositoryOptions {
  /** The store directory (absolute, or relative to the working directory). */
  root: string;
  /** Initialize an empty store when `root` has no sessionkit.json (default false: refuse). */
  create?: boolean;
  /** Size limits; defaults: 1 MiB per event and per state value. */
  limits?: Partial<Limits>;
  /**
   * How long a write waits for the lock of a file before failing with BUSY naming the file
   * (default 10,000 ms).
   */
  busyTimeoutMs?: number;
  /**
   * proper-lockfile `stale`: a held lock is refreshed every max(1 s, staleLockMs / 5); one not
   * refreshed for this long (its process died or hangs) is broken by the next writer (default
   * 5,000 ms, minimum 2,000). Locks whose holder is provably a dead process of this host are
   * broken at once whatever this says.
   */
  staleLockMs?: number;
  /** fsync files and directories on every write (default true). false: atomic but not durable. */
  durable?: boolean;
  /** How often watchers poll the session file for writes by other processes (default 100 ms). */
  watchPollMs?: number;
  /** Clock in ms since the epoch; default Date.now. */
  now?: () => number;
  /**
   * Remember the headers of unchanged session files, so a listing costs one stat per unchanged
   * session instead of a read (default true; validated by inode, size and ns times).
   */
  cacheHeaders?: boolean;
}

/** Default `staleLockMs`: a lock of a process that died on another host is broken within 5 s. */
export const DEFAULT_STALE_LOCK_MS = 5_000;

/** Default `watchPollMs`. */
export const DEFAULT_WATCH_POLL_MS = 100;

/**
 * Checks the options of {@link createJsonFileRepository} before anything is opened.
 * @throws INVALID_ARGUMENT naming the first bad or unknown option.
 */
export function assertRepositoryOptions(
  options: JsonFileRepositoryOptions,
  ctx: ErrorContext,
): void {
  assertOptionsObject(
    options,
    "options",
    [
      "root",
      "create",
      "limits",
      "busyTimeoutMs",
      "staleLockMs",
      "durable",
      "watchPollMs",
      "now",
      "cacheHeaders",
    ],
    ctx,
  );
  if (typeof options?.root !== "string" || options.root.length === 0) {
    throw invalidArgument(ctx, "options.root", "must be a non-empty path");
  }
  for (const name of ["busyTimeoutMs", "staleLockMs", "watchPollMs"] as const) {
    const value = options[name];
    if (value !== undefined && (!Number.isSafeInteger(value) || value <= 0)) {
      throw invalidArgument(ctx, `options.${name}`, "must be a positive integer of milliseconds");
    }
  }
  if (options.staleLockMs !== undefined && options.staleLockMs < MIN_STALE_MS) {
    throw invalidArgument(
      ctx,
      "options.staleLockMs",
      `must be at least ${MIN_STALE_MS} ms (proper-lockfile refreshes a held lock at most once a second)`,
    );
  }
}

/** The file-store settings of (checked) repository options, defaults filled in. */
export function fileStoreSettings(options: JsonFileRepositoryOptions): FileStoreSettings {
  return {
    durable: options.durable ?? true,
    busyTimeoutMs: options.busyTimeoutMs ?? 10_000,
    staleLockMs: options.staleLockMs ?? DEFAULT_STALE_LOCK_MS,
    cacheHeaders: options.cacheHeaders ?? true,
  };
}
