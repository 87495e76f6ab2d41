import { resolve } from "node:path";
import { invalidArgument } from "@sessionkit/core";
import { claimDatabaseFile } from "@sessionkit/sql";
import type { ResolvedSqliteOptions } from "./options.js";
import { ADAPTER, SqliteConnection } from "./sqlite-connection.js";

/** Open connections by absolute file path: one per database file per process. */
const connections = new Map<string, SqliteConnection>();

const SHARED: Array<keyof ResolvedSqliteOptions> = [
  "synchronous",
  "busyTimeoutMs",
  "fullTextSearch",
  "watchIntervalMs",
];

/**
 * Takes a reference to the connection for `options.path`, creating it (unopened) when none
 * exists. ":memory:" always gets a private connection. Connection-level options must agree
 * with the repositories already sharing the file.
 */
export function acquireConnection(options: ResolvedSqliteOptions): SqliteConnection {
  if (options.memory) {
    const connection = new SqliteConnection(options);
    connection.references = 1;
    return connection;
  }
  const path = resolve(options.path);
  const existing = connections.get(path);
  if (existing) {
    for (const name of SHARED) {
      if (existing.options[name] !== options[name]) {
        throw invalidArgument(
          { adapter: ADAPTER, operation: "open", subject: path },
          `options.${name}`,
          `is ${JSON.stringify(options[name])}, but this file is already open in this process with ${JSON.stringify(existing.options[name])}; repositories sharing a file share its connection`,
        );
      }
    }
    existing.references++;
    return existing;
  }
  const release = claimDatabaseFile(path, "better-sqlite3", {
    adapter: ADAPTER,
    operation: "open",
  });
  const connection = new SqliteConnection({ ...options, path });
  connection.references = 1;
  connection.releaseFileClaim = release;
  connections.set(path, connection);
  return connection;
}

/** Drops one reference; the last one checkpoints and closes the file. */
export function releaseConnection(connection: SqliteConnection): void {
  connection.references--;
  if (connection.references > 0) return;
  if (connections.get(connection.location) === connection) connections.delete(connection.location);
  connection.close();
  connection.releaseFileClaim();
}

/** How many files this process holds open (for tests and diagnostics). */
export function openConnectionCount(): number {
  return connections.size;
}
