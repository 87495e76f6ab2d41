/**
 * The SQL-adapter kit: what an adapter on a SQLite-dialect engine is built from (the repository,
 * the engine, connections, the shared options, schema and migrations). The driver seam
 * (`SqlDriver` and how work runs on it) is `@sessionkit/sql/driver`; every SQL text and the row
 * shapes are `@sessionkit/sql/statements`.
 *
 * @module @sessionkit/sql
 */

export { openWhileBusy, openWhileBusyAsync } from "./connection/open-while-busy.js";
export {
  type ClosableConnection,
  type ConnectionLease,
  SharedConnections,
} from "./connection/shared-connections.js";
// Repository logic shared by every SQL adapter.
export type { AppendFastPath } from "./engine/append-fast-path.js";
export { eventInsertValues } from "./engine/event-insert-values.js";
export { insertOneEvent } from "./engine/insert-one-event.js";
export { SessionEngine } from "./engine/session-engine.js";
export { newWriteContext, type WriteContext, watchKeyOf } from "./engine/write-context.js";
export { isBusyError, sqliteCode, toSessionKitError } from "./errors/to-session-kit-error.js";
// One SQLite library per database file per process; one shared connection per database.
export { claimDatabaseFile } from "./files/claim-database-file.js";
// The options vocabulary every SQL adapter shares.
export {
  type ResolvedSqlAdapterOptions,
  resolveSqlAdapterOptions,
  type SqlAdapterOptions,
  sqlAdapterOptionNames,
} from "./options/sql-adapter-options.js";
export type {
  AppendGroupOutcome,
  AppendGroupRunner,
  CoalescedAppend,
} from "./repository/append-group.js";
export { defaultRetryPolicy, type RetryPolicy } from "./repository/backoff.js";
export { ChangePoller } from "./repository/change-poller.js";
export {
  GroupCommit,
  type GroupCommitPolicy,
  ISOLATED_AFTER_FAILURE,
} from "./repository/group-commit.js";
export { Lane } from "./repository/lane.js";
export type {
  ChangeSignal,
  SqlRepositoryHost,
  SqlSharedConnection,
} from "./repository/sql-host.js";
export { SqlRepository } from "./repository/sql-repository.js";
export type { WorkKind } from "./repository/sql-storage.js";
export { SqlTransaction } from "./repository/sql-transaction.js";
export { type HubListener, WatchHub } from "./repository/watch-hub.js";
// Schema and migrations.
export { migrationChecksum } from "./schema/checksum.js";
export { setFullText } from "./schema/full-text.js";
export { fullTextBody } from "./schema/full-text-body.js";
export { type Migration, migrations, SCHEMA_VERSION } from "./schema/migrations.js";
export {
  type AppliedMigration,
  inspectSchema,
  migrateSchema,
  type SchemaState,
  verifyApplied,
} from "./schema/open-schema.js";
export { type SchemaContext, schemaError } from "./schema/schema-errors.js";
// The statements of one SQL dialect, as the engine reads them.
export {
  type DialectStatements,
  type SqlDialect,
  sqliteDialect,
} from "./statements/sql-dialect.js";
