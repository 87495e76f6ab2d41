import type { SqlAdapterOptions } from "@sessionkit/sql";

/**
 * Options of {@link createLibsqlRepository}. Everything but `url` is optional. Besides its own,
 * it takes the options every SQL adapter shares ({@link SqlAdapterOptions}: `synchronous`,
 * `busyTimeoutMs`, `retry`, `fullTextSearch`, `watchIntervalMs`, `limits`), with the same names
 * and meanings as on `@sessionkit/sqlite`; the earlier names `fullText` and `busyRetries` still
 * work (deprecated).
 */
export interface LibsqlRepositoryOptions extends SqlAdapterOptions {
  /**
   * Where the database is:
   * - `file:/abs/path.db`, `file:relative.db`, `file:///abs/path.db`: an embedded database file
   *   (with `syncUrl`: an embedded replica of a remote server);
   * - `:memory:` or `file::memory:`: a private in-memory database;
   * - `http://`, `https://`, `ws://`, `wss://`, `libsql://`: a remote libSQL server (sqld, Turso).
   */
  url: string;
  /** JWT for a remote server or the replica's primary. */
  authToken?: string;
  /**
   * Makes a `file:` URL an embedded replica of this remote server: reads are served from the
   * local file, writes go to the server, `sync()` pulls the server's changes.
   */
  syncUrl?: string;
  /** Embedded replica only: also sync in the background every this many seconds. Default off. */
  syncIntervalSeconds?: number;
  /**
   * Embedded mode only: which driver serves `file:` and `:memory:`.
   * "native" (default): the synchronous `libsql` package with cached prepared statements (fast,
   * flat memory). "client": `@libsql/client`, as in remote mode (for comparison).
   */
  embeddedDriver?: "native" | "client";
  /**
   * Remote server and embedded replica: the most one request to the server may take, in
   * milliseconds. Default 15000. A request that misses it fails with `BUSY` (a read, or an
   * append, whose retry is idempotent) or `IO` (another write that may or may not have been
   * applied), is not retried by the adapter, and the connection is dropped and reopened on next
   * use, so a stalled server never hangs the caller.
   */
  requestTimeoutMs?: number;
  /**
   * Embedded files (native driver) only: checkpoint the WAL on a worker thread instead of inside
   * the commit that fills it (default true), as `@sessionkit/sqlite` does: no append pays for a
   * checkpoint's page copy and sync (measured: one caller's p99 3.6 → 0.4 ms; 64 callers +11–15 %
   * appends/s). The worker starts after 64 write transactions (a short-lived process never starts one); if it
   * cannot run, libSQL's automatic checkpoints stay on. Durability is the same either way.
   * Ignored by remote servers, embedded replicas and `:memory:`.
   */
  backgroundCheckpoint?: boolean;
}
