import type { ErrorContext } from "@sessionkit/core";
import { assertOptionalBoolean, invalidArgument } from "@sessionkit/core/adapter-kit";
import {
  type ResolvedSqlAdapterOptions,
  resolveSqlAdapterOptions,
  type SqlAdapterOptions,
} from "@sessionkit/sql";

/**
 * Options of {@link createSqliteRepository}: `path` plus the options every SQL adapter shares
 * ({@link SqlAdapterOptions}: `synchronous`, `busyTimeoutMs`, `retry`, `fullTextSearch`,
 * `watchIntervalMs`, `limits`), with the same names and meanings as on `@sessionkit/libsql`.
 */
export interface SqliteRepositoryOptions extends SqlAdapterOptions {
  /** Database file path (created with its parent directories), or ":memory:" (private to this repository). */
  path: string;
  /**
   * Checkpoint the WAL on a worker thread instead of inside the commit that fills it (default
   * true): an append pays for a checkpoint once in some 300 instead of once in 80, and then
   * only for what the worker left (the append p99 drops from milliseconds to under one). The thread starts after the first 64 write transactions of the process; if it
   * cannot run, SQLite's automatic checkpoints stay on. Durability is the same either way.
   */
  backgroundCheckpoint?: boolean;
}

/** The options after defaults, as the connection uses them. */
export interface ResolvedSqliteOptions extends ResolvedSqlAdapterOptions {
  path: string;
  memory: boolean;
  backgroundCheckpoint: boolean;
}

/** Validates options and fills defaults. @throws INVALID_ARGUMENT naming the option. */
export function resolveSqliteOptions(
  options: SqliteRepositoryOptions,
  ctx: ErrorContext,
): ResolvedSqliteOptions {
  if (options === null || typeof options !== "object")
    throw invalidArgument(ctx, "options", "must be an object with at least { path }");
  const shared = resolveSqlAdapterOptions(options, ["path", "backgroundCheckpoint"], ctx);
  if (typeof options.path !== "string" || options.path.length === 0)
    throw invalidArgument(ctx, "options.path", 'must be a file path or ":memory:"');
  if (options.path.includes("\0"))
    throw invalidArgument(ctx, "options.path", "must not contain a NUL character");
  const { backgroundCheckpoint = true } = options;
  assertOptionalBoolean(backgroundCheckpoint, "options.backgroundCheckpoint", ctx);
  return {
    ...shared,
    path: options.path,
    memory: options.path === ":memory:",
    backgroundCheckpoint,
  };
}
