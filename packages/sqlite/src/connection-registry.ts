import { resolve } from "node:path";
import { claimDatabaseFile, SharedConnections } from "@sessionkit/sql";
import type { ResolvedSqliteOptions } from "./options.js";
import { ADAPTER, SqliteConnection } from "./sqlite-connection.js";

/** One connection per database file per process (the shared SQL adapters' rule). */
const connections = new SharedConnections<SqliteConnection>(ADAPTER);

/**
 * Takes a reference to the connection for `options.path`, creating it (unopened) when none
 * exists. ":memory:" always gets a private connection. Connection-level options must agree
 * with the repositories already sharing the file (INVALID_ARGUMENT otherwise).
 */
export function acquireConnection(options: ResolvedSqliteOptions): {
  connection: SqliteConnection;
  release: () => void;
} {
  if (options.memory) {
    return connections.acquire(null, {}, () => new SqliteConnection(options), ":memory:");
  }
  const path = resolve(options.path);
  return connections.acquire(
    path,
    {
      synchronous: options.synchronous,
      busyTimeoutMs: options.busyTimeoutMs,
      fullTextSearch: options.fullTextSearch,
      watchIntervalMs: options.watchIntervalMs,
      backgroundCheckpoint: options.backgroundCheckpoint,
    },
    () => new SqliteConnection({ ...options, path }),
    path,
    () => claimDatabaseFile(path, "better-sqlite3", { adapter: ADAPTER, operation: "open" }),
  );
}

/** How many files this process holds open (for tests and diagnostics). */
export function openConnectionCount(): number {
  return connections.size;
}
