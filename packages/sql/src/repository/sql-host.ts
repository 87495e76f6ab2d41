import type {
  BackupResult,
  ErrorContext,
  Limits,
  RepositoryCapabilities,
  SessionKitError,
} from "@sessionkit/core";
import type { SqlDriver } from "../driver/sql-driver.js";
import type { SessionEngine } from "../engine/session-engine.js";
import type { AppendGroupRunner } from "./append-group.js";
import type { RetryPolicy } from "./backoff.js";
import type { GroupCommitPolicy } from "./group-commit.js";
import type { Lane } from "./lane.js";
import type { WatchHub } from "./watch-hub.js";

/**
 * Cross-process change detection for watchers (SQLite's `ChangePoller`, PostgreSQL's
 * LISTEN/NOTIFY listener): while at least one watcher holds it, it tells the connection's hub
 * `changedAll()` whenever another process (or host) may have committed, and once right after
 * it starts (so a commit between a watcher's first read and the start is never missed).
 */
export interface ChangeSignal {
  /** Registers one watcher; returns its release function (idempotent). */
  acquire(): () => void;
}

/**
 * One physical connection as the shared repository logic sees it. An adapter keeps one per
 * database per process and hands it to every repository on that database, so they share the
 * queue, the watchers and the change poller.
 */
export interface SqlSharedConnection {
  readonly lane: Lane;
  readonly hub: WatchHub;
  readonly engine: SessionEngine;
  /** Cross-process change detection for watch(); null when the adapter has none. */
  readonly poller: ChangeSignal | null;
  /**
   * The live driver: opens (and migrates) lazily on first use and reopens a handle found dead
   * or closed. Returns synchronously when already open, so the hot path has no await.
   */
  driver(): SqlDriver | Promise<SqlDriver>;
}

/** What an adapter supplies to {@link SqlRepository}: identity, connection and file hooks. */
export interface SqlRepositoryHost {
  /** Adapter name used in errors, e.g. "sqlite". */
  readonly adapter: string;
  /** Path or URL named in error messages. */
  readonly location: string;
  readonly capabilities: RepositoryCapabilities;
  readonly limits: Limits;
  readonly retry: RetryPolicy;
  readonly connection: SqlSharedConnection;
  /** Sizes on disk in bytes (0 for memory/remote). */
  fileSizes(): Promise<{ databaseBytes: number; walBytes: number }>;
  /** Online consistent copy to `destination`. */
  backup(destination: string): Promise<BackupResult>;
  /**
   * Optional: the adapter's own conversion of driver errors into SessionKitErrors (for errors
   * only its driver raises, e.g. libSQL's network and auth failures). Default:
   * `toSessionKitError`. Used everywhere the shared layer converts, so it stays ONE place.
   */
  convertError?(error: unknown, ctx: ErrorContext, location: string): SessionKitError;
  /**
   * Optional: whether a BUSY the adapter raised may be retried by the shared bounded retry
   * (default: every BUSY may). An adapter answers false for a BUSY that already waited its
   * whole budget (e.g. a remote request that missed its deadline), so one call never waits
   * more than that budget; the caller decides whether to try again.
   */
  isRetryable?(driverError: unknown): boolean;
  /**
   * Optional: coalesce concurrent appends into shared transactions (see `GroupCommit`) with
   * this policy. Absent or false: one transaction per call.
   */
  readonly groupCommit?: GroupCommitPolicy | false;
  /**
   * Optional, with group commit: the adapter's own runner for a group of appends (e.g. one
   * pipelined round trip to a remote server). Default: one transaction with a savepoint each.
   */
  readonly appendGroup?: AppendGroupRunner;
  /** Releases this repository's reference to the connection (the last one closes it). */
  release(): Promise<void>;
}
