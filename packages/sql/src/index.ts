// Driver seam: the one interface a SQL driver implements, and how work runs on it.

export {
  type ClosableConnection,
  type ConnectionLease,
  SharedConnections,
} from "./connection/shared-connections.js";
export { drive, driveInTransaction, driveSync, isPromiseLike } from "./driver/drive.js";
export type { SqlDriver, SqlRequest, SqlRow, SqlRunResult, SqlValue } from "./driver/sql-driver.js";
export { all, get, run, type SqlWork, script } from "./driver/sql-work.js";
export { inReadTransaction, inSavepoint, inWriteTransaction } from "./driver/transaction.js";
// Repository logic shared by every SQL adapter.
export type { AppendFastPath } from "./engine/append-fast-path.js";
export * from "./engine/rows.js";
export { SessionEngine } from "./engine/session-engine.js";
export { newWriteContext, type WriteContext, watchKeyOf } from "./engine/write-context.js";
export { sqliteCode, toSessionKitError } from "./errors/to-session-kit-error.js";
// One SQLite library per database file per process; one shared connection per database.
export { claimDatabaseFile } from "./files/claim-database-file.js";
// The options vocabulary every SQL adapter shares.
export {
  type ResolvedSqlAdapterOptions,
  resolveSqlAdapterOptions,
  type SqlAdapterOptions,
  sqlAdapterOptionNames,
} from "./options/sql-adapter-options.js";
export { backoffDelay, defaultRetryPolicy, type RetryPolicy, sleep } from "./repository/backoff.js";
export { ChangePoller } from "./repository/change-poller.js";
export { Lane } from "./repository/lane.js";
export type { SqlRepositoryHost, SqlSharedConnection } from "./repository/sql-host.js";
export { SqlOperations, type WorkKind } from "./repository/sql-operations.js";
export { SqlRepository } from "./repository/sql-repository.js";
export { SqlTransaction } from "./repository/sql-transaction.js";
export { type HubListener, WatchHub } from "./repository/watch-hub.js";
// Schema and migrations.
export { migrationChecksum } from "./schema/checksum.js";
export {
  disableFullTextScript,
  enableFullTextScript,
  FULL_TEXT_INSERT_TRIGGER,
  setFullText,
} from "./schema/full-text.js";
export { type Migration, migrations, SCHEMA_VERSION } from "./schema/migrations.js";
export {
  type AppliedMigration,
  inspectSchema,
  migrateSchema,
  type SchemaState,
  verifyApplied,
} from "./schema/open-schema.js";
export { type SchemaContext, schemaError } from "./schema/schema-errors.js";
// Every SQL text, for adapters, tools and the benchmark's raw-driver baseline.
export * as appendFastPathStatements from "./statements/append-fast-path-statements.js";
export * as eventStatements from "./statements/event-statements.js";
export { type ListPosition, listSessionsQuery } from "./statements/list-sessions-query.js";
export * as maintenanceStatements from "./statements/maintenance-statements.js";
export * as metaStatements from "./statements/meta-statements.js";
export * as partialEventStatements from "./statements/partial-event-statements.js";
export * as searchStatements from "./statements/search-statements.js";
export * as sessionStatements from "./statements/session-statements.js";
export * as stateStatements from "./statements/state-statements.js";
