import type { SessionRepository } from "@sessionkit/core";
import type { SqlDriver } from "@sessionkit/sql/driver";
import type Database from "better-sqlite3";

/**
 * The better-sqlite3 handle behind a repository, for white-box assertions (pragmas, query
 * plans, killing the handle). Opens the connection if needed. Not public API.
 */
export async function rawHandle(repository: SessionRepository): Promise<Database.Database> {
  await repository.health();
  const host = (
    repository as unknown as { host: { connection: { driver(): { db: Database.Database } } } }
  ).host;
  return host.connection.driver().db;
}

/** The driver behind a repository (opened), e.g. for `observeRequests`. Not public API. */
export async function driverOf(repository: SessionRepository): Promise<SqlDriver> {
  await repository.health();
  type Host = { host: { connection: { driver(): SqlDriver } } };
  return (repository as unknown as Host).host.connection.driver();
}
