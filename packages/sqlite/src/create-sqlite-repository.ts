import { mkdirSync, renameSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { BackupResult, RepositoryCapabilities, SessionRepository } from "@sessionkit/core";
import { SqlRepository, type SqlRepositoryHost } from "@sessionkit/sql";
import { acquireConnection } from "./connection-registry.js";
import { resolveSqliteOptions, type SqliteRepositoryOptions } from "./options.js";
import { ADAPTER } from "./sqlite-connection.js";

/**
 * A SessionRepository on a SQLite file (or a private ":memory:" database) via better-sqlite3.
 *
 * Guarantees: every operation is atomic (write transactions start with BEGIN IMMEDIATE);
 * several processes may write the same file (WAL, busy timeout plus bounded retry with
 * backoff); one connection per file per process, shared and reference counted, opened lazily
 * on the first call; the schema is checked with one read and migrated atomically on open;
 * `close()` releases this repository's reference, and the last one checkpoints and closes
 * the file. Errors are SessionKitErrors naming the file.
 */
export function createSqliteRepository(options: SqliteRepositoryOptions): SessionRepository {
  const ctx = { adapter: ADAPTER, operation: "open", subject: options?.path };
  const resolved = resolveSqliteOptions(options, ctx);
  const limits = resolved.limits;
  const { connection, release } = acquireConnection(resolved);
  const capabilities: RepositoryCapabilities = Object.freeze({
    transactions: "multi-session",
    crossProcess: !resolved.memory,
    search: resolved.fullTextSearch ? "fulltext" : "scan",
    watch: resolved.memory ? "in-process" : "cross-process",
    watchPartials: resolved.memory ? "in-process" : "cross-process",
    remote: false,
    persistent: !resolved.memory,
    backup: true,
  });
  let released = false;
  const host: SqlRepositoryHost = {
    adapter: ADAPTER,
    location: connection.location,
    capabilities,
    limits,
    retry: resolved.retry,
    // One connection, one unit of work at a time: one shared transaction in flight.
    groupCommit: resolved.groupCommit ? { maxInFlight: 1 } : false,
    connection,
    fileSizes: async () => connection.fileSizes(),
    backup: async (destination: string): Promise<BackupResult> => {
      const target = resolve(destination);
      if (!resolved.memory && target === connection.location) {
        throw new Error(`the backup destination is the database itself (${target})`);
      }
      mkdirSync(dirname(target), { recursive: true });
      const driver = connection.driver();
      // The online backup API: a consistent copy while other writes go on.
      await driver.db.backup(`${target}.partial`);
      // Renamed into place only when complete: a crash never leaves a half-written backup.
      renameSync(`${target}.partial`, target);
      return { destination: target, bytes: statSync(target).size };
    },
    release: async () => {
      if (released) return;
      released = true;
      release();
    },
  };
  return new SqlRepository(host);
}
